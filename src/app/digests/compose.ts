/**
 * Digest texts (pure): stats + translator → pages within Telegram's 4096-character limit.
 */
import type { WorkingCalendar } from '../../domain/calendar/working-calendar.js';
import { workingDaysBetween } from '../../domain/reminders/plan.js';
import type { Translate } from '../../i18n/translator.js';
import { formatDay, TELEGRAM_TEXT_LIMIT } from '../reminders/render.js';
import type { DigestItem, ProvinceOverview, UnitWeek } from './store.js';

/** Leaves room for the page marker. */
const PAGE_BUDGET = TELEGRAM_TEXT_LIMIT - 40;

/** Splits lines into pages under the limit; every page but a single one gets "(trang i/n)". */
export function paginate(lines: readonly string[], t: Translate, locale: string): string[] {
  const pages: string[][] = [[]];
  let size = 0;
  for (const raw of lines) {
    const line = raw.length > PAGE_BUDGET ? `${raw.slice(0, PAGE_BUDGET - 1)}…` : raw;
    if (size + line.length + 1 > PAGE_BUDGET && pages[pages.length - 1]!.length > 0) {
      pages.push([]);
      size = 0;
    }
    pages[pages.length - 1]!.push(line);
    size += line.length + 1;
  }
  if (pages.length === 1) return [pages[0]!.join('\n')];
  return pages.map((p, i) => `${p.join('\n')}\n${t(locale, 'digest-page', { page: i + 1, pages: pages.length })}`);
}

const short = (s: string, n = 90) => {
  const c = s.replace(/\s+/g, ' ').trim();
  return c.length <= n ? c : `${c.slice(0, n - 1)}…`;
};

export function leadershipDigest(
  o: ProvinceOverview,
  previousTotal: number | undefined,
  ctx: { t: Translate; locale: string; today: string; calendar: WorkingCalendar },
): string[] | null {
  const total = o.overdueByUnit.reduce((a, u) => a + u.count, 0);
  if (total === 0) return null;
  const { t, locale: L } = ctx;
  const lines = [t(L, 'digest-leadership-title', { date: formatDay(ctx.today) }), t(L, 'digest-total-overdue', { count: total })];
  if (previousTotal !== undefined) {
    const delta = total - previousTotal;
    lines.push(t(L, 'digest-trend', { delta: delta > 0 ? `+${delta}` : String(delta) }));
  }
  lines.push('', t(L, 'digest-units-ranked'));
  o.overdueByUnit.forEach((u, i) => lines.push(t(L, 'digest-unit-rank-line', { rank: i + 1, unit: u.unitName, count: u.count })));
  if (o.oldest.length > 0) {
    lines.push('', t(L, 'digest-oldest'));
    for (const i of o.oldest) {
      lines.push(
        t(L, 'digest-oldest-line', {
          unit: i.unitName,
          number: i.taskNumber,
          title: short(i.taskTitle),
          date: formatDay(i.dueDate),
          days: Math.max(0, workingDaysBetween(ctx.calendar, i.dueDate, ctx.today)),
        }),
      );
    }
  }
  return paginate(lines, t, L);
}

export function coordinatorDigest(o: ProvinceOverview, ctx: { t: Translate; locale: string; today: string }): string[] | null {
  const c = o.totals;
  if (c.open + c.overdue + c.doneToday + c.pending + c.waiting === 0) return null;
  const { t, locale: L } = ctx;
  const lines = [
    t(L, 'digest-coordinator-title', { date: formatDay(ctx.today) }),
    t(L, 'digest-coordinator-counts', { open: c.open, overdue: c.overdue, doneToday: c.doneToday, pending: c.pending, waiting: c.waiting }),
  ];
  if (o.overdueByUnit.length > 0) {
    lines.push('', t(L, 'digest-units-ranked'));
    o.overdueByUnit.slice(0, 10).forEach((u, i) => lines.push(t(L, 'digest-unit-rank-line', { rank: i + 1, unit: u.unitName, count: u.count })));
  }
  return paginate(lines, t, L);
}

export function unitDigest(w: UnitWeek, ctx: { t: Translate; locale: string; today: string; weekEnd: string }): string[] | null {
  if (w.dueThisWeek.length + w.overdue.length === 0) return null;
  const { t, locale: L } = ctx;
  const item = (i: DigestItem) => t(L, 'digest-item-line', { number: i.taskNumber, title: short(i.taskTitle), date: formatDay(i.dueDate) });
  const lines = [t(L, 'digest-unit-title', { unit: w.unitName, from: formatDay(ctx.today), to: formatDay(ctx.weekEnd) })];
  if (w.overdue.length > 0) lines.push('', t(L, 'digest-overdue'), ...w.overdue.map(item));
  if (w.dueThisWeek.length > 0) lines.push('', t(L, 'digest-due-this-week'), ...w.dueThisWeek.map(item));
  return paginate(lines, t, L);
}
