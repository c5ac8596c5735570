/**
 * Resolves the agency text of a plan cell ("Sở Tư pháp chủ trì phối hợp với VP UBND tỉnh và các ngành liên
 * quan") to units of a directory, with roles. Pure.
 *
 * How a cell is read:
 * - Text is tokenised by `tokenize` (case, diacritics, spacing, "và"/"&" and abbreviations do not matter).
 * - At each position the longest alias of a unit, group, vague phrase or ignorable phrase wins; commas inside
 *   a written name are skipped ("Các Sở, ban, ngành cấp tỉnh").
 * - "Các Sở: Xây dựng, Y tế" opens an enumeration of bare department names; "UBND huyện Nghi Lộc, Diễn Châu"
 *   an enumeration of districts. "… thuộc các huyện X, Y" narrows a group to members under X and Y.
 * - A group followed by "liên quan" / "còn lại" names only some of its members: nothing is assigned and the
 *   mention is marked `vague` (the coordinator decides).
 * - Text that starts like a unit name ("Sở …", "UBND …", "Trung tâm …") but matches nothing is returned as
 *   `unknown` with the closest suggestions — never dropped, never guessed.
 * - Roles: in a lead column everything is lead except what follows "phối hợp (với)"; in a support column
 *   everything is support; in a combined "Phân công thực hiện" column the verbs decide: the subject of
 *   "chủ trì", "tổng hợp", "hướng dẫn", "đôn đốc", "tham mưu" leads, the object of "phối hợp với" supports, and
 *   units that "thực hiện" (or carry no verb) support when the cell names a lead, else lead.
 */
import {
  type DateRange,
  type DirectoryGroup,
  type DirectoryUnit,
  type UnitDirectory,
  groupMembers,
  isInForce,
} from './directory.js';
import { editDistance, normalizeName, type Token, tokenize } from './normalize.js';

/** Which column the text comes from; decides the default role. */
export type AgencyColumn = 'lead' | 'support' | 'assignment';

export type AssignmentRole = 'lead' | 'support';

/** A closest match offered for text that names no known unit. */
export interface UnitSuggestion {
  target: 'unit' | 'group';
  code: string;
  name: string;
  /** 0 = identical; lower is closer. */
  distance: number;
}

/** One agency named in a cell. */
export interface AgencyMention {
  /** The span as written. */
  text: string;
  /**
   * `unit` / `group`: resolved; `vague`: names no particular unit ("các cơ quan liên quan", or a group narrowed by
   * "liên quan"/"còn lại"); `unknown`: looks like an agency but matches nothing; `not-in-force`: names a unit that
   * did not exist during the plan's period.
   */
  kind: 'unit' | 'group' | 'vague' | 'unknown' | 'not-in-force';
  /** Code of the unit or group. */
  code?: string;
  /** Its directory name. */
  name?: string;
  /** Units assigned by this mention (group members expanded, in force only). Empty for vague/unknown. */
  units: string[];
  role: AssignmentRole;
  /** "liên quan", "có liên quan", "còn lại", as written. */
  qualifier?: string;
  /** Units named after "thuộc" that narrow a group. */
  scope?: string[];
  /** For `unknown` and `not-in-force`. */
  suggestions?: UnitSuggestion[];
  /** The directory's note on a group, for the coordinator ("không còn cấp huyện từ 01/7/2025"). */
  note?: string;
}

/** The resolution of one cell. */
export interface AgencyResolution {
  mentions: AgencyMention[];
  /** Distinct unit codes with their role (lead wins over support when a unit is named twice). */
  assignments: { unit: string; role: AssignmentRole }[];
}

/** A directory prepared for matching during a period. */
export interface UnitIndex {
  readonly directory: UnitDirectory;
  readonly range: DateRange;
  /** Units in force during the range. */
  readonly units: DirectoryUnit[];
  unit(code: string): DirectoryUnit | undefined;
  group(code: string): DirectoryGroup | undefined;
  /** Members of a group in force during the range. */
  members(groupCode: string): string[];
  resolve(text: string, column: AgencyColumn): AgencyResolution;
  /** Closest units/groups to `text` (for unknown agencies and for the CLI). */
  suggest(text: string, limit?: number): UnitSuggestion[];
}

