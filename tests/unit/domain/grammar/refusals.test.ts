/**
 * §13.2, §13.3, §13.7, §13.9: general refusal rules added so that no phrase of the corpus is read as a wrong date
 * (issue #11: "where unsure, return unparsed with the span"). Every phrase here is invented for the rule it tests;
 * none is copied from the corpus. Each rule is also checked not to refuse the nearby phrases it must keep reading.
 */
import { describe, expect, it } from 'vitest';
import { UNPARSED_REASONS } from '../../../../src/domain/deadline.js';
import { expandRule, parseDeadline } from '../../../../src/domain/deadline.js';
import { calendar, nominal, period, run } from '../deadline-helpers.js';

/** Nominal due dates inside `year`, whatever period they report on (the expansion starts a year early). */
function dueIn(text: string, year = 2024): string[] {
  const rule = parseDeadline(text, period(year));
  const occ = expandRule(rule, { periodStart: `${year - 1}-01-01`, periodEnd: `${year}-12-31`, calendar });
  return [...new Set(occ.map((o) => o.nominalDue).filter((d) => d.startsWith(String(year))))].sort();
}

function reasons(text: string, year = 2024): string[] {
  return run(text, year).unparsed.map((u) => u.reason);
}

describe('§13.3 a list of periods reported on names reports, never deadlines', () => {
  it('the bare periods listed with a period reported on are refused with it', () => {
    const text = 'Báo cáo tình hình thi đua 6 tháng đầu năm và cả năm';
    expect(run(text).occurrences).toEqual([]);
    expect(reasons(text)).toEqual([UNPARSED_REASONS.reportedPeriod, UNPARSED_REASONS.reportedPeriod]);
    expect(run('Hai kỳ báo cáo (báo cáo kết quả quý và báo cáo cả năm)').occurrences).toEqual([]);
  });

  it('a report topic may hold a comma; "cả năm" is a period reported on like "năm"', () => {
    expect(run('Báo cáo kiểm tra, đánh giá định kỳ: 6 tháng và cả năm').occurrences).toEqual([]);
  });

  it('keeps a written deadline in the clause, and a bare report name keeps its period end (§2.4)', () => {
    expect(nominal('Báo cáo kết quả 6 tháng đầu năm và cả năm gửi trước ngày 10/12/2024')).toEqual(['2024-12-09']);
    expect(nominal('Báo cáo quý I')).toEqual(['2024-03-31']);
  });
});

describe('§13.2 a written deadline day buried in free text is never silenced', () => {
  it('an on-demand basis that runs over "trước ngày …" is refused, and no policy day stands in for it', () => {
    const text = 'Hằng năm, theo yêu cầu của Bộ, Sở ban hành hướng dẫn tự kiểm tra trước ngày 20/9.';
    expect(run(text).parts).toEqual([]);
    expect(reasons(text)).toContain(UNPARSED_REASONS.dayUnread);
    expect(run('Hằng quý, căn cứ yêu cầu quản lý gửi số liệu chậm nhất là ngày 05/4').parts).toEqual([]);
  });

  it('a basis with only a cited document date stays on demand (§7)', () => {
    expect(run('theo Kế hoạch số 45/KH-UBND ngày 03/02/2023').occurrences).toEqual([]);
    expect(run('Theo yêu cầu của Sở Nội vụ').parts.map((p) => p.kind)).toEqual(['on_demand']);
  });
});

describe('§13.9 a bare "trong năm" inside a sentence is a scope, not a deadline', () => {
  it('is refused as prose when the clause has more than 12 label words', () => {
    const text = 'Áp dụng đối với các hộ gia đình có thay đổi về nhân khẩu, nơi cư trú hoặc nghề nghiệp trong năm';
    expect(run(text).occurrences).toEqual([]);
    expect(reasons(text)).toEqual([UNPARSED_REASONS.prose]);
  });

  it('a short cell still reads "trong năm" as the end of the plan year, and a written year is kept', () => {
    expect(nominal('Hoàn thành trong năm')).toEqual(['2024-12-31']);
    expect(nominal('Các sở, ngành hoàn thành việc số hóa hồ sơ thủ tục hành chính còn tồn đọng tại bộ phận một cửa trong năm 2024')).toEqual(['2024-12-31']);
  });
});

