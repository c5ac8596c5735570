/**
 * `nhacviec simulate --plan <id> --from <date> --to <date> [--done-rate 0.7] [--seed N] [--examples N] [--all] [--json]`.
 * Reads the plan once and simulates in memory (src/app/simulate.ts). Prints the first messages as examples and
 * the counts by month, kind and unit; `--all` and `--json` write every message as the simulation sends it. A draft plan is first published in a scratch
 * copy of the database (dropped afterwards), so a coordinator can preview a plan before going live. Sends nothing;
 * changes nothing real.
 */
import { once } from 'node:events';
import { type Command, CommanderError } from 'commander';
import type { Config } from '../../config/env.js';
import { simulatePlan, type SimulationEvent, type SimulationResult } from '../app/simulate.js';
import { PlanNotSimulableError, snapshotForSimulation } from '../app/simulate-source.js';
import type { WorldSnapshot } from '../app/memory/world.js';
import { ManualClock, type Clock } from '../domain/clock.js';
import { limitHeapGrowth } from '../infra/heap.js';
import { simulationSettingsFor, simulationSourceAt } from '../simulate-wiring.js';

export interface SimulateCommandDeps {
  openDatabase(): Promise<{ url: string; close(): Promise<void> }>;
  clock: Clock;
  config: Config;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

/** Kinds in the order the output lists them (the database enum's order). */
const KIND_ORDER: Record<string, number> = { reminder: 0, nudge: 1, escalation: 2, late_notice: 3, digest: 4, notice: 5 };

const KIND_VI: Record<string, string> = {
  reminder: 'nhắc việc',
  nudge: 'nhắc lại',
  escalation: 'báo cáo vượt cấp',
  late_notice: 'thông báo muộn',
  digest: 'bản tổng hợp',
  notice: 'thông báo',
};

const ISO = /^\d{4}-\d{2}-\d{2}$/;

/** One message as a line: when, what, to whom, about which task, and its first two lines. */
export function eventLine(e: SimulationEvent): string {
  const who = `${e.recipient.name}${e.recipient.unit ? ` [${e.recipient.unit}]` : ''}`;
  const first = e.text.split('\n').slice(0, 2).join(' | ');
  return `${e.at}  ${(KIND_VI[e.kind] ?? e.kind).padEnd(17)} ${e.step.padEnd(6)} → ${who}${e.task ? `  NV ${e.task}` : ''}  ${first}`;
}

const kindCounts = (kinds: Record<string, number>) =>
  Object.entries(kinds)
    .sort(([a], [b]) => (KIND_ORDER[a] ?? 9) - (KIND_ORDER[b] ?? 9))
    .map(([k, n]) => `${KIND_VI[k] ?? k} ${n}`)
    .join(', ');

/**
 * The preview as a coordinator reads it: the first messages as examples (every message with `listed`: they were
 * printed as they came), then the counts by month, by kind and by unit.
 */
export function renderSimulation(r: SimulationResult, options: { listed?: boolean } = {}): string {
  const lines = [
    ...(options.listed ? [''] : simulationHeader(r)),
    `${r.dueItems} hạn, ${r.completed} hoàn thành; ${r.eventCount} tin.`,
    '',
  ];
  if (!options.listed && r.events.length > 0) {
    lines.push(r.events.length < r.eventCount ? `${r.events.length} tin đầu tiên (--examples N để xem thêm, --all để xem tất cả):` : 'Các tin:');
    for (const e of r.events) lines.push(eventLine(e));
    if (r.events.length < r.eventCount) lines.push(`… và ${r.eventCount - r.events.length} tin khác.`);
    lines.push('');
  }
  lines.push('Theo tháng:');
  for (const [month, kinds] of Object.entries(r.totals.byMonth).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const total = Object.values(kinds).reduce((a, n) => a + n, 0);
    lines.push(`  ${month}: ${total} tin (${kindCounts(kinds)})`);
  }
  lines.push('Tổng theo loại:');
  for (const [k, n] of Object.entries(r.totals.byKind).sort(([a], [b]) => (KIND_ORDER[a] ?? 9) - (KIND_ORDER[b] ?? 9))) lines.push(`  ${KIND_VI[k] ?? k}: ${n}`);
  lines.push('Tổng theo đơn vị:');
  for (const [u, kinds] of Object.entries(r.totals.byUnit).sort(([a], [b]) => a.localeCompare(b, 'vi'))) lines.push(`  ${u}: ${kindCounts(kinds)}`);
  return lines.join('\n') + '\n';
}

function simulationHeader(r: Pick<SimulationResult, 'plan' | 'from' | 'to' | 'doneRate'>): string[] {
  return [
    `Mô phỏng kế hoạch ${r.plan.id}: ${r.plan.title} (${r.plan.province})`,
    `Từ ${r.from} đến ${r.to}; tỷ lệ hoàn thành giả định ${Math.round(r.doneRate * 100)}%.`,
    'Không gửi tin nào; không thay đổi gì trong cơ sở dữ liệu (mô phỏng trong bộ nhớ).',
  ];
}

/** Writes, waiting when the output is full (a year's listing is larger than any buffer should be). */
async function write(out: NodeJS.WritableStream, text: string): Promise<void> {
  if (!out.write(text)) await once(out, 'drain');
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
    .option('--examples <n>', 'số tin đầu tiên in làm ví dụ', '30')
    .option('--all', 'in mọi tin, lần lượt khi mô phỏng')
    .option('--json', 'in kết quả dạng JSON (mọi tin, lần lượt khi mô phỏng)')
    .action(async (opts: { plan: string; from: string; to: string; doneRate: string; seed?: string; examples: string; all?: boolean; json?: boolean }) => {
      const planId = Number(opts.plan);
      const doneRate = Number(opts.doneRate);
      if (!Number.isInteger(planId) || planId <= 0) throw new CommanderError(2, 'nhacviec.bad-plan', 'Mã kế hoạch không hợp lệ.');
      if (!ISO.test(opts.from) || !ISO.test(opts.to) || opts.from > opts.to)
        throw new CommanderError(2, 'nhacviec.bad-period', 'Khoảng thời gian không hợp lệ (YYYY-MM-DD, từ ≤ đến).');
      if (!(doneRate >= 0 && doneRate <= 1)) throw new CommanderError(2, 'nhacviec.bad-rate', '--done-rate phải từ 0 đến 1.');
      const examples = Number(opts.examples);
      if (!Number.isInteger(examples) || examples < 0) throw new CommanderError(2, 'nhacviec.bad-examples', '--examples phải là số nguyên ≥ 0.');
      const settings = simulationSettingsFor(deps.config);
      const opened = await deps.openDatabase();
      const source = simulationSourceAt(opened.url);
      let snapshot: WorldSnapshot;
      try {
        snapshot = await snapshotForSimulation(source, deps.clock, {
          planId,
          deadline: settings.deadline,
          onDraft: () => deps.stderr.write('Kế hoạch đang là bản nháp: công bố thử trong một bản sao tạm thời của cơ sở dữ liệu…\n'),
        });
      } catch (err) {
        if (err instanceof PlanNotSimulableError) {
          deps.stderr.write(`Lỗi: ${err.message}\n`);
          throw new CommanderError(1, 'nhacviec.no-plan', err.message);
        }
        throw err;
      } finally {
        await source.close();
        await opened.close();
      }
      const clock = new ManualClock(`${opts.from}T00:00:00+07:00`);
      const plan = snapshot.plans.find((p) => p.id === planId)!;
      const head = { plan: { id: plan.id, title: plan.title, province: plan.province }, from: opts.from, to: opts.to, doneRate };
      // Messages are written as the simulation sends them (JSON and --all) and never all held: a year of a province
      // is over a hundred thousand of them.
      let first = true;
      let onEvent: ((e: SimulationEvent) => Promise<void>) | undefined;
      if (opts.json) {
        await write(deps.stdout, `${JSON.stringify(head, null, 2).slice(0, -2)},\n  "events": [`);
        onEvent = async (e) => {
          await write(deps.stdout, `${first ? '' : ','}\n    ${JSON.stringify(e, null, 2).replaceAll('\n', '\n    ')}`);
          first = false;
        };
      } else if (opts.all) {
        await write(deps.stdout, `${simulationHeader(head).join('\n')}\n\n`);
        onEvent = (e) => write(deps.stdout, `${eventLine(e)}\n`);
      }
      // A batch run in a process of its own: the heap follows what is alive (src/infra/heap.ts).
      limitHeapGrowth();
      const result = await simulatePlan(
        { ...settings.run, snapshot, clock },
        {
          planId,
          from: opts.from,
          to: opts.to,
          doneRate,
          ...(opts.seed ? { seed: Number(opts.seed) } : {}),
          keepEvents: opts.json || opts.all ? 0 : examples,
          ...(onEvent ? { onEvent } : {}),
          onProgress: (day, done, total) => {
            if (day.endsWith('-01')) deps.stderr.write(`  mô phỏng ${day} (${done}/${total} ngày)\n`);
          },
        },
      );
      if (opts.json) {
        const { plan: _plan, from: _from, to: _to, doneRate: _rate, events: _events, ...rest } = result;
        const tail = JSON.stringify(rest, null, 2).slice(1);
        await write(deps.stdout, `${first ? '' : '\n  '}],${tail}\n`);
      } else await write(deps.stdout, renderSimulation(result, { listed: opts.all === true }));
    });
}
