/**
 * §13 Composition (issue #11): how the words of a clause combine. Every phrase below is a real one from the tuning
 * part of the open corpus (tests/golden/corpus/, id in the title), or one of the issue's own examples; the expected
 * dates come from the corpus annotation (the law), never from the engine.
 */
import { describe, expect, it } from 'vitest';
import { expandRule, parseDeadline, type EventPart, type PeriodicPart } from '../../../../src/domain/deadline.js';
import { calendar, kinds, nominal, period, run } from '../deadline-helpers.js';

const MONTHS = ['01', '02', '03', '04', '05', '06', '07', '08', '09', '10', '11', '12'];

/** Nominal due dates inside `year`, whatever period they report on (the expansion starts a year early). */
function dueIn(text: string, year = 2024): string[] {
  const rule = parseDeadline(text, period(year));
  const occ = expandRule(rule, { periodStart: `${year - 1}-01-01`, periodEnd: `${year}-12-31`, calendar });
  return [...new Set(occ.map((o) => o.nominalDue).filter((d) => d.startsWith(String(year))))].sort();
}

function reasons(text: string, year = 2024): string[] {
  return run(text, year).unparsed.map((u) => u.reason);
}

describe('§13.1 periodic words attach to the date they sit with', () => {
  it.each([
    ['c002', 'Định kỳ hằng năm (trước ngày 05 tháng 12)', 2025, ['2025-12-04']],
    ['c030', 'Ban hành kế hoạch cải cách hành chính năm là trước ngày 20/11 hàng năm', 2024, ['2024-11-19']],
    ['c034', 'Báo cáo năm gửi trước ngày 25/11 hàng năm', 2024, ['2024-11-24']],
  ])('%s %j is one yearly rule', (_id, text, year, dates) => {
    expect(nominal(text, year)).toEqual(dates);
    const p = parseDeadline(text, period(year)).parts;
    expect(p).toHaveLength(1);
    expect(p[0]).toMatchObject({ kind: 'periodic', reports: ['year'] });
  });

  it('a yearly rule on a written day gives one date per year of a multi-year plan', () => {
    expect(nominal('Báo cáo năm gửi trước ngày 25/11 hàng năm', period(2024, 2026))).toEqual(['2024-11-24', '2025-11-24', '2026-11-24']);
  });
});

describe('§13.2 an explicit day beats every default', () => {
  it.each([
    ['c014', 'Chậm nhất ngày 06 (sáu) của tháng cuối quý đối với báo cáo định kỳ hằng quý,', ['2024-03-06', '2024-06-06', '2024-09-06', '2024-12-06']],
    ['c033', 'Báo cáo 6 tháng gửi trước ngày 05/6', ['2024-06-04']],
    ['issue', 'hạn nộp chậm nhất là ngày 18 của tháng cuối mỗi quý', ['2024-03-18', '2024-06-18', '2024-09-18', '2024-12-18']],
  ])('%s %j never adds the policy day', (_id, text, dates) => {
    const o = run(text).occurrences;
    expect(o.map((x) => x.nominalDue)).toEqual(dates);
    expect(o.some((x) => x.flags?.includes('day_from_policy'))).toBe(false);
  });
});

