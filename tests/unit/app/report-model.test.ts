/**
 * The annex's results and summaries from hand-made rows: each of the six results, the as-of day, the rates and the
 * CCHC score bands (config/report-scoring.ts).
 */
import { describe, expect, it } from 'vitest';
import { BNV_876_2022, CA_MAU_1880_2013, checkCompletionScoreRule } from '../../../config/report-scoring.js';
import { buildReport, scoreFor, type ReportItemInput, type ReportRowInput } from '../../../src/app/report/model.js';

const plan = {
  id: 1,
  province: 'nghe-an',
  provinceName: 'Tỉnh Nghệ An',
  title: 'Kế hoạch CCHC năm 2024',
  decisionNumber: '123/QĐ-UBND',
  decisionDate: '2023-12-29',
  periodStartYear: 2024,
  periodEndYear: 2024,
};

let nextId = 1;
function item(due: string | null, extra: Partial<ReportItemInput> = {}): ReportItemInput {
  return { id: nextId++, occurrenceLabel: due ?? 'chờ', windowStart: null, nominalDue: due, dueDate: due, state: 'open', doneDate: null, evidence: null, waitingEvent: null, extensions: [], ...extra };
}
function row(number: string, unit: string, items: ReportItemInput[], extra: Partial<ReportRowInput> = {}): ReportRowInput {
  return { taskId: Number(number), taskKey: `I/${number}`, taskNumber: number, sectionNumber: 'I', sectionTitle: 'Thể chế', title: `Việc ${number}`, output: null, deadlineText: null, withdrawnDate: null, unitId: unit.length, unitCode: unit, unitName: unit.toUpperCase(), items, ...extra };
}

const AS_OF = '2024-07-01';

describe('results', () => {
  const rows = [
    row('1', 'snv', [item('2024-03-31', { state: 'done', doneDate: '2024-03-20', evidence: { documentNumber: '1/BC', documentDate: '2024-03-19' } })]),
    row('2', 'snv', [item('2024-03-31', { state: 'done', doneDate: '2024-04-10' })]),
    // The document is dated before the due day, reported after it: on time by the document.
    row('3', 'snv', [item('2024-03-31', { state: 'done', doneDate: '2024-04-03', evidence: { documentDate: '2024-03-30' } })]),
    row('4', 'stp', [item('2024-03-31')]),
    // Completed after the as-of day: still overdue on that day.
    row('5', 'stp', [item('2024-03-31', { state: 'done', doneDate: '2024-07-05' })]),
    row('6', 'stp', [item('2024-09-30', { windowStart: '2024-07-01' })]),
    row('7', 'stp', [item('2024-12-31', { windowStart: '2024-10-01' })]),
    row('8', 'stp', [item('2024-06-30', { state: 'waived' })], { withdrawnDate: '2024-05-02' }),
    row('9', 'stp', [item(null, { state: 'waiting', waitingEvent: 'cong-bo-tthc' })]),
    // Quarterly: Q1, Q2 done, Q3, Q4 not started → under way.
    row('10', 'syt', [
      item('2024-03-31', { state: 'done', doneDate: '2024-03-30' }),
      item('2024-06-30', { state: 'pending_approval', doneDate: '2024-06-28' }),
      item('2024-09-30', { windowStart: '2024-07-02' }),
      item('2024-12-31', { windowStart: '2024-10-01' }),
    ]),
    row('11', 'syt', [item('2024-04-30', { state: 'extended', dueDate: '2024-08-15', extensions: [{ from: '2024-04-30', to: '2024-08-15', decidedDate: '2024-04-20' }] })]),
  ];
  const report = buildReport({ plan, rows, asOf: AS_OF, rule: BNV_876_2022 });
  const result = (n: number) => report.rows[n - 1]!.result;

  it('gives each row the result of its items as of the day', () => {
    expect(report.rows.map((r) => r.result)).toEqual([
      'hoàn thành đúng hạn',
      'hoàn thành quá hạn',
      'hoàn thành đúng hạn',
      'quá hạn chưa hoàn thành',
      'quá hạn chưa hoàn thành',
      'đang thực hiện trong hạn',
      'chưa đến hạn',
      'không thực hiện',
      'chưa đến hạn',
      'đang thực hiện trong hạn',
      'đang thực hiện trong hạn',
    ]);
    expect(result(3)).toBe('hoàn thành đúng hạn');
  });

  it('says why, and what was done', () => {
    expect(report.rows[7]!.detail).toMatch(/rút khỏi kế hoạch.*02\/05\/2024/);
    expect(report.rows[8]!.detail).toMatch(/chờ sự kiện/);
    expect(report.rows[9]!.detail).toMatch(/2\/4 kỳ đã hoàn thành.*chờ phê duyệt/);
    expect(report.rows[0]!.evidence).toEqual(['1/BC ngày 19/03/2024']);
    expect(report.rows[0]!.completionDate).toBe('2024-03-19');
    expect(report.rows[4]!.completionDate).toBeNull();
    expect(report.rows[10]!.extensions).toEqual(['từ 30/04/2024 đến 15/08/2024']);
  });

  it('summarizes per unit and for the province over the rows that are due', () => {
    const snv = report.units.find((u) => u.unitCode === 'snv')!;
    expect(snv).toMatchObject({ tasks: 3, due: 3, onTimePercent: 66.7, completionPercent: 100, score: 1 });
    const stp = report.units.find((u) => u.unitCode === 'stp')!;
    expect(stp).toMatchObject({ tasks: 6, due: 2, onTimePercent: 0, completionPercent: 0, score: 0 });
    const syt = report.units.find((u) => u.unitCode === 'syt')!;
    expect(syt).toMatchObject({ tasks: 2, due: 0, onTimePercent: null, score: null });
    expect(report.province).toMatchObject({ tasks: 11, due: 5, onTimePercent: 40, completionPercent: 60, score: 0 });
    expect(report.notes.join('\n')).toMatch(/CHƯA XÁC MINH/);
    expect(buildReport({ plan, rows, asOf: AS_OF, rule: CA_MAU_1880_2013 }).notes.join('\n')).not.toMatch(/CHƯA XÁC MINH/);
  });
});

describe('score bands', () => {
  it('876 (unverified default) and Cà Mau 1880/2013', () => {
    expect([100, 99.9, 80, 79.9, 0].map((p) => scoreFor(BNV_876_2022, p))).toEqual([1, 0.5, 0.5, 0, 0]);
    expect([100, 90.1, 90, 70, 69.9].map((p) => scoreFor(CA_MAU_1880_2013, p))).toEqual([2, 2, 1, 1, 0]);
  });
  it('a rule file is checked', () => {
    expect(() => checkCompletionScoreRule({ ...BNV_876_2022, bands: [{ minPercent: 50, score: 1 }] }, 'r.json')).toThrow(/last band must start at 0/);
    expect(() => checkCompletionScoreRule({ ...BNV_876_2022, bands: [{ minPercent: 0, score: 1 }, { minPercent: 50, score: 1 }] }, 'r.json')).toThrow(/sorted/);
    expect(checkCompletionScoreRule(JSON.parse(JSON.stringify(CA_MAU_1880_2013)), 'r.json').id).toBe('ca-mau-1880-2013');
  });
});
