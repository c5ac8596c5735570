/**
 * Messages that answer the bot's questions (evidence text, a file or photo, a reason, a date, event details), and
 * replies to reminder messages. Registered after every command, so commands are never taken for answers.
 */
import { Composer } from 'grammy';
import type { IncomingMessage } from '../../app/bot/inputs.js';
import { reply, trOf, whoOf, type BotContext, type FeatureDeps } from '../context.js';
import { renderManualDate, renderRecordEvent } from '../render/coordination.js';
import { renderProgress, renderReason } from '../render/work.js';
import { deliverCompletion, deliverExtensionDecision, deliverExtensionRequest } from './work.js';

/** File name recorded for photos (Telegram gives photos no name). */
const PHOTO_NAME = 'photo.jpg';

function incoming(ctx: BotContext): IncomingMessage | null {
  const msg = ctx.message;
  if (msg === undefined) return null;
  const text = msg.text ?? msg.caption;
  const out: IncomingMessage = {};
  if (text !== undefined) out.text = text;
  if (msg.document !== undefined) out.file = { fileId: msg.document.file_id, fileName: msg.document.file_name ?? 'document' };
  else if (msg.photo !== undefined && msg.photo.length > 0) out.file = { fileId: msg.photo[msg.photo.length - 1]!.file_id, fileName: PHOTO_NAME };
  const replied = msg.reply_to_message;
  if (replied !== undefined && replied.from?.id === ctx.me.id) {
    out.replyTo = { messageId: replied.message_id, ...(replied.text === undefined ? {} : { text: replied.text }) };
  }
  return out;
}

export function createInputsFeature(deps: FeatureDeps): Composer<BotContext> {
  const composer = new Composer<BotContext>();

  composer.on(['message:text', 'message:document', 'message:photo'], async (ctx) => {
    const message = incoming(ctx);
    if (message === null) return;
    const who = whoOf(ctx);
    if (message.text?.startsWith('/')) {
      if (who.chat.kind === 'private') await ctx.reply(ctx.t('bot-unknown-command'));
      return;
    }
    const result = await deps.service.handleMessage(who, message);
    const t = trOf(ctx);
    switch (result.kind) {
      case 'none':
        // In groups the bot only reads replies to it; a stray message there deserves no answer.
        if (who.chat.kind === 'private') await ctx.reply(ctx.t(who.actor === null ? 'bot-welcome' : 'bot-hint-nothing-pending'));
        return;
      case 'evidence':
        return deliverCompletion(ctx, deps, result.outcome);
      case 'progress':
        return reply(ctx, renderProgress(result.outcome, t), { forceReply: result.outcome.kind === 'empty' });
      case 'extension_reason':
        return reply(ctx, renderReason(result.outcome, t), { forceReply: result.outcome.kind !== 'not_found' });
      case 'extension_date':
        return deliverExtensionRequest(ctx, deps, result.outcome);
      case 'counter_date':
        return deliverExtensionDecision(ctx, deps, result.outcome, result.origin);
      case 'event_details':
        return reply(ctx, renderRecordEvent(result.outcome, t), { forceReply: result.outcome.kind === 'event_date_missing' });
      case 'manual_date':
        return reply(ctx, renderManualDate(result.outcome, t), { forceReply: result.outcome.kind === 'date_invalid' });
    }
  });

  return composer;
}
