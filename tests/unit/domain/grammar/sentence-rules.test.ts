/**
 * §13.7–§13.11: rules for deadlines written inside sentences (issue #11, second pass). Every phrase below is invented
 * for the rule it tests (none is copied from the corpus); the expected dates follow the law
 * (../shared/reference/vn-deadline-law.md): "trước ngày X" → X−1, "chậm nhất ngày X" → X, periods counted from the
 * next day (BLDS 2015 điều 147), counted back from an event for "N ngày trước …".
 */
import { describe, expect, it } from 'vitest';
import { expandRule, formatDeadline, parseDeadline, type EventPart } from '../../../../src/domain/deadline.js';
import { calendar, nominal, period, run } from '../deadline-helpers.js';

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

describe('§13.8 words that look like time words but are not', () => {
  it('"gửi … đến <cơ quan>" is a destination: the written day is read', () => {
    expect(nominal('Các phòng gửi báo cáo đến Sở Nội vụ trước ngày 10/12')).toEqual(['2024-12-09']);
    expect(nominal('Nộp hồ sơ tới Văn phòng UBND tỉnh chậm nhất ngày 20/3')).toEqual(['2024-03-20']);
  });

  it('"đến" without a sending duty ("liên quan đến") still keeps a date from being trusted', () => {
    const text = 'Rà soát các nhiệm vụ liên quan đến chuyển đổi số có thời hạn hoàn thành trong năm 2024';
    expect(run(text).occurrences).toEqual([]);
  });

  it('"đến" before a time word is still a time word', () => {
    // "gửi báo cáo đến hết quý" is not a destination: nothing here is a readable deadline.
    expect(run('Các xã gửi báo cáo đến hết quý sau khi tổng hợp').occurrences).toEqual([]);
  });

  it('"(sau đây gọi là …)" is not "sau"', () => {
    expect(nominal('Các sở, ban, ngành (sau đây gọi là cơ quan) nộp báo cáo trước ngày 05/12')).toEqual(['2024-12-04']);
  });

  it('a number pointing into a document ("khoản 2 Điều 5", "mẫu số 04") is not a time', () => {
    expect(nominal('Gửi hồ sơ quy định tại khoản 2 Điều 5 theo mẫu số 04 trước ngày 15/4')).toEqual(['2024-04-14']);
    // Any other number still is.
    expect(run('Gửi 3 bộ hồ sơ trước ngày 15/4').occurrences).toEqual([]);
  });

  it('a condition "Trường hợp …," scopes the rule after it', () => {
    const text = 'Trường hợp hồ sơ chưa hợp lệ, trong thời hạn 02 ngày làm việc kể từ ngày nhận hồ sơ, cán bộ một cửa phải hướng dẫn bổ sung';
    const parts = run(text).parts;
    expect(parts).toHaveLength(1);
    expect(parts[0]).toMatchObject({ kind: 'event', event: 'nhan-ho-so', offset: { amount: 2, unit: 'working_day' } });
    expect(parts[0]!.label).toMatch(/^trường hợp hồ sơ chưa hợp lệ/);
  });

  it('a condition holding a number is not trusted', () => {
    expect(run('Trường hợp chưa nộp sau 3 lần nhắc, chậm nhất ngày 10/5').parts).toEqual([]);
  });
});

