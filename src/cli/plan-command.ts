/**
 * `nhacviec plan import|publish|list`. Thin: parses options, calls the use cases, renders.
 * Exit codes: 0 done; 1 refused or bad input (a Vietnamese message says why; nothing was written); 2 usage.
 */
import { type Command, CommanderError, Option } from 'commander';
import type { Config } from '../../config/env.js';
import { calendarForConfig } from '../../config/holidays/load.js';
import { createDeadlineAdapter } from '../app/deadline-adapter.js';
import { importPlan } from '../app/plan-import.js';
import { publishPlan, PublishError } from '../app/plan-publish.js';
import { type Database, planPortsOn } from '../plan-wiring.js';
import type { Clock } from '../domain/clock.js';
import type { DeadlinePort } from '../import/deadline-port.js';
import { ImportError } from '../import/errors.js';
import { DEFAULT_MAX_FILE_BYTES } from '../import/read-file.js';
import { renderReview } from '../import/review.js';

/** What the plan and units commands need from the composition root. */
export interface CommandDeps {
  openDatabase(): Promise<Database & { url: string }>;
  clock: Clock;
  config: Config;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  /** The deadline engine; default: the engine over config/holidays in `config.domain.timeZone`. */
  deadline?: DeadlinePort;
  /** Written to the audit log; default "cli". */
  actor?: string;
}

/** The deadline engine of the commands (injected in tests). */
export function deadlineOf(deps: CommandDeps): DeadlinePort {
  return deps.deadline ?? createDeadlineAdapter({ calendar: calendarForConfig(deps.config), zone: deps.config.domain.timeZone });
}

/** Fails the command: message on stderr (or JSON on stdout), exit code 1. */
export function fail(deps: Pick<CommandDeps, 'stdout' | 'stderr'>, json: boolean, code: string, message: string, details: Record<string, unknown> = {}): never {
  if (json) deps.stdout.write(`${JSON.stringify({ error: { code, message, ...details } }, null, 2)}\n`);
  else deps.stderr.write(`Lỗi: ${message}\n`);
  throw new CommanderError(1, `nhacviec.${code}`, message);
}

/** Progress on stderr for long work: a line at each quarter (or a live line on a terminal). */
export function progressPrinter(stderr: NodeJS.WritableStream, threshold = 2000): (stage: string, done: number, total: number) => void {
  const tty = Boolean((stderr as { isTTY?: boolean }).isTTY);
  const last = new Map<string, number>();
  return (stage, done, total) => {
    if (total < threshold) return;
    const pct = Math.floor((done / total) * 100);
    const step = tty ? pct : Math.floor(pct / 25) * 25;
    if (last.get(stage) === step) return;
    last.set(stage, step);
    stderr.write(tty ? `\r${stage}: ${done}/${total} (${pct}%)${done >= total ? '\n' : ''}` : `${stage}: ${done}/${total} (${step}%)\n`);
  };
}

function parseYear(v: string): number {
  if (!/^\d{4}$/.test(v)) throw new CommanderError(2, 'nhacviec.bad-year', `Năm "${v}" không hợp lệ (cần 4 chữ số).`);
  return Number(v);
}

/** Options of `plan import` as commander parses them. */
interface ImportCommandOptions {
  province?: string;
  year?: string;
  from?: string;
  to?: string;
  dryRun: boolean;
  yes: boolean;
  acceptProblems: boolean;
  json: boolean;
  maxSize?: string;
}

