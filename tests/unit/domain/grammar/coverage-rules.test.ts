/**
 * §13.3–§13.9, third pass (issue #11, the corpus's unparsed rows): general rules learned from the tuning part. Every
 * phrase below is invented for the rule it tests (none is copied from the corpus); each test also checks the reading
 * the rule must NOT give, so it fails when the rule is wrong. Expected dates follow the law
 * (../shared/reference/vn-deadline-law.md): "trước ngày X" → X−1, "chậm nhất ngày X" → X, a month → its last day.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_DEADLINE_POLICY, expandRule, formatDeadline, parseDeadline } from '../../../../src/domain/deadline.js';
import { calendar, period, run } from '../deadline-helpers.js';

/** Nominal due dates inside `year`, whatever period they report on (the expansion starts a year early). */
function dueIn(text: string, year = 2024): string[] {
  const rule = parseDeadline(text, period(year));
  const occ = expandRule(rule, { periodStart: `${year - 1}-01-01`, periodEnd: `${year}-12-31`, calendar });
  return [...new Set(occ.map((o) => o.nominalDue).filter((d) => d.startsWith(String(year))))].sort();
}

function reasons(text: string, year = 2024): string[] {
  return run(text, year).unparsed.map((u) => u.reason);
}

describe('§13.8 numbers that name things are not times', () => {
  it('a document number in a label ("156/2013/TT-BTC", "07/BC-SNV") is a citation, not a time', () => {
    expect(dueIn('Gửi biểu mẫu 07/BC-SNV kèm Thông tư 12/2021/TT-BNV về Sở trước ngày 20/10')).toEqual(['2024-10-19']);
    // A stray count beside the citation is still a number that may change the date: the phrase stays unread.
    expect(run('Gửi 07 bộ hồ sơ kèm Thông tư 12/2021/TT-BNV về Sở trước ngày 20/10').parts).toEqual([]);
  });

  it('a share ("30%") is a quantity, not a time', () => {
    expect(dueIn('Giải ngân tối thiểu 30% vốn được giao chậm nhất ngày 30/9')).toEqual(['2024-09-30']);
    // Any other bare number still voids the phrase.
    expect(run('Giải ngân tối thiểu 30 tỷ vốn được giao chậm nhất ngày 30/9').parts).toEqual([]);
  });

  it('a grade ("lớp 6") or a form ("biểu 02") is a name', () => {
    expect(dueIn('Hoàn thành tuyển sinh vào lớp 6 trước ngày 20-7')).toEqual(['2024-07-19']);
    expect(dueIn('Tổng hợp biểu 02 gửi Sở chậm nhất ngày 05/11')).toEqual(['2024-11-05']);
  });

  it('a document number is not an unread day: the other dates of the cell are kept', () => {
    const text = 'Báo cáo hằng năm trước ngày 15/12 theo mẫu ban hành kèm theo Thông tư số 08/2023/TT-BNV';
    expect(dueIn(text)).toEqual(['2024-12-14']);
    expect(reasons(text).some((r) => /không được đọc/.test(r))).toBe(false);
  });

  it('"trước và sau <việc>" describes, it is no deadline; a lone "trước" still is a time word', () => {
    expect(dueIn('Đánh giá tác động trước và sau khảo sát, gửi kết quả về Sở trước ngày 10/8/2024')).toEqual(['2024-08-09']);
    expect(run('Đánh giá tác động trước khảo sát, gửi kết quả về Sở trước ngày 10/8/2024').parts).toEqual([]);
  });
});

describe('§13.5 a dot before a four-digit year', () => {
  it('"tháng 9.2024" is September 2024', () => {
    expect(dueIn('Các huyện gửi kết quả rà soát về Sở trong tháng 9.2024')).toEqual(['2024-09-30']);
    expect(dueIn('Hoàn thành trong quý 3.2024')).toEqual(['2024-09-30']);
  });

  it('a dot before anything else is not a year', () => {
    // "tháng 9.20" (two digits) is not a year: nothing confident comes out of it.
    expect(run('Hoàn thành trong tháng 9.20').occurrences.map((o) => o.nominalDue)).not.toContain('2020-09-30');
  });
});