describe('§13.7 periods counted back from an event carry a sign', () => {
  const meeting = [{ type: 'to-chuc-hoi-nghi', date: '2024-05-20' }];

  it('"N ngày trước ngày <sự kiện>" is due N days before the recorded event', () => {
    const text = 'Các đơn vị gửi tham luận chậm nhất 10 ngày trước ngày tổ chức hội nghị';
    const parts = run(text).parts;
    expect(parts).toHaveLength(1);
    expect(parts[0]).toMatchObject({ kind: 'event', event: 'to-chuc-hoi-nghi', offset: { amount: 10, unit: 'day' }, before: true });
    const occ = run(text, 2024, { events: meeting }).occurrences;
    expect(occ.map((o) => o.nominalDue)).toEqual(['2024-05-10']);
  });

  it('"Trước khi <sự kiện> N ngày" (the period written last) reads the same way', () => {
    const parts = run('Trước khi khai giảng năm học 7 ngày').parts;
    expect(parts).toEqual([expect.objectContaining({ kind: 'event', event: 'khai-giang-nam-hoc', offset: { amount: 7, unit: 'day' }, before: true })]);
    const occ = run('Trước khi khai giảng năm học 7 ngày', 2024, { events: [{ type: 'khai-giang-nam-hoc', date: '2024-09-05' }] }).occurrences;
    expect(occ.map((o) => o.nominalDue)).toEqual(['2024-08-29']);
  });

  it('working days are counted back strictly before the event, and a day off moves the reminder earlier, never later', () => {
    // 20/05/2024 is a Monday: 3 working days before it are Wed 15/5 (Thu 16, Fri 17, Wed 15).
    const occ = run('03 ngày làm việc trước ngày tổ chức hội nghị', 2024, { events: meeting }).occurrences;
    expect(occ.map((o) => [o.nominalDue, o.due])).toEqual([['2024-05-15', '2024-05-15']]);
    // 10 calendar days before Tue 12/11/2024 is Sat 02/11: aim at Friday 01/11, not Monday 04/11.
    const sat = run('chậm nhất 10 ngày trước ngày tổ chức hội nghị', 2024, { events: [{ type: 'to-chuc-hoi-nghi', date: '2024-11-12' }] }).occurrences;
    expect(sat.map((o) => [o.nominalDue, o.due])).toEqual([['2024-11-02', '2024-11-01']]);
  });

  it('counted back from a written date', () => {
    expect(nominal('05 ngày trước ngày 10/6/2024')).toEqual(['2024-06-05']);
  });

  it('the event name stops at a comma followed by a duty of its own', () => {
    const text = 'trong thời hạn 07 ngày kể từ ngày nhận đơn, cơ quan tiếp nhận phải trả lời bằng văn bản';
    const p = run(text).parts;
    expect(p).toHaveLength(1);
    expect((p[0] as EventPart).event).toBe('nhan-don');
  });

  it('the canonical text of a signed event reads back to the same rule (§11)', () => {
    const rule = parseDeadline('chậm nhất 10 ngày trước ngày tổ chức hội nghị', period(2024));
    const again = parseDeadline(formatDeadline(rule), period(2024));
    expect(again.parts).toEqual([expect.objectContaining({ kind: 'event', before: true, offset: { amount: 10, unit: 'day' }, event: 'to-chuc-hoi-nghi' })]);
  });
});

describe('§13.9 a deadline that opens a sentence, the duty after the comma', () => {
  it('"Trước ngày 15 tháng 11 hằng năm, <ai> <làm gì>" is one yearly rule labelled with the duty', () => {
    const text = 'Trước ngày 15 tháng 11 hằng năm, Sở Tài chính tổng hợp dự toán ngân sách';
    expect(nominal(text)).toEqual(['2024-11-14']);
    expect(run(text).parts[0]!.label).toBe('sở tài chính tổng hợp dự toán ngân sách');
  });

  it('a sentence opened by a period that is not a written deadline is still not trusted', () => {
    expect(run('Tháng 3, Sở Nội vụ tổ chức hội nghị tập huấn').parts).toEqual([]);
  });
});

describe('§13.9 periods that are not deadlines', () => {
  it('a bare year after "căn cứ" belongs to what is cited', () => {
    const text = 'Các huyện căn cứ Bộ chỉ số cải cách hành chính năm 2023 để tự đánh giá trong các năm tiếp theo';
    expect(run(text).parts).toEqual([]);
    expect(reasons(text)).toContain('ngày ban hành của văn bản được dẫn, không phải thời hạn');
  });

  it('a year range after a programme\'s name is its period', () => {
    const text = 'Tuyên truyền Đề án phát triển du lịch cộng đồng giai đoạn 2021-2025';
    expect(run(text, 2022).parts).toEqual([]);
    expect(reasons(text, 2022)).toContain('giai đoạn của chương trình, kế hoạch được nêu tên, không phải thời hạn');
    // A plan cell's own range stays a window.
    expect(run('Triển khai thực hiện giai đoạn 2021-2025', 2022).parts.map((p) => p.kind)).toEqual(['window']);
  });

  it('the period reviewed ("sơ kết/tổng kết … 6 tháng đầu năm") or planned for ("phương hướng … năm 2025") is not a deadline', () => {
    expect(run('Hội nghị sơ kết công tác thi đua 6 tháng đầu năm').parts).toEqual([]);
    expect(run('Tổng kết công tác dân vận năm 2024 và phương hướng nhiệm vụ năm 2025').parts).toEqual([]);
    // Without a review word the period is the deadline (§2.5).
    expect(nominal('Hoàn thành kiểm tra 6 tháng đầu năm')).toEqual(['2024-06-30']);
  });

  it('a line of a calendar of days off is not a deadline', () => {
    expect(run('- Ngày 02/9/2024 nghỉ lễ Quốc khánh').parts).toEqual([]);
    const text = '- Ngày 01/01/2025 nghỉ Tết Dương lịch năm 2025';
    expect(run(text, 2025).parts).toEqual([]);
    expect(reasons(text, 2025)).toContain('ngày nghỉ (lễ, Tết), không phải thời hạn');
  });

  it('a periodic word in a clause whose duty is a long sentence takes no policy day', () => {
    const text = 'Định kỳ hằng tháng gửi báo cáo cho Ban Chỉ đạo tỉnh để theo dõi, đôn đốc, kiểm tra và tổng hợp báo cáo theo quy định chung';
    expect(run(text).occurrences).toEqual([]);
    // A cell's short duty keeps the plan's regime, flagged as the policy's day.
    const short = run('Báo cáo Sở Nội vụ định kỳ hằng tháng').occurrences;
    expect(short).toHaveLength(12);
    expect(short.every((o) => o.flags?.includes('day_from_policy'))).toBe(true);
  });
});

