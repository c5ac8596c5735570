# syntax=docker/dockerfile:1
# Multi-stage image on the current Node LTS (26): `build` installs everything, typechecks and compiles to dist/;
# `runtime` keeps production dependencies, the compiled JavaScript and the data files it reads (config JSON,
# message catalogs, migrations), and runs as an unprivileged user. No TypeScript runs in the image.

FROM node:26-trixie-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
COPY scripts/build-on-install.js ./scripts/
# `prepare` (scripts/build-on-install.js) finds no sources yet and skips the build; it runs below.
RUN npm ci --no-audit --no-fund
COPY . .
RUN npx tsc --noEmit && npm run build

FROM node:26-trixie-slim AS runtime
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000
# Fonts with Vietnamese glyphs for the digest charts.
RUN apt-get update && apt-get install -y --no-install-recommends fonts-dejavu-core && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
COPY scripts/build-on-install.js ./scripts/
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/bin ./bin
COPY --from=build /app/dist ./dist
COPY --from=build /app/config/holidays/*.json ./config/holidays/
COPY --from=build /app/config/units/*.json ./config/units/
COPY --from=build /app/src/i18n/locales ./src/i18n/locales
COPY --from=build /app/migrations ./migrations
RUN groupadd --system nhacviec && useradd --system --gid nhacviec --home /app nhacviec \
  && mkdir -p /app/.data && chown nhacviec:nhacviec /app/.data
USER nhacviec
EXPOSE 3000
# Every role gets a fitting check (README, "Health"): with the api role `health` asks the process's own /readyz;
# workers, schedulers and bots serve no HTTP, so it checks the database (migrated) and the queue they need.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s \
  CMD ["node", "bin/nhacviec.js", "health"]
ENTRYPOINT ["node", "bin/nhacviec.js"]
CMD ["serve"]