describe('§13.9 the day a page or document was posted is not a deadline', () => {
  it('"Đăng ngày …", "Ngày cập nhật: …", "Xuất bản lúc …" are refused', () => {
    for (const text of ['Đăng ngày 09 - 11 - 2023', 'Ngày cập nhật: 21/08/2024', 'Cập nhật lúc 08/03/2024', 'Ngày đăng 12/6/2024']) {
      expect(run(text, 2024).occurrences, text).toEqual([]);
      expect(reasons(text), text).toEqual([UNPARSED_REASONS.published]);
    }
  });

  it('"đăng ký" and an update duty with a deadline word are still read', () => {
    expect(nominal('Đăng ký thi đua trước ngày 15/3/2024')).toEqual(['2024-03-14']);
    expect(nominal('Cập nhật dữ liệu trước ngày 15/3/2024')).toEqual(['2024-03-14']);
  });
});

describe('§13.9 an unread written period makes the cell incomplete', () => {
  it('"…; đối với X chậm nhất là 60 ngày" (a second limit borrowing the event) refuses the whole cell', () => {
    const text = 'Chủ đầu tư gửi báo cáo chậm nhất là 15 ngày, kể từ ngày nghiệm thu công trình; đối với dự án nhóm A chậm nhất là 60 ngày;';
    expect(run(text).parts).toEqual([]);
    expect(reasons(text)).toContain(UNPARSED_REASONS.incomplete);
  });

  it('an event with a single limit is still read', () => {
    const parts = run('Chủ đầu tư gửi báo cáo chậm nhất là 15 ngày, kể từ ngày nghiệm thu công trình').parts;
    expect(parts).toMatchObject([{ kind: 'event', event: 'nghiem-thu-cong-trinh', offset: { amount: 15, unit: 'day' } }]);
  });
});

describe('§13.7 periods counted from the end of a period', () => {
  it('a period end the grammar cannot place on the calendar is refused, not read as a one-off event', () => {
    for (const text of ['Nhà trường nộp báo cáo chậm nhất 30 ngày sau khi kết thúc năm học', 'Gửi quyết toán trong thời hạn 60 ngày kể từ ngày kết thúc niên độ']) {
      expect(run(text).parts, text).toEqual([]);
      expect(reasons(text), text).toContain(UNPARSED_REASONS.periodEndUnknown);
    }
  });

  it('"năm dương lịch" is the calendar year; "kỳ kế toán năm" is too, with the event offered as the other reading', () => {
    expect(dueIn('Nộp tờ khai chậm nhất là 45 ngày kể từ ngày kết thúc năm dương lịch')).toEqual(['2024-02-14']);
    const text = 'Doanh nghiệp nộp báo cáo trong thời hạn 60 ngày, kể từ ngày kết thúc kỳ kế toán năm';
    expect(dueIn(text)).toEqual(['2024-02-29']);
    expect(parseDeadline(text, period(2024)).alternatives?.[0]?.parts[0]).toMatchObject({ kind: 'event', event: 'ket-thuc-ky-ke-toan-nam' });
    expect(run(text).parts[0]).toMatchObject({ kind: 'periodic', reports: ['year'], afterEnd: { amount: 60, unit: 'day' } });
  });

  it('other events that end something ("kết thúc cuộc thanh tra", "hết thời hạn …") stay events', () => {
    expect(run('Chậm nhất 10 ngày kể từ ngày kết thúc cuộc kiểm tra').parts).toMatchObject([{ kind: 'event', event: 'ket-thuc-cuoc-kiem-tra' }]);
    expect(run('Trong thời hạn 30 ngày kể từ ngày hết thời hạn góp ý').parts).toMatchObject([{ kind: 'event', event: 'het-thoi-han-gop-y' }]);
  });
});

describe('§13.8 an exception after an event ends the event name', () => {
  it('", trừ trường hợp …" is a note beside the event, not part of its name', () => {
    const rule = run('Trong thời hạn 10 ngày kể từ ngày nhận được thông báo, trừ trường hợp bất khả kháng');
    expect(rule.parts).toMatchObject([{ kind: 'event', event: 'nhan-duoc-thong-bao', offset: { amount: 10, unit: 'day' } }]);
    expect(rule.unparsed.map((u) => u.reason)).toEqual([UNPARSED_REASONS.exception]);
  });
});