describe('§13.4 due days of reports written in other ways', () => {
  it('a day with no month beside a monthly report name is that report\'s day', () => {
    expect(nominal('Báo cáo định kỳ hằng tháng chậm nhất ngày 22')).toEqual(MONTHS.map((m) => `2024-${m}-22`));
    expect(nominal('Hằng tháng, trước ngày 08, các phòng gửi báo cáo')).toEqual(MONTHS.map((m) => `2024-${m}-07`));
  });

  it('a day with no month and no monthly report is not read', () => {
    expect(run('Báo cáo quý chậm nhất ngày 22').parts).toEqual([]);
    expect(run('Gửi hồ sơ trước ngày 22').parts).toEqual([]);
  });

  it('"… ngay sau kỳ báo cáo", "… thuộc kỳ báo cáo" after a due day say which period it follows', () => {
    expect(dueIn('Báo cáo tháng: các chi nhánh gửi chậm nhất vào ngày 09 của tháng tiếp theo ngay sau kỳ báo cáo')).toEqual(MONTHS.map((m) => `2024-${m}-09`));
    expect(nominal('Báo cáo quý gửi chậm nhất ngày 16 của tháng cuối quý thuộc kỳ báo cáo')).toEqual(['2024-03-16', '2024-06-16', '2024-09-16', '2024-12-16']);
  });

  it('"ngày N của tháng đầu năm tiếp theo" is the yearly report, due in January of the next year', () => {
    expect(dueIn('Báo cáo năm: gửi chậm nhất vào ngày 25 của tháng đầu năm tiếp theo')).toEqual(['2024-01-25']);
  });

  it('"tháng của cuối quý" reads as the last month of the quarter', () => {
    expect(nominal('Báo cáo quý gửi chậm nhất vào ngày 12 tháng của cuối quý')).toEqual(['2024-03-12', '2024-06-12', '2024-09-12', '2024-12-12']);
  });

  it('a monthly day serves a list of reports that includes the month', () => {
    expect(nominal('Họp giao ban tháng, quý của Sở trước ngày 28 hàng tháng')).toEqual(MONTHS.map((m) => `2024-${m}-27`));
  });
});

describe('§13.1 a yearly word and a yearless month or quarter are one yearly rule', () => {
  it('"Hằng năm … vào quý IV" is due at the end of Q4 each year, with no policy day', () => {
    const occ = run('Hằng năm tổ chức tự đánh giá vào quý IV').occurrences;
    expect(occ.map((o) => o.nominalDue)).toEqual(['2024-12-31']);
    expect(occ.some((o) => o.flags?.includes('day_from_policy'))).toBe(false);
    expect(nominal('Hằng năm tổ chức tự đánh giá vào quý IV', period(2024, 2025))).toEqual(['2024-12-31', '2025-12-31']);
  });

  it('"hằng năm" with "trước tháng …" is refused rather than guessed', () => {
    expect(run('Hằng năm xây dựng kế hoạch trước tháng 11').occurrences).toEqual([]);
  });
});

describe('§13.9 the period figures or results cover', () => {
  it.each([
    'Báo cáo quý II: số liệu từ ngày 01/4 đến 30/6',
    'Kết quả thực hiện từ đầu năm đến ngày 20/9/2024',
  ])('%j gives no deadline', (text) => {
    expect(run(text).parts).toEqual([]);
    expect(reasons(text)).toContain('thời gian chốt số liệu của báo cáo, không phải hạn nộp');
  });

  it('a window after other duty words stays a window', () => {
    expect(run('Tổ chức kiểm tra từ ngày 01/4 đến 30/6').parts.map((p) => p.kind)).toEqual(['window']);
  });
});

