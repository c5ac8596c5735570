import { describe, expect, it } from 'vitest';
import { ZaloApiError } from '../../../src/zalo/api.js';
import { classifyZaloError } from '../../../src/zalo/classify-error.js';

describe('classifyZaloError (src/zalo/README.md §2–3)', () => {
  it('401 (wrong token, seen in a client of the real API) is permanent; 408 (the platform’s request timeout) on a send is unknown', () => {
    expect(classifyZaloError(new ZaloApiError('sendMessage', 401, 'Unauthorized'))).toMatchObject({ kind: 'permanent' });
    expect(classifyZaloError(new ZaloApiError('sendMessage', 408, 'Request timeout'))).toMatchObject({ kind: 'unknown' });
  });

  it('the assumed Telegram-like codes: 429 rate limited, 403 blocked, 400 naming the chat not found, 5xx unknown, other 4xx permanent', () => {
    expect(classifyZaloError(new ZaloApiError('sendMessage', 429, 'Too Many Requests: retry after 7'))).toEqual({ kind: 'rate_limited', retryAfterS: 7 });
    expect(classifyZaloError(new ZaloApiError('sendMessage', 403, 'Forbidden')).kind).toBe('blocked');
    expect(classifyZaloError(new ZaloApiError('sendMessage', 400, 'Bad Request: chat not found')).kind).toBe('chat_not_found');
    expect(classifyZaloError(new ZaloApiError('sendMessage', 502, 'Bad Gateway')).kind).toBe('unknown');
    expect(classifyZaloError(new ZaloApiError('sendMessage', 400, 'Bad Request: text is too long')).kind).toBe('permanent');
  });
});
