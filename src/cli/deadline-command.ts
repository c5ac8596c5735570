/**
 * `nhacviec deadline explain [phrase] --year Y | --from A --to B [--json | --jsonl]`
 *
 * Prints how the deadline engine reads a phrase and the due dates it gives in a plan period. The JSON shape is a
 * contract other tools rely on (src/domain/grammar/README.md §11). A phrase of which nothing could be read exits 1
 * (after printing its explanation). With `--jsonl` and no phrase, phrases are read
 * from stdin one per line and one JSON object is written per line, in order, as they are read.
 */
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import { loadWorkingCalendar } from '../../config/holidays/load.js';
import type { Clock } from '../domain/clock.js';
import { systemClock } from '../infra/system-clock.js';
import { explainDeadline, formatExplanation, parseIso, type DeadlinePolicy, type WorkingCalendar } from '../domain/deadline.js';

/** Where the command reads and writes; defaults to the process streams. Tests pass fakes. */
export interface DeadlineCommandIo {
  stdin: NodeJS.ReadableStream;
  stdout: Pick<NodeJS.WritableStream, 'write'> & Partial<Pick<NodeJS.WritableStream, 'once'>>;
  /** Default: the official schedules in config/holidays (loaded on first use). */
  calendar: WorkingCalendar;
  /** Builds the calendar on first use when `calendar` is not given (the CLI: official holidays on WORKING_DAYS). */
  calendarFactory: () => WorkingCalendar;
  /** Default: the engine's defaults. */
  policy: DeadlinePolicy;
  /** Only used for the default plan year when neither --year nor --from/--to is given. Default: the system clock. */
  clock: Clock;
}

interface ExplainOptions {
  year?: string;
  from?: string;
  to?: string;
  json?: boolean;
  jsonl?: boolean;
}

class UsageError extends Error {}

/** Resolves the plan period from --year / --from / --to (YYYY or YYYY-MM-DD). */
export function resolvePlanPeriod(opts: Pick<ExplainOptions, 'year' | 'from' | 'to'>, clock: Clock): { from: string; to: string } {
  const asYear = (v: string, flag: string): number => {
    if (!/^\d{4}$/.test(v)) throw new UsageError(`${flag} phải là năm dạng YYYY, nhận được "${v}".`);
    return Number(v);
  };
  const asDate = (v: string, flag: string, end: boolean): string => {
    if (/^\d{4}$/.test(v)) return end ? `${v}-12-31` : `${v}-01-01`;
    if (!parseIso(v)) throw new UsageError(`${flag} phải là năm (YYYY) hoặc ngày (YYYY-MM-DD), nhận được "${v}".`);
    return v;
  };
  if (opts.year !== undefined) {
    if (opts.from !== undefined || opts.to !== undefined) throw new UsageError('Dùng --year hoặc --from/--to, không dùng cả hai.');
    const y = asYear(opts.year, '--year');
    return { from: `${y}-01-01`, to: `${y}-12-31` };
  }
  if (opts.from !== undefined || opts.to !== undefined) {
    const from = asDate(opts.from ?? opts.to!, '--from', false);
    const to = asDate(opts.to ?? opts.from!, '--to', true);
    if (to < from) throw new UsageError(`--to (${to}) đứng trước --from (${from}).`);
    return { from, to };
  }
  const y = clock.now().getUTCFullYear();
  return { from: `${y}-01-01`, to: `${y}-12-31` };
}

async function write(out: DeadlineCommandIo['stdout'], chunk: string): Promise<void> {
  if (!out.write(chunk) && out.once) await once(out as NodeJS.WritableStream, 'drain');
}

/** Adds `deadline explain` to a commander program. */
export function registerDeadlineCommand(program: Command, io: Partial<DeadlineCommandIo> = {}): void {
  let calendar = io.calendar;
  const getCalendar = () => (calendar ??= io.calendarFactory?.() ?? loadWorkingCalendar());
  const deadline = program.command('deadline').description('Thời hạn trong kế hoạch CCHC: đọc cụm từ và tính ngày hạn');
  deadline
    .command('explain')
    .description('Giải thích một cụm từ thời hạn: máy hiểu thế nào và các ngày hạn trong kỳ kế hoạch')
    .argument('[phrase]', 'cụm từ thời hạn, ví dụ "Trước tháng 7 và tháng 11/2024"')
    .option('--year <year>', 'năm kế hoạch: kỳ 01/01–31/12 của năm đó')
    .option('--from <date>', 'đầu kỳ kế hoạch nhiều năm (YYYY hoặc YYYY-MM-DD)')
    .option('--to <date>', 'cuối kỳ kế hoạch (YYYY hoặc YYYY-MM-DD)')
    .option('--json', 'in một đối tượng JSON')
    .option('--jsonl', 'không có cụm từ: đọc mỗi dòng stdin một cụm từ, in mỗi dòng một đối tượng JSON')
    .action(async (phrase: string | undefined, opts: ExplainOptions, cmd: Command) => {
      const stdout = io.stdout ?? process.stdout;
      let period: { from: string; to: string };
      try {
        period = resolvePlanPeriod(opts, io.clock ?? systemClock);
      } catch (err) {
        if (err instanceof UsageError) cmd.error(`Lỗi: ${err.message}`, { exitCode: 2, code: 'nhacviec.deadline.usage' });
        throw err;
      }
      const explain = (text: string) => explainDeadline(text, period, getCalendar(), io.policy);
      if (phrase === undefined) {
        if (!opts.jsonl) {
          cmd.error('Lỗi: thiếu cụm từ thời hạn. Ví dụ: nhacviec deadline explain "Quý I/2024" --year 2024 (hoặc dùng --jsonl và đưa các cụm từ qua stdin).', {
            exitCode: 2,
            code: 'nhacviec.deadline.usage',
          });
        }
        const lines = createInterface({ input: io.stdin ?? process.stdin, crlfDelay: Infinity });
        for await (const line of lines) await write(stdout, JSON.stringify(explain(line)) + '\n');
        return;
      }
      const e = explain(phrase);
      if (opts.json || opts.jsonl) await write(stdout, JSON.stringify(e, null, opts.jsonl ? undefined : 2) + '\n');
      else await write(stdout, formatExplanation(e) + '\n');
      // Nothing read is a failure a script must see (the explanation above says why, span by span).
      if (e.parts.length === 0) {
        cmd.error('Lỗi: không đọc được thời hạn nào trong cụm từ (xem các phần không đọc được ở trên). / Nothing in the phrase could be read as a deadline.', {
          exitCode: 1,
          code: 'nhacviec.deadline.unread',
        });
      }
    });
}
