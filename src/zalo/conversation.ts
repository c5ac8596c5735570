/**
 * The Zalo conversation: one update in, one use case (src/app/bot/reply-actions.ts), one answer out. Thin, as the
 * Telegram handlers are: no SQL, no date arithmetic; answers are the Telegram bot's renderers and the `zalo-*`
 * Fluent messages. Coordinators and lead units are told through the staff notifier (Telegram, or the outbox), with
 * the same notices and buttons as when the report comes from Telegram.
 */
import type { ChannelMemberStore } from '../app/bot/channel-members.js';
import type { NotifyTarget } from '../app/bot/store.js';
import type { ServiceCore } from '../app/bot/context.js';
import { handleReplyCommand, type ReplyOutcome } from '../app/bot/reply-actions.js';
import type { MessageButton, Notifier } from '../app/ports.js';
import { type Rendered, type RenderContext, type Tr } from '../bot/render/common.js';
import { renderRefused } from '../bot/render/onboarding.js';
import { renderCompletion, renderCompletionNotice, renderExtensionNotice, renderRequest, renderSupportDelivered } from '../bot/render/work.js';
import type { WorkingCalendar } from '../domain/deadline.js';
import type { Translate } from '../i18n/translator.js';
import type { Logger } from '../infra/logger.js';
import type { ZaloBotApi, ZaloUpdate } from './api.js';
import { splitZaloText } from './split.js';

export interface ZaloConversationDeps {
  api: ZaloBotApi;
  core: ServiceCore;
  members: ChannelMemberStore;
  translate: Translate;
  calendar: WorkingCalendar;
  /** Where coordinators' and lead units' notices go (their Telegram chats). None: not told (logged). */
  staff?: Notifier;
  logger: Logger;
}

/** What happened to one update (for tests and logs). */
export type ZaloUpdateResult = 'answered' | 'replayed' | 'ignored';

export class ZaloConversation {
  constructor(private readonly d: ZaloConversationDeps) {}

  /**
   * Handles one update at most once (by `message_id`): a replayed update is acknowledged and not acted on again. A
   * failure forgets the mark and rethrows, so a redelivery is handled.
   */
  async handleUpdate(update: ZaloUpdate): Promise<ZaloUpdateResult> {
    const message = update.message;
    // Groups are not served: commands act for a person, and a person is a private chat.
    if (message === undefined || message.chat.chat_type !== 'PRIVATE' || message.from.is_bot === true) return 'ignored';
    if (!(await this.d.members.markMessageProcessed('zalo', message.message_id))) return 'replayed';
    try {
      const text = update.event_name === 'message.text.received' ? (message.text ?? '') : '';
      const displayName = message.from.display_name ?? message.from.first_name ?? '';
      const outcome = await handleReplyCommand(this.d.core, this.d.members, { kind: 'zalo', address: message.from.id, displayName, text });
      const locale = 'vi';
      const t: Tr = (key, args) => this.d.translate(locale, key, args);
      await this.#reply(message.chat.id, this.#render(outcome, t));
      await this.#notifyStaff(outcome);
      return 'answered';
    } catch (error) {
      await this.d.members.forgetMessage('zalo', message.message_id).catch(() => undefined);
      throw error;
    }
  }

  #ctx(t: Tr): RenderContext {
    return { t, calendar: this.d.calendar, today: this.d.core.today() };
  }

  #render(outcome: ReplyOutcome, t: Tr): string {
    switch (outcome.kind) {
      case 'help':
        return outcome.registered ? t('zalo-help') : `${t('zalo-welcome')}\n\n${t('zalo-help')}`;
      case 'unknown':
        return outcome.registered ? t('zalo-not-understood', { text: outcome.text }) : t('zalo-welcome');
      case 'invalid':
        return t(`zalo-bad-${outcome.problem}`, { example: t(outcome.command === 'done' ? 'zalo-example-done' : 'zalo-example-extend') });
      case 'invite_invalid':
      case 'invite_expired':
      case 'invite_used':
        return t(`zalo-${outcome.kind.replace('_', '-')}`);
      case 'joined':
        return t('zalo-joined', { role: t(`bot-role-${outcome.role}`), unit: outcome.unitName, count: outcome.openItems });
      case 'not_registered':
        return t('zalo-not-registered');
      case 'completion':
        if (outcome.outcome.kind === 'not_found') return t('zalo-item-not-found', { id: String(outcome.itemId) });
        if (outcome.outcome.kind === 'refused') return renderRefused(outcome.outcome, t).text;
        return renderCompletion(outcome.outcome, this.#ctx(t)).text;
      case 'extension':
        if (outcome.outcome.kind === 'not_found') return t('zalo-item-not-found', { id: String(outcome.itemId) });
        return renderRequest(outcome.outcome, t).text;
    }
  }

  async #reply(chatId: string, text: string): Promise<void> {
    for (const part of splitZaloText(text)) {
      try {
        await this.d.api.sendMessage(chatId, part);
      } catch (error) {
        // The action is committed; an answer that cannot be sent is logged, never undone.
        this.d.logger.warn('zalo: answer not delivered', { error });
        return;
      }
    }
  }

  async #notifyStaff(outcome: ReplyOutcome): Promise<void> {
    if (outcome.kind === 'completion' && outcome.outcome.kind === 'completed') {
      const done = outcome.outcome;
      await this.#notify(done.coordinators, (t) => renderCompletionNotice(done, this.#ctx(t)));
      await this.#notify(done.leadTargets, (t) => renderSupportDelivered(done, this.#ctx(t)));
    }
    if (outcome.kind === 'extension' && outcome.outcome.kind === 'requested') {
      const requested = outcome.outcome;
      await this.#notify(requested.coordinators, (t) => renderExtensionNotice(requested, this.#ctx(t)));
    }
  }

  async #notify(targets: readonly NotifyTarget[], render: (t: Tr) => Rendered): Promise<void> {
    const staff = this.d.staff;
    for (const target of targets) {
      if (staff === undefined) {
        this.d.logger.warn('zalo: no staff notifier; notice not sent', { chatId: target.chatId });
        continue;
      }
      const locale = target.locale === 'en' ? 'en' : 'vi';
      const rendered = render((key, args) => this.d.translate(locale, key, args));
      const buttons: MessageButton[][] | undefined = rendered.keyboard?.inline_keyboard.map((row) =>
        row.flatMap((b) => ('callback_data' in b && typeof b.callback_data === 'string' ? [{ text: b.text, callbackData: b.callback_data }] : [])),
      );
      try {
        await staff.send({ chatId: target.chatId, text: rendered.text, ...(buttons && buttons.length > 0 ? { buttons } : {}) });
      } catch (error) {
        this.d.logger.warn('zalo: notice not delivered', { chatId: target.chatId, error });
      }
    }
  }
}
