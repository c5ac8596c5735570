/**
 * The coordinator's commands (`/sukien`, `/dathan`, `/duyet`, `/tongquan`) and the leaders' `/baocao`.
 */
import { Composer } from 'grammy';
import { answer, reply, trOf, whoOf, type BotContext, type FeatureDeps } from '../context.js';
import {
  renderApprovals,
  renderBeginEvent,
  renderBeginManual,
  renderEventTypes,
  renderManualTasks,
  renderOverview,
  renderRecordEvent,
} from '../render/coordination.js';
import { renderRefused } from '../render/onboarding.js';
import { onAction } from './callbacks.js';

export function createCoordinatorFeature(deps: FeatureDeps): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  const { service } = deps;

  composer.command('sukien', async (ctx) => {
    const who = whoOf(ctx);
    const args = ctx.match.trim();
    if (args === '') await reply(ctx, renderEventTypes(await service.listEventTypes(who), trOf(ctx)));
    else await reply(ctx, renderRecordEvent(await service.recordEventCommand(who, args), trOf(ctx)));
  });

  onAction(composer, 'event_pick', async (ctx) => {
    const outcome = await service.beginEvent(whoOf(ctx), ctx.callbackToken);
    const rendered = renderBeginEvent(outcome, trOf(ctx));
    if (outcome.kind === 'refused') {
      await answer(ctx, rendered.text, true);
      return;
    }
    await answer(ctx);
    await reply(ctx, rendered, { forceReply: true, placeholder: 'QĐ số 123/QĐ-UBND ngày 15/3/2024' });
  });

  composer.command('dathan', async (ctx) => {
    await reply(ctx, renderManualTasks(await service.listManualTasks(whoOf(ctx)), trOf(ctx)));
  });

  onAction(composer, 'manual_pick', async (ctx) => {
    const outcome = await service.beginManualDate(whoOf(ctx), ctx.callbackToken);
    const rendered = renderBeginManual(outcome, trOf(ctx));
    if (outcome.kind === 'refused') {
      await answer(ctx, rendered.text, true);
      return;
    }
    await answer(ctx);
    await reply(ctx, rendered, { forceReply: true });
  });

  composer.command('duyet', async (ctx) => {
    await reply(ctx, renderApprovals(await service.listApprovals(whoOf(ctx)), trOf(ctx)));
  });

  composer.command('tongquan', async (ctx) => {
    await reply(ctx, renderOverview(await service.showOverview(whoOf(ctx)), trOf(ctx)));
  });

  composer.command('baocao', async (ctx) => {
    const who = whoOf(ctx);
    const outcome = await service.requestDigest(who);
    if (outcome.kind === 'refused') {
      await reply(ctx, renderRefused(outcome, trOf(ctx)));
      return;
    }
    if (deps.sendDigestNow === undefined) {
      await ctx.reply(ctx.t('bot-digest-not-configured'));
      return;
    }
    // The digest itself is the answer; an empty one (nothing to report) gets a reply of its own, and so does one
    // that could not all go out at once (the queue sends the rest).
    const sent = await deps.sendDigestNow(outcome.digest, who.chat.id);
    if (sent === false || (typeof sent === 'object' && sent.messages === 0)) await ctx.reply(ctx.t('bot-digest-empty'));
    else if (typeof sent === 'object' && sent.deliveredNow !== undefined && sent.deliveredNow < sent.messages) await ctx.reply(ctx.t('bot-digest-queued'));
  });

  return composer;
}