describe('§13.6 a bare "trong tháng" beside a monthly report', () => {
  it('is due on the last day of each month', () => {
    expect(dueIn('Trong tháng đối với hình thức nộp hằng tháng')).toEqual([
      '2024-01-31', '2024-02-29', '2024-03-31', '2024-04-30', '2024-05-31', '2024-06-30',
      '2024-07-31', '2024-08-31', '2024-09-30', '2024-10-31', '2024-11-30', '2024-12-31',
    ]);
  });

  it('alone, or beside any other report, is unread', () => {
    expect(run('Trong tháng').parts).toEqual([]);
    expect(reasons('Trong tháng')).toHaveLength(1);
    expect(run('Trong tháng đối với hình thức nộp hằng quý').parts).toEqual([]);
  });
});

describe('§13.7 periods after a condition, and a semicolon before "kể từ"', () => {
  it('"Trường hợp <sự việc> thì trong thời hạn N ngày làm việc, …": the condition is the event', () => {
    const text = 'Trường hợp Chủ tịch UBND tỉnh yêu cầu bổ sung hồ sơ thì trong thời hạn 07 ngày làm việc, Sở Tư pháp hoàn thiện dự thảo';
    const parts = run(text).parts;
    expect(parts).toHaveLength(1);
    expect(parts[0]).toMatchObject({ kind: 'event', event: 'chu-tich-ubnd-tinh-yeu-cau-bo-sung-ho-so', offset: { amount: 7, unit: 'working_day' } });
    expect(parts[0]!.label).toBe('sở tư pháp hoàn thiện dự thảo');
  });

  it('a bare period with no condition and no event is not read', () => {
    expect(run('Trong thời hạn 07 ngày làm việc, Sở Tư pháp hoàn thiện dự thảo').parts).toEqual([]);
    // A condition holding a number is not trusted either.
    expect(run('Nếu quá 3 lần nhắc thì trong thời hạn 05 ngày, Sở báo cáo').parts).toEqual([]);
  });

  it('"Nếu … (không …) thì … N ngày kể từ …": the condition ends at "thì" and scopes the rule', () => {
    const text = 'Nếu hồ sơ không có ý kiến khác thì trả lời trong vòng 12 ngày làm việc kể từ khi nhận văn bản xin ý kiến';
    const parts = run(text).parts;
    expect(parts).toHaveLength(1);
    expect(parts[0]).toMatchObject({ kind: 'event', event: 'nhan-van-ban-xin-y-kien', offset: { amount: 12, unit: 'working_day' } });
    // Without the condition word, "không" stays a time-changing word.
    expect(run('Hồ sơ không có ý kiến khác thì trả lời trong vòng 12 ngày làm việc kể từ khi nhận văn bản').parts).toEqual([]);
  });

  it('"trong thời hạn N ngày; kể từ ngày <sự việc>" is one period (only before a named event)', () => {
    const parts = run('Đơn vị nộp bổ sung trong thời hạn 20 ngày; kể từ ngày nhận thông báo').parts;
    expect(parts).toHaveLength(1);
    expect(parts[0]).toMatchObject({ kind: 'event', event: 'nhan-thong-bao', offset: { amount: 20, unit: 'day' } });
    // Before a written date the semicolon may open a new sentence: no event is counted from that date.
    const dated = run('Đơn vị nộp bổ sung trong thời hạn 20 ngày; kể từ ngày 01/7/2024 áp dụng biểu mẫu mới').parts;
    expect(dated.some((p) => p.kind === 'event')).toBe(false);
  });

  it('a period saying how long something lasts or is kept is not a deadline', () => {
    expect(run('Giấy xác nhận có giá trị 30 ngày kể từ ngày cấp').parts).toEqual([]);
    expect(run('Hồ sơ được lưu trữ 10 ngày kể từ ngày kết thúc hội nghị').parts).toEqual([]);
    expect(run('Cơ quan trả lời 30 ngày kể từ ngày cấp').parts).toHaveLength(1);
  });

  it('a trailing "trước khi <bước>" with no number orders the steps and leaves the date standing', () => {
    expect(dueIn('Các sở gửi dự thảo về Sở Nội vụ trước ngày 20/11, trước khi trình UBND tỉnh')).toEqual(['2024-11-19']);
    // With a number it may be a period counted back: not trusted.
    expect(run('Các sở gửi dự thảo trước ngày 20/11, trước khi trình 2 cấp').parts).toEqual([]);
  });
});

