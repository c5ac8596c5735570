/**
 * Reporting work (✅ ⏳ 🔄): prompts, confirmations, the stamps added to reminder messages, and the notices sent
 * to coordinators, lead units and requesters (pure).
 */
import type { BeginOutcome, CompletionOutcome, DecideCompletionOutcome, ProgressOutcome } from '../../app/bot/completion.js';
import type { ReadDateFailure } from '../../app/bot/dates.js';
import type {
  BeginCounterOutcome,
  BeginExtensionOutcome,
  DecideExtensionOutcome,
  ReasonOutcome,
  RequestOutcome,
} from '../../app/bot/extensions.js';
import type { DueItemView, ExtensionRecord } from '../../app/bot/store.js';
import { day, evidenceSummary, fit, keyboard, relativeStatus, shorten, stateLabel, type Rendered, type RenderContext, type Tr } from './common.js';
import { optionalKeyboard } from './items.js';
import { renderRefused } from './onboarding.js';
import type { Refused } from '../../app/bot/context.js';

function itemHead(item: DueItemView, t: Tr): string {
  return t('bot-item-head', { number: item.taskNumber, title: shorten(item.taskTitle, 300), label: shorten(item.occurrenceLabel, 120) });
}

/** Why an action on an item cannot go ahead: the sender may not, the item is gone, or it is closed. */
type ItemGate = Refused | { kind: 'not_found' } | { kind: 'not_actionable'; item: Pick<DueItemView, 'taskNumber' | 'state'> };

function renderItemGate(outcome: ItemGate, t: Tr): Rendered {
  if (outcome.kind === 'refused') return renderRefused(outcome, t);
  if (outcome.kind === 'not_found') return { text: t('bot-item-not-found') };
  return { text: t('bot-item-not-actionable', { number: outcome.item.taskNumber, state: stateLabel(outcome.item.state, t) }) };
}

/** Answers to a button that starts a question, or why it cannot start. */
export function renderBegin(outcome: BeginOutcome, prompt: 'evidence' | 'progress', t: Tr): Rendered {
  switch (outcome.kind) {
    case 'refused':
    case 'not_found':
    case 'not_actionable':
      return renderItemGate(outcome, t);
    case 'prompt':
      return { text: `${itemHead(outcome.item, t)}\n${t(prompt === 'evidence' ? 'bot-prompt-evidence' : 'bot-prompt-progress')}` };
  }
}

/** The stamp appended to the reminder message a report started from. */
export function renderDoneStamp(state: 'done' | 'pending_approval', summary: string, t: Tr): string {
  return t(state === 'done' ? 'bot-stamp-done' : 'bot-stamp-pending', { evidence: summary });
}

/** The reminder message with a stamp appended (buttons are removed by the caller). */
export function stampedText(original: string | undefined, stamp: string): string | null {
  if (original === undefined || original.trim() === '') return null;
  return fit(`${original}\n\n${stamp}`);
}

export function renderCompletion(outcome: CompletionOutcome, ctx: RenderContext): Rendered {
  const { t } = ctx;
  switch (outcome.kind) {
    case 'refused':
    case 'not_found':
    case 'not_actionable':
      return renderItemGate(outcome, t);
    case 'evidence_missing':
      return { text: t('bot-evidence-missing', { number: outcome.item.taskNumber }) };
    case 'completed': {
      const lines = [t('bot-done-recorded', { number: outcome.item.taskNumber, evidence: evidenceSummary(outcome.evidence, t) })];
      if (outcome.evidence.late) lines.push(t('bot-evidence-late', { date: day(outcome.evidence.documentDate), due: day(outcome.item.dueDate) }));
      lines.push(t(outcome.state === 'pending_approval' ? 'bot-done-awaiting-approval' : 'bot-done-thanks'));
      return { text: lines.join('\n') };
    }
  }
}

