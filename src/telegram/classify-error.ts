import { GrammyError, HttpError } from 'grammy';
import type { DeliveryFailure } from '../app/ports.js';
import { SendNotAdmittedError } from './create-api.js';

/**
 * What a failed Bot API call means for a delivery. See src/telegram/README.md for the table.
 *
 * - `rate_limited`: Telegram refused (429); nothing was sent. Retry after `retryAfterS` seconds.
 * - `blocked`: the bot may no longer write to this chat (blocked by the user, kicked from the group,
 *   user deactivated, …; every 403). Nothing was sent; mark the chat inactive, do not retry.
 * - `chat_not_found`: the chat id is unknown to Telegram. Nothing was sent; mark the chat inactive.
 * - `chat_migrated`: the group became a supergroup. Nothing was sent; store `migrateToChatId`, resend there.
 * - `not_sent`: the request provably never reached Telegram (connection refused, DNS failure, a repeated request
 *   the overall send gate did not admit in time). Safe to retry.
 * - `unknown`: 5xx, timeout, aborted or reset connection, unreadable answer, anything unexpected. The message may
 *   or may not have gone out: never resend blindly, reconcile first.
 * - `permanent`: any other 4xx (message too long, bad markup, wrong token …). Nothing was sent; retrying the same
 *   request cannot succeed.
 */
export type { DeliveryFailure };

/** The failure kinds, for exhaustive tables and metrics labels. */
export type DeliveryFailureKind = DeliveryFailure['kind'];

/** Used when a 429 carries no `retry_after` (Telegram always sends one; proxies may not). */
export const DEFAULT_RETRY_AFTER_S = 5;

/** Socket error codes raised before any byte of the request could reach the server. */
const NEVER_CONNECTED_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/** 400 descriptions that mean the addressee does not exist for this bot. */
const CHAT_NOT_FOUND_PATTERNS = [/chat not found/i, /user not found/i, /PEER_ID_INVALID/, /chat_id is empty/i];

/**
 * Maps an error thrown by a grammY API call to a delivery outcome. Pure: inspects the error only.
 *
 * @param error whatever `api.sendMessage(...)` (or another method) rejected with
 */
export function classifyTelegramError(error: unknown): DeliveryFailure {
  if (error instanceof GrammyError) return classifyApiError(error);
  if (error instanceof HttpError) return classifyHttpError(error);
  if (error instanceof SendNotAdmittedError) return { kind: 'not_sent', reason: error.message };
  return { kind: 'unknown', reason: `unexpected error: ${describe(error)}` };
}

function classifyApiError(error: GrammyError): DeliveryFailure {
  const reason = `${error.error_code}: ${error.description}`;
  if (error.error_code === 429) {
    return { kind: 'rate_limited', retryAfterS: error.parameters.retry_after ?? retryAfterFrom(error.description) };
  }
  if (error.error_code >= 500) return { kind: 'unknown', reason };
  if (error.error_code === 403) return { kind: 'blocked', reason };
  if (error.error_code === 400 && error.parameters.migrate_to_chat_id !== undefined) {
    return { kind: 'chat_migrated', migrateToChatId: error.parameters.migrate_to_chat_id, reason };
  }
  if (error.error_code === 400 && CHAT_NOT_FOUND_PATTERNS.some((p) => p.test(error.description))) {
    return { kind: 'chat_not_found', reason };
  }
  return { kind: 'permanent', reason };
}

function classifyHttpError(error: HttpError): DeliveryFailure {
  const code = errorCode(error.error);
  const reason = `${error.message}${code === undefined ? '' : ` [${code}]`}`;
  if (code !== undefined && NEVER_CONNECTED_CODES.has(code)) return { kind: 'not_sent', reason };
  return { kind: 'unknown', reason };
}

function retryAfterFrom(description: string): number {
  const match = /retry after (\d+)/i.exec(description);
  return match === null ? DEFAULT_RETRY_AFTER_S : Number(match[1]);
}

/** The socket error code, looking through node-fetch's FetchError and `cause` chains. */
function errorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth += 1) {
    const record = current as { code?: unknown; errno?: unknown; cause?: unknown };
    if (typeof record.code === 'string' && /^E[A-Z_]+$/.test(record.code)) return record.code;
    if (typeof record.errno === 'string' && /^E[A-Z_]+$/.test(record.errno)) return record.errno;
    current = record.cause;
  }
  return undefined;
}

function describe(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}

/** True for the 400 Telegram returns when an edit would not change anything, which callers usually treat as done. */
export function isMessageNotModified(error: unknown): boolean {
  return error instanceof GrammyError && error.error_code === 400 && /message is not modified/i.test(error.description);
}
