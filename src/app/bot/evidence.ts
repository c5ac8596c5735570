/**
 * Evidence of completion as focal points write it in chat: "QĐ số 123/QĐ-UBND ngày 15/3/2024", "Báo cáo
 * 45/BC-SNV ngày 02-04-2024", "Kế hoạch số 12/KH-UBND ngày 5 tháng 1 năm 2024", or a file with such a caption.
 * Pure: reads text, returns values; never throws on user input.
 */

/** Evidence stored on a due item (the shape of `due_items.evidence`). */
export interface Evidence {
  /** As written, e.g. `123/QĐ-UBND`. */
  documentNumber?: string;
  /** 'YYYY-MM-DD'. */
  documentDate?: string;
  fileId?: string;
  fileName?: string;
  /** The message text or caption, trimmed. */
  text?: string;
  /** The document is dated after the item's due date. */
  late?: boolean;
}

/** What {@link parseEvidenceText} read from a message. */
export interface ParsedEvidenceText {
  documentNumber?: string;
  documentDate?: string;
  /** The span of the date in the input (to cut it out of event references). */
  dateSpan?: { start: number; end: number };
  text: string;
}

/** A file attached to the message (document or photo). */
export interface EvidenceFile {
  fileId: string;
  fileName: string;
}

/** Longest text kept with the evidence. */
export const EVIDENCE_TEXT_MAX = 1000;

// "123/QĐ-UBND", "45/2024/QĐ-UBND", "1234/UBND-VX", "12a/KH-SNV", "56/TTr-SNV.HCTH".
const NUMBER_WITH_CODE = /(?<![\p{L}\d/])(\d{1,6}[a-zA-Z]?(?:\/\d{4})?\/\p{Lu}[\p{L}\d&.]*(?:-[\p{L}\d&.]+)*)/u;
// "số 123", "số: 123/UBND" when no code of the usual shape follows.
const NUMBER_AFTER_SO = /\bsố\s*:?\s*(\d{1,6}(?:\/[\p{L}\d&.-]+)*)/iu;
// 15/3/2024, 15-03-2024, 15.03.2024 (day first, as Vietnamese write dates).
const NUMERIC_DATE = /(?<![\d/.-])(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})(?![\d/])/u;
// "ngày 5 tháng 1 năm 2024"
const WORDED_DATE = /ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s*(?:,\s*)?năm\s+(\d{4})/iu;

/**
 * Reads a document number and a document date out of free text. A date written as part of the number
 * ("45/2024/QĐ-UBND") is not taken for the document date.
 */
export function parseEvidenceText(input: string): ParsedEvidenceText {
  const text = input.normalize('NFC').trim();
  const out: ParsedEvidenceText = { text: text.slice(0, EVIDENCE_TEXT_MAX) };
  let masked = text;
  const withCode = NUMBER_WITH_CODE.exec(text);
  if (withCode !== null && withCode[1] !== undefined) {
    out.documentNumber = withCode[1].replace(/[.]+$/, '');
    masked = maskSpan(masked, withCode.index, withCode.index + withCode[0].length);
  } else {
    const afterSo = NUMBER_AFTER_SO.exec(text);
    if (afterSo !== null && afterSo[1] !== undefined) {
      out.documentNumber = afterSo[1].replace(/[.]+$/, '');
      const start = afterSo.index + afterSo[0].lastIndexOf(afterSo[1]);
      masked = maskSpan(masked, start, start + afterSo[1].length);
    }
  }
  for (const re of [WORDED_DATE, NUMERIC_DATE]) {
    const m = re.exec(masked);
    if (m === null) continue;
    const iso = isoDate(Number(m[3]), Number(m[2]), Number(m[1]));
    if (iso === null) continue;
    out.documentDate = iso;
    // Include a leading "ngày" in the span so that references read cleanly once the date is cut out.
    const before = masked.slice(0, m.index);
    const lead = /ngày\s*$/iu.exec(before);
    out.dateSpan = { start: lead === null ? m.index : lead.index, end: m.index + m[0].length };
    break;
  }
  return out;
}

/**
 * Builds the evidence of a completion report from a message, or says what is missing. A report needs a document
 * number or a file; the date is optional. `late` is set when the document is dated after `dueDate`.
 */
export function buildEvidence(
  input: { text?: string; file?: EvidenceFile },
  dueDate: string | null,
): { ok: true; evidence: Evidence } | { ok: false; reason: 'missing_reference' } {
  const parsed = parseEvidenceText(input.text ?? '');
  if (parsed.documentNumber === undefined && input.file === undefined) return { ok: false, reason: 'missing_reference' };
  const evidence: Evidence = {};
  if (parsed.documentNumber !== undefined) evidence.documentNumber = parsed.documentNumber;
  if (parsed.documentDate !== undefined) evidence.documentDate = parsed.documentDate;
  if (input.file !== undefined) {
    evidence.fileId = input.file.fileId;
    evidence.fileName = input.file.fileName;
  }
  if (parsed.text !== '') evidence.text = parsed.text;
  if (isLate(evidence.documentDate, dueDate)) evidence.late = true;
  return { ok: true, evidence };
}

/** True when a document date lies after the due date (both 'YYYY-MM-DD'). */
export function isLate(documentDate: string | undefined, dueDate: string | null): boolean {
  return documentDate !== undefined && dueDate !== null && documentDate > dueDate;
}

function maskSpan(s: string, start: number, end: number): string {
  return s.slice(0, start) + ' '.repeat(end - start) + s.slice(end);
}

function isoDate(year: number, month: number, day: number): string | null {
  if (year < 1900 || year > 2200 || month < 1 || month > 12 || day < 1) return null;
  const dim = [31, (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
  if (day > dim) return null;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
