import { spawn } from 'node:child_process';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError } from 'commander';
import { describe, expect, it } from 'vitest';
import { registerDeadlineCommand, resolvePlanPeriod } from '../../../src/cli/deadline-command.js';
import { ManualClock } from '../../../src/domain/clock.js';
import { calendar } from '../domain/deadline-helpers.js';

async function runCli(args: string[], stdinText = ''): Promise<{ out: string; err: string; code?: number }> {
  let out = '';
  let err = '';
  const program = new Command('nhacviec');
  program.exitOverride();
  program.configureOutput({ writeOut: (s) => (out += s), writeErr: (s) => (err += s) });
  registerDeadlineCommand(program, {
    stdin: Readable.from([stdinText]),
    stdout: { write: (s: string | Uint8Array) => ((out += String(s)), true) },
    calendar,
    clock: new ManualClock('2025-06-01T00:00:00Z'),
  });
  try {
    await program.parseAsync(['deadline', 'explain', ...args], { from: 'user' });
    return { out, err };
  } catch (e) {
    if (e instanceof CommanderError) return { out, err, code: e.exitCode };
    throw e;
  }
}

describe('§11 CLI: nhacviec deadline explain', () => {
  it('prints the Vietnamese explanation', async () => {
    const { out } = await runCli(['Trước tháng 7 và tháng 11/2024', '--year', '2024']);
    expect(out).toContain('Hiểu là: trước tháng 07/2024; trước tháng 11/2024');
    expect(out).toContain('Hạn 30/06/2024 (trước tháng 07/2024)');
    expect(out).toContain('nhắc nộp trước Thứ Sáu 28/06/2024');
  });

  it('--json prints one object with the contract keys', async () => {
    const { out } = await runCli(['Báo cáo theo định kỳ hàng tháng (báo cáo trước ngày 05 của tháng sau)', '--year', '2024', '--json']);
    const e = JSON.parse(out);
    expect(e).toMatchObject({ input: expect.any(String), kind: 'periodic', unparsed: [] });
    expect(e.parts[0]).toMatchObject({ kind: 'periodic', label: 'báo cáo', every: 'month' });
    expect(e.occurrences[0]).toEqual(expect.objectContaining({ label: 'báo cáo tháng 01/2024', start: '2024-01-01', nominalDue: '2024-02-04', due: '2024-02-02', adjustment: 'earlier_working_day' }));
  });

  it('--jsonl reads phrases from stdin and writes one object per line, in order', async () => {
    const phrases = ['Quý I/2024', '', 'Thường xuyên', 'Theo yêu cầu', 'xyz'];
    const { out } = await runCli(['--jsonl', '--year', '2024'], phrases.join('\r\n') + '\n');
    const lines = out.trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => l.input)).toEqual(phrases);
    expect(lines.map((l) => l.kind)).toEqual(['date', 'unparsed', 'continuous', 'on_demand', 'unparsed']);
  });

  it('--from/--to set a multi-year plan period', async () => {
    const { out } = await runCli(['Hàng năm', '--from', '2012', '--to', '2015', '--json']);
    const e = JSON.parse(out);
    expect(e.period).toEqual({ from: '2012-01-01', to: '2015-12-31' });
    expect(e.occurrences).toHaveLength(4);
    expect(e.provisionalYears).toEqual([2012, 2013, 2014, 2015]);
  });

  it('reports usage errors in Vietnamese with exit code 2', async () => {
    const missing = await runCli(['--year', '2024']);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('thiếu cụm từ thời hạn');
    const bad = await runCli(['Quý I', '--year', '24']);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('--year phải là năm');
    expect((await runCli(['Quý I', '--year', '2024', '--from', '2024'])).err).toContain('không dùng cả hai');
  });

  it('exits 1 when nothing in the phrase could be read, after explaining why (#16.2)', async () => {
    for (const phrase of ['Quý I/99999', 'Tháng 6/0', 'Quý V', 'xyz']) {
      const r = await runCli([phrase, '--year', '2024']);
      expect({ phrase, code: r.code }).toEqual({ phrase, code: 1 });
      expect(r.err).toContain('không đọc được thời hạn nào');
      expect(r.out).toContain(phrase);
    }
    expect((await runCli(['Quý I/99999', '--year', '2024', '--json'])).code).toBe(1);
    expect((await runCli(['Quý I/2024', '--year', '2024'])).code).toBeUndefined();
  });

  it('defaults the plan year to the clock’s year', () => {
    expect(resolvePlanPeriod({}, new ManualClock('2025-06-01T00:00:00Z'))).toEqual({ from: '2025-01-01', to: '2025-12-31' });
    expect(resolvePlanPeriod({ from: '2024-03-01', to: '2025' }, new ManualClock('2025-06-01T00:00:00Z'))).toEqual({ from: '2024-03-01', to: '2025-12-31' });
  });

  it('streams thousands of phrases through one process (test-only runner, real stdin/stdout)', async () => {
    const runner = fileURLToPath(new URL('./deadline-cli-runner.ts', import.meta.url));
    const base = ['Quý I/2024', 'Trước tháng 7 và tháng 11/2024', 'Theo quý, 06 tháng, năm', 'Thường xuyên', 'abc', '05 ngày kể từ ngày công bố TTHC'];
    const phrases = Array.from({ length: 3000 }, (_, i) => `${base[i % base.length]}`);
    const child = spawn(process.execPath, ['--import', 'tsx', runner, 'deadline', 'explain', '--jsonl', '--year', '2024'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
    child.stdin.end(phrases.join('\n') + '\n');
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code, err).toBe(0);
    const lines = out.trimEnd().split('\n');
    expect(lines).toHaveLength(phrases.length);
    lines.forEach((l, i) => expect(JSON.parse(l).input).toBe(phrases[i]));
  }, 60_000);
});
