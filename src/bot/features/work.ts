/**
 * The buttons of a reminder and of a detail view (✅ Hoàn thành, ⏳ Xin gia hạn, 🔄 Đang thực hiện) and the
 * coordinator's decisions (approve / reject a completion; approve / reject / counter-propose an extension).
 * The follow-ups of an answered question (evidence, date) are sent from here too, for src/bot/features/inputs.ts.
 */
import { Composer } from 'grammy';
import type { CompletionOutcome } from '../../app/bot/completion.js';
import type { DecideExtensionOutcome, RequestOutcome } from '../../app/bot/extensions.js';
import type { PressOrigin } from '../../app/bot/callbacks.js';
import { answer, renderContext, reply, trOf, whoOf, type BotContext, type FeatureDeps } from '../context.js';
import { day, evidenceSummary, type Rendered } from '../render/common.js';
import {
  extensionStamp,
  renderBegin,
  renderBeginCounter,
  renderBeginExtension,
  renderCompletion,
  renderCompletionDecisionNotice,
  renderCompletionNotice,
  renderDecideCompletion,
  renderDecideExtension,
  renderDoneStamp,
  renderExtensionDecisionNotice,
  renderExtensionNotice,
  renderRequest,
  renderSupportDelivered,
} from '../render/work.js';
import { onAction } from './callbacks.js';

/** Placeholder shown in the input field while the bot waits for evidence. */
const EVIDENCE_PLACEHOLDER = 'QĐ số 123/QĐ-UBND ngày 15/3/2024';

export function createWorkFeature(deps: FeatureDeps): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  const { service } = deps;

  onAction(composer, 'done', async (ctx) => {
    const outcome = await service.beginCompletion(whoOf(ctx), ctx.callbackToken, ctx.pressOrigin ?? null);
    const rendered = renderBegin(outcome, 'evidence', trOf(ctx));
    if (outcome.kind !== 'prompt') {
      await answer(ctx, rendered.text, true);
      return;
    }
    await ask(ctx, ctx.t('bot-alert-evidence'), rendered, EVIDENCE_PLACEHOLDER);
  });

  onAction(composer, 'progress', async (ctx) => {
    const outcome = await service.beginProgress(whoOf(ctx), ctx.callbackToken);
    const rendered = renderBegin(outcome, 'progress', trOf(ctx));
    if (outcome.kind !== 'prompt') {
      await answer(ctx, rendered.text, true);
      return;
    }
    await ask(ctx, ctx.t('bot-alert-progress'), rendered);
  });

  onAction(composer, 'extend', async (ctx) => {
    const outcome = await service.beginExtension(whoOf(ctx), ctx.callbackToken, ctx.pressOrigin ?? null);
    const rendered = renderBeginExtension(outcome, renderContext(ctx, deps, service.core.today()));
    if (outcome.kind !== 'prompt_reason') {
      await answer(ctx, rendered.text, true);
      return;
    }
    await ask(ctx, ctx.t('bot-alert-extension-reason', { due: day(outcome.item.dueDate) }), rendered);
  });

  onAction(composer, ['approve_done', 'reject_done'], async (ctx) => {
    const approve = ctx.callbackToken.action === 'approve_done';
    const outcome = await service.decideCompletion(whoOf(ctx), ctx.callbackToken, approve);
    const text = renderDecideCompletion(outcome, trOf(ctx)).text;
    if (outcome.kind !== 'decided') {
      await answer(ctx, text, true);
      return;
    }
    await answer(ctx, text);
    if (ctx.callbackToken.payload.list === true) await ctx.reply(`${text}: ${outcome.item.taskNumber} — ${outcome.item.unitName}`);
    else await deps.notifier.stamp(ctx.pressOrigin, text);
    await deps.notifier.notify(outcome.unitTargets, (t) => renderCompletionDecisionNotice(outcome, t));
  });

  onAction(composer, ['ext_approve', 'ext_reject'], async (ctx) => {
    const outcome = await service.decideExtension(whoOf(ctx), ctx.callbackToken, ctx.callbackToken.action === 'ext_approve');
    await deliverExtensionDecision(ctx, deps, outcome, ctx.callbackToken.payload.list === true ? null : (ctx.pressOrigin ?? null));
  });

  onAction(composer, 'ext_counter', async (ctx) => {
    const listed = ctx.callbackToken.payload.list === true;
    const outcome = await service.beginCounter(whoOf(ctx), ctx.callbackToken, listed ? null : (ctx.pressOrigin ?? null));
    const rendered = renderBeginCounter(outcome, trOf(ctx));
    if (outcome.kind !== 'prompt_counter') {
      await answer(ctx, rendered.text, true);
      return;
    }
    await answer(ctx);
    await reply(ctx, rendered, { forceReply: true });
  });

  return composer;
}

