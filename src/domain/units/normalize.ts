/**
 * Text normalisation for matching agency names: lower case, no diacritics (đ → d), `&` read as "và",
 * common abbreviations expanded, single spaces. Pure.
 */

/** Removes Vietnamese diacritics and maps đ/Đ to d. */
export function stripDiacritics(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd');
}

/** Words that are dropped everywhere: "và" and "&" join names but are written inconsistently. */
const DROPPED_WORDS = new Set(['va']);

/**
 * Abbreviations expanded at word level, so that "VP UBND tỉnh" and "Văn phòng Ủy ban nhân dân tỉnh" meet.
 * Only unambiguous ones: "KH" (kế hoạch / khoa học) stays as written and is handled by aliases.
 */
const WORD_EXPANSIONS: Record<string, string[]> = {
  vp: ['van', 'phong'],
  tp: ['thanh', 'pho'],
  tx: ['thi', 'xa'],
};

/** Multi-word phrases folded to a short form (longest first), matched on normalised words. */
const PHRASE_FOLDS: [string[], string][] = [
  [['uy', 'ban', 'mat', 'tran', 'to', 'quoc', 'viet', 'nam'], 'ubmttq'],
  [['uy', 'ban', 'mat', 'tran', 'to', 'quoc'], 'ubmttq'],
  [['ubmttq', 'viet', 'nam'], 'ubmttq'],
  [['mat', 'tran', 'to', 'quoc'], 'ubmttq'],
  [['uy', 'ban', 'nhan', 'dan'], 'ubnd'],
  // "Ủy ban nhân các huyện" (a word missing in 003's preamble).
  [['uy', 'ban', 'nhan'], 'ubnd'],
  [['hoi', 'dong', 'nhan', 'dan'], 'hdnd'],
];

/** A token of normalised agency text: a word or one of the separators that matter to the resolver. */
export interface Token {
  /** Normalised word, or one of `,` `;` `:` `.` `(` `)` `-`. */
  t: string;
  /** Offsets into the original text (for reporting the span as written). */
  start: number;
  end: number;
}

/**
 * Tokenises `text` for matching. Words are normalised; `;`, line breaks and list bullets become `;`;
 * "và"/"&" are dropped; abbreviations are expanded. Offsets point into `text.normalize('NFC')`.
 */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  // Work on a same-length lower-cased, diacritic-free copy so that offsets stay valid: NFD expansion
  // changes length, so map character by character.
  const chars = Array.from(text.normalize('NFC'));
  let offset = 0;
  const plain: { c: string; start: number; end: number }[] = [];
  for (const ch of chars) {
    const base = stripDiacritics(ch).toLowerCase();
    // A stray combining mark strips to '' and stays part of the word it follows.
    plain.push({ c: base.length === 0 ? '' : base[0]!, start: offset, end: offset + ch.length });
    offset += ch.length;
  }
  let i = 0;
  const push = (t: string, start: number, end: number) => tokens.push({ t, start, end });
  while (i < plain.length) {
    const p = plain[i]!;
    if (/[a-z0-9]/.test(p.c)) {
      let j = i;
      let word = '';
      while (j < plain.length && (/[a-z0-9]/.test(plain[j]!.c) || plain[j]!.c === '')) {
        word += plain[j]!.c;
        j++;
      }
      push(word, p.start, plain[j - 1]!.end);
      i = j;
      continue;
    }
    if (p.c === '\n' || p.c === ';') push(';', p.start, p.end);
    else if (p.c === '&') push('va', p.start, p.end);
    else if (p.c === ',' || p.c === ':' || p.c === '(' || p.c === ')') push(p.c, p.start, p.end);
    else if (p.c === '.') {
      // A full stop ends a clause only when followed by space/end (not in "9.15" or "M.office").
      const next = plain[i + 1]?.c;
      if (next === undefined || next === ' ' || next === '\n' || next === '\t' || next === '-') push('.', p.start, p.end);
    } else if (p.c === '-' || p.c === '–' || p.c === '•') {
      // A bullet ("- X" at the start of an item) separates items; a hyphen inside a name does not matter.
      const prev = tokens.at(-1);
      if (prev === undefined || prev.t === ';' || prev.t === '.' || prev.t === ',') push(';', p.start, p.end);
    }
    i++;
  }
  return expandAndFold(tokens);
}

function expandAndFold(tokens: Token[]): Token[] {
  // Phrase folds operate on words only; rebuild word runs.
  const out: Token[] = [];
  let i = 0;
  while (i < tokens.length) {
    const tok = tokens[i]!;
    const fold = PHRASE_FOLDS.find(([form]) => form.every((w, k) => tokens[i + k]?.t === w));
    if (fold) {
      out.push({ t: fold[1], start: tok.start, end: tokens[i + fold[0].length - 1]!.end });
      i += fold[0].length;
      continue;
    }
    if (DROPPED_WORDS.has(tok.t)) {
      i++;
      continue;
    }
    const exp = WORD_EXPANSIONS[tok.t];
    if (exp) for (const w of exp) out.push({ t: w, start: tok.start, end: tok.end });
    else out.push(tok);
    i++;
  }
  return out;
}

/**
 * The canonical normalised form of a name or alias: the words of `tokenize` joined by single spaces
 * (separators other than commas removed). Used as the key stored in `unit_aliases.normalized`.
 */
export function normalizeName(text: string): string {
  return tokenize(text)
    .filter((t) => /^[a-z0-9]+$/.test(t.t))
    .map((t) => t.t)
    .join(' ');
}

/** Levenshtein distance between two strings (for suggestions). */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  if (a.length === 0) return b.length;
  if (b.length === 0) return a.length;
  let prev = Array.from({ length: b.length + 1 }, (_, k) => k);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length]!;
}