type Target =
  | { type: 'unit'; code: string; short?: boolean }
  | { type: 'group'; code: string }
  | { type: 'vague' }
  | { type: 'ignorable' }
  | { type: 'verb'; verb: VerbClass }
  | { type: 'qualifier' }
  | { type: 'scope' }
  | { type: 'filler' };

type VerbClass = 'lead' | 'support' | 'performer';

interface TrieNode {
  next: Map<string, TrieNode>;
  target?: Target;
}

const VERBS: [string, VerbClass][] = [
  ['chu tri', 'lead'],
  ['tong hop', 'lead'],
  ['huong dan', 'lead'],
  ['don doc', 'lead'],
  ['tham muu', 'lead'],
  ['chiu trach nhiem', 'lead'],
  ['phoi hop voi', 'support'],
  ['phoi hop', 'support'],
  ['thuc hien', 'performer'],
  ['trien khai', 'performer'],
  ['tu danh gia', 'performer'],
  ['bao cao', 'performer'],
  ['to chuc', 'performer'],
  ['xay dung', 'performer'],
  ['kiem tra', 'performer'],
  ['giam sat', 'performer'],
  ['tham dinh', 'performer'],
  ['danh gia', 'performer'],
  ['ban hanh', 'performer'],
];

const QUALIFIERS = ['co lien quan', 'lien quan', 'con lai', 'duoc giao'];
/** Words that carry no agency: connectives, determiners, prepositions. */
const FILLERS = ['cac', 'voi', 'cung', 'o', 'tai', 'cua', 'theo', 'nhung', 'mot so', 'toan bo'];

/** First words of text that is meant to name an agency (used to tell unknown agencies from descriptions). */
const HEAD_WORDS = [
  'so',
  'ubnd',
  'hdnd',
  'ubmttq',
  'ban',
  'phong',
  'van phong',
  'trung tam',
  'cuc',
  'chi cuc',
  'dai',
  'bao',
  'hoi',
  'truong',
  'tinh doan',
  'doan',
  'cong an',
  'bo chi huy',
  'thanh tra',
  'to',
  'buu dien',
  'cong ty',
  'co quan',
  'don vi',
  'bo',
  'nganh',
  'huyen',
  'xa',
  'thanh pho',
  'thi xa',
  'kho bac',
  'ngan hang',
  'lien doan',
  'uy ban',
].map((h) => h.split(' '));

/** Head words that also start ordinary words ("ban hành", "hội nghị", "tổ chức"): after a verb they are description. */
const WEAK_HEADS = new Set(['ban', 'hoi', 'to', 'bo', 'co', 'don', 'nganh', 'huyen', 'xa', 'truong', 'doan', 'thanh', 'thi', 'uy', 'lien', 'ngan', 'cong']);
/** Two-word phrases that start like an agency but are not one. */
const NOT_AGENCIES = ['hoi nghi', 'hoi thao', 'hoi dong thi', 'ban hanh', 'bo chi so', 'bo phan', 'to chuc', 'phong trao', 'xa hoi', 'cong van', 'don vi tinh'].map((h) =>
  h.split(' '),
);