/**
 * Asks the question a button starts. In a private chat the question is the answer to the press (an alert): no
 * message is created, so a burst of presses after a reminder wave stays clear of Telegram's limit of about 30 new
 * messages per second, and the chat stays short. In a group the bot only sees replies to its own messages (privacy
 * mode), so it asks with a message that opens a reply.
 */
async function ask(ctx: BotContext, alert: string, rendered: Rendered, placeholder?: string): Promise<void> {
  if (ctx.chat?.type === 'private') {
    await answer(ctx, alert, true);
    return;
  }
  await answer(ctx);
  await reply(ctx, rendered, { forceReply: true, ...(placeholder === undefined ? {} : { placeholder }) });
}

/** After evidence arrived: confirm, stamp the reminder, tell the coordinators (and the lead unit for support). */
export async function deliverCompletion(ctx: BotContext, deps: FeatureDeps, outcome: CompletionOutcome): Promise<void> {
  const today = deps.service.core.today();
  const rendered = renderCompletion(outcome, renderContext(ctx, deps, today));
  if (outcome.kind === 'evidence_missing') {
    await reply(ctx, rendered, { forceReply: true, placeholder: EVIDENCE_PLACEHOLDER });
    return;
  }
  if (outcome.kind !== 'completed') {
    await reply(ctx, rendered);
    return;
  }
  await deps.notifier.stamp(outcome.origin, renderDoneStamp(outcome.state, evidenceSummary(outcome.evidence, trOf(ctx)), trOf(ctx)));
  await reply(ctx, rendered);
  const me = whoOf(ctx).chat.id;
  await deps.notifier.notify(outcome.coordinators, (t) => renderCompletionNotice(outcome, { t, calendar: deps.calendar, today }), me);
  if (outcome.leadTargets.length > 0) {
    await deps.notifier.notify(outcome.leadTargets, (t) => renderSupportDelivered(outcome, { t, calendar: deps.calendar, today }), me);
  }
}

/** After the proposed date arrived: confirm and send the request to the coordinators. */
export async function deliverExtensionRequest(ctx: BotContext, deps: FeatureDeps, outcome: RequestOutcome): Promise<void> {
  const today = deps.service.core.today();
  const rendered = renderRequest(outcome, trOf(ctx));
  const retry = outcome.kind === 'date_invalid' || outcome.kind === 'date_not_later';
  await reply(ctx, rendered, { forceReply: retry });
  if (outcome.kind === 'requested') {
    await deps.notifier.notify(outcome.coordinators, (t) => renderExtensionNotice(outcome, { t, calendar: deps.calendar, today }), whoOf(ctx).chat.id);
  }
}

/** After a decision on an extension (button or counter date): stamp the request message, tell the unit. */
export async function deliverExtensionDecision(
  ctx: BotContext,
  deps: FeatureDeps,
  outcome: DecideExtensionOutcome,
  origin: PressOrigin | null,
): Promise<void> {
  const t = trOf(ctx);
  const text = renderDecideExtension(outcome, t).text;
  if (ctx.callbackQuery !== undefined) await answer(ctx, text, outcome.kind !== 'decided');
  if (outcome.kind !== 'decided') {
    if (ctx.callbackQuery === undefined) await reply(ctx, { text }, { forceReply: outcome.kind === 'date_invalid' });
    return;
  }
  const stamp = extensionStamp(outcome, t);
  if (origin !== null) await deps.notifier.stamp(origin, stamp);
  else await ctx.reply(`${stamp}: ${outcome.item.taskNumber} — ${outcome.item.unitName}`);
  await deps.notifier.notify(outcome.unitTargets, (tr) => renderExtensionDecisionNotice(outcome, tr));
}
