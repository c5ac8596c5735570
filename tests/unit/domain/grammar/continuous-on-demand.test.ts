import { describe, expect, it } from 'vitest';
import { parseDeadline, type OnDemandPart } from '../../../../src/domain/deadline.js';
import { kinds, period, run } from '../deadline-helpers.js';

describe('§6 continuous', () => {
  it.each(['Thường xuyên', 'Thường xuyên theo yêu cầu quản lý', 'liên tục', 'Thường xuyên theo kế hoạch'])('§6 %j', (text) => {
    expect(kinds(text)).toEqual(['continuous']);
  });

  it('§6 continuous duties get a check-in with each quarterly report, never a deadline', () => {
    const o = run('Thường xuyên').occurrences;
    expect(o.map((x) => [x.kind, x.nominalDue])).toEqual([
      ['check_in', '2024-03-15'],
      ['check_in', '2024-06-15'],
      ['check_in', '2024-09-15'],
      ['check_in', '2024-12-15'],
    ]);
  });

  it('§6 years bound the check-ins; "duy trì, cập nhật … các năm tiếp theo" is continuous', () => {
    const p = period(2012, 2015);
    expect(run('Thường xuyên trong giai đoạn 2011-2015', p).parts[0]!.flags).toEqual(['starts_before_plan_period']);
    expect(run('Thường xuyên trong giai đoạn 2011-2015', p).occurrences).toHaveLength(16);
    const r = run('Năm 2012 và duy trì, cập nhật bổ sung trong các năm tiếp theo.', p);
    expect(r.parts.map((x) => x.kind)).toEqual(['date', 'continuous']);
    expect(r.occurrences.filter((o) => o.kind === 'check_in')).toHaveLength(12);
  });
});

describe('§7 on demand', () => {
  it.each([
    'Theo yêu cầu',
    'Theo quy định',
    'Khi có yêu cầu',
    'Theo Kế hoạch',
    'Theo Đề án',
    'Theo Kế hoạch của Bộ Nội vụ',
    'Theo Quyết định của UBND tỉnh',
    'Theo tiến độ kế hoạch',
    'Theo đề nghị của các Đoàn kiểm tra',
    'Theo yêu cầu của Chính phủ. Bộ, ngành Trung ương',
    'đột xuất',
  ])('§7 %j has no date', (text) => {
    const r = run(text);
    expect(r.parts.map((p) => p.kind)).toEqual(['on_demand']);
    expect(r.occurrences).toEqual([]);
    expect(r.unparsed).toEqual([]);
  });

  it('§7 a date inside the basis document is never a deadline', () => {
    const r = run('Theo Kế hoạch số 160/KH-UBND ngày 28/10/2022');
    expect(r.parts).toHaveLength(1);
    expect((r.parts[0] as OnDemandPart).basis).toBe('theo kế hoạch số 160/kh-ubnd ngày 28/10/2022');
    expect(r.occurrences).toEqual([]);
  });
});

describe('§8 clauses and labels', () => {
  it('§8 "Xây dựng Kế hoạch tháng 01; báo cáo theo định kỳ" → labelled date + labelled periodic', () => {
    const r = parseDeadline('Xây dựng Kế hoạch tháng 01; báo cáo theo định kỳ', period(2024));
    expect(r.parts.map((p) => [p.kind, p.label])).toEqual([
      ['date', 'xây dựng kế hoạch'],
      ['periodic', 'báo cáo'],
    ]);
  });

  it('§8 abbreviations and word order normalise the label ("KH xây dựng", "XD KII")', () => {
    expect(parseDeadline('KH xây dựng tháng 01', period(2024)).parts[0]!.label).toBe('xây dựng kế hoạch');
    expect(parseDeadline('XD KII trước tháng 3', period(2024)).parts[0]!.label).toBe('xây dựng kế hoạch');
  });

  it('§8 "- Quý I/2024; - Hoàn thành trước tháng 9; - Tháng, quý, 06 tháng, năm" → three parts', () => {
    const r = parseDeadline('- Quý I/2024; - Hoàn thành trước tháng 9; - Tháng, quý, 06 tháng, năm', period(2024));
    expect(r.parts.map((p) => [p.kind, p.label])).toEqual([
      ['date', undefined],
      ['date', 'hoàn thành'],
      ['periodic', undefined],
    ]);
  });

  it('§8 a part joined by "và" inherits the label', () => {
    const r = parseDeadline('báo cáo theo tiến độ kế hoạch và định kỳ', period(2024));
    expect(r.parts.map((p) => [p.kind, p.label])).toEqual([
      ['on_demand', 'báo cáo'],
      ['periodic', 'báo cáo'],
    ]);
  });

  it('§8 " - " separates list items unless a range takes it', () => {
    expect(kinds('<ul style="x"> - Quý I/2024 - Trong năm')).toEqual(['date', 'date']);
    expect(kinds('- Tháng 01 - Tháng 12')).toEqual(['window']);
    expect(kinds('<ul> - Theo yêu cầu - Định kỳ quý')).toEqual(['on_demand', 'periodic']);
  });

  it('§8 label words run on across ";" until the clause has a phrase', () => {
    const r = parseDeadline('- Rà soát, đánh giá; xây dựng phương án triển khai xong trong quý III/2012.', period(2012, 2015));
    expect(r.parts.map((p) => p.label)).toEqual(['rà soát, đánh giá; xây dựng phương án triển khai xong']);
  });

  it('§8 duty words after the phrase become its label ("hàng Quý báo cáo")', () => {
    expect(parseDeadline('hàng Quý báo cáo').parts.map((p) => p.label)).toEqual(['báo cáo']);
  });

  it('§8 every character of the input is in a part, an unparsed span or ignored — exactly once', () => {
    for (const text of ['- Quý I/2024; - Hoàn thành trước tháng 9; - Tháng, quý, 06 tháng, năm', '<ul style="a"> - Theo yêu cầu - Định kỳ quý', 'khoảng tháng 3; Năm 2024 xyz']) {
      const r = parseDeadline(text, period(2024));
      const owner = new Array<number>(text.length).fill(0);
      for (const s of [...r.parts.flatMap((p) => p.spans), ...r.unparsed, ...r.ignored]) for (let i = s.start; i < s.end; i++) owner[i]!++;
      expect(owner.every((n) => n === 1), text).toBe(true);
    }
  });
});