describe('§13.9 a date inside a citation, a schedule step, a premise', () => {
  it('a written deadline after a cited law ("Luật … 2020 phải …") is still read; the law\'s year is not', () => {
    expect(dueIn('Đối tượng quy định tại Điều 5 Luật Thanh niên 2020 phải nộp hồ sơ trước ngày 15/3/2024')).toEqual(['2024-03-14']);
    const parts = run('Đối tượng quy định tại Luật Thanh niên 2020 phải nộp hồ sơ chậm nhất 15 ngày, kể từ ngày được bổ nhiệm').parts;
    expect(parts).toHaveLength(1);
    expect(parts[0]).toMatchObject({ kind: 'event', offset: { amount: 15, unit: 'day' } });
  });

  it('without a written deadline after it, the citation voids the rest of the clause as before', () => {
    expect(run('Thực hiện theo Luật Thanh niên 2020 năm 2024').parts).toEqual([]);
    // "Căn cứ …" clauses are citations through and through.
    expect(run('Căn cứ Luật Thanh niên 2020, trước ngày 15/3/2024 nộp hồ sơ').parts).toEqual([]);
  });

  it('a date heading with a colon is the deadline of the step after it', () => {
    expect(dueIn('Tháng 02/2024: Tổ chức tập huấn nghiệp vụ cho cán bộ một cửa')).toEqual(['2024-02-29']);
    expect(dueIn('Tháng 4 - tháng 5/2024: Kiểm tra tại các xã')).toEqual(['2024-05-31']);
    // With a comma and no schedule word it stays untrusted (a sentence about what happened).
    expect(run('Tháng 02/2024, Sở tổ chức tập huấn nghiệp vụ').parts).toEqual([]);
  });

  it('a schedule label ("Tiến độ thực hiện,") makes the date after it a step\'s deadline', () => {
    expect(dueIn('Tiến độ thực hiện, tháng 10/2024 hoàn thiện bộ câu hỏi khảo sát')).toEqual(['2024-10-31']);
    expect(run('Kết quả thực hiện, tháng 10/2024 hoàn thiện bộ câu hỏi khảo sát').parts).toEqual([]);
  });

  it('"Theo quy định trên thì …" is a premise, not an on-demand basis: the written day is read', () => {
    expect(dueIn('Theo quy định này thì việc kiểm kê tài sản được thực hiện trước ngày 25/12 hằng năm')).toEqual(['2024-12-24']);
    // "Theo quy định" alone stays on demand.
    expect(run('Theo quy định').parts[0]).toMatchObject({ kind: 'on_demand' });
  });
});

describe('§2.1 a clock time before a written day', () => {
  it('"trước 16h00 ngày X" is due on X itself (before a time on X), "chậm nhất 10 giờ ngày X" too', () => {
    expect(dueIn('Các huyện gửi báo cáo trước 16h00 ngày 12/11/2024')).toEqual(['2024-11-12']);
    expect(dueIn('Nộp hồ sơ chậm nhất 10 giờ 30 phút ngày 04/6')).toEqual(['2024-06-04']);
    // "trước ngày X" without a clock time still excludes X.
    expect(dueIn('Các huyện gửi báo cáo trước ngày 12/11/2024')).toEqual(['2024-11-11']);
  });

  it('"trước 0h00 ngày X" excludes X; an impossible hour voids the phrase', () => {
    expect(dueIn('Khóa sổ trước 0h00 ngày 01/12/2024')).toEqual(['2024-11-30']);
    expect(run('Khóa sổ trước 26 giờ ngày 01/12/2024').parts).toEqual([]);
  });
});

