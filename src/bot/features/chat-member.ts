/**
 * The bot's own membership in chats (`my_chat_member`): blocked by a user or removed from a group → the chat is
 * marked inactive and the reminders it was to receive are replanned; unblocked or re-added → active again.
 */
import { Composer } from 'grammy';
import type { BotContext, FeatureDeps } from '../context.js';

export function createChatMemberFeature(deps: FeatureDeps): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.on('my_chat_member', async (ctx) => {
    const update = ctx.myChatMember;
    const chatId = String(update.chat.id);
    const status = update.new_chat_member.status;
    const who = ctx.who ?? undefined;
    if (status === 'kicked' || status === 'left') {
      await deps.service.chatUnreachable(chatId, status === 'kicked' && update.chat.type === 'private' ? 'blocked' : status, who);
    } else if (status === 'member' || status === 'administrator') {
      await deps.service.chatReachable(chatId, who);
    }
  });
  return composer;
}
