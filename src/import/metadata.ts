/**
 * Document metadata from the prose: province, issuing decision or plan (number and date), plan title and
 * period ("năm 2024", "giai đoạn 2012 - 2015"). Pure.
 */
import { normalizeName } from '../domain/units/normalize.js';

/** A province the importer can recognise. */
export interface KnownProvince {
  slug: string;
  name: string;
}

/** What the document says about itself. Missing facts stay undefined. */
export interface PlanMetadata {
  /** Province slug, when one of the known provinces is named. */
  province?: string;
  provinceName?: string;
  /** Title as written, e.g. "Kế hoạch cải cách hành chính tỉnh Thái Nguyên năm 2024". */
  title?: string;
  /** "4347/QĐ-UBND". */
  decisionNumber?: string;
  /** ISO date. */
  decisionDate?: string;
  /** "QĐ" (decision) or "KH" (plan). */
  documentKind?: string;
  periodStartYear?: number;
  periodEndYear?: number;
  /** Other numbers/dates the document gives for itself (a typo in an appendix, say). */
  conflicts: string[];
}

const DOC_REF =
  /(Quyết định|Kế hoạch)\s+số\s*:?\s*(\d{1,6})\s*\/\s*(QĐ|KH)\s*-\s*([A-ZĐa-zđ]+)\s*,?\s*ngày\s+(\d{1,2})\s*(?:tháng|\/|-)\s*(\d{1,2})\s*(?:năm|\/|-)\s*(\d{4})/giu;

/** Reads metadata from the document's paragraphs (in order). */
export function readMetadata(paragraphs: string[], provinces: KnownProvince[]): PlanMetadata {
  const meta: PlanMetadata = { conflicts: [] };

  // Province: the known province named most often as "tỉnh <Name>" (or in the heading "ỦY BAN … TỈNH <NAME>").
  const counts = new Map<string, number>();
  const normParas = paragraphs.map((p) => ` ${normalizeName(p)} `);
  for (const prov of provinces) {
    const key = ` tinh ${normalizeName(prov.name)} `;
    let n = 0;
    for (const p of normParas) {
      let at = p.indexOf(key);
      while (at !== -1) {
        n++;
        at = p.indexOf(key, at + 1);
      }
    }
    if (n > 0) counts.set(prov.slug, n);
  }
  const best = [...counts].sort((a, b) => b[1] - a[1])[0];
  if (best) {
    meta.province = best[0];
    meta.provinceName = provinces.find((p) => p.slug === best[0])!.name;
  }

  // The document's own number: prefer "Ban hành kèm theo / Kèm theo / Ban hành theo Quyết định số …",
  // then any reference that is not a "Căn cứ" (a legal basis cites other documents).
  const refs: { text: string; number: string; kind: string; date: string; own: boolean }[] = [];
  for (const p of paragraphs) {
    DOC_REF.lastIndex = 0;
    for (let m = DOC_REF.exec(p); m; m = DOC_REF.exec(p)) {
      const before = p.slice(0, m.index).toLowerCase();
      if (/căn cứ/.test(before.slice(-200)) || /^\s*căn cứ/i.test(p)) continue;
      const own = /(kèm theo|ban hành theo|ban hành kèm)\s*$/i.test(before.trimEnd()) || /(kèm theo|ban hành theo)[^()]*$/i.test(before);
      const [, , num, kind, issuer, dd, mm, yyyy] = m;
      refs.push({
        text: m[0],
        number: `${num}/${kind!.toUpperCase()}-${issuer!.toUpperCase()}`,
        kind: kind!.toUpperCase(),
        date: `${yyyy}-${mm!.padStart(2, '0')}-${dd!.padStart(2, '0')}`,
        own,
      });
    }
  }
  const chosen = refs.find((r) => r.own) ?? refs[0];
  if (chosen) {
    meta.decisionNumber = chosen.number;
    meta.decisionDate = chosen.date;
    meta.documentKind = chosen.kind;
    for (const r of refs.filter((r) => r.own && (r.number !== chosen.number || r.date !== chosen.date)))
      meta.conflicts.push(`${r.number} ngày ${r.date}`);
  }

  // Title: the paragraph after a lone "KẾ HOẠCH" heading.
  for (let i = 0; i < paragraphs.length - 1; i++) {
    if (/^\**\s*kế hoạch\s*\**$/iu.test(paragraphs[i]!.trim())) {
      const next = paragraphs[i + 1]!.replace(/\*+/g, '').trim();
      if (next && !/^\(/.test(next)) {
        meta.title = `Kế hoạch ${next.charAt(0).toLowerCase()}${next.slice(1)}`;
        if (next === next.toUpperCase()) meta.title = `Kế hoạch ${next.toLowerCase()}`;
        break;
      }
    }
  }
  if (!meta.title) {
    const t = paragraphs.find((p) => /^\**\s*(kế hoạch|chương trình)\b/iu.test(p) && /(năm|giai đoạn)\s+\d{4}/iu.test(p));
    if (t) meta.title = t.replace(/\*+/g, '').trim();
  }
  // Restore the province name's capitals in an upper-case title that was lowered.
  if (meta.title && meta.provinceName) {
    const lowered = meta.provinceName.toLowerCase();
    meta.title = meta.title.replace(new RegExp(`tỉnh ${escapeRegExp(lowered)}`, 'giu'), `tỉnh ${meta.provinceName}`);
  }

  const period = readPeriod(meta.title ?? '') ?? readPeriod(paragraphs.slice(0, 40).join('\n'));
  if (period) {
    meta.periodStartYear = period[0];
    meta.periodEndYear = period[1];
  }
  return meta;
}

/** "giai đoạn 2012 - 2015" → [2012, 2015]; "năm 2024" → [2024, 2024]. */
export function readPeriod(text: string): [number, number] | undefined {
  const range = /giai đoạn\s+(\d{4})\s*[-–]\s*(\d{4})/iu.exec(text);
  if (range) return [Number(range[1]), Number(range[2])];
  const year = /năm\s+(\d{4})/iu.exec(text);
  if (year) return [Number(year[1]), Number(year[1])];
  return undefined;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
