/**
 * `/viec`, `/quahan`, `/lich` and 📄 Chi tiết (pure).
 */
import type { DetailOutcome, ListOutcome } from '../../app/bot/items.js';
import type { DueItemView, ExtensionRecord } from '../../app/bot/store.js';
import {
  day,
  evidenceSummary,
  fit,
  isOverdue,
  keyboard,
  relativeStatus,
  rowsOf,
  shorten,
  stateLabel,
  type Rendered,
  type RenderContext,
  type Tr,
} from './common.js';

/** The one line (two, with the due day) of an item in a list. */
export function renderListItem(item: DueItemView, index: number, ctx: RenderContext): string {
  const mark = isOverdue(item, ctx.today) ? '🔴 ' : item.state === 'pending_approval' ? '🕓 ' : '';
  return ctx.t('bot-list-item', {
    index,
    mark,
    number: item.taskNumber,
    title: shorten(item.taskTitle, 160),
    label: shorten(item.occurrenceLabel, 80),
    date: day(item.dueDate),
    status: relativeStatus(item, ctx),
  });
}

export function renderList(outcome: Extract<ListOutcome, { kind: 'list' }>, ctx: RenderContext): Rendered {
  const { t } = ctx;
  const units = [...new Set(outcome.units.map((u) => u.unitName))].join(', ');
  if (outcome.items.length === 0) return { text: t(`bot-list-empty-${outcome.view}`, { units }) };
  const lines = [t(`bot-list-title-${outcome.view}`, { units, count: outcome.total })];
  outcome.items.forEach((item, i) => lines.push(renderListItem(item, i + 1, ctx)));
  if (outcome.total > outcome.items.length) lines.push(t('bot-list-more', { count: outcome.total - outcome.items.length }));
  lines.push(t('bot-list-hint'));
  return { text: fit(lines.join('\n')), ...optionalKeyboard(keyboard(rowsOf(outcome.buttons, 5), t)) };
}

export function renderNoUnits(outcome: Extract<ListOutcome, { kind: 'no_units' }>, t: Tr): Rendered {
  if (!outcome.registered) return { text: t('bot-refused-not-registered') };
  return { text: t(outcome.coordinator ? 'bot-list-no-units-coordinator' : 'bot-refused-not-member') };
}

function extensionLine(e: ExtensionRecord, t: Tr): string {
  const status =
    e.status === 'countered' ? t('bot-ext-status-countered', { date: day(e.counterDate) }) : t(`bot-ext-status-${e.status}`);
  return t('bot-detail-extension-line', { date: day(e.createdAt.toISOString().slice(0, 10)), proposed: day(e.proposedDate), status, reason: shorten(e.reason, 200) });
}

export function renderDetail(outcome: Extract<DetailOutcome, { kind: 'detail' }>, ctx: RenderContext): Rendered {
  const { t } = ctx;
  const { item, siblings, extensions, notes } = outcome.detail;
  const lines: string[] = [t('bot-detail-title', { number: item.taskNumber }), shorten(item.taskTitle, 1200)];
  if (item.taskOutput) lines.push(t('bot-detail-output', { output: shorten(item.taskOutput, 500) }));
  lines.push(t('bot-detail-plan', { plan: shorten(item.planTitle, 200) }));
  lines.push(t('bot-detail-occurrence', { label: shorten(item.occurrenceLabel, 200) }));
  if (item.deadlineText) lines.push(t('bot-detail-deadline-text', { text: shorten(item.deadlineText, 300) }));
  if (outcome.deadlineReading) lines.push(t('bot-detail-deadline-reading', { text: shorten(outcome.deadlineReading, 300) }));
  if (item.dueDate !== null) {
    lines.push(t('bot-detail-due', { date: day(item.dueDate), status: relativeStatus(item, ctx) }));
    if (item.nominalDue !== null && item.nominalDue !== item.dueDate) lines.push(t('bot-detail-nominal', { date: day(item.nominalDue) }));
  } else {
    lines.push(t('bot-detail-no-date', { status: stateLabel(item.state, t) }));
  }
  const lead = item.role === 'lead' ? [item.unitName] : siblings.filter((s) => s.role === 'lead').map((s) => s.unitName);
  lines.push(t('bot-detail-lead', { units: lead.length > 0 ? lead.join(', ') : '—' }));
  const supports = siblings.filter((s) => s.role === 'support');
  if (item.role === 'support') lines.push(t('bot-detail-your-role-support', { unit: item.unitName }));
  if (supports.length > 0) {
    lines.push(t('bot-detail-support-title'));
    for (const s of supports) {
      const delivered = s.state === 'done' || s.state === 'pending_approval';
      lines.push(t(delivered ? 'bot-detail-support-delivered' : 'bot-detail-support-missing', { unit: s.unitName, state: stateLabel(s.state, t) }));
    }
  }
  lines.push(t('bot-detail-state', { state: stateLabel(item.state, t) }));
  if (item.evidence !== null) lines.push(t('bot-detail-evidence', { evidence: evidenceSummary(item.evidence, t) }));
  if (extensions.length > 0) {
    lines.push(t('bot-detail-extensions-title'));
    for (const e of extensions) lines.push(extensionLine(e, t));
  }
  if (notes.length > 0) {
    lines.push(t('bot-detail-notes-title'));
    for (const n of notes) {
      lines.push(t('bot-detail-note-line', { date: day(n.createdAt.toISOString().slice(0, 10)), person: n.personName ?? t('bot-detail-note-system'), text: shorten(n.text, 300) }));
    }
  }
  const missing: string[] = [];
  if (item.state === 'open' || item.state === 'overdue' || item.state === 'extended') missing.push(t('bot-detail-missing-evidence'));
  const notDelivered = supports.filter((s) => !(s.state === 'done' || s.state === 'pending_approval' || s.state === 'waived'));
  if (item.role === 'lead' && notDelivered.length > 0) missing.push(t('bot-detail-missing-support', { units: notDelivered.map((s) => s.unitName).join(', ') }));
  if (item.state === 'pending_approval') missing.push(t('bot-detail-missing-approval'));
  if (missing.length > 0) lines.push(t('bot-detail-missing', { list: missing.join('; ') }));
  return { text: fit(lines.join('\n')), ...optionalKeyboard(keyboard([outcome.buttons.slice(0, 2), outcome.buttons.slice(2)], t)) };
}

/** `{ keyboard }` when there is one, else nothing (exactOptionalPropertyTypes-friendly). */
export function optionalKeyboard(k: Rendered['keyboard']): Pick<Rendered, 'keyboard'> {
  return k === undefined ? {} : { keyboard: k };
}