describe('§13.3 qualifiers that name a dated report or offer a choice', () => {
  it('a period with its year after "báo cáo" or "đối với" names the report the written day is for', () => {
    expect(nominal('Các phòng báo cáo trước ngày 12/12/2024 (đối với báo cáo năm 2024)')).toEqual(['2024-12-11']);
    expect(nominal('Đối với năm 2024, hạn chót là ngày 25/10/2024')).toEqual(['2024-10-25']);
    expect(dueIn('Báo cáo tổng kết năm 2024 gửi trước ngày 12/01/2025', 2025)).toEqual(['2025-01-11']);
  });

  it('a report named with its year beside a day without one is refused (which year is due is not written)', () => {
    expect(run('Báo cáo năm 2024 gửi trước ngày 12/01').parts).toEqual([]);
  });

  it('dates joined by "hoặc" are alternatives: none is read as the deadline', () => {
    for (const text of ['Tổ chức hội nghị vào tháng 8 hoặc tháng 9/2024', 'Hoàn thành trong năm 2024 hoặc năm 2025']) {
      expect(run(text).parts).toEqual([]);
      expect(reasons(text)).toContain('hai mốc nối bằng "hoặc": không rõ mốc nào là thời hạn, cần điều phối viên chọn');
    }
  });

  it('a report name takes the day right after it, in brackets, before any earlier one', () => {
    const text = 'Định kỳ hằng quý (trước ngày 08 tháng cuối quý), 6 tháng (trước ngày 08/6), năm (trước ngày 08/12)';
    expect([...new Set(nominal(text))]).toEqual(['2024-03-07', '2024-06-07', '2024-09-07', '2024-12-07']);
  });
});

describe('§13.1 a yearly word beside a yearless window', () => {
  it('"… hằng năm" after a window is that window each year, with no policy day', () => {
    const occ = run('Tổ chức tiếp nhận hồ sơ từ ngày 10/10 đến ngày 10/11 hằng năm').occurrences;
    expect(occ.map((o) => [o.start, o.nominalDue])).toEqual([['2024-10-10', '2024-11-10']]);
    expect(occ.some((o) => o.flags?.includes('day_from_policy'))).toBe(false);
    expect(nominal('Tháng 5 - tháng 6 hằng năm')).toEqual(['2024-06-30']);
  });

  it('"Trước khi <sự kiện> ít nhất N ngày làm việc" keeps the event name clean', () => {
    expect(run('Trước khi phê duyệt đề án ít nhất 05 ngày làm việc').parts).toEqual([
      expect.objectContaining({ kind: 'event', event: 'phe-duyet-de-an', before: true, offset: { amount: 5, unit: 'working_day' } }),
    ]);
  });
});

describe('§13.3 the period a report is on is not its due day', () => {
  it('a period with its year right after a report and its topic, beside a written day, only names the report', () => {
    expect(nominal('Gửi báo cáo số liệu tuyển dụng năm 2023, năm 2024 về Sở trước ngày 20/11/2024')).toEqual(['2024-11-19']);
  });

  it('with no written day it is refused: the period reported on is not when the report is due', () => {
    const text = 'Báo cáo kết quả công tác văn thư lưu trữ quý III năm 2024';
    expect(run(text).parts).toEqual([]);
    expect(reasons(text)).toContain('kỳ được báo cáo, không phải hạn nộp: hạn nộp không được viết');
  });

  it('a qualifier word keeps the period a deadline ("Tổng hợp báo cáo … vào quý 4/2024")', () => {
    expect(nominal('Tổng hợp báo cáo toàn ngành vào quý 4/2024')).toEqual(['2024-12-31']);
  });
});

describe('§13.9 a data cut-off written with "(được) chốt"', () => {
  it('"Số liệu được chốt đến hết ngày 14 của tháng cuối quý" is not a deadline', () => {
    expect(run('Số liệu được chốt đến hết ngày 14 của tháng cuối quý').parts).toEqual([]);
    expect(run('Số liệu chốt đến ngày 30/11/2024').parts).toEqual([]);
    // "chốt" as the duty itself, not a cut-off of figures, keeps its deadline.
    expect(nominal('Chốt danh sách trước ngày 15/3/2024')).toEqual(['2024-03-14']);
  });
});

describe('§13.3 a bare report name keeps the period end', () => {
  it('"Báo cáo quý I" is due at the end of Q1, "Báo cáo kết quả 6 tháng đầu năm" (a topic) is refused', () => {
    expect(nominal('Báo cáo quý I')).toEqual(['2024-03-31']);
    expect(run('Báo cáo kết quả 6 tháng đầu năm').parts).toEqual([]);
  });
});
