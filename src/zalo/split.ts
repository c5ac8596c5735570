import { ZALO_TEXT_LIMIT } from './api.js';

/**
 * Cuts `text` into parts of at most `limit` characters (UTF-16 code units, as the API counts), preferring a line
 * end, then a space, and never splitting a surrogate pair. Parts are trimmed of the whitespace they were cut at;
 * an empty text gives no part. Pure.
 */
export function splitZaloText(text: string, limit = ZALO_TEXT_LIMIT): string[] {
  if (limit < 2) throw new RangeError('limit must be at least 2');
  const parts: string[] = [];
  let rest = text.trim();
  while (rest.length > limit) {
    const window = rest.slice(0, limit + 1);
    let cut = window.lastIndexOf('\n');
    if (cut < limit / 2) {
      const space = window.lastIndexOf(' ');
      cut = space >= limit / 2 ? space : cut;
    }
    if (cut <= 0) {
      cut = limit;
      const code = rest.charCodeAt(cut - 1);
      if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
    }
    parts.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).trimStart();
  }
  if (rest.length > 0) parts.push(rest);
  return parts;
}