/** The coordinator's notice of a completion (with approve / reject buttons when approval is needed). */
export function renderCompletionNotice(outcome: Extract<CompletionOutcome, { kind: 'completed' }>, ctx: RenderContext): Rendered {
  const { t } = ctx;
  const item = outcome.item;
  const lines = [
    t(outcome.state === 'pending_approval' ? 'bot-coord-done-approval-title' : 'bot-coord-done-title', { unit: item.unitName }),
    itemHead(item, t),
    t('bot-coord-due', { date: day(item.dueDate) }),
    t('bot-coord-evidence', { evidence: evidenceSummary(outcome.evidence, t) }),
    t('bot-coord-reporter', { person: outcome.reporterName }),
  ];
  if (outcome.evidence.late) lines.push(t('bot-evidence-late', { date: day(outcome.evidence.documentDate), due: day(item.dueDate) }));
  if (item.role === 'support') lines.push(t('bot-coord-support-role'));
  return { text: fit(lines.join('\n')), ...optionalKeyboard(keyboard([outcome.approvalButtons], t)) };
}

/** The lead unit's notice that a support unit delivered. */
export function renderSupportDelivered(outcome: Extract<CompletionOutcome, { kind: 'completed' }>, ctx: RenderContext): Rendered {
  const item = outcome.item;
  return {
    text: ctx.t('bot-lead-support-done', {
      unit: item.unitName,
      number: item.taskNumber,
      title: shorten(item.taskTitle, 300),
      label: shorten(item.occurrenceLabel, 120),
      evidence: evidenceSummary(outcome.evidence, ctx.t),
    }),
  };
}

export function renderDecideCompletion(outcome: DecideCompletionOutcome, t: Tr): Rendered {
  switch (outcome.kind) {
    case 'refused':
      return renderRefused(outcome, t);
    case 'not_found':
      return { text: t('bot-item-not-found') };
    case 'not_pending':
      return { text: t('bot-already-decided', { state: stateLabel(outcome.state, t) }) };
    case 'decided':
      return { text: t(outcome.approved ? 'bot-stamp-approved' : 'bot-stamp-rejected', { person: outcome.deciderName }) };
  }
}

/** The unit's notice of the coordinator's decision on their completion. */
export function renderCompletionDecisionNotice(outcome: Extract<DecideCompletionOutcome, { kind: 'decided' }>, t: Tr): Rendered {
  return {
    text: `${t(outcome.approved ? 'bot-done-approved' : 'bot-done-rejected', { number: outcome.item.taskNumber })}\n${itemHead(outcome.item, t)}`,
  };
}

export function renderProgress(outcome: ProgressOutcome, t: Tr): Rendered {
  switch (outcome.kind) {
    case 'refused':
    case 'not_found':
    case 'not_actionable':
      return renderItemGate(outcome, t);
    case 'empty':
      return { text: t('bot-prompt-progress') };
    case 'noted':
      return { text: t('bot-progress-saved', { number: outcome.item.taskNumber }) };
  }
}

export function renderDateFailure(reason: ReadDateFailure, t: Tr): string {
  return t(`bot-date-${reason.replace(/_/g, '-')}`);
}

export function renderBeginExtension(outcome: BeginExtensionOutcome, ctx: RenderContext): Rendered {
  const { t } = ctx;
  switch (outcome.kind) {
    case 'refused':
    case 'not_found':
    case 'not_actionable':
      return renderItemGate(outcome, t);
    case 'already_pending':
      return { text: t('bot-extension-already-pending', { number: outcome.item.taskNumber, date: day(outcome.request.proposedDate) }) };
    case 'prompt_reason':
      return {
        text: `${itemHead(outcome.item, t)}\n${t('bot-prompt-extension-reason', { due: day(outcome.item.dueDate), status: relativeStatus(outcome.item, ctx) })}`,
      };
  }
}

export function renderReason(outcome: ReasonOutcome, t: Tr): Rendered {
  switch (outcome.kind) {
    case 'empty':
      return { text: t('bot-prompt-extension-reason-again') };
    case 'not_found':
      return { text: t('bot-item-not-found') };
    case 'prompt_date':
      return { text: t('bot-prompt-extension-date', { due: day(outcome.item.dueDate) }) };
  }
}

export function renderRequest(outcome: RequestOutcome, t: Tr): Rendered {
  switch (outcome.kind) {
    case 'refused':
    case 'not_found':
    case 'not_actionable':
      return renderItemGate(outcome, t);
    case 'date_invalid':
      return { text: renderDateFailure(outcome.reason, t) };
    case 'date_not_later':
      return { text: t('bot-date-not-later', { date: day(outcome.date.nominalDue), due: day(outcome.item.nominalDue ?? outcome.item.dueDate) }) };
    case 'already_pending':
      return { text: t('bot-extension-already-pending', { number: outcome.item.taskNumber, date: day(outcome.request.proposedDate) }) };
    case 'requested':
      return { text: t('bot-extension-sent', { number: outcome.item.taskNumber, date: day(outcome.date.nominalDue) }) };
  }
}

