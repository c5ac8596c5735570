/**
 * Reply commands: what a person types where a channel has no buttons (Zalo, issue #15 §2).
 *
 * - `xong <mã việc> <số, ngày văn bản>`: report item `<mã việc>` done, e.g. `xong 123 QĐ 15/QĐ-SNV 03/01/2024`.
 * - `giahan <mã việc> <ngày đề nghị> <lý do>`: ask for an extension, e.g. `giahan 123 31/01/2024 chờ ý kiến Sở Tài chính`.
 * - `huongdan` (also `help`, `trogiup`, `?`, `/help`): the list of commands.
 * - an invite code (`/start <code>` or the bare code): onboarding.
 *
 * The keyword is read without case and without diacritics (`Xong`, `XONG`, `gia hạn`, `gia_han` all work); `#123`
 * is read as `123`. Pure: text in, value out; bad input comes back as `invalid` with the problem, never thrown, so
 * the caller can answer with a clear message and nothing is lost.
 */
import { INVITE_TOKEN_RE } from './onboarding.js';

export type ReplyCommandProblem =
  /** No item number after the keyword. */
  | 'missing_item'
  /** The item number is not a positive integer. */
  | 'bad_item'
  /** `xong` without evidence text. */
  | 'missing_evidence'
  /** `giahan` without a date, or with a first word that is not a date. */
  | 'missing_date'
  /** `giahan` without a reason. */
  | 'missing_reason';

export type ReplyCommand =
  | { kind: 'help' }
  | { kind: 'invite'; token: string }
  | { kind: 'done'; itemId: number; evidence: string }
  | { kind: 'extend'; itemId: number; dateText: string; reason: string }
  | { kind: 'invalid'; command: 'done' | 'extend'; problem: ReplyCommandProblem }
  | { kind: 'unknown' };

/** Largest item id accepted (due item ids are bigserial, far below this in practice). */
const MAX_ITEM_ID = Number.MAX_SAFE_INTEGER;

/** A date as one word: 31/01/2024, 31-1-2024, 31.01.2024, 31/1, 2024-01-31. */
const DATE_WORD = /^(?:\d{1,2}[/.-]\d{1,2}(?:[/.-]\d{2,4})?|\d{4}-\d{2}-\d{2})$/;

const HELP_WORDS = new Set(['huongdan', 'help', 'trogiup', '?', 'menu', 'lenh']);
const DONE_WORDS = new Set(['xong', 'hoanthanh', 'done']);
const EXTEND_WORDS = new Set(['giahan', 'extend']);

/** Lower case, no diacritics, no spaces/underscores/hyphens: `Gia hạn` → `giahan`, `Hoàn_thành` → `hoanthanh`. */
export function foldKeyword(word: string): string {
  return word
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase()
    .replace(/[\s_-]+/g, '');
}

/** Reads one message. */
export function parseReplyCommand(input: string): ReplyCommand {
  const text = input.normalize('NFC').trim();
  if (text === '') return { kind: 'unknown' };
  const words = text.split(/\s+/);
  const first = words[0] ?? '';
  const firstFolded = foldKeyword(first.replace(/^\//, ''));

  if (HELP_WORDS.has(firstFolded) || (words.length <= 2 && HELP_WORDS.has(foldKeyword(text.replace(/^\//, ''))))) return { kind: 'help' };
  if (firstFolded === 'start') {
    const token = words[1];
    return token !== undefined && INVITE_TOKEN_RE.test(token) ? { kind: 'invite', token } : { kind: 'help' };
  }
  if (words.length === 1 && INVITE_TOKEN_RE.test(first) && !/^\d+$/.test(first)) return { kind: 'invite', token: first };

  // "gia hạn 123 …" and "hoàn thành 123 …" are two words.
  let keyword = firstFolded;
  let rest = words.slice(1);
  const two = foldKeyword(`${first}${words[1] ?? ''}`);
  if (!DONE_WORDS.has(keyword) && !EXTEND_WORDS.has(keyword) && (DONE_WORDS.has(two) || EXTEND_WORDS.has(two))) {
    keyword = two;
    rest = words.slice(2);
  }
  const command = DONE_WORDS.has(keyword) ? 'done' : EXTEND_WORDS.has(keyword) ? 'extend' : null;
  if (command === null) return { kind: 'unknown' };

  const itemWord = rest[0];
  if (itemWord === undefined) return { kind: 'invalid', command, problem: 'missing_item' };
  const itemMatch = /^#?(\d{1,16})[.:,]?$/.exec(itemWord);
  const itemId = itemMatch === null ? NaN : Number(itemMatch[1]);
  if (!Number.isSafeInteger(itemId) || itemId <= 0 || itemId > MAX_ITEM_ID) return { kind: 'invalid', command, problem: 'bad_item' };
  const after = rest.slice(1);

  if (command === 'done') {
    const evidence = after.join(' ').trim();
    if (evidence === '') return { kind: 'invalid', command, problem: 'missing_evidence' };
    return { kind: 'done', itemId, evidence };
  }
  const dateWord = after[0];
  if (dateWord === undefined || !DATE_WORD.test(dateWord)) return { kind: 'invalid', command, problem: 'missing_date' };
  const reason = after.slice(1).join(' ').trim();
  if (reason === '') return { kind: 'invalid', command, problem: 'missing_reason' };
  return { kind: 'extend', itemId, dateText: dateWord, reason };
}
