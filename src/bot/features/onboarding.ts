/**
 * `/start [token]` (deep-link onboarding, in a private chat or a group), `/roi` (leave), `/thuhoi` (the
 * coordinator revokes a member), `/help`, `/huy` (cancel the pending question).
 */
import { Composer } from 'grammy';
import { answer, reply, trOf, whoOf, type BotContext, type FeatureDeps } from '../context.js';
import { renderLeave, renderRevoke, renderRevokeList, renderStart } from '../render/onboarding.js';
import { onAction } from './callbacks.js';

export function createOnboardingFeature(deps: FeatureDeps): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  const { service } = deps;

  composer.command('start', async (ctx) => {
    const who = whoOf(ctx);
    const token = ctx.match.trim() || undefined;
    let isGroupAdmin: boolean | undefined;
    if (token !== undefined && ctx.chat.type !== 'private' && ctx.from !== undefined) {
      const member = await ctx.getChatMember(ctx.from.id);
      isGroupAdmin = member.status === 'creator' || member.status === 'administrator';
    }
    const outcome = await service.start(who, token, isGroupAdmin === undefined ? {} : { isGroupAdmin });
    if (outcome.kind === 'joined') await ctx.i18n.renegotiateLocale();
    await reply(ctx, renderStart(outcome, trOf(ctx), who.actor?.name ?? ctx.from?.first_name ?? ''));
  });

  composer.command(['help', 'trogiup'], async (ctx) => {
    await ctx.reply(ctx.t('bot-help'));
  });

  composer.command('huy', async (ctx) => {
    const outcome = await service.cancelInput(whoOf(ctx));
    await ctx.reply(ctx.t(outcome.kind === 'cancelled' ? 'bot-cancelled' : 'bot-nothing-to-cancel'));
  });

  composer.command('roi', async (ctx) => {
    await reply(ctx, renderLeave(await service.requestLeave(whoOf(ctx)), trOf(ctx)));
  });

  onAction(composer, ['leave_confirm', 'leave_cancel'], async (ctx) => {
    const outcome = await service.confirmLeave(whoOf(ctx), ctx.callbackToken, ctx.callbackToken.action === 'leave_confirm');
    if (outcome.kind === 'refused') {
      await answer(ctx, ctx.t('bot-cb-refused'), true);
      return;
    }
    await answer(ctx);
    await deps.notifier.stamp(ctx.pressOrigin, renderLeave(outcome, trOf(ctx)).text);
  });

  composer.command('thuhoi', async (ctx) => {
    await reply(ctx, renderRevokeList(await service.listMembersToRevoke(whoOf(ctx), ctx.match), trOf(ctx)));
  });

  onAction(composer, 'revoke', async (ctx) => {
    const outcome = await service.revoke(whoOf(ctx), ctx.callbackToken);
    const text = renderRevoke(outcome, trOf(ctx)).text;
    await answer(ctx, text, outcome.kind === 'refused');
    if (outcome.kind === 'revoked') await ctx.reply(text);
  });

  return composer;
}
