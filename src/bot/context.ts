/**
 * The bot's context type and the small helpers every feature shares (reply with a rendered message, answer a
 * callback exactly once, translation for another person's locale).
 */
import type { I18n, I18nFlavor } from '@grammyjs/i18n';
import type { Context } from 'grammy';
import type { CallbackAction, Who } from '../app/bot/context.js';
import type { PressOrigin } from '../app/bot/callbacks.js';
import type { DigestKind } from '../app/bot/coordination.js';
import type { BotService } from '../app/bot/service.js';
import type { CallbackTokenRecord } from '../app/bot/store.js';
import type { WorkingCalendar } from '../domain/deadline.js';
import type { Logger } from '../infra/logger.js';
import type { BotNotifier } from './notify.js';
import type { Rendered, RenderContext, Tr } from './render/common.js';

/** What the bot's middleware adds to grammY's context. */
export interface BotFlavor {
  /** The sender, their chat and the person they are; null for updates without a sender. */
  who: Who | null;
  /** The resolved inline-button token of a callback query. */
  callbackToken?: CallbackTokenRecord & { action: CallbackAction };
  /** The message the button was pressed on. */
  pressOrigin?: PressOrigin | null;
  /** Set once the callback query was answered. */
  callbackAnswered?: boolean;
}

/** grammY's context with the i18n and bot flavors. */
export type BotContext = Context & I18nFlavor & BotFlavor;

/**
 * Sends the digest of `kind` to `chatId` now (the reminder pipeline's digests). Resolves `false`, or a report of
 * 0 messages, when there was nothing to report (the bot then says so); a report with fewer messages
 * `deliveredNow` than `messages` means the rest were queued (the bot says they will follow within minutes);
 * anything else means the digest was sent.
 */
export type SendDigestNow = (kind: DigestKind, chatId: string) => Promise<boolean | void | { messages: number; deliveredNow?: number }>;

/**
 * `/dangnhap`: makes a single-use sign-in link to the web console for a unit and role of the asking person
 * (src/app/web/auth.ts). Absent → the bot answers that the console is not enabled.
 */
export type WebLoginLink = (identity: { personId: number; unitId: number; role: 'focal' | 'head' | 'leader' | 'coordinator' }) => Promise<{ url: string; minutes: number }>;

/** What features are built from. */
export interface FeatureDeps {
  webLoginLink?: WebLoginLink;
  service: BotService;
  notifier: BotNotifier;
  i18n: I18n<BotContext>;
  calendar: WorkingCalendar;
  logger: Logger;
  sendDigestNow?: SendDigestNow;
}

/** The `who` of an update that has a sender (features run only for those). */
export function whoOf(ctx: BotContext): Who {
  if (ctx.who === null) throw new Error('update without a sender reached a feature');
  return ctx.who;
}

/** The render context in the sender's locale. */
export function renderContext(ctx: BotContext, deps: FeatureDeps, today: string): RenderContext {
  return { t: trOf(ctx), calendar: deps.calendar, today };
}

/** `ctx.t` as a plain function. */
export function trOf(ctx: BotContext): Tr {
  return (key, args) => ctx.t(key, args);
}

/** Replies in the sender's chat with a rendered message. */
export async function reply(ctx: BotContext, rendered: Rendered, options: { forceReply?: boolean; placeholder?: string } = {}): Promise<void> {
  const markup = rendered.keyboard ?? (options.forceReply ? { force_reply: true as const, ...(options.placeholder ? { input_field_placeholder: options.placeholder } : {}) } : undefined);
  // A button on an inline message has no chat: the answer goes to the presser's private chat.
  const chatId = ctx.chat?.id ?? ctx.from?.id;
  if (chatId === undefined) return;
  await ctx.api.sendMessage(chatId, rendered.text, markup === undefined ? {} : { reply_markup: markup });
}

/** Answers the callback query (once); a toast, or an alert with `alert`. */
export async function answer(ctx: BotContext, text?: string, alert = false): Promise<void> {
  if (ctx.callbackQuery === undefined || ctx.callbackAnswered) return;
  ctx.callbackAnswered = true;
  await ctx.answerCallbackQuery(text === undefined ? undefined : { text: text.slice(0, 200), show_alert: alert });
}
