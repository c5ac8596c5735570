import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { commandGroupsFor, main } from '../../../src/cli/main.js';

const ALL = ['deadline', 'plan', 'units', 'report', 'simulate', 'evidence', 'web', 'api', 'jobs', 'notify', 'health'];
const argv = (...args: string[]) => ['node', 'nhacviec', ...args];

describe('cli: command groups loaded for a command line', () => {
  it('loads only the group a command names', () => {
    expect(commandGroupsFor(argv('deadline', 'explain', 'Quý I/2024', '--year', '2024'))).toEqual(['deadline']);
    expect(commandGroupsFor(argv('plan', 'import', 'x.docx', '--dry-run'))).toEqual(['plan']);
    expect(commandGroupsFor(argv('units', 'invite', '--help'))).toEqual(['units']);
  });

  it('loads none for serve, migrate and --version', () => {
    expect(commandGroupsFor(argv('serve', '--port', '3001'))).toEqual([]);
    expect(commandGroupsFor(argv('migrate'))).toEqual([]);
    expect(commandGroupsFor(argv('--version'))).toEqual([]);
  });

  it('loads all of them for help, an unknown command, and no command (serve by default)', () => {
    expect(commandGroupsFor(argv('--help'))).toEqual(ALL);
    expect(commandGroupsFor(argv('help'))).toEqual(ALL);
    expect(commandGroupsFor(argv('serve', '--help'))).toEqual(ALL);
    expect(commandGroupsFor(argv('plna'))).toEqual(ALL);
    expect(commandGroupsFor(argv())).toEqual(ALL);
  });

  it('lists every command in --help', { timeout: 60_000 }, async () => {
    let out = '';
    const stdout = new PassThrough();
    stdout.on('data', (c: Buffer) => (out += c.toString()));
    const code = await main(argv('--help'), { stdout, stderr: new PassThrough(), stdin: new PassThrough(), env: {} });
    expect(code).toBe(0);
    for (const name of ['serve', 'migrate', ...ALL]) expect(out).toMatch(new RegExp(`^\\s+${name}\\b`, 'm'));
  });
});