describe('§13.7 the next working day after an event; a report heading', () => {
  it('"(15 giờ) ngày làm việc tiếp theo (ngay) sau <sự việc>" is 1 working day after it', () => {
    const parts = run('Các đội gửi biên bản chậm nhất 15 giờ ngày làm việc tiếp theo ngay sau ngày kết thúc đợt kiểm tra').parts;
    expect(parts).toHaveLength(1);
    expect(parts[0]).toMatchObject({ kind: 'event', event: 'ket-thuc-dot-kiem-tra', offset: { amount: 1, unit: 'working_day' } });
  });

  it('"N ngày làm việc tiếp theo sau <sự việc>" is N working days after it', () => {
    const parts = run('Các đội gửi biên bản chậm nhất 03 ngày làm việc tiếp theo sau ngày kết thúc đợt kiểm tra').parts;
    expect(parts[0]).toMatchObject({ kind: 'event', offset: { amount: 3, unit: 'working_day' } });
  });

  it('a report heading before a colon ("Báo cáo ngày:") names the report; the event rule after it is read', () => {
    const parts = run('Báo cáo ngày: các tổ gửi báo cáo chậm nhất 02 ngày làm việc sau ngày trực').parts;
    expect(parts).toHaveLength(1);
    expect(parts[0]).toMatchObject({ kind: 'event', offset: { amount: 2, unit: 'working_day' } });
    // The same words without the heading's colon stay unsafe ("ngày" in a label).
    expect(run('Báo cáo ngày các tổ gửi báo cáo chậm nhất 02 ngày làm việc sau ngày trực').parts).toEqual([]);
    // A heading never lets a written date through: only event periods.
    expect(run('Báo cáo ngày: các tổ gửi báo cáo trước ngày 20/5').parts).toEqual([]);
  });
});

describe('§8 and §13.3 names and scopes written with dashes and brackets', () => {
  it('" - " inside brackets joins a name ("(qua Phòng Tổ chức - Hành chính)"); it does not split the clause', () => {
    const text = 'Báo cáo hằng năm gửi về UBND huyện (qua Phòng Tổ chức - Hành chính) chậm nhất ngày 20/01 năm sau';
    expect(dueIn(text)).toEqual(['2024-01-20']);
    expect(reasons(text)).toEqual([]);
    // Without the bracket the " - " still ends the clause: "Báo cáo hằng năm" is then a report name with no day.
    const split = reasons('Báo cáo hằng năm gửi về UBND huyện - Hành chính chậm nhất ngày 20/01 năm sau');
    expect(split.some((r) => /có tên kỳ báo cáo/.test(r))).toBe(true);
  });

  it('"năm học" (school year) is not a yearly report word', () => {
    expect(run('Tổng kết theo năm học').parts.some((p) => p.kind === 'periodic')).toBe(false);
    expect(run('Báo cáo theo năm').parts[0]).toMatchObject({ kind: 'periodic', reports: ['year'] });
  });

  it('a trailing "(đối với …)" scope with no time word leaves the dates standing', () => {
    expect(dueIn('Nộp hồ sơ trước ngày 15/9 hằng năm (đối với các trường mầm non)')).toEqual(['2024-09-14']);
    // With a time word in it, the scope may change the date: not trusted.
    expect(run('Nộp hồ sơ trước ngày 15/9 hằng năm (đối với hồ sơ nộp chậm)').parts).toEqual([]);
  });

  it('a programme\'s period ("năm học 2024 - 2025") voids only up to a written deadline in its clause', () => {
    expect(dueIn('Khung kế hoạch năm học 2024 - 2025 do Sở ban hành, các trường hoàn thành tuyển sinh trước ngày 20/8', 2025)).toEqual(['2025-08-19']);
    expect(run('Khung kế hoạch năm học 2024 - 2025 do Sở ban hành, các trường hoàn thành tuyển sinh', 2025).parts).toEqual([]);
  });
});