function historyLine(e: ExtensionRecord, t: Tr): string {
  const status = e.status === 'countered' ? t('bot-ext-status-countered', { date: day(e.counterDate) }) : t(`bot-ext-status-${e.status}`);
  return t('bot-history-line', { date: day(e.createdAt.toISOString().slice(0, 10)), proposed: day(e.proposedDate), status });
}

/** The coordinator's notice of an extension request, with Approve / Reject / Counter-propose. */
export function renderExtensionNotice(outcome: Extract<RequestOutcome, { kind: 'requested' }>, ctx: RenderContext): Rendered {
  const { t } = ctx;
  const item = outcome.item;
  const lines = [
    t('bot-coord-extension-title', { unit: item.unitName }),
    itemHead(item, t),
    t('bot-coord-extension-due', { due: day(item.dueDate), status: relativeStatus(item, ctx) }),
    t('bot-coord-extension-proposed', { date: day(outcome.date.nominalDue), basis: outcome.date.basis }),
    t('bot-coord-extension-reason', { reason: shorten(outcome.request.reason, 1000) }),
    t('bot-coord-reporter', { person: outcome.request.requestedByName ?? '—' }),
  ];
  if (outcome.history.length > 0) {
    lines.push(t('bot-coord-extension-history'));
    for (const e of outcome.history) lines.push(historyLine(e, t));
  }
  return { text: fit(lines.join('\n')), ...optionalKeyboard(keyboard([outcome.buttons], t)) };
}

export function renderDecideExtension(outcome: DecideExtensionOutcome, t: Tr): Rendered {
  switch (outcome.kind) {
    case 'refused':
      return renderRefused(outcome, t);
    case 'not_found':
      return { text: t('bot-item-not-found') };
    case 'not_pending':
      return { text: t('bot-already-decided', { state: outcome.request === null ? '—' : t(`bot-ext-status-${outcome.request.status}`, { date: day(outcome.request.counterDate) }) }) };
    case 'date_invalid':
      return { text: renderDateFailure(outcome.reason, t) };
    case 'decided':
      return { text: extensionStamp(outcome, t) };
  }
}

/** The stamp on the coordinator's message once decided. */
export function extensionStamp(outcome: Extract<DecideExtensionOutcome, { kind: 'decided' }>, t: Tr): string {
  return t(`bot-stamp-ext-${outcome.decision}`, { date: day(outcome.date?.nominalDue), person: outcome.deciderName });
}

/** The unit's notice of the decision on its extension request. */
export function renderExtensionDecisionNotice(outcome: Extract<DecideExtensionOutcome, { kind: 'decided' }>, t: Tr): Rendered {
  const item = outcome.item;
  const key = outcome.decision === 'approve' ? 'bot-ext-result-approved' : outcome.decision === 'counter' ? 'bot-ext-result-countered' : 'bot-ext-result-rejected';
  return {
    text: `${t(key, {
      number: item.taskNumber,
      date: day(outcome.date?.nominalDue),
      due: day(item.dueDate),
      proposed: day(outcome.request.proposedDate),
      person: outcome.deciderName,
    })}\n${itemHead(item, t)}`,
  };
}

export function renderBeginCounter(outcome: BeginCounterOutcome, t: Tr): Rendered {
  switch (outcome.kind) {
    case 'refused':
      return renderRefused(outcome, t);
    case 'not_found':
      return { text: t('bot-item-not-found') };
    case 'not_pending':
      return { text: t('bot-already-decided', { state: outcome.request === null ? '—' : t(`bot-ext-status-${outcome.request.status}`, { date: day(outcome.request.counterDate) }) }) };
    case 'prompt_counter':
      return {
        text: t('bot-prompt-counter', {
          number: outcome.item.taskNumber,
          unit: outcome.item.unitName,
          proposed: day(outcome.request.proposedDate),
          due: day(outcome.item.dueDate),
        }),
      };
  }
}
