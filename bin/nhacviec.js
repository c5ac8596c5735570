#!/usr/bin/env node
// Entry point of the `nhacviec` command (`npm start`, `npx nhacviec`, the container image). It runs the compiled
// JavaScript in dist/, which `npm run build` writes and `npm install` / `npm ci` build through `prepare`.
//
// In a checkout whose dist/ is missing or older than a TypeScript source (after a `git pull` or an edit), it runs
// the sources through tsx instead, as `npm run dev` does, and says so on stderr: the command still works, only its
// start is slower (seconds instead of a fraction of one). Without tsx (a production install) it stops with a clear
// message. NHACVIEC_FROM_SOURCES=1 always runs the sources.
import { existsSync, readdirSync, statSync } from 'node:fs';
import module from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

// Node 22.1+ keeps compiled code between runs (in the OS temporary folder); earlier versions lack the call.
module.enableCompileCache?.();

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const builtMain = path.join(root, 'dist/src/cli/main.js');
const SOURCE_DIRS = ['src', 'jobs', 'config'];

/** The first TypeScript source whose compiled file is missing or older, or undefined when dist/ is current. */
function staleSource() {
  for (const dir of SOURCE_DIRS) {
    const abs = path.join(root, dir);
    if (!existsSync(abs)) continue;
    for (const entry of readdirSync(abs, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile() || !entry.name.endsWith('.ts') || entry.name.endsWith('.d.ts')) continue;
      const source = path.join(entry.parentPath, entry.name);
      const built = path.join(root, 'dist', path.relative(root, source)).replace(/\.ts$/, '.js');
      let builtMs;
      try {
        builtMs = statSync(built).mtimeMs;
      } catch {
        return path.relative(root, source);
      }
      if (statSync(source).mtimeMs > builtMs) return path.relative(root, source);
    }
  }
  return undefined;
}

async function loadMain() {
  const fromSources = process.env.NHACVIEC_FROM_SOURCES === '1';
  const reason = fromSources
    ? undefined
    : !existsSync(builtMain)
      ? 'dist/ chưa được dựng / dist/ has not been built'
      : staleSource()?.replace(/.*/, (file) => `dist/ cũ hơn ${file} / dist/ is older than ${file}`);
  if (!fromSources && reason === undefined) return (await import(pathToFileURL(builtMain).href)).main;

  let register;
  try {
    ({ register } = await import('tsx/esm/api'));
  } catch {
    process.stderr.write(`nhacviec: ${reason ?? 'tsx is not installed'}.\n  Chạy / run: npm install && npm run build\n`);
    process.exit(1);
  }
  if (reason) {
    process.stderr.write(
      `nhacviec: ${reason}; chạy mã nguồn qua tsx (khởi động chậm hơn) / running the sources through tsx (slower start). ` +
        `Chạy / run: npm run build\n`,
    );
  }
  register();
  return (await import('../src/cli/main.ts')).main;
}

const main = await loadMain();
process.exitCode = await main(process.argv);