describe('§13.3 qualifiers scope a date', () => {
  it('issue: two "đối với" clauses are two rules, each with its period', () => {
    const text = 'Chậm nhất ngày 12 tháng 6 đối với báo cáo 6 tháng; chậm nhất ngày 12 tháng 12 đối với báo cáo năm';
    expect(nominal(text)).toEqual(['2024-06-12', '2024-12-12']);
    expect(run(text).unparsed).toEqual([]);
  });

  it('c087: reports named after each day, in one sentence', () => {
    expect(dueIn('trước ngày 05 tháng 7 đối với báo cáo 6 tháng đầu năm và trước ngày 05 tháng 01 năm sau đối với báo cáo năm.')).toEqual([
      '2024-01-04',
      '2024-07-04',
    ]);
  });

  it('c122: as many reports as days are taken respectively', () => {
    const text =
      'doanh nghiệp cần phải báo cáo lao động nước ngoài trong 06 tháng đầu năm và hàng năm trước ngày 05/07 và ngày 05/01 của năm sau theo mẫu số 07/PLI';
    expect(dueIn(text)).toEqual(['2024-01-04', '2024-07-04']);
  });

  it('issue: "ngày 07 của tháng thứ ba trong quý" is quarterly on the 7th of the last month', () => {
    expect(nominal('báo cáo quý nộp chậm nhất ngày 07 của tháng thứ ba trong quý')).toEqual(['2024-03-07', '2024-06-07', '2024-09-07', '2024-12-07']);
  });

  it('c032: "Báo cáo quý gửi trước ngày 05 tháng cuối cùng của mỗi quý"', () => {
    expect(nominal('Báo cáo quý gửi trước ngày 05 tháng cuối cùng của mỗi quý')).toEqual(['2024-03-04', '2024-06-04', '2024-09-04', '2024-12-04']);
  });

  it('c170, c171: a report heading before a colon names the report of the date after it', () => {
    expect(dueIn('Quý 1: Ngày 30 tháng 04')).toEqual(['2024-04-30']);
    expect(dueIn('Quý 4: Ngày 30 tháng 01 của năm liền sau')).toEqual(['2024-01-30']);
  });

  it('a report name with no day that can be read gives nothing, not the policy day', () => {
    expect(nominal('Báo cáo quý gửi trước ngày mồng')).toEqual([]);
  });
});

describe('§13.4 relative periods', () => {
  it.each([
    ['c031', 'Báo cáo tháng gửi trước ngày 15 của tháng', MONTHS.map((m) => `2024-${m}-14`)],
    ['c013', 'Chậm nhất ngày 15 (mười lăm) của tháng báo cáo đối với báo cáo định kỳ hằng tháng;', MONTHS.map((m) => `2024-${m}-15`)],
    ['c070', 'Chi cục Thú y báo cáo Sở Nông nghiệp và Phát triển nông thôn, Cơ quan Thú y vùng và Cục Thú y trước ngày 15 của tháng tiếp theo;', MONTHS.map((m) => `2024-${m}-14`)],
    ['c166', 'Doanh nghiệp thực hiện báo cáo tình hình sử dụng chứng từ khấu trừ thuế theo quý chậm nhất là ngày 20 của tháng đầu quý sau.', ['2024-01-20', '2024-04-20', '2024-07-20', '2024-10-20']],
    ['c021', 'Báo cáo 6 tháng đầu năm gửi trước ngày 10/07 của năm báo cáo', ['2024-07-09']],
    ['c086', 'Trước ngày 10/01 năm sau đối với báo cáo năm', ['2024-01-09']],
    ['c127', 'Báo cáo năm: Trước ngày 10/02 của năm sau năm báo cáo', ['2024-02-09']],
  ])('%s %j', (_id, text, dates) => {
    expect(dueIn(text)).toEqual(dates);
  });

  it('"năm sau năm báo cáo" is the next year: the report on 2024 is due in 2025', () => {
    const o = run('Báo cáo năm gửi trước ngày 31/01 năm sau năm báo cáo').occurrences;
    expect(o.map((x) => [x.reportsOn?.unit, x.nominalDue])).toEqual([['year', '2025-01-30']]);
  });

  it('"trước ngày 15 của tháng" with no report named says no month: unparsed', () => {
    expect(nominal('trước ngày 15 của tháng')).toEqual([]);
    expect(reasons('trước ngày 15 của tháng').length).toBeGreaterThan(0);
  });
});