/** Registers `plan import`, `plan publish`, `plan list` on `program`. */
export function registerPlanCommand(program: Command, deps: CommandDeps): Command {
  const plan = program.command('plan').description('nhập, xem lại và công bố kế hoạch CCHC');

  plan
    .command('import')
    .description('đọc tệp kế hoạch (.txt, .csv, .docx, .xlsx, .pdf), in báo cáo rà soát và lưu bản NHÁP')
    .argument('<file>', 'tệp kế hoạch')
    .option('--province <slug>', 'tỉnh (vd. nghe-an); mặc định: tỉnh ghi trong văn bản, rồi DEFAULT_PROVINCE')
    .addOption(new Option('--year <year>', 'kế hoạch một năm').conflicts(['from', 'to']))
    .option('--from <year>', 'năm đầu của kế hoạch nhiều năm')
    .option('--to <year>', 'năm cuối của kế hoạch nhiều năm')
    .option('--dry-run', 'chỉ in báo cáo, không ghi gì', false)
    .option('--yes', 'áp dụng bản sửa đổi (khi nhập lại kế hoạch đã có: vào bản nháp, hoặc vào kế hoạch đã công bố)', false)
    .option('--accept-problems', 'áp dụng bản sửa đổi vào kế hoạch đã công bố dù còn lỗi/cảnh báo (được liệt kê và ghi nhật ký)', false)
    .option('--json', 'in kết quả dạng JSON (xem src/import/README.md)', false)
    .option('--max-size <MB>', `kích thước tệp tối đa (MB, mặc định ${DEFAULT_MAX_FILE_BYTES / 1024 / 1024})`)
    .action(async (file: string, o: ImportCommandOptions) => {
      let period: { startYear: number; endYear: number } | undefined;
      if (o.year) period = { startYear: parseYear(o.year), endYear: parseYear(o.year) };
      else if (o.from || o.to) {
        if (!o.from || !o.to) fail(deps, o.json, 'bad-period', 'Cần cả --from và --to.');
        period = { startYear: parseYear(o.from), endYear: parseYear(o.to) };
      }
      const maxBytes = o.maxSize ? Math.round(Number(o.maxSize) * 1024 * 1024) : undefined;
      if (maxBytes !== undefined && !(maxBytes > 0)) fail(deps, o.json, 'bad-option', `--max-size "${o.maxSize}" không hợp lệ.`);
      const database = await deps.openDatabase();
      try {
        const result = await importPlan(planPortsOn(database), deps.clock, {
          file,
          ...(o.province ? { province: o.province } : {}),
          defaultProvince: deps.config.domain.defaultProvince,
          ...(period ? { period } : {}),
          dryRun: o.dryRun,
          yes: o.yes,
          acceptProblems: o.acceptProblems,
          ...(maxBytes ? { maxBytes } : {}),
          deadline: deadlineOf(deps),
          actor: deps.actor ?? 'cli',
          onProgress: progressPrinter(deps.stderr, 300),
        });
        if (o.json) deps.stdout.write(`${JSON.stringify(result.review, null, 2)}\n`);
        else deps.stdout.write(`${renderReview(result.review)}\n`);
        if (result.review.status === 'amendment-refused') throw new CommanderError(1, 'nhacviec.amendment-refused', 'amendment refused');
      } catch (err) {
        if (err instanceof ImportError) fail(deps, o.json, err.code, err.message, err.details);
        throw err;
      } finally {
        await database.close();
      }
    });

  plan
    .command('publish')
    .description('tạo phân công và các hạn cho mọi đơn vị, mọi kỳ trong thời kỳ kế hoạch')
    .argument('<plan>', 'mã kế hoạch (số in ra khi nhập)')
    .option('--accept-problems', 'vẫn công bố dù còn lỗi/cảnh báo (được liệt kê và ghi nhật ký)', false)
    .option('--include-proposals', 'công bố cả các nhiệm vụ đề xuất từ phần văn bản', false)
    .option('--json', 'in kết quả dạng JSON', false)
    .action(async (planArg: string, o: { acceptProblems: boolean; includeProposals: boolean; json: boolean }) => {
      if (!/^\d+$/.test(planArg)) fail(deps, o.json, 'bad-plan', `Mã kế hoạch "${planArg}" phải là số.`);
      const database = await deps.openDatabase();
      try {
        const r = await publishPlan(planPortsOn(database), deps.clock, {
          planId: Number(planArg),
          acceptProblems: o.acceptProblems,
          includeProposals: o.includeProposals,
          deadline: deadlineOf(deps),
          actor: deps.actor ?? 'cli',
          onProgress: progressPrinter(deps.stderr),
        });
        if (o.json) deps.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
        else {
          const lines: string[] = [];
          if (r.status === 'refused') {
            lines.push(`Chưa công bố kế hoạch ${r.planId}: còn ${r.problems.length} vấn đề (dùng --accept-problems để vẫn công bố):`);
            for (const p of r.problems) lines.push(`  [${p.severity === 'error' ? 'LỖI' : 'CẢNH BÁO'}] ${p.task ? `${p.task}: ` : ''}${p.message}`);
          } else {
            lines.push(`Đã công bố kế hoạch ${r.planId}: ${r.tasks} nhiệm vụ.`);
            lines.push(`  Phân công: ${r.assignments.total} (mới ${r.assignments.created}).`);
            lines.push(`  Hạn: ${r.dueItems.total} (mới ${r.dueItems.created}; có ngày ${r.dueItems.dated}, chờ ${r.dueItems.waiting}).`);
            if (r.problems.length > 0) lines.push(`  Đã chấp nhận ${r.problems.length} vấn đề còn tồn tại (ghi trong nhật ký).`);
            if (r.waiting.length > 0) {
              lines.push(`  Nhiệm vụ chờ (chưa có ngày, trạng thái "waiting"):`);
              for (const w of r.waiting) lines.push(`    ${w.task} ${w.title.slice(0, 60)} — ${w.reason} (${w.units} đơn vị)`);
            }
            if (r.unassigned.length > 0) lines.push(`  Nhiệm vụ chưa có đơn vị nào: ${r.unassigned.join(', ')}.`);
          }
          deps.stdout.write(`${lines.join('\n')}\n`);
        }
        if (r.status === 'refused') throw new CommanderError(1, 'nhacviec.publish-refused', 'publish refused');
      } catch (err) {
        if (err instanceof PublishError) fail(deps, o.json, 'publish', err.message);
        throw err;
      } finally {
        await database.close();
      }
    });

  plan
    .command('list')
    .description('liệt kê các kế hoạch đã nhập')
    .option('--province <slug>', 'chỉ một tỉnh')
    .option('--json', 'in dạng JSON', false)
    .action(async (o: { province?: string; json: boolean }) => {
      const database = await deps.openDatabase();
      try {
        const rows = await planPortsOn(database).plans.listPlans(o.province);
        if (o.json) deps.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
        else if (rows.length === 0) deps.stdout.write('Chưa có kế hoạch nào.\n');
        else
          for (const p of rows)
            deps.stdout.write(
              `${String(p.id).padStart(4)}  ${p.province.padEnd(12)} ${p.periodStartYear === p.periodEndYear ? p.periodStartYear : `${p.periodStartYear}–${p.periodEndYear}`}  ${p.status.padEnd(9)} v${p.version}  ${p.title}\n`,
            );
      } finally {
        await database.close();
      }
    });
  return plan;
}
