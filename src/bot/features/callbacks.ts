/**
 * Resolution of inline-button presses: the token in callback_data is looked up (forged, expired and spent tokens
 * are refused and audited), the reminder the button sits on is acknowledged, and the press is handed to the
 * feature that owns the action. Every callback query is answered, whatever happens.
 */
import { Composer, type Filter } from 'grammy';
import type { CallbackAction } from '../../app/bot/context.js';
import type { PressOrigin } from '../../app/bot/callbacks.js';
import { answer, whoOf, type BotContext, type FeatureDeps } from '../context.js';

type CallbackContext = Filter<BotContext, 'callback_query:data'>;

/** The middleware that resolves tokens; features register their actions with {@link onAction} after it. */
export function createCallbackResolver(deps: FeatureDeps): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.on('callback_query:data', async (ctx, next) => {
    const msg = ctx.callbackQuery.message;
    const origin: PressOrigin | null =
      msg === undefined
        ? null
        : { chatId: String(msg.chat.id), messageId: msg.message_id, ...('text' in msg && typeof msg.text === 'string' ? { text: msg.text } : {}) };
    const resolved = await deps.service.resolveCallback(whoOf(ctx), ctx.callbackQuery.data, origin);
    if (resolved.kind !== 'ok') {
      await answer(ctx, ctx.t(`bot-cb-${resolved.kind}`), true);
      return;
    }
    ctx.callbackToken = resolved.token;
    ctx.pressOrigin = origin;
    try {
      await next();
    } finally {
      // Telegram shows a spinner until the query is answered; a handler that had nothing to say still answers.
      await answer(ctx).catch(() => {});
    }
  });
  return composer;
}

/** Registers `handler` for presses of buttons with `action`. */
export function onAction(
  composer: Composer<BotContext>,
  action: CallbackAction | readonly CallbackAction[],
  handler: (ctx: CallbackContext & { callbackToken: NonNullable<BotContext['callbackToken']> }) => Promise<void>,
): void {
  const actions: readonly CallbackAction[] = typeof action === 'string' ? [action] : action;
  composer
    .on('callback_query:data')
    .filter((ctx) => ctx.callbackToken !== undefined && actions.includes(ctx.callbackToken.action), (ctx) =>
      handler(ctx as CallbackContext & { callbackToken: NonNullable<BotContext['callbackToken']> }),
    );
}
