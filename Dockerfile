# syntax=docker/dockerfile:1
# Multi-stage image: `build` installs everything and typechecks; `runtime` keeps production dependencies only
# and runs as an unprivileged user. The service runs its TypeScript through tsx (a production dependency).

FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npx tsc --noEmit

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000
# Fonts with Vietnamese glyphs for the digest charts.
RUN apt-get update && apt-get install -y --no-install-recommends fonts-dejavu-core && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/bin ./bin
COPY --from=build /app/src ./src
COPY --from=build /app/jobs ./jobs
COPY --from=build /app/config ./config
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
