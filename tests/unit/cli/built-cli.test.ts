/**
 * The command as people run it: `node bin/nhacviec.js …` on the compiled JavaScript in dist/ (`npm run build`;
 * `npm run check` builds before testing). A missing or stale dist/ fails here rather than being skipped: bin then
 * falls back to the sources and says so on stderr, which these tests refuse.
 *
 * Also bin's choice between dist/ and the sources, on a throwaway tree with a bin of its own.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const REPO_ROOT = path.resolve(import.meta.dirname, '../../..');
const BIN = path.join(REPO_ROOT, 'bin/nhacviec.js');
// Spawning node under load takes seconds; these bounds are far above it and only stop a hung child.
const SPAWN_TIMEOUT_MS = 60_000;

function run(bin: string, args: string[], env: NodeJS.ProcessEnv = {}) {
  const res = spawnSync(process.execPath, [bin, ...args], {
    encoding: 'utf8',
    timeout: SPAWN_TIMEOUT_MS,
    // Nothing from the developer's shell: no NHACVIEC_FROM_SOURCES, no WORKING_DAYS.
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: os.tmpdir(), ...env },
  });
  return { code: res.status, out: res.stdout, err: res.stderr };
}

const NOT_BUILT = 'dist/ is missing or older than the sources: run `npm run build` (npm run check does) before this test';

describe('built CLI (node bin/nhacviec.js on dist/)', () => {
  it('explains "Quý I/2024" from dist/, with the official holidays read from config/', { timeout: SPAWN_TIMEOUT_MS }, () => {
    const r = run(BIN, ['deadline', 'explain', 'Quý I/2024', '--year', '2024', '--json']);
    expect(r.err, NOT_BUILT).toBe('');
    expect(r.code).toBe(0);
    const e = JSON.parse(r.out) as { occurrences: { nominalDue: string; due: string; adjustment: string }[]; unparsed: unknown[] };
    // 31/03/2024 is a Sunday: the reminder date moves to Friday 29/03 (config/holidays/2024.json and the working week).
    expect(e.occurrences).toEqual([expect.objectContaining({ nominalDue: '2024-03-31', due: '2024-03-29', adjustment: 'earlier_working_day' })]);
    expect(e.unparsed).toEqual([]);
  });

  it('exits 2 with the reason on a bad --year', { timeout: SPAWN_TIMEOUT_MS }, () => {
    const r = run(BIN, ['deadline', 'explain', 'Quý I/2024', '--year', '24']);
    expect(r.code).toBe(2);
    expect(r.err).not.toContain('tsx');
    expect(r.err).toContain('--year phải là năm dạng YYYY');
    expect(r.out).toBe('');
  });

  it('prints the version of package.json, found from dist/', { timeout: SPAWN_TIMEOUT_MS }, () => {
    const r = run(BIN, ['--version']);
    expect(r.err, NOT_BUILT).toBe('');
    expect(r.code).toBe(0);
    expect(r.out.trim()).toBe((JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version);
  });
});

describe('bin: dist/ or the sources', () => {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'nhacviec-bin-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  /** A tree with bin/, a source main.ts and (optionally) a built main.js, each announcing itself. */
  function tree(name: string, options: { built: boolean; builtOlder?: boolean; tsx: boolean }) {
    const root = path.join(tmp, name);
    mkdirSync(path.join(root, 'src/cli'), { recursive: true });
    cpSync(BIN, path.join(root, 'bin/nhacviec.js'));
    writeFileSync(path.join(root, 'package.json'), '{ "type": "module" }\n');
    writeFileSync(path.join(root, 'src/cli/main.ts'), "export async function main(argv: string[]): Promise<number> { console.log('sources', argv[2]); return 3; }\n");
    if (options.built) {
      mkdirSync(path.join(root, 'dist/src/cli'), { recursive: true });
      const built = path.join(root, 'dist/src/cli/main.js');
      writeFileSync(built, "export async function main(argv) { console.log('built', argv[2]); return 4; }\n");
      const t = Date.now() / 1000;
      // Older or newer than the source by a minute: file systems with coarse times still order them.
      utimesSync(built, t + (options.builtOlder ? -60 : 60), t + (options.builtOlder ? -60 : 60));
    }
    if (options.tsx) symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(root, 'node_modules'), 'dir');
    return path.join(root, 'bin/nhacviec.js');
  }

  it('runs dist/ when it is newer than every source', { timeout: SPAWN_TIMEOUT_MS }, () => {
    const r = run(tree('fresh', { built: true, tsx: false }), ['hello']);
    expect(r).toEqual({ code: 4, out: 'built hello\n', err: '' });
  });

  it('runs the sources through tsx, and says why, when dist/ is older than a source', { timeout: SPAWN_TIMEOUT_MS }, () => {
    const r = run(tree('stale', { built: true, builtOlder: true, tsx: true }), ['hello']);
    expect(r.code).toBe(3);
    expect(r.out).toBe('sources hello\n');
    expect(r.err).toContain('dist/ is older than src/cli/main.ts');
    expect(r.err).toContain('npm run build');
  });

  it('says what to run when dist/ is missing and tsx is not installed', { timeout: SPAWN_TIMEOUT_MS }, () => {
    const r = run(tree('bare', { built: false, tsx: false }), ['hello']);
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err).toContain('dist/ has not been built');
    expect(r.err).toContain('npm install && npm run build');
  });

  it('runs the sources when NHACVIEC_FROM_SOURCES=1, even with a current dist/', { timeout: SPAWN_TIMEOUT_MS }, () => {
    const r = run(tree('dev', { built: true, tsx: true }), ['hello'], { NHACVIEC_FROM_SOURCES: '1' });
    expect(r).toEqual({ code: 3, out: 'sources hello\n', err: '' });
  });
});