/** Builds the matching index for `directory` restricted to units in force during `range`. */
export function createUnitIndex(directory: UnitDirectory, range: DateRange): UnitIndex {
  const root: TrieNode = { next: new Map() };
  /** Department short names, used only inside "Các Sở: …" enumerations. */
  const listRoot: TrieNode = { next: new Map() };
  const unitsByCode = new Map(directory.units.map((u) => [u.code, u]));
  const groupsByCode = new Map(directory.groups.map((g) => [g.code, g]));
  const inForce = directory.units.filter((u) => isInForce(u, range));
  const memberCache = new Map<string, string[]>();
  const members = (code: string): string[] => {
    let m = memberCache.get(code);
    if (!m) {
      const g = groupsByCode.get(code);
      m = g ? groupMembers(g, directory.units, range) : [];
      memberCache.set(code, m);
    }
    return m;
  };

  const insert = (node: TrieNode, phrase: string, target: Target, priority = false) => {
    const words = normalizeName(phrase).split(' ').filter(Boolean);
    if (words.length === 0) return;
    let n = node;
    for (const w of words) {
      let child = n.next.get(w);
      if (!child) {
        child = { next: new Map() };
        n.next.set(w, child);
      }
      n = child;
    }
    // Units in force win over ended ones with the same alias; explicit entries win over short names.
    if (!n.target || priority || (n.target.type === 'unit' && n.target.short && !(target.type === 'unit' && target.short)))
      n.target = target;
  };

  for (const [phrase, verb] of VERBS) insert(root, phrase, { type: 'verb', verb });
  for (const f of FILLERS) insert(root, f, { type: 'filler' });
  for (const q of QUALIFIERS) insert(root, q, { type: 'qualifier' });
  insert(root, 'thuoc', { type: 'scope' });
  insert(root, 'truc thuoc', { type: 'scope' });
  for (const p of directory.ignorable) insert(root, p, { type: 'ignorable' });
  for (const p of directory.vague) insert(root, p, { type: 'vague' });
  // Groups the plan period cannot name first, so that a group in force wins a shared alias ("các địa phương": the
  // districts up to 2025-06-30, the communes after).
  const groupsOrdered = [...directory.groups].sort((a, b) => Number(isInForce(a, range)) - Number(isInForce(b, range)));
  for (const g of groupsOrdered) {
    const live = isInForce(g, range);
    for (const a of [g.name, ...g.aliases]) insert(root, a, { type: 'group', code: g.code }, live);
  }
  // Ended units first, so that units in force overwrite shared aliases.
  const ordered = [...directory.units].sort((a, b) => Number(isInForce(a, range)) - Number(isInForce(b, range)));
  for (const u of ordered) {
    const live = isInForce(u, range);
    for (const a of [u.name, ...u.aliases]) insert(root, a, { type: 'unit', code: u.code }, live);
    for (const s of u.shortNames ?? []) {
      if (u.kind === 'department' || u.kind === 'other') insert(listRoot, s, { type: 'unit', code: u.code, short: true }, live);
      else insert(root, s, { type: 'unit', code: u.code, short: true });
    }
  }

  const aliasList: { norm: string; target: 'unit' | 'group'; code: string; name: string }[] = [];
  for (const u of inForce)
    for (const a of [u.name, ...u.aliases]) aliasList.push({ norm: normalizeName(a), target: 'unit', code: u.code, name: u.name });
  for (const g of directory.groups)
    for (const a of [g.name, ...g.aliases]) aliasList.push({ norm: normalizeName(a), target: 'group', code: g.code, name: g.name });

  const suggest = (text: string, limit = 3): UnitSuggestion[] => {
    const s = normalizeName(text);
    if (!s) return [];
    const best = new Map<string, UnitSuggestion>();
    for (const a of aliasList) {
      let d = editDistance(s, a.norm) / Math.max(s.length, a.norm.length);
      // A fragment of a longer name ("UBND cấp", "Thông tin và Truyền thông") is close to it.
      if (a.norm.includes(s) || s.includes(a.norm)) d = Math.min(d, 0.25 * (1 - Math.min(s.length, a.norm.length) / Math.max(s.length, a.norm.length)) + 0.05);
      const key = `${a.target}:${a.code}`;
      const prev = best.get(key);
      if (!prev || d < prev.distance) best.set(key, { target: a.target, code: a.code, name: a.name, distance: Math.round(d * 100) / 100 });
    }
    return [...best.values()]
      .filter((x) => x.distance <= 0.5)
      .sort((a, b) => a.distance - b.distance || a.name.localeCompare(b.name))
      .slice(0, limit);
  };

  const index: UnitIndex = {
    directory,
    range,
    units: inForce,
    unit: (code) => unitsByCode.get(code),
    group: (code) => groupsByCode.get(code),
    members,
    suggest,
    resolve: (text, column) => resolveCell(text, column, { root, listRoot, unitsByCode, groupsByCode, members, suggest, range }),
  };
  return index;
}

interface Ctx {
  root: TrieNode;
  listRoot: TrieNode;
  unitsByCode: Map<string, DirectoryUnit>;
  groupsByCode: Map<string, DirectoryGroup>;
  members: (code: string) => string[];
  suggest: (text: string, limit?: number) => UnitSuggestion[];
  range: DateRange;
}

const SEPARATORS = new Set([';', '.', ':', '(', ')']);

/** Longest match of `root` at `pos`, skipping commas inside the phrase. */
function matchAt(tokens: Token[], pos: number, root: TrieNode): { target: Target; end: number } | undefined {
  let node = root;
  let i = pos;
  let best: { target: Target; end: number } | undefined;
  while (i < tokens.length) {
    const t = tokens[i]!.t;
    if (t === ',' && i > pos) {
      i++;
      continue;
    }
    const child = node.next.get(t);
    if (!child) break;
    node = child;
    i++;
    if (node.target) best = { target: node.target, end: i };
  }
  return best;
}