describe('§13.5 numbers written twice or in words', () => {
  it.each([
    ['c015', 'Chậm nhất ngày 06 (sáu) tháng 06 (sáu) đối với báo cáo định kỳ 06 (sáu) tháng;', ['2024-06-06']],
    ['c016', 'Chậm nhất ngày 25 (hai mươi lăm) tháng 11 (mười một) đối với báo cáo định kỳ hằng năm.', ['2024-11-25']],
    ['issue', 'hạn nộp ngày mười hàng tháng', MONTHS.map((m) => `2024-${m}-10`)],
    ['c221', 'Kết thúc năm học trước ngày 31-5.', ['2024-05-30']],
  ])('%s %j', (_id, text, dates) => {
    expect(nominal(text)).toEqual(dates);
  });

  it('c091, c092: the tax law\'s ordinal days ("ngày thứ hai mươi của tháng tiếp theo tháng phát sinh …")', () => {
    expect(dueIn('Thời hạn nộp hồ sơ khai thuế tháng chậm nhất là ngày thứ hai mươi của tháng tiếp theo tháng phát sinh nghĩa vụ thuế.', 2015)).toEqual(
      MONTHS.map((m) => `2015-${m}-20`),
    );
    expect(dueIn('Thời hạn nộp hồ sơ khai thuế quý chậm nhất là ngày thứ ba mươi của quý tiếp theo quý phát sinh nghĩa vụ thuế.', 2015)).toEqual([
      '2015-01-30',
      '2015-04-30',
      '2015-07-30',
      '2015-10-30',
    ]);
  });

  it('c097: "ngày thứ bốn mươi lăm, kể từ ngày chấm dứt" is 45 days from the event; "ngày thứ ba" (Tuesday) is left alone', () => {
    expect(parseDeadline('Chậm nhất là ngày thứ bốn mươi lăm, kể từ ngày chấm dứt', period(2024)).parts[0]).toMatchObject({
      kind: 'event',
      offset: { amount: 45, unit: 'day' },
    });
    expect(nominal('họp vào ngày thứ ba')).toEqual([]);
  });
});

describe('§13.6 windows', () => {
  it('issue: "trong khoảng mùng 1 đến hết ngày 7 mỗi tháng" is due on the 7th, every month', () => {
    expect(nominal('trong khoảng mùng 1 đến hết ngày 7 mỗi tháng')).toEqual(MONTHS.map((m) => `2024-${m}-07`));
  });

  it('issue: "Trong tháng 10/2025" is due at the end of October', () => {
    expect(nominal('Trong tháng 10/2025', 2025)).toEqual(['2025-10-31']);
  });
});

