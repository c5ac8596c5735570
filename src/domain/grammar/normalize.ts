/**
 * §1 Normalisation. Produces the lower-case, canonical text the grammar reads, plus a map from every normalised
 * character back to the original input range it came from, so parts and unparsed spans can point at the input.
 */

/** Normalised text; `start[i]`/`end[i]` is the [start, end) range of the input that character `i` came from. */
export interface NormalizedText {
  text: string;
  start: number[];
  end: number[];
}

type Replacer = (match: RegExpExecArray) => string | null;

/** Replaces every match of a global regex; replacement characters map to the whole matched input range. */
function rewrite(n: NormalizedText, re: RegExp, replace: Replacer): NormalizedText {
  re.lastIndex = 0;
  let m = re.exec(n.text);
  if (!m) return n;
  let text = '';
  const start: number[] = [];
  const end: number[] = [];
  let last = 0;
  const copy = (from: number, to: number) => {
    text += n.text.slice(from, to);
    for (let i = from; i < to; i++) {
      start.push(n.start[i]!);
      end.push(n.end[i]!);
    }
  };
  while (m) {
    const ms = m.index;
    const me = ms + m[0].length;
    const r = replace(m);
    if (r !== null) {
      copy(last, ms);
      // An empty match inserts text: it covers no input (zero-width range at the next character).
      const s = ms < n.text.length ? n.start[ms]! : n.end[n.text.length - 1] ?? 0;
      const e = me > ms ? n.end[me - 1]! : s;
      text += r;
      for (let k = 0; k < r.length; k++) {
        start.push(s);
        end.push(e);
      }
      last = me;
    }
    if (m[0].length === 0) {
      // Advance by a whole code point: in unicode mode a lastIndex inside a surrogate pair snaps back to its start,
      // which would find the same empty match forever.
      const code = n.text.charCodeAt(ms);
      re.lastIndex = ms + (code >= 0xd800 && code <= 0xdbff && ms + 1 < n.text.length ? 2 : 1);
    }
    m = re.exec(n.text);
  }
  copy(last, n.text.length);
  return { text, start, end };
}

const SPACE_LIKE = /[\t\v\f\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]/;
const INVISIBLE = /[\u00ad\u200b-\u200d\u2060\ufeff]/;
const DASH_LIKE = /[\u2010-\u2015\u2212\ufe58\ufe63\uff0d]/;

function isSpecialCode(code: number): boolean {
  return (
    code === 9 || code === 11 || code === 12 || code === 13 || code === 0xa0 || code === 0xad || code === 0x1680 ||
    (code >= 0x2000 && code <= 0x2015) || code === 0x202f || code === 0x205f || code === 0x2060 || code === 0x2212 ||
    code === 0x3000 || (code >= 0xd800 && code <= 0xdfff) || code === 0xfe58 || code === 0xfe63 || code === 0xfeff ||
    code === 0xff0d
  );
}

/** Per character: lower case, space-like → ' ', CR → '\n', dashes → '-', invisible characters dropped. */
function mapChars(n: NormalizedText): NormalizedText {
  // Fast path: nothing but case to change, and lower-casing keeps the length.
  let plain = true;
  for (let i = 0; i < n.text.length; i++) {
    if (isSpecialCode(n.text.charCodeAt(i))) {
      plain = false;
      break;
    }
  }
  if (plain) {
    const lower = n.text.toLowerCase();
    if (lower.length === n.text.length) return { text: lower, start: n.start, end: n.end };
  }
  const start: number[] = [];
  const end: number[] = [];
  let text = '';
  for (let i = 0; i < n.text.length; i++) {
    let c = n.text[i]!;
    const code = c.charCodeAt(0);
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < n.text.length) {
      // Keep surrogate pairs whole and untouched.
      text += c + n.text[i + 1]!;
      start.push(n.start[i]!, n.start[i + 1]!);
      end.push(n.end[i]!, n.end[i + 1]!);
      i++;
      continue;
    }
    if (INVISIBLE.test(c)) continue;
    if (c === '\r') c = '\n';
    else if (SPACE_LIKE.test(c)) c = ' ';
    else if (DASH_LIKE.test(c)) c = '-';
    else {
      const lower = c.toLowerCase();
      if (lower.length === 1) c = lower;
    }
    text += c;
    start.push(n.start[i]!);
    end.push(n.end[i]!);
  }
  return { text, start, end };
}