interface Item {
  kind: 'mention' | 'verb' | 'sep' | 'text' | 'qualifier' | 'scope';
  mention?: AgencyMention & { subjectVerb?: VerbClass; mode: Mode; clause: number };
  verb?: VerbClass;
  /** For 'text': the unmatched words. */
  start?: number;
  end?: number;
  inParens?: boolean;
  /** For 'text': how many words. */
  words?: number;
  /** For an unknown mention: it starts with a word that also starts ordinary words. */
  weak?: boolean;
}

type Mode = 'subject' | 'support-object' | 'performer-object' | 'scope';

function resolveCell(raw: string, column: AgencyColumn, ctx: Ctx): AgencyResolution {
  const text = raw.normalize('NFC');
  const tokens = tokenize(text);
  const items: Item[] = [];
  let listMode = false;
  let parens = 0;
  let i = 0;
  let pendingText: { start: number; end: number; words: string[] } | undefined;
  const flushText = () => {
    if (pendingText) {
      items.push({ kind: 'text', start: pendingText.start, end: pendingText.end, inParens: parens > 0, words: pendingText.words.length });
      pendingText = undefined;
    }
  };
  const span = (a: number, b: number) => text.slice(tokens[a]!.start, tokens[b - 1]!.end);

  while (i < tokens.length) {
    const tok = tokens[i]!;
    if (SEPARATORS.has(tok.t) || tok.t === ',') {
      flushText();
      if (tok.t === '(') parens++;
      if (tok.t === ')') parens = Math.max(0, parens - 1);
      if (tok.t !== ',') {
        if (tok.t !== ':' && !(listMode && tok.t === ';')) listMode = false;
        items.push({ kind: 'sep', start: tok.start, end: tok.end });
      } else items.push({ kind: 'sep', start: -1, end: -1 });
      i++;
      continue;
    }
    let m = listMode ? matchAt(tokens, i, ctx.listRoot) : undefined;
    const main = matchAt(tokens, i, ctx.root);
    if (!m || (main && main.end > m.end && main.target.type === 'unit')) m = main ?? m;
    if (!m) {
      if (listMode) listMode = false;
      pendingText ??= { start: i, end: i, words: [] };
      pendingText.end = i + 1;
      pendingText.words.push(tok.t);
      i++;
      continue;
    }
    flushText();
    const written = span(i, m.end);
    const target = m.target;
    if (target.type === 'verb') {
      listMode = false;
      items.push({ kind: 'verb', verb: target.verb });
    } else if (target.type === 'qualifier') {
      items.push({ kind: 'qualifier', start: tokens[i]!.start, end: tokens[m.end - 1]!.end });
    } else if (target.type === 'scope') {
      items.push({ kind: 'scope' });
    } else if (target.type === 'filler' || target.type === 'ignorable') {
      // nothing
    } else if (target.type === 'vague') {
      items.push({ kind: 'mention', inParens: parens > 0, mention: { text: written, kind: 'vague', units: [], role: 'lead', mode: 'subject', clause: 0 } });
    } else if (target.type === 'group') {
      const g = ctx.groupsByCode.get(target.code)!;
      // "Các Sở: Xây dựng, Y tế" — the group word opens an enumeration of its members.
      if (tokens[m.end]?.t === ':') {
        listMode = true;
        i = m.end + 1;
        continue;
      }
      const note = g.note ? { note: g.note } : {};
      items.push({
        kind: 'mention',
        inParens: parens > 0,
        mention: isInForce(g, ctx.range)
          ? { text: written, kind: 'group', code: g.code, name: g.name, units: ctx.members(g.code), role: 'lead', mode: 'subject', clause: 0, ...note }
          : {
              text: written,
              kind: 'not-in-force',
              code: g.code,
              name: g.name,
              units: [],
              role: 'lead',
              mode: 'subject',
              clause: 0,
              ...note,
              suggestions: groupSuccessor(g, ctx),
            },
      });
    } else {
      const u = ctx.unitsByCode.get(target.code)!;
      const live = isInForce(u, ctx.range);
      const prev = items.at(-1);
      // "UBND các huyện Tân Kỳ, Thanh Chương": a group word directly followed by one of its members is an
      // enumeration opener, not the whole group.
      if (prev?.kind === 'mention' && prev.mention?.kind === 'group' && prev.mention.code && ctx.members(prev.mention.code).includes(u.code))
        items.pop();
      if (u.kind === 'department' && target.short) listMode = true;
      if (u.kind === 'district' || u.kind === 'commune') listMode = false;
      items.push({
        kind: 'mention',
        inParens: parens > 0,
        mention: live
          ? { text: written, kind: 'unit', code: u.code, name: u.name, units: [u.code], role: 'lead', mode: 'subject', clause: 0 }
          : {
              text: written,
              kind: 'not-in-force',
              code: u.code,
              name: u.name,
              units: [],
              role: 'lead',
              mode: 'subject',
              clause: 0,
              suggestions: successorSuggestion(u, ctx),
            },
      });
    }
    i = m.end;
  }
  flushText();

  // Unmatched text that starts like an agency name is an unknown agency; other text is description.
  const out: Item[] = [];
  for (const it of items) {
    if (it.kind !== 'text') {
      // "Văn phòng UBND tỉnh (Cổng TTĐT)": a name in parentheses qualifies the one before it.
      if (it.kind === 'mention' && it.inParens) continue;
      out.push(it);
      continue;
    }
    if (it.inParens) continue;
    out.push({ kind: 'text', words: it.words ?? 0 });
    const words = tokens.slice(it.start!, it.end!).map((t) => t.t);
    const lead = words[0] === 'cac' || words[0] === 'nhung' ? words.slice(1) : words;
    const looksLikeAgency = HEAD_WORDS.some((h) => h.every((w, k) => lead[k] === w)) && !NOT_AGENCIES.some((h) => h.every((w, k) => lead[k] === w));
    if (!looksLikeAgency) continue;
    const written = span(it.start!, it.end!);
    out.push({
      kind: 'mention',
      weak: WEAK_HEADS.has(lead[0]!),
      mention: { text: written, kind: 'unknown', units: [], role: 'lead', mode: 'subject', clause: 0, suggestions: ctx.suggest(written) },
    });
  }

  // Clauses, modes and qualifiers.
  let clause = 0;
  let mode: Mode = 'subject';
  const mentions: (AgencyMention & { subjectVerb?: VerbClass; mode: Mode; clause: number })[] = [];
  let lastMention: (typeof mentions)[number] | undefined;
  let scopeTarget: (typeof mentions)[number] | undefined;
  const clauseHasSubject = new Map<number, boolean>();
  const clauseLeadVerbWithoutSubject = new Set<number>();
  /** Mentions since the last verb or clause break (a qualifier applies to all groups of the run). */
  let run: (typeof mentions)[number][] = [];
  /** Unmatched words since the last verb: a long description makes later names incidental. */
  let description = 0;
  for (const it of out) {
    if (it.kind === 'text') {
      description += it.words ?? 0;
      continue;
    }
    if (it.kind === 'sep') {
      if (it.start !== -1) {
        const ch = text.slice(it.start!, it.end!);
        run = [];
        if (ch === ';' || ch === '.' || ch === '\n' || ch === '-' || ch === '–' || ch === '•') {
          description = 0;
          clause++;
          mode = 'subject';
          scopeTarget = undefined;
        }
      }
      continue;
    }
    if (it.kind === 'verb') {
      run = [];
      description = 0;
      // The first verb after subjects fixes their role.
      for (const m of mentions) if (m.clause === clause && m.mode === 'subject' && !m.subjectVerb) m.subjectVerb = it.verb;
      if (it.verb === 'lead' && !clauseHasSubject.get(clause)) clauseLeadVerbWithoutSubject.add(clause);
      if (it.verb === 'support') mode = 'support-object';
      else if (mode !== 'support-object') mode = 'performer-object';
      scopeTarget = undefined;
      continue;
    }
    if (it.kind === 'qualifier') {
      for (const m of run) if (m.kind === 'group') m.qualifier = text.slice(it.start!, it.end!);
      run = [];
      continue;
    }
    if (it.kind === 'scope') {
      if (lastMention && lastMention.kind === 'group') {
        scopeTarget = lastMention;
        scopeTarget.scope = [];
      }
      continue;
    }
    const m = it.mention!;
    // "… chủ trì triển khai nền tảng … về địa phương": a name deep inside a description of the work is not an
    // assignee.
    if (mode === 'performer-object' && description >= 3 && m.kind !== 'unknown') continue;
    // After a verb, text such as "hội nghị toàn tỉnh" describes the work.
    if (mode === 'performer-object' && m.kind === 'unknown' && it.weak) continue;
    if (scopeTarget && m !== scopeTarget) {
      // "UBND các xã … thuộc các huyện Tương Dương, Quỳ Châu": these narrow the group, they are not assignees.
      if (m.kind === 'unit' || m.kind === 'group') scopeTarget.scope!.push(...m.units);
      continue;
    }
    m.clause = clause;
    m.mode = mode;
    if (mode === 'subject') clauseHasSubject.set(clause, true);
    mentions.push(m);
    run.push(m);
    lastMention = m;
  }

  // A clause that starts with a lead verb ("…; hướng dẫn, đôn đốc …") continues the previous clause's subject.
  for (const c of clauseLeadVerbWithoutSubject) {
    for (let k = c - 1; k >= 0; k--) {
      const subjects = mentions.filter((m) => m.clause === k && m.mode === 'subject');
      if (subjects.length > 0) {
        for (const s of subjects) if (s.subjectVerb !== 'lead') s.subjectVerb = 'lead';
        break;
      }
    }
  }

  // Scope narrowing and vague groups.
  for (const m of mentions) {
    if (m.kind === 'group' && m.scope && m.scope.length > 0) {
      const scope = new Set(m.scope);
      m.units = m.units.filter((code) => {
        const parent = ctx.unitsByCode.get(code)?.parent;
        return parent !== undefined && scope.has(parent);
      });
    }
    if (m.kind === 'group' && m.qualifier) {
      m.kind = 'vague';
      m.units = [];
    }
  }

  // Roles.
  const classOf = (m: (typeof mentions)[number]): VerbClass | 'neutral' => {
    if (m.mode === 'support-object') return 'support';
    if (m.mode === 'performer-object') return 'performer';
    // "Sở Nội vụ phối hợp với các ngành": the subject of "phối hợp với" leads.
    if (m.subjectVerb === 'support') return 'lead';
    return m.subjectVerb ?? 'neutral';
  };
  if (column === 'support') for (const m of mentions) m.role = 'support';
  else if (column === 'lead') for (const m of mentions) m.role = m.mode === 'support-object' ? 'support' : 'lead';
  else {
    const hasLead = mentions.some((m) => classOf(m) === 'lead' && m.units.length > 0);
    for (const m of mentions) {
      const c = classOf(m);
      m.role = c === 'lead' ? 'lead' : c === 'support' ? 'support' : hasLead ? 'support' : 'lead';
    }
  }

  // A non-empty cell that names nothing recognisable is reported whole, never dropped.
  if (mentions.length === 0 && /\p{L}/u.test(text)) {
    const written = text.trim();
    mentions.push({ text: written, kind: 'unknown', units: [], role: column === 'support' ? 'support' : 'lead', mode: 'subject', clause: 0, suggestions: ctx.suggest(written) });
  }

  const roles = new Map<string, AssignmentRole>();
  for (const m of mentions) {
    for (const u of m.units) {
      const prev = roles.get(u);
      if (prev !== 'lead') roles.set(u, m.role);
    }
  }
  return {
    mentions: mentions.map(({ subjectVerb: _v, mode: _m, clause: _c, ...rest }) => rest),
    assignments: [...roles].map(([unit, role]) => ({ unit, role })),
  };
}

function successorSuggestion(u: DirectoryUnit, ctx: Ctx): UnitSuggestion[] {
  const out: UnitSuggestion[] = [];
  let s = u.successor ? ctx.unitsByCode.get(u.successor) : undefined;
  const seen = new Set<string>();
  while (s && !seen.has(s.code)) {
    seen.add(s.code);
    if (isInForce(s, ctx.range)) {
      out.push({ target: 'unit', code: s.code, name: s.name, distance: 0 });
      break;
    }
    s = s.successor ? ctx.unitsByCode.get(s.successor) : undefined;
  }
  return out.length > 0 ? out : ctx.suggest(u.name);
}

function groupSuccessor(g: DirectoryGroup, ctx: Ctx): UnitSuggestion[] {
  const s = g.successor ? ctx.groupsByCode.get(g.successor) : undefined;
  return s && isInForce(s, ctx.range) ? [{ target: 'group', code: s.code, name: s.name, distance: 0 }] : [];
}
