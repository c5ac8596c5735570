#!/usr/bin/env node
// `npm run check`: lint, typecheck and build at the same time, then every test (issue #10, goal 7).
//
// The three steps read the sources and write nothing the others read (eslint and `tsc --noEmit` ignore dist/), so
// they can overlap: on two cores that takes the longest of them instead of their sum. The build skips type
// checking (`--noCheck`, same JavaScript out): `tsc --noEmit` running beside it checks the same files and more, and
// the check fails if it fails. `npm run build` alone still checks. Each step's output is printed whole when it ends;
// the tests run only when all three passed (`node scripts/check.js --no-test`: the three steps only).
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const require = createRequire(path.join(root, 'package.json'));
const bin = (pkg, file) => path.join(path.dirname(require.resolve(`${pkg}/package.json`)), file);
const node = process.execPath;
const tsc = bin('typescript', 'bin/tsc');

const steps = [
  { name: 'lint', commands: [[node, bin('eslint', 'bin/eslint.js'), '.'], [node, 'scripts/check-cycles.js']] },
  { name: 'typecheck', commands: [[node, tsc, '--noEmit']] },
  { name: 'build', commands: [[node, tsc, '-p', 'tsconfig.build.json', '--noCheck']] },
];

/** Runs `argv`, collecting stdout and stderr together; resolves with the exit code and the output. */
function run(argv) {
  return new Promise((resolve) => {
    const child = spawn(argv[0], argv.slice(1), { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (c) => (out += c));
    child.stderr.on('data', (c) => (out += c));
    child.on('error', (err) => resolve({ code: 1, out: `${out}${String(err)}\n` }));
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 1 : 0), out }));
  });
}

const started = performance.now();
const results = await Promise.all(
  steps.map(async (step) => {
    let out = '';
    for (const argv of step.commands) {
      const r = await run(argv);
      out += r.out;
      if (r.code !== 0) return { step, ok: false, out };
    }
    return { step, ok: true, out };
  }).map((p) =>
    p.then((r) => {
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      process.stdout.write(`\n== ${r.step.name}: ${r.ok ? 'ok' : 'FAILED'} (${seconds} s) ==\n${r.out}`);
      return r;
    }),
  ),
);
const failed = results.filter((r) => !r.ok).map((r) => r.step.name);
if (failed.length > 0) {
  process.stderr.write(`\ncheck: ${failed.join(', ')} failed; tests not run\n`);
  process.exit(1);
}

if (process.argv.includes('--no-test')) process.exit(0);
process.stdout.write('\n== test ==\n');
const test = spawn(node, [bin('vitest', 'vitest.mjs'), 'run'], { cwd: root, stdio: 'inherit' });
test.on('close', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