describe('§13.7 any event, and periods counted from a period end', () => {
  it.each([
    ['c026', 'Thời hạn giải quyết khiếu nại lần hai không quá 45 ngày, kể từ ngày thụ lý', 'thu-ly', { amount: 45, unit: 'day' }],
    ['c027', 'Trong thời hạn 10 ngày, kể từ ngày nhận được khiếu nại thuộc thẩm quyền', 'nhan-duoc-khieu-nai-thuoc-tham-quyen', { amount: 10, unit: 'day' }],
    ['c038', 'Thời hạn ra thông báo tiếp nhận hoặc từ chối giải trình là 05 ngày làm việc kể từ ngày tiếp nhận yêu cầu giải trình', 'tiep-nhan-yeu-cau-giai-trinh', { amount: 5, unit: 'working_day' }],
    ['issue', 'kể từ ngày kết thúc đợt kiểm tra', null, null],
    ['issue', '15 ngày kể từ ngày nhận được văn bản', 'nhan-duoc-van-ban', { amount: 15, unit: 'day' }],
    ['issue', 'sau khi có kết luận', 'ket-luan', null],
  ])('%s %j keeps the event name', (_id, text, slug, offset) => {
    const parts = parseDeadline(text, period(2024)).parts;
    if (slug === null) {
      expect(parts).toEqual([]);
      return;
    }
    expect(parts).toHaveLength(1);
    const e = parts[0] as EventPart;
    expect(e.kind).toBe('event');
    expect(e.event).toBe(slug);
    expect(e.offset).toEqual(offset);
  });

  it('c009: "90 ngày kể từ ngày kết thúc quý" is due 90 days after each quarter ends (BLDS 2015 điều 147)', () => {
    // The report on Q4/2025 is due 31/03/2026; it belongs to the 2025 plan (§3).
    expect(nominal('thời hạn gửi báo cáo quý là 90 ngày kể từ ngày kết thúc quý', 2025)).toEqual(['2025-06-29', '2025-09-28', '2025-12-29', '2026-03-31']);
  });

  it('c003: "năm tài chính" is read as the calendar year, with the event reading offered as an alternative', () => {
    const text = 'Thời gian gửi báo cáo chậm nhất là 45 ngày kể từ ngày kết thúc 6 tháng đầu năm tài chính.';
    expect(nominal(text, 2025)).toEqual(['2025-08-14']);
    const rule = parseDeadline(text, period(2025));
    expect(rule.alternatives).toHaveLength(1);
    expect(rule.alternatives![0]!.parts[0]).toMatchObject({ kind: 'event', offset: { amount: 45, unit: 'day' } });
    expect(rule.alternatives![0]!.note).toMatch(/năm tài chính/);
  });

  it('an event inside a sentence with no period ("được tiến hành sau khi có kết luận …") is no deadline (c068)', () => {
    const text = 'việc thu hồi đất được tiến hành sau khi có kết luận của cơ quan thanh tra, kiểm tra có thẩm quyền về trường hợp phải thu hồi';
    expect(kinds(text, 2025)).toEqual([]);
  });
});

describe('§13.8 negation and exceptions', () => {
  it('issue: "không phải báo cáo định kỳ hằng tháng" gives no deadline, with a reason', () => {
    expect(nominal('không phải báo cáo định kỳ hằng tháng')).toEqual([]);
    expect(reasons('không phải báo cáo định kỳ hằng tháng')[0]).toMatch(/phủ định/);
  });

  it('issue: "trừ khi có yêu cầu" is an exception note, not a date', () => {
    const r = run('Hằng quý, trừ khi có yêu cầu');
    expect(r.parts.map((p) => p.kind)).toEqual(['periodic']);
    expect(r.unparsed.map((u) => [u.text, u.reason])).toEqual([['trừ khi có yêu cầu', expect.stringMatching(/ngoại lệ/)]]);
  });

  it('"khấu trừ" and "chứng từ" are not exception or time words', () => {
    expect(nominal('Hàng quý thực hiện báo cáo tình hình sử dụng chứng từ khấu trừ chậm nhất là ngày 30 của tháng đầu quý sau.')).toEqual([
      '2024-04-30',
      '2024-07-30',
      '2024-10-30',
      '2025-01-30',
    ]);
  });
});

