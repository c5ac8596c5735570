import type { DeliveryFailure } from '../app/ports.js';
import { ZaloApiError, ZaloHttpError } from './api.js';

/** Used when a 429 says nothing about when to come back. */
export const DEFAULT_ZALO_RETRY_AFTER_S = 5;

/** Socket error codes raised before any byte of the request could reach the server. */
const NEVER_CONNECTED_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/** Descriptions that mean the addressee does not exist for this bot (README §2: not documented, assumed). */
const NOT_FOUND_PATTERNS = [/not found/i, /invalid (chat|user)/i, /chat_id/i, /not follow/i, /does not exist/i];

/**
 * Maps an error thrown by {@link ZaloBotApi} to a delivery outcome (src/zalo/README.md §3). Pure: inspects the error
 * only. Anything unrecognised is `unknown`: the message may have gone out, so it is never resent blindly.
 */
export function classifyZaloError(error: unknown): DeliveryFailure {
  if (error instanceof ZaloApiError) {
    const reason = `${error.errorCode}: ${error.description}`;
    if (error.errorCode === 429) return { kind: 'rate_limited', retryAfterS: error.retryAfterS ?? retryAfterFrom(error.description) };
    if (error.errorCode >= 500) return { kind: 'unknown', reason };
    // 408 is the platform's "Request timeout" (seen on getUpdates, README §2): on a send, it may have gone out.
    if (error.errorCode === 408) return { kind: 'unknown', reason };
    // 401: the token is wrong (README §2); no retry can succeed.
    if (error.errorCode === 401) return { kind: 'permanent', reason };
    if (error.errorCode === 403) return { kind: 'blocked', reason };
    if ((error.errorCode === 400 || error.errorCode === 404) && NOT_FOUND_PATTERNS.some((p) => p.test(error.description))) {
      return { kind: 'chat_not_found', reason };
    }
    return { kind: 'permanent', reason };
  }
  if (error instanceof ZaloHttpError) {
    const code = errorCode(error.cause);
    const reason = `${error.message}${code === undefined ? '' : ` [${code}]`}`;
    if (error.reason === 'network' && code !== undefined && NEVER_CONNECTED_CODES.has(code)) return { kind: 'not_sent', reason };
    return { kind: 'unknown', reason };
  }
  return { kind: 'unknown', reason: `unexpected error: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}` };
}

function retryAfterFrom(description: string): number {
  const match = /retry after (\d+)/i.exec(description);
  return match === null ? DEFAULT_ZALO_RETRY_AFTER_S : Number(match[1]);
}

/** The socket error code, looking through undici's `cause` chain. */
function errorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth += 1) {
    const record = current as { code?: unknown; cause?: unknown };
    if (typeof record.code === 'string' && /^E[A-Z_]+$/.test(record.code)) return record.code;
    current = record.cause;
  }
  return undefined;
}