describe('§13.7 periods each with its scope, counted from one event', () => {
  it('"30 ngày (đối với A), 45 ngày (đối với B) kể từ ngày kết thúc quý" is two quarterly rules', () => {
    const text = 'Nộp tờ khai trong thời hạn 30 ngày (đối với hộ kinh doanh), 45 ngày (đối với doanh nghiệp) kể từ ngày kết thúc quý';
    const parts = run(text).parts;
    expect(parts).toHaveLength(2);
    expect(parts.map((p) => p.label)).toEqual(['nộp tờ khai đối với hộ kinh doanh', 'nộp tờ khai đối với doanh nghiệp']);
    // Q4/2023 ends 31/12/2023: +30 = 30/01/2024, +45 = 14/02/2024 (BLDS 2015 điều 147: counted from the next day).
    expect(dueIn(text)).toContain('2024-01-30');
    expect(dueIn(text)).toContain('2024-02-14');
  });

  it('"… kể từ ngày kết thúc năm dương lịch" is the end of the calendar year', () => {
    expect(dueIn('Quyết toán trong thời hạn 45 ngày kể từ ngày kết thúc năm dương lịch')).toEqual(['2024-02-14']);
  });

  it('a named event is shared the same way; without scopes the list is not read', () => {
    const parts = run('Trả kết quả trong 10 ngày (đối với hồ sơ giấy); 05 ngày (đối với hồ sơ trực tuyến) kể từ ngày nhận đủ hồ sơ').parts;
    expect(parts.map((p) => p.kind === 'event' && p.offset?.amount)).toEqual([10, 5]);
    expect(run('Trả kết quả trong 10 ngày, 05 ngày kể từ ngày nhận đủ hồ sơ').parts).toEqual([]);
  });
});

describe('§13.11 weekly on a written weekday; a holiday-shift note', () => {
  it('"vào thứ Sáu hằng tuần" is every Friday, not the policy\'s weekday and not the 6th', () => {
    const text = 'Các tổ họp giao ban vào thứ Sáu hằng tuần';
    const parts = run(text).parts;
    expect(parts[0]).toMatchObject({ kind: 'periodic', reports: ['week'], weekday: 5 });
    const occ = run(text).occurrences;
    expect(occ.every((o) => new Date(`${o.nominalDue}T00:00:00Z`).getUTCDay() === 5)).toBe(true);
    expect(occ.some((o) => o.flags?.includes('day_from_policy'))).toBe(false);
    // "ngày thứ ba hằng tuần" is Tuesday; a policy of Wednesday does not move it.
    const tue = run('Trực ban vào ngày thứ ba hằng tuần', 2024, { policy: { ...DEFAULT_DEADLINE_POLICY, weeklyDueWeekday: 3 } }).occurrences;
    expect(tue.every((o) => new Date(`${o.nominalDue}T00:00:00Z`).getUTCDay() === 2)).toBe(true);
  });

  it('reads back the same from its canonical text', () => {
    const rule = parseDeadline('Họp giao ban vào thứ 5 hàng tuần', period(2024));
    expect(formatDeadline(rule)).toContain('vào thứ Năm hằng tuần');
    expect(parseDeadline(formatDeadline(rule), period(2024)).parts[0]).toMatchObject({ weekday: 4 });
  });

  it('"(nếu trùng vào ngày nghỉ, ngày lễ thì … ngày làm việc tiếp theo)" moves the meeting; the nominal day stands', () => {
    const text = 'Giám đốc tiếp công dân vào ngày 10 hằng tháng (nếu trùng vào ngày nghỉ, ngày lễ thì chuyển sang ngày làm việc tiếp theo)';
    expect(dueIn(text)).toHaveLength(12);
    expect(dueIn(text)[0]).toBe('2024-01-10');
    // A shift by a number of days is not a plain note: not trusted.
    expect(run('Giám đốc tiếp công dân vào ngày 10 hằng tháng (nếu trùng vào ngày nghỉ thì lùi 2 ngày)').parts).toEqual([]);
  });

  it('"theo quy định thì" leads into the rule; it is no on-demand basis', () => {
    expect(run('Nếu trùng vào ngày nghỉ theo quy định thì tiếp vào ngày làm việc tiếp theo').parts.some((p) => p.kind === 'on_demand')).toBe(false);
  });
});