/** Unicode NFC, mapping each base character with its combining marks to its input range. */
function nfc(input: string): NormalizedText {
  const composed = input.normalize('NFC');
  if (composed === input) {
    const start = new Array<number>(input.length);
    const end = new Array<number>(input.length);
    for (let i = 0; i < input.length; i++) {
      start[i] = i;
      end[i] = i + 1;
    }
    return { text: input, start, end };
  }
  let text = '';
  const start: number[] = [];
  const end: number[] = [];
  const cluster = /[^\p{M}][\p{M}]*|[\p{M}]+/gsu;
  for (let m = cluster.exec(input); m; m = cluster.exec(input)) {
    const c = m[0].normalize('NFC');
    text += c;
    for (let k = 0; k < c.length; k++) {
      start.push(m.index);
      end.push(m.index + m[0].length);
    }
  }
  return { text, start, end };
}

const ENTITIES: Record<string, string> = { nbsp: ' ', amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

const UNITS: Record<string, number> = {
  không: 0, một: 1, mốt: 1, hai: 2, ba: 3, bốn: 4, tư: 4, năm: 5, lăm: 5, nhăm: 5,
  sáu: 6, bảy: 7, bẩy: 7, tám: 8, chín: 9,
};

/**
 * Reads a Vietnamese number written in words, 0–999 ("sáu", "mười lăm", "hai mươi mốt", "một trăm linh năm").
 * Returns null when the words are not a well-formed number.
 */
export function wordsToNumber(words: string): number | null {
  const w = words.trim().split(/\s+/);
  if (w.length === 0 || w[0] === '') return null;
  let i = 0;
  let total = 0;
  const unit = (): number | null => (i < w.length && w[i]! in UNITS ? UNITS[w[i++]!]! : null);
  // Hundreds.
  if (i + 1 < w.length && w[i + 1] === 'trăm' && w[i]! in UNITS) {
    total = UNITS[w[i]!]! * 100;
    i += 2;
    if (i < w.length && (w[i] === 'linh' || w[i] === 'lẻ')) {
      i++;
      const u = unit();
      if (u === null || i !== w.length) return null;
      return total + u;
    }
    if (i === w.length) return total;
  }
  if (w[i] === 'mười') {
    i++;
    total += 10;
    if (i < w.length) {
      const u = unit();
      if (u === null || u === 0 || w[i - 1] === 'mốt' || w[i - 1] === 'tư') return null;
      total += u;
    }
  } else {
    const tens = unit();
    if (tens === null) return null;
    if (i < w.length && w[i] === 'mươi') {
      i++;
      total += tens * 10;
      if (i < w.length) {
        const u = unit();
        if (u === null || u === 0) return null;
        total += u;
      }
    } else {
      if (w[i - 1] === 'lăm' || w[i - 1] === 'nhăm' || w[i - 1] === 'mốt') return null;
      total += tens;
    }
  }
  return i === w.length ? total : null;
}

const NUMBER_WORD = '(?:không|một|mốt|hai|ba|bốn|tư|năm|lăm|nhăm|sáu|bảy|bẩy|tám|chín|mười|mươi|trăm|linh|lẻ)';
const NOT_WORD_BEFORE = '(?<![\\p{L}\\p{N}/\\-])';
const NOT_WORD_AFTER = '(?![\\p{L}\\p{N}/\\-])';

/**
 * Abbreviations expanded before reading (word-bounded, never inside a document number such as "160/KH-UBND").
 * "KII" is how text conversions commonly read "KH" (H seen as II); it is expanded only after "XD".
 */
const ABBREVIATIONS: ReadonlyArray<[RegExp, string]> = [
  [new RegExp(`${NOT_WORD_BEFORE}xd (?:kh|kii)${NOT_WORD_AFTER}`, 'gu'), 'xây dựng kế hoạch'],
  [new RegExp(`${NOT_WORD_BEFORE}kh${NOT_WORD_AFTER}`, 'gu'), 'kế hoạch'],
  [new RegExp(`${NOT_WORD_BEFORE}xd${NOT_WORD_AFTER}`, 'gu'), 'xây dựng'],
  [new RegExp(`${NOT_WORD_BEFORE}bc${NOT_WORD_AFTER}`, 'gu'), 'báo cáo'],
  [new RegExp(`${NOT_WORD_BEFORE}qđ${NOT_WORD_AFTER}`, 'gu'), 'quyết định'],
  [new RegExp(`${NOT_WORD_BEFORE}nđ${NOT_WORD_AFTER}`, 'gu'), 'nghị định'],
];

/** Roman quarters; V–XII are read too, so that "quý V" is refused as an impossible quarter (§2), not as noise. */
const ROMAN: Record<string, string> = {
  i: '1', ii: '2', iii: '3', iv: '4', v: '5', vi: '6', vii: '7', viii: '8', ix: '9', x: '10', xi: '11', xii: '12',
};
const ROMAN_ALT = 'xii|xi|x|ix|viii|vii|vi|v|iv|iii|ii|i';

/**
 * §1: NFC; HTML tags → line breaks and entities decoded; lower case; whitespace collapsed (line breaks kept as
 * clause boundaries); dashes unified; "quí" → "quý"; digits split from letters ("11hàng" → "11 hàng"); Roman
 * quarters → digits ("quý IV" → "quý 4", "quý II-III" → "quý 2-3"; "quý V" → "quý 5", refused later); a number
 * repeated in words is dropped
 * ("06 (sáu)" → "06"; a mismatch is left for the grammar to reject); words before "ngày/tháng/tuần" → digits
 * ("mười lăm ngày" → "15 ngày"); abbreviations expanded ("XD KH", "KH", "BC", "QĐ", "NĐ").
 */
export function normalizeDeadlineText(input: string): NormalizedText {
  let n = nfc(input);
  // Each step runs only when a cheap test says it may apply: most cells are short and plain.
  if (n.text.includes('<')) n = rewrite(n, /<!--[\s\S]*?-->|<\/?[a-zA-Z][^<>]*>/g, () => '\n');
  if (n.text.includes('&')) n = rewrite(n, /&(nbsp|amp|lt|gt|quot|apos|#\d{1,6});/gi, (m) => {
    const name = m[1]!.toLowerCase();
    if (name.startsWith('#')) {
      const code = Number(name.slice(1));
      return code > 0 && code < 0xd800 ? String.fromCharCode(code) : null;
    }
    return ENTITIES[name] ?? null;
  });
  n = mapChars(n);
  if (/ \n|\n[ \n]/.test(n.text)) n = rewrite(n, / *\n[ \n]*/g, () => '\n');
  if (n.text.includes('  ')) n = rewrite(n, / {2,}/g, () => ' ');
  if (/^[ \n]|[ \n]$/.test(n.text)) n = rewrite(n, /^[ \n]+|[ \n]+$/g, () => '');
  if (n.text.includes('quí') || n.text.includes('qúy')) n = rewrite(n, /q(?:uí|úy)(?![\p{L}])/gu, () => 'quý');
  if (hasDigitLetterJoint(n.text)) n = rewrite(n, /(?<=\p{N})(?=\p{L})|(?<=\p{L})(?=\p{N})/gu, () => ' ');
  if (/quý ?[ivx]/.test(n.text)) {
    n = rewrite(n, ROMAN_QUARTER, (m) => ROMAN[m[1]!]!);
    n = rewrite(n, ROMAN_QUARTER_RANGE_END, (m) => ROMAN[m[1]!]!);
    // "Quý III, IV/2024", "quý I và II năm 2024": a list of Roman quarters writes "quý" once (§13.12).
    n = rewrite(n, ROMAN_QUARTER_LIST_ITEM, (m) => `quý ${ROMAN[m[1]!]!}`);
  }
  if (n.text.includes('(')) {
    // Bounded: an unclosed "(" must not make every later digit scan to the end of the cell.
    n = rewrite(n, /(\d{1,3}) ?\( ?([\p{L} ]{1,40}?) ?\)/gu, (m) => (wordsToNumber(m[2]!) === Number(m[1]) ? m[1]! : null));
    // "mười (10) ngày", "bảy (07) ngày làm việc": the words first, the digits in brackets (§13.12). The words are the
    // longest tail of the run before the bracket that spells the number ("trong thời hạn mười lăm (15)"); the words
    // before it are kept.
    n = rewrite(n, WORDS_THEN_DIGITS, (m) => {
      const words = m[1]!.split(' ');
      for (let k = 0; k < words.length; k++) {
        if (wordsToNumber(words.slice(k).join(' ')) === Number(m[2])) return [...words.slice(0, k), m[2]!].join(' ');
      }
      return null;
    });
  }
  if (n.text.includes('mùng') || n.text.includes('mồng')) n = rewrite(n, /(?<![\p{L}])m[ùồ]ng(?= )/gu, () => 'ngày');
  // "ngày thứ hai mươi", "ngày thứ 20" (tax law's ordinal days) → "ngày hai mươi", "ngày 20" (§13.5).
  if (n.text.includes('ngày thứ ')) {
    // "chậm nhất là ngày thứ mười, kể từ ngày …" (Luật Quản lý thuế): the N-th day counted from an event = N days.
    n = rewrite(n, DAY_ORDINAL_FROM, (m) => {
      const v = /^\d+$/u.test(m[1]!) ? Number(m[1]) : wordsToNumber(m[1]!);
      return v === null || v < 1 ? null : `${v} ngày`;
    });
  }
  if (n.text.includes('ngày thứ ')) n = rewrite(n, /(?<=(?<![\p{L}])ngày )thứ (?=\d{2}|(?:hai|ba|bốn|năm|sáu|bảy|tám|chín) mươi|mười)/gu, () => '');
  if (hasNumberWordAfterDay(n.text)) {
    // "ngày mười", "ngày hai mươi lăm" → "ngày 10", "ngày 25" (§13.5); "năm" alone stays (it also means "year").
    n = rewrite(n, NUMBER_WORDS_AFTER_DAY, (m) => {
      if (m[1] === 'năm' || m[1] === 'không') return null;
      const v = wordsToNumber(m[1]!);
      return v === null || v < 1 || v > 366 ? null : String(v);
    });
  }
  if (n.text.includes('tháng ')) {
    // "tháng mười hai", "tháng sáu" (a month named in words, §13.12): 1–12 only, never "tháng năm" (May, or "tháng,
    // năm") and never before "lần" ("06 tháng một lần" = once every six months, "tháng hai lần" = twice a month).
    n = rewrite(n, MONTH_WORDS, (m) => MONTH_WORD_VALUES[m[1]!] ?? null);
  }
  if (hasNumberWordBeforeUnit(n.text)) {
    n = rewrite(n, NUMBER_WORDS_BEFORE_UNIT, (m) => {
      if (m[1] === 'năm') return null; // "năm tháng" is ambiguous (five / year)
      const v = wordsToNumber(m[1]!);
      return v === null ? null : String(v);
    });
  }
  if (ABBREVIATION_HINT.test(n.text)) for (const [re, full] of ABBREVIATIONS) n = rewrite(n, re, () => full);
  return n;
}

const WORDS_THEN_DIGITS = new RegExp(`(?<![\\p{L}\\p{N}])(${NUMBER_WORD}(?: ${NUMBER_WORD}){0,6}) ?\\( ?(\\d{1,3}) ?\\)`, 'gu');
const MONTH_WORD_VALUES: Record<string, string> = {
  'mười hai': '12', 'mười một': '11', mười: '10', một: '1', giêng: '1', hai: '2', ba: '3', tư: '4', bốn: '4', sáu: '6',
  bảy: '7', bẩy: '7', tám: '8', chín: '9',
};
const MONTH_WORDS = /(?<=(?<![\p{L}])tháng )(mười hai|mười một|mười|một|giêng|hai|ba|tư|bốn|sáu|bảy|bẩy|tám|chín)(?![\p{L}\p{N}])(?! (?:lần|một lần|mươi|trăm|ngày|tháng|tuần|năm (?!\d)))/gu;
const ROMAN_QUARTER = new RegExp(`(?<=quý ?)(${ROMAN_ALT})(?![\\p{L}\\p{N}])`, 'gu');
const ROMAN_QUARTER_LIST_ITEM = new RegExp(`(?<=quý ?\\d{1,2}(?: ?, ?(?:quý \\d{1,2}|${ROMAN_ALT}))* ?(?:,|và|, và) ?)(${ROMAN_ALT})(?![\\p{L}\\p{N}])`, 'gu');
const ROMAN_QUARTER_RANGE_END = new RegExp(`(?<=quý ?\\d{1,2} ?- ?(?:quý ?)?)(${ROMAN_ALT})(?![\\p{L}\\p{N}])`, 'gu');
// At most 7 words (the longest number, "chín trăm chín mươi chín", has 5): a long run of number words must not
// be rescanned from every word.
const NUMBER_WORDS_BEFORE_UNIT = new RegExp(
  `(?<![\\p{L}\\p{N}])(${NUMBER_WORD}(?: ${NUMBER_WORD}){0,6})(?= (?:ngày|tuần|tháng)(?![\\p{L}]))`,
  'gu',
);
const DAY_ORDINAL_FROM = new RegExp(
  `(?<![\\p{L}])ngày thứ (\\d{1,3}|${NUMBER_WORD}(?: ${NUMBER_WORD}){0,4})(?= ?,? (?:kể từ|tính từ))`,
  'gu',
);
const NUMBER_WORDS_AFTER_DAY = new RegExp(
  `(?<=(?<![\\p{L}])ngày )(${NUMBER_WORD}(?: ${NUMBER_WORD}){0,4})(?![\\p{L}\\p{N}])`,
  'gu',
);
const NUMBER_WORDS = new Set(NUMBER_WORD.slice(3, -1).split('|'));

/** True when a number word other than "năm"/"không" follows "ngày " (a cheap test before the exact regex). */
function hasNumberWordAfterDay(text: string): boolean {
  for (let at = text.indexOf('ngày '); at >= 0; at = text.indexOf('ngày ', at + 1)) {
    let k = at + 5;
    while (k < text.length && text[k] !== ' ' && text[k] !== '\n' && text[k] !== ',' && text[k] !== ')') k++;
    const w = text.slice(at + 5, k);
    if (w !== 'năm' && w !== 'không' && NUMBER_WORDS.has(w)) return true;
  }
  return false;
}
const UNIT_WORDS = [' ngày', ' tuần', ' tháng'];

/** True when a number word directly precedes "ngày", "tuần" or "tháng" (a cheap test before the exact regex). */
function hasNumberWordBeforeUnit(text: string): boolean {
  for (const unit of UNIT_WORDS) {
    for (let at = text.indexOf(unit); at > 0; at = text.indexOf(unit, at + 1)) {
      let k = at;
      while (k > 0 && text[k - 1] !== ' ' && text[k - 1] !== '\n') k--;
      if (NUMBER_WORDS.has(text.slice(k, at))) return true;
    }
  }
  return false;
}
const ABBREVIATION_HINT = /(?:xd|kh|bc|qđ|nđ)(?![\p{L}\p{N}])/u;

/** True when a digit touches a letter somewhere ("11hàng", "quý4"); a cheap test before the exact regex. */
function hasDigitLetterJoint(text: string): boolean {
  for (let i = 1; i < text.length; i++) {
    const a = text.charCodeAt(i - 1);
    const b = text.charCodeAt(i);
    const aDigit = a >= 48 && a <= 57;
    const bDigit = b >= 48 && b <= 57;
    if (aDigit === bDigit) continue;
    const other = aDigit ? b : a;
    if ((other >= 97 && other <= 122) || (other >= 65 && other <= 90) || other >= 0xc0) return true;
  }
  return false;
}
