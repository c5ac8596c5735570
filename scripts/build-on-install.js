#!/usr/bin/env node
// The `prepare` lifecycle script: `npm install` and `npm ci` in a checkout compile the sources to dist/ (the build
// that bin/nhacviec.js and `npm start` run). Two installs have nothing to build and skip it, saying why:
// - no tsconfig.build.json beside package.json (the Dockerfile installs dependencies before copying the sources);
// - no TypeScript (a production install, `npm ci --omit=dev`): such an install runs a dist/ built elsewhere.
// Under CI (`CI` set and not `false`/`0`, as .ci/run exports it) the build skips type checking (`--noCheck`, the
// same JavaScript out): `npm run check` type-checks the same sources right after the install, and failing there
// fails CI. Elsewhere the install's build still type-checks.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
if (!existsSync(path.join(root, 'tsconfig.build.json'))) {
  console.log('nhacviec: no tsconfig.build.json here; skipping the build');
  process.exit(0);
}
let tsc;
try {
  tsc = createRequire(path.join(root, 'package.json')).resolve('typescript/bin/tsc');
} catch {
  console.log('nhacviec: TypeScript is not installed (production install); skipping the build of dist/');
  process.exit(0);
}
const ci = process.env.CI !== undefined && !['', 'false', '0'].includes(process.env.CI);
const args = [tsc, '-p', path.join(root, 'tsconfig.build.json'), ...(ci ? ['--noCheck'] : [])];
const result = spawnSync(process.execPath, args, { stdio: 'inherit' });
process.exit(result.status ?? 1);
