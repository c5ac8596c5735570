/**
 * `nhacviec plan show|assign|proposals|choose|set-date`: the coordinator's decisions on a stored plan. Thin: parses
 * options, calls src/app/plan-review.ts, renders. Exit codes as in plan-command.ts (1: refused, nothing written).
 */
import type { Command } from 'commander';
import { calendarForConfig } from '../../config/holidays/load.js';
import type { PlanPorts } from '../app/plan-ports.js';
import { assignUnits, chooseReading, decideProposals, type PublicationChange, ReviewError, setManualDate, showPlan, type TaskUnits } from '../app/plan-review.js';
import { planPortsOn } from '../plan-wiring.js';
import { type CommandDeps, deadlineOf, fail } from './plan-command.js';

const STATUS_VI = { pending: 'chưa quyết định', accepted: 'đã nhận', rejected: 'đã bỏ' } as const;
const KIND_VI = { units: 'đơn vị', deadline: 'thời hạn', proposal: 'đề xuất', date: 'ngày', event: 'sự kiện', reading: 'cách hiểu thời hạn' } as const;
/** Tasks relying on defaults listed by `plan show` without --tasks (the rest are counted). */
const DEFAULTS_SHOWN = 15;
const TASK_STATUS_VI = {
  task: '',
  'proposal-pending': '[đề xuất, chưa quyết định] ',
  'proposal-accepted': '[đề xuất, đã nhận] ',
  'proposal-rejected': '[đề xuất, đã bỏ] ',
  withdrawn: '[đã rút khỏi kế hoạch] ',
} as const;

/** Names, the first few of a long list (a group expands to tens or hundreds of units). */
function names(list: readonly string[], max = 6): string {
  return list.length <= max ? list.join(', ') : `${list.slice(0, max).join(', ')} và ${list.length - max} đơn vị khác`;
}

function units(u: TaskUnits): string {
  const lead = u.lead.length > 0 ? names(u.lead) : '(chưa có)';
  return u.support.length > 0 ? `chủ trì: ${lead}; phối hợp: ${names(u.support)}` : `chủ trì: ${lead}`;
}

