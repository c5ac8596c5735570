import { describe, expect, it } from 'vitest';
import { buildEvidence, isLate, parseEvidenceText } from '../../../src/app/bot/evidence.js';

describe('parseEvidenceText', () => {
  it.each([
    ['QĐ số 123/QĐ-UBND ngày 15/3/2024', '123/QĐ-UBND', '2024-03-15'],
    ['Quyết định số 45/2024/QĐ-UBND ngày 02/04/2024 của UBND tỉnh', '45/2024/QĐ-UBND', '2024-04-02'],
    ['Kế hoạch số 12/KH-SNV ngày 5 tháng 1 năm 2024', '12/KH-SNV', '2024-01-05'],
    ['Công văn 1234/UBND-KSTT ngày 20-12-2023', '1234/UBND-KSTT', '2023-12-20'],
    ['Đã gửi báo cáo 56/BC-STTTT.', '56/BC-STTTT', undefined],
    ['Tờ trình số 7a/TTr-SNV, ngày 1.2.2024', '7a/TTr-SNV', '2024-02-01'],
    ['công văn số 88 ngày 12/3/2024', '88', '2024-03-12'],
    ['  qđ số 9/QĐ-STP ngày 29/2/2024  ', '9/QĐ-STP', '2024-02-29'],
  ])('%s', (text, number, date) => {
    const parsed = parseEvidenceText(text);
    expect(parsed.documentNumber).toBe(number);
    expect(parsed.documentDate).toBe(date);
  });

  it('does not take the year inside a number for a date, nor impossible dates', () => {
    expect(parseEvidenceText('Quyết định 45/2024/QĐ-UBND').documentDate).toBeUndefined();
    expect(parseEvidenceText('số 3/QĐ-X ngày 31/2/2024').documentDate).toBeUndefined();
    expect(parseEvidenceText('số 3/QĐ-X ngày 29/2/2023').documentDate).toBeUndefined();
  });

  it('finds nothing in plain words and keeps the text', () => {
    expect(parseEvidenceText('xong rồi')).toEqual({ text: 'xong rồi' });
  });

  it('reports where the date is, including a leading "ngày"', () => {
    const text = 'QĐ 123/QĐ-UBND ngày 11/3/2024 của UBND tỉnh';
    const parsed = parseEvidenceText(text);
    expect(text.slice(parsed.dateSpan!.start, parsed.dateSpan!.end)).toBe('ngày 11/3/2024');
  });
});

describe('buildEvidence', () => {
  it('needs a document number or a file', () => {
    expect(buildEvidence({ text: 'đã xong' }, '2024-03-20')).toEqual({ ok: false, reason: 'missing_reference' });
    expect(buildEvidence({ text: 'ngày 15/3/2024' }, '2024-03-20')).toEqual({ ok: false, reason: 'missing_reference' });
    expect(buildEvidence({ file: { fileId: 'F1', fileName: 'a.pdf' } }, '2024-03-20')).toEqual({
      ok: true,
      evidence: { fileId: 'F1', fileName: 'a.pdf' },
    });
  });

  it('marks evidence dated after the due date as late, and only then', () => {
    const late = buildEvidence({ text: 'số 1/QĐ-A ngày 21/3/2024' }, '2024-03-20');
    expect(late).toEqual({ ok: true, evidence: { documentNumber: '1/QĐ-A', documentDate: '2024-03-21', text: 'số 1/QĐ-A ngày 21/3/2024', late: true } });
    const onTime = buildEvidence({ text: 'số 1/QĐ-A ngày 20/3/2024' }, '2024-03-20');
    expect(onTime.ok && onTime.evidence.late).toBeFalsy();
    expect(isLate('2024-03-21', null)).toBe(false);
    expect(isLate(undefined, '2024-03-20')).toBe(false);
  });
});
