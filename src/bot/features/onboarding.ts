/**
 * `/start [token]` (deep-link onboarding, in a private chat or a group), `/roi` (leave), `/thuhoi` (the
 * coordinator revokes a member), `/help`, `/huy` (cancel the pending question).
 */
import { Composer } from 'grammy';
import { answer, reply, trOf, whoOf, type BotContext, type FeatureDeps } from '../context.js';
import { renderLeave, renderRevoke, renderRevokeList, renderStart } from '../render/onboarding.js';
import { onAction } from './callbacks.js';

/** Roles in decreasing power (as src/app/web/auth.ts ROLE_ORDER): a person signs in with the strongest. */
const WEB_ROLE_ORDER = ['coordinator', 'leader', 'head', 'focal'] as const;

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

  // `/dangnhap` (`/login`): a single-use link to the web console, in a private chat only (a group would show it to
  // everyone), for the person's strongest role. The link is never previewed: a preview would not spend it (the
  // page asks for a press), but it would put the link in Telegram's cache.
  composer.command(['dangnhap', 'login'], async (ctx) => {
    if (ctx.chat.type !== 'private') {
      await ctx.reply(ctx.t('bot-web-login-private'));
      return;
    }
    if (deps.webLoginLink === undefined) {
      await ctx.reply(ctx.t('bot-web-disabled'));
      return;
    }
    const actor = whoOf(ctx).actor;
    const membership = actor ? [...actor.memberships].sort((a, b) => WEB_ROLE_ORDER.indexOf(a.role) - WEB_ROLE_ORDER.indexOf(b.role))[0] : undefined;
    if (!actor || membership === undefined) {
      await ctx.reply(ctx.t('bot-web-login-not-member'));
      return;
    }
    const link = await deps.webLoginLink({ personId: actor.personId, unitId: membership.unitId, role: membership.role });
    await ctx.reply(ctx.t('bot-web-login', { url: link.url, minutes: link.minutes }), { link_preview_options: { is_disabled: true } });
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