describe('§13.9 dates of other documents, data periods and narratives are never deadlines', () => {
  it.each([
    ['issue', 'theo Kế hoạch số 160/KH-UBND ngày 28/10/2022'],
    ['c314', 'Căn cứ Quyết định số 1085/QĐ-TTg ngày 15 tháng 9 năm 2022 của Thủ tướng Chính phủ ban hành Kế hoạch rà soát, đơn giản hóa thủ tục hành chính nội bộ trong hệ thống hành chính nhà nước giai đoạn 2022 - 2025;'],
    ['c301', 'Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;'],
    ['c380', 'Căn cứ Luật Tổ chức chính quyền địa phương năm 2025;'],
    ['c300', 'Lạng Sơn, ngày 07 tháng 7 năm 2025'],
    ['c304', 'Ngày 02/03/2022, Giám đốc Sở Khoa học và Công nghệ đã ký ban hành Công văn số 343/SKHCN-VP về việc phân công thực hiện và báo cáo công tác cải cách hành chính định kỳ năm 2022'],
    ['c322', 'Quyết định số 3248/QĐ-UBND ngày 28/12/2020 của UBND tỉnh về Phê duyệt Kế hoạch CCHC năm 2021;'],
    ['c005', 'Thời gian chốt số liệu tính từ ngày 15 tháng 12 của năm trước kỳ báo cáo đến ngày 14 tháng 3 thuộc kỳ báo cáo.'],
    ['c073', 'Số liệu tổng hợp để báo cáo được tính từ ngày 01/01 đến ngày 30/6;'],
    ['c081', 'Số liệu báo cáo của Quý I được tính từ ngày 01/01 đến hết ngày 31/3 hằng năm;'],
    ['c305', 'Báo cáo Quý I: Tính từ ngày 15 tháng 12 của năm trước kỳ báo cáo đến ngày 14 tháng 3 thuộc kỳ báo cáo.'],
    ['c218', 'Thời điểm báo cáo là 31/12'],
  ])('%s %j', (_id, text) => {
    expect(run(text, 2024).parts.filter((p) => p.kind !== 'on_demand')).toEqual([]);
    expect(run(text, 2024).occurrences).toEqual([]);
  });

  it('c106: a data period in brackets does not void the written deadline after it', () => {
    const text =
      'báo cáo về công tác bảo vệ môi trường định kỳ hằng năm (kỳ báo cáo tính từ ngày 01 tháng 01 đến hết ngày 31 tháng 12) trước ngày 15 tháng 01 của năm tiếp theo';
    expect(dueIn(text)).toEqual(['2024-01-14']);
  });

  it('c393: a duty in a long sentence whose days would all come from the policy is not read', () => {
    const text = 'Kiểm tra, giám sát, đánh giá kết quả thực hiện Chương trình phải được thực hiện định kỳ 6 tháng, hằng năm, đầu kỳ, giữa kỳ, cuối kỳ hoặc đột xuất khi cần thiết.';
    expect(run(text, 2022).occurrences).toEqual([]);
    expect(reasons(text, 2022).some((r) => /câu văn dài/.test(r))).toBe(true);
  });

  it('when one written day of a cell cannot be read, the other is not read alone (an incomplete set)', () => {
    // A stray number ("3 đợt") makes the second day unreadable. ("lớp 10", a grade, is a name, §13.8.)
    const text = 'Xét công nhận hoàn thành chương trình tiểu học trước ngày 15-6; tổ chức tuyển sinh 3 đợt trước ngày 31-7.';
    expect(run(text).parts).toEqual([]);
    expect(reasons(text).some((r) => /không được đọc/.test(r))).toBe(true);
  });

  it('a periodic word whose written day is unreadable gets no policy day', () => {
    // "khoảng" makes the written day unreadable: "hằng năm" must not fall back to the policy's day.
    const text = 'Hằng năm đơn vị gửi báo cáo về Sở khoảng ngày 5/1.';
    expect(run(text).occurrences).toEqual([]);
    expect(reasons(text).some((r) => /không dùng ngày mặc định/.test(r))).toBe(true);
  });

  it('c108: "gửi … đến các cơ quan" is a destination, so the written day is read and "hàng năm" attaches to it', () => {
    const text = 'Hàng năm công ty chúng tôi đều gửi báo cáo công tác bảo vệ môi trường đến các cơ quan chức năng trước ngày 5/1.';
    expect(dueIn(text)).toEqual(['2024-01-04']);
    expect(run(text).occurrences.every((o) => !o.flags?.includes('day_from_policy'))).toBe(true);
  });
});

describe('§13 composition keeps the grammar linear', () => {
  it('a long cell of composed clauses parses without a part per clause losing its qualifier', () => {
    const clause = 'Chậm nhất ngày 06 (sáu) của tháng cuối quý đối với báo cáo định kỳ hằng quý; ';
    const rule = parseDeadline(clause.repeat(20), period(2024));
    expect(rule.parts).toHaveLength(20);
    expect(rule.parts.every((p) => p.kind === 'periodic' && (p as PeriodicPart).dueDay?.day === 6)).toBe(true);
  });
});