/** Registers the review subcommands on the `plan` command. */
export function registerPlanReviewCommands(plan: Command, deps: CommandDeps): void {
  const withDb = async <T>(json: boolean, planArg: string, fn: (planId: number, ports: PlanPorts) => Promise<T>): Promise<T> => {
    if (!/^\d+$/.test(planArg)) fail(deps, json, 'bad-plan', `Mã kế hoạch "${planArg}" phải là số.`);
    const database = await deps.openDatabase();
    try {
      return await fn(Number(planArg), planPortsOn(database));
    } catch (err) {
      if (err instanceof ReviewError) fail(deps, json, 'review', err.message, err.details);
      throw err;
    } finally {
      await database.close();
    }
  };
  const print = (json: boolean, data: unknown, lines: () => string[]) =>
    deps.stdout.write(json ? `${JSON.stringify(data, null, 2)}\n` : `${lines().join('\n')}\n`);
  const publicationLine = (p: PublicationChange) =>
    `  Kế hoạch đã công bố, đã cập nhật ngay: ${p.assignmentsCreated} phân công mới, ${p.dueItemsCreated} hạn mới, ${p.dueItemsWaived} hạn được miễn (đơn vị/nhiệm vụ không còn giao; các hạn đã hoàn thành giữ nguyên).`;

  plan
    .command('show')
    .description('xem một kế hoạch và những việc còn chờ điều phối viên quyết định')
    .argument('<plan>', 'mã kế hoạch')
    .option('--tasks', 'in cả từng nhiệm vụ: đơn vị, thời hạn máy hiểu, các hạn đầu tiên', false)
    .option('--json', 'in dạng JSON', false)
    .action(async (planArg: string, o: { tasks: boolean; json: boolean }) => {
      const r = await withDb(o.json, planArg, (planId, ports) => showPlan(ports, { planId, deadline: deadlineOf(deps), tasks: o.tasks }));
      print(o.json, r, () => {
        const period = r.period.startYear === r.period.endYear ? `${r.period.startYear}` : `${r.period.startYear}–${r.period.endYear}`;
        const lines = [
          `Kế hoạch ${r.planId} (${r.province}, ${period}, ${r.status}): ${r.title}`,
          `  ${r.tasks.total} nhiệm vụ của bảng, ${r.tasks.proposals} đề xuất từ văn bản; sẽ công bố ${r.tasks.publishable}` +
            `${r.tasks.withdrawn > 0 ? `; ${r.tasks.withdrawn} đã bỏ (bản sửa đổi)` : ''}` +
            `${r.tasks.assignedByCoordinator > 0 ? `; ${r.tasks.assignedByCoordinator} do điều phối viên phân công` : ''}.`,
        ];
        if (r.taskViews) {
          lines.push('  Nhiệm vụ:');
          for (const v of r.taskViews) {
            lines.push(`    ${v.task.padEnd(8)} ${TASK_STATUS_VI[v.status]}${v.title.slice(0, 70)}`);
            lines.push(`             ${units(v.units)}${v.units.chosenByCoordinator ? ' (điều phối viên chọn)' : ''}`);
            lines.push(`             thời hạn: ${v.deadlineText ?? '(không ghi)'}${v.deadline ? ` → ${v.deadline}` : ''}`);
            for (const d of v.defaults) lines.push(`             mặc định: ${d.message} (nguồn: ${d.source})`);
            if (v.readings)
              for (const rd of v.readings)
                lines.push(`             cách hiểu ${rd.reading}${rd.reading === (v.chosenReading ?? null) ? ' (đã chọn)' : ''}: ${rd.explanation} [${rd.note}]`);
            if (v.firstDue.length > 0)
              lines.push(`             hạn đầu: ${v.firstDue.map((d) => `${d.due.split('-').reverse().join('/')} (${d.label})`).join('; ')}${v.occurrences > v.firstDue.length ? ` … (${v.occurrences} kỳ)` : ''}`);
          }
        }
        if (r.decisions.length === 0) lines.push('  Không còn việc nào chờ quyết định.');
        else {
          lines.push(`  Chờ quyết định (${r.decisions.length}):`);
          for (const d of r.decisions) {
            lines.push(`    ${d.task.padEnd(8)} [${KIND_VI[d.kind]}] ${d.title.slice(0, 60)}`);
            lines.push(`             ${d.message}`);
            for (const rd of d.readings ?? []) lines.push(`             (${rd.reading}) ${rd.explanation} [${rd.note}]`);
            lines.push(`             → ${d.hint}`);
          }
        }
        if (r.defaults.length > 0) {
          // Not decisions: the dates are computed, but from a default, so the coordinator should look at them.
          const head = `  Ngày/kỳ lấy theo mặc định, không ghi trong văn bản (${r.defaults.length} nhiệm vụ), cần kiểm tra`;
          // With --tasks every task above shows its own ("mặc định: …").
          lines.push(r.taskViews ? `${head}: xem các dòng "mặc định" ở trên.` : `${head}:`);
          const shown = r.taskViews ? [] : r.defaults.slice(0, DEFAULTS_SHOWN);
          for (const t of shown) {
            lines.push(`    ${t.task.padEnd(8)} ${t.title.slice(0, 60)}`);
            for (const d of t.defaults) lines.push(`             ${d.message} (nguồn: ${d.source})`);
          }
          if (!r.taskViews && shown.length < r.defaults.length) lines.push(`    … và ${r.defaults.length - shown.length} nhiệm vụ khác (xem --tasks hoặc --json).`);
        }
        return lines;
      });
    });

  plan
    .command('assign')
    .description('chọn đơn vị cho một nhiệm vụ mà văn bản không chỉ rõ (vd. "các đơn vị liên quan")')
    .argument('<plan>', 'mã kế hoạch')
    .argument('<task>', 'số thứ tự nhiệm vụ như trong báo cáo, vd. II.4')
    // Variadic, as the README shows it (`--support A B`); repeating the option or commas work too.
    .option('--lead <unit...>', 'đơn vị chủ trì: mã, tên hoặc nhóm (nhiều đơn vị: cách nhau bằng dấu cách, dấu phẩy, hoặc lặp lại)', [])
    .option('--support <unit...>', 'đơn vị phối hợp (nhiều đơn vị: cách nhau bằng dấu cách, dấu phẩy, hoặc lặp lại)', [])
    .option('--clear', 'bỏ lựa chọn của điều phối viên, dùng lại đơn vị đọc từ văn bản', false)
    .option('--json', 'in dạng JSON', false)
    .action(async (planArg: string, taskArg: string, o: { lead: string[]; support: string[]; clear: boolean; json: boolean }) => {
      if (o.clear && (o.lead.length > 0 || o.support.length > 0)) fail(deps, o.json, 'bad-option', 'Dùng --clear hoặc --lead/--support, không dùng cả hai.');
      const r = await withDb(o.json, planArg, (planId, ports) =>
        assignUnits(ports, deps.clock, { planId, task: taskArg, lead: o.lead, support: o.support, clear: o.clear, deadline: deadlineOf(deps), actor: deps.actor ?? 'cli' }),
      );
      print(o.json, r, () => {
        const lines = [`${o.clear ? 'Đã bỏ lựa chọn đơn vị' : 'Đã phân công'} nhiệm vụ ${r.task}: ${r.title.slice(0, 70)}`, `  trước: ${units(r.before)}`, `  nay:   ${units(r.after)}`];
        for (const p of r.problems) lines.push(`  [${p.severity === 'error' ? 'LỖI' : 'CẢNH BÁO'}] ${p.message}`);
        if (r.publication) lines.push(publicationLine(r.publication));
        return lines;
      });
    });

  plan
    .command('proposals')
    .description('các nhiệm vụ đề xuất đọc từ phần văn bản: liệt kê, nhận hoặc bỏ từng cái')
    .argument('<plan>', 'mã kế hoạch')
    .option('--accept <task...>', 'nhận các đề xuất này (số thứ tự, vd. ĐX1; "all" = tất cả)')
    .option('--reject <task...>', 'bỏ các đề xuất này')
    .option('--json', 'in dạng JSON', false)
    .action(async (planArg: string, o: { accept?: string[]; reject?: string[]; json: boolean }) => {
      const r = await withDb(o.json, planArg, (planId, ports) =>
        decideProposals(ports, deps.clock, { planId, ...(o.accept ? { accept: o.accept } : {}), ...(o.reject ? { reject: o.reject } : {}), deadline: deadlineOf(deps), actor: deps.actor ?? 'cli' }),
      );
      print(o.json, r, () => {
        if (r.proposals.length === 0) return [`Kế hoạch ${r.planId} không có đề xuất nào.`];
        const lines = [`Đề xuất của kế hoạch ${r.planId} (${r.proposals.length}):`];
        for (const p of r.proposals) {
          lines.push(`  ${p.task.padEnd(6)} [${STATUS_VI[p.status]}] ${p.title.slice(0, 70)}`);
          lines.push(`         hạn: ${p.deadlineText ?? '(không ghi)'}; ${units(p.units)}`);
        }
        if (r.changed.length > 0) {
          lines.push(`Đã ghi quyết định: ${r.changed.join(', ')}.`);
          if (r.publication) lines.push(publicationLine(r.publication));
        }
        return lines;
      });
    });

  plan
    .command('choose')
    .description('chọn cách hiểu cho một thời hạn có hai cách hiểu đều hợp lý (xem "plan show")')
    .argument('<plan>', 'mã kế hoạch')
    .argument('<task>', 'số thứ tự nhiệm vụ, vd. II.4')
    .argument('[reading]', 'số của cách hiểu như "plan show" liệt kê (1, 2, …)')
    .option('--clear', 'bỏ lựa chọn (trở lại chờ quyết định; công bố dùng cách 1 chỉ khi --accept-problems)', false)
    .option('--json', 'in dạng JSON', false)
    .action(async (planArg: string, taskArg: string, readingArg: string | undefined, o: { clear: boolean; json: boolean }) => {
      if (o.clear === (readingArg !== undefined)) fail(deps, o.json, 'bad-option', 'Cần số của cách hiểu, hoặc --clear (không dùng cả hai).');
      if (readingArg !== undefined && !/^\d{1,2}$/.test(readingArg)) fail(deps, o.json, 'bad-option', `Cách hiểu "${readingArg}" phải là số (1, 2, …).`);
      const r = await withDb(o.json, planArg, (planId, ports) =>
        chooseReading(ports, deps.clock, {
          planId,
          task: taskArg,
          reading: readingArg === undefined ? null : Number(readingArg),
          deadline: deadlineOf(deps),
          actor: deps.actor ?? 'cli',
        }),
      );
      print(o.json, r, () => {
        const lines = [
          r.chosen === null
            ? `Đã bỏ lựa chọn cách hiểu của nhiệm vụ ${r.task} (${r.title.slice(0, 60)}): lại chờ quyết định.`
            : `Đã chọn cách hiểu ${r.chosen} cho thời hạn của nhiệm vụ ${r.task} (${r.title.slice(0, 60)}): "${r.deadlineText ?? ''}".`,
        ];
        for (const rd of r.readings) lines.push(`  ${rd.reading === r.chosen ? '→' : ' '} (${rd.reading}) ${rd.explanation} [${rd.note}]`);
        if (r.firstDue.length > 0) lines.push(`  Hạn đầu: ${r.firstDue.map((d) => `${d.due.split('-').reverse().join('/')} (${d.label})`).join('; ')}`);
        if (r.publication) lines.push(publicationLine(r.publication));
        return lines;
      });
    });

  plan
    .command('set-date')
    .description('đặt ngày cho nhiệm vụ "theo yêu cầu" đã công bố (như /dathan trong bot)')
    .argument('<plan>', 'mã kế hoạch')
    .argument('<task>', 'số thứ tự nhiệm vụ, vd. III.2')
    .argument('<date>', 'ngày, vd. 15/03/2025')
    .option('--json', 'in dạng JSON', false)
    .action(async (planArg: string, taskArg: string, date: string, o: { json: boolean }) => {
      const r = await withDb(o.json, planArg, (planId, ports) =>
        setManualDate(ports, deps.clock, {
          planId,
          task: taskArg,
          date,
          calendar: calendarForConfig(deps.config),
          zone: deps.config.domain.timeZone,
          actor: deps.actor ?? 'cli',
        }),
      );
      print(o.json, r, () => [
        `Đã đặt hạn nhiệm vụ ${r.task} (${r.title.slice(0, 60)}): ngày ${r.nominalDue}${r.dueDate !== r.nominalDue ? ` (nhắc theo ngày làm việc ${r.dueDate})` : ''}; ${r.dated} hạn của các đơn vị.`,
      ]);
    });
}
