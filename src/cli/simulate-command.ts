/**
 * `nhacviec simulate --plan <id> --from <date> --to <date> [--done-rate 0.7] [--seed N] [--json]`.
 * Reads the plan once and simulates in memory (src/app/simulate.ts). A draft plan is first published in a scratch
 * copy of the database (dropped afterwards), so a coordinator can preview a plan before going live. Sends nothing;
 * changes nothing real.
 */
import { type Command, CommanderError } from 'commander';
import type { Config } from '../../config/env.js';
import { calendarForConfig } from '../../config/holidays/load.js';
import { reminderPolicyFromConfig } from '../../jobs/reminders.js';
import { createDeadlineAdapter } from '../app/deadline-adapter.js';
import { publishPlan } from '../app/plan-publish.js';
import { simulatePlan, type SimulationResult } from '../app/simulate.js';
import { createDatabase } from '../db/client.js';
import { loadPlanSnapshot, PlanNotSimulableError } from '../db/memory-world-loader.js';
import { createScratchCopy } from '../db/scratch.js';
import type { WorldSnapshot } from '../app/memory/world.js';
import { ManualClock, type Clock } from '../domain/clock.js';
import { createTranslator } from '../i18n/translator.js';
import { silentLogger } from '../infra/logger.js';

export interface SimulateCommandDeps {
  openDatabase(): Promise<{ url: string; close(): Promise<void> }>;
  clock: Clock;
  config: Config;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

const KIND_VI: Record<string, string> = {
  reminder: 'nhắc việc',
  nudge: 'nhắc lại',
  escalation: 'báo cáo vượt cấp',
  late_notice: 'thông báo muộn',
  digest: 'bản tổng hợp',
  notice: 'thông báo',
};

const ISO = /^\d{4}-\d{2}-\d{2}$/;

export function renderSimulation(r: SimulationResult): string {
  const lines = [
    `Mô phỏng kế hoạch ${r.plan.id}: ${r.plan.title} (${r.plan.province})`,
    `Từ ${r.from} đến ${r.to}; tỷ lệ hoàn thành giả định ${Math.round(r.doneRate * 100)}%; ${r.dueItems} hạn, ${r.completed} hoàn thành.`,
    'Không gửi tin nào; không thay đổi gì trong cơ sở dữ liệu (mô phỏng trong bộ nhớ).',
    '',
  ];
  for (const e of r.events) {
    const who = `${e.recipient.name}${e.recipient.unit ? ` [${e.recipient.unit}]` : ''}`;
    const first = e.text.split('\n').slice(0, 2).join(' | ');
    lines.push(`${e.at}  ${(KIND_VI[e.kind] ?? e.kind).padEnd(17)} ${e.step.padEnd(6)} → ${who}${e.task ? `  NV ${e.task}` : ''}  ${first}`);
  }
  lines.push('', 'Tổng theo loại:');
  for (const [k, n] of Object.entries(r.totals.byKind).sort()) lines.push(`  ${KIND_VI[k] ?? k}: ${n}`);
  lines.push('Tổng theo đơn vị:');
  for (const [u, kinds] of Object.entries(r.totals.byUnit).sort(([a], [b]) => a.localeCompare(b, 'vi'))) {
    lines.push(`  ${u}: ${Object.entries(kinds).map(([k, n]) => `${KIND_VI[k] ?? k} ${n}`).join(', ')}`);
  }
  return lines.join('\n') + '\n';
}

export function registerSimulateCommand(program: Command, deps: SimulateCommandDeps): Command {
  return program
    .command('simulate')
    .description('mô phỏng nhắc việc, báo cáo vượt cấp và bản tổng hợp của một kế hoạch (không gửi tin nào)')
    .requiredOption('--plan <id>', 'mã kế hoạch')
    .requiredOption('--from <date>', 'ngày bắt đầu (YYYY-MM-DD)')
    .requiredOption('--to <date>', 'ngày kết thúc (YYYY-MM-DD)')
    .option('--done-rate <rate>', 'tỷ lệ nhiệm vụ được hoàn thành (0–1)', '0.7')
    .option('--seed <n>', 'hạt giống ngẫu nhiên (mặc định: mã kế hoạch)')
    .option('--json', 'in kết quả dạng JSON')
    .action(async (opts: { plan: string; from: string; to: string; doneRate: string; seed?: string; json?: boolean }) => {
      const planId = Number(opts.plan);
      const doneRate = Number(opts.doneRate);
      if (!Number.isInteger(planId) || planId <= 0) throw new CommanderError(2, 'nhacviec.bad-plan', 'Mã kế hoạch không hợp lệ.');
      if (!ISO.test(opts.from) || !ISO.test(opts.to) || opts.from > opts.to)
        throw new CommanderError(2, 'nhacviec.bad-period', 'Khoảng thời gian không hợp lệ (YYYY-MM-DD, từ ≤ đến).');
      if (!(doneRate >= 0 && doneRate <= 1)) throw new CommanderError(2, 'nhacviec.bad-rate', '--done-rate phải từ 0 đến 1.');
      const opened = await deps.openDatabase();
      let snapshot: WorldSnapshot;
      try {
        const database = createDatabase(opened.url, { max: 2 });
        let status: string | undefined;
        try {
          const [row] = await database.sql<{ status: string }[]>`select status from plans where id = ${planId}`;
          status = row?.status;
          if (status === undefined) throw new CommanderError(1, 'nhacviec.no-plan', `Không có kế hoạch mã ${planId}.`);
          if (status !== 'draft') snapshot = await loadPlanSnapshot(database.sql, planId);
        } finally {
          await database.close();
        }
        if (status === 'draft') {
          // A draft has no due items yet: it is published in a throw-away copy of the database, read from there.
          deps.stderr.write('Kế hoạch đang là bản nháp: công bố thử trong một bản sao tạm thời của cơ sở dữ liệu…\n');
          const scratch = await createScratchCopy(opened.url);
          try {
            await publishPlan(scratch, deps.clock, {
              planId,
              acceptProblems: true,
              deadline: createDeadlineAdapter({ calendar: calendarForConfig(deps.config), zone: deps.config.domain.timeZone }),
              actor: 'simulate',
            });
            snapshot = await loadPlanSnapshot(scratch.sql, planId);
          } finally {
            await scratch.drop();
          }
        }
      } catch (err) {
        if (err instanceof PlanNotSimulableError) throw new CommanderError(1, 'nhacviec.no-plan', err.message);
        throw err;
      } finally {
        await opened.close();
      }
      const clock = new ManualClock(`${opts.from}T00:00:00+07:00`);
      const result = await simulatePlan(
        {
          snapshot: snapshot!,
          clock,
          calendar: calendarForConfig(deps.config),
          policy: reminderPolicyFromConfig(deps.config),
          workingHours: deps.config.domain.workingHours,
          t: createTranslator(),
          logger: silentLogger,
          schedules: deps.config.schedules,
          // No charts: the preview shows texts only, and rendering a PNG per weekly digest would be most of its time.
        },
        {
          planId,
          from: opts.from,
          to: opts.to,
          doneRate,
          ...(opts.seed ? { seed: Number(opts.seed) } : {}),
          onProgress: (day, done, total) => {
            if (day.endsWith('-01')) deps.stderr.write(`  mô phỏng ${day} (${done}/${total} ngày)\n`);
          },
        },
      );
      deps.stdout.write(opts.json ? `${JSON.stringify(result, null, 2)}\n` : renderSimulation(result));
    });
}
