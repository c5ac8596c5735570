/**
 * §13.13 The sentence as a whole (src/domain/grammar/README.md). The phrases below are invented for these tests
 * (none is a corpus row); each expectation comes from the rule's wording and the law, not from the engine.
 */
import { describe, expect, it } from 'vitest';
import { expandRule, parseDeadline, UNPARSED_REASONS } from '../../../../src/domain/deadline.js';
import { calendar, period } from '../deadline-helpers.js';

function dueIn(text: string, year = 2025): string[] {
  const rule = parseDeadline(text, period(year));
  const occ = expandRule(rule, { periodStart: `${year - 1}-01-01`, periodEnd: `${year}-12-31`, calendar });
  return [...new Set(occ.map((o) => o.nominalDue).filter((d) => d.startsWith(String(year))))].sort();
}

function read(text: string, year = 2025): { kinds: string[]; reasons: string[] } {
  const r = parseDeadline(text, period(year));
  return { kinds: r.parts.map((p) => p.kind), reasons: r.unparsed.map((u) => u.reason) };
}

describe('§13.13 news of a past meeting or act is no deadline', () => {
  it.each([
    'Chiều 14/3, UBND huyện tổ chức phiên họp thường kỳ tháng 3/2025 để đánh giá tình hình.',
    'Ngày 05-6, Sở Nội vụ đã tổ chức hội nghị giao ban quý II năm 2025.',
    'Đồng chí Phó Giám đốc Sở báo cáo tóm tắt kết quả tháng 7 và nhiệm vụ tháng 8 năm 2025.',
    'Vào lúc 8 giờ ngày 12 tháng 9 năm 2025, tại hội trường xã, UBND xã tổ chức hội nghị triển khai nhiệm vụ.',
  ])('%j: nothing is read', (text) => {
    const r = read(text);
    expect(r.kinds).toEqual([]);
    // A dated opener with its year is already refused by §13.9's `narrative`; the others by §13.13.
    expect(r.reasons.some((x) => x === UNPARSED_REASONS.pastEvent || x === UNPARSED_REASONS.narrative)).toBe(true);
  });

  it('a deadline word keeps the sentence a rule: "đã" beside "trước ngày" is still read', () => {
    expect(dueIn('Các đơn vị đã được giao nhiệm vụ gửi báo cáo trước ngày 20/10/2025.')).toEqual(['2025-10-19']);
  });

  it('"đã được phê duyệt" (approved) is no narrative: a plan cell with it keeps its date', () => {
    expect(dueIn('- Phê duyệt đề án tháng 6/2025.\n- Thực hiện theo tiến độ trong đề án đã được phê duyệt.')).toEqual(['2025-06-30']);
  });
});

describe('§13.13 examples, elapsed time, least lengths', () => {
  it('a worked example ("Ví dụ 3: …") gives no date', () => {
    const r = read('Ví dụ 3: Công ty A ngừng kinh doanh từ tháng 4 năm 2025 thì được giảm thuế của quý II năm 2025.');
    expect(r.kinds).toEqual([]);
    expect(r.reasons).toContain(UNPARSED_REASONS.example);
  });

  it.each([
    ['Đã gần 3 tháng kể từ ngày nộp hồ sơ nhưng chưa có kết quả.', UNPARSED_REASONS.elapsed],
    ['Niêm yết công khai tối thiểu 10 ngày kể từ ngày ký quyết định.', UNPARSED_REASONS.elapsed],
  ])('%j is not a deadline counted from the event', (text, reason) => {
    const r = read(text);
    expect(r.kinds).not.toContain('event');
    expect(r.reasons).toContain(reason);
  });

  it('a limit "không quá N ngày kể từ …" is still an event deadline', () => {
    expect(read('Thời hạn giải quyết không quá 30 ngày kể từ ngày thụ lý.').kinds).toEqual(['event']);
  });
});

describe('§13.13 exceptions and notes beside a deadline', () => {
  it('the longer limit of "có thể kéo dài … không quá N ngày" is the exception, the first limit stays', () => {
    const r = parseDeadline(
      'Thời hạn giải quyết không quá 30 ngày, kể từ ngày thụ lý; trường hợp phức tạp thì có thể kéo dài hơn nhưng không quá 45 ngày, kể từ ngày thụ lý.',
      period(2025),
    );
    expect(r.parts.map((p) => (p.kind === 'event' ? p.offset?.amount : p.kind))).toEqual([30]);
    expect(r.unparsed.map((u) => u.reason)).toContain(UNPARSED_REASONS.extension);
  });

  it('a roll-forward rule for days off has no date of its own', () => {
    const r = read('Nếu ngày cuối cùng của thời hạn nộp trùng với ngày nghỉ lễ thì ngày nộp là ngày làm việc tiếp theo.');
    expect(r.kinds).toEqual([]);
  });

  it('"Trước ngày X:" heading a rule says which regime applies; the rule after the colon is read', () => {
    expect(dueIn('Trước ngày 01/01/2025: Chậm nhất 45 ngày kể từ khi kết thúc năm tài chính;')).toEqual(['2025-02-14']);
  });

  it('"Riêng trong quý II năm 2025, gửi trước ngày …": the quarter is what the exception is for', () => {
    expect(dueIn('Riêng trong quý II năm 2025, gửi trước ngày 10/8/2025.')).toEqual(['2025-08-09']);
  });

  it('a substitute day off ("nghỉ bù") is a calendar line, not a duty', () => {
    expect(read('Do ngày 30-4-2025 trùng ngày thứ Bảy nên cán bộ được nghỉ bù vào thứ Hai 5-5-2025.').kinds).toEqual([]);
  });
});

describe('§13.13 the explicit day beats the default across the sentence', () => {
  it('"hằng năm" beside a written day of the same reports in another clause takes no policy day', () => {
    expect(dueIn('Báo cáo được lập hằng năm; thời hạn gửi báo cáo chậm nhất 02 tháng sau khi kết thúc năm.')).toEqual(['2025-02-28']);
  });

  it('a plan cell with a date and a separate periodic duty (two clauses) keeps both', () => {
    const r = read('Xây dựng kế hoạch tháng 02; báo cáo theo định kỳ');
    expect(r.kinds).toEqual(['date', 'periodic']);
  });

  it('"hằng quý" with no day in a long sentence takes no policy day', () => {
    const r = read(
      'Các phòng, ban chuyên môn và Ủy ban nhân dân các xã chỉ gửi bảng tổng hợp kết quả hằng quý về Phòng Nội vụ (theo mẫu số 2) đối với các chỉ tiêu được giao tại Phụ lục kèm theo.',
    );
    expect(r.kinds).toEqual([]);
    expect(r.reasons).toContain(UNPARSED_REASONS.prose);
  });

  it('"tháng cuối quý" read on reports that are not quarterly is refused, not given a yearly date', () => {
    const r = parseDeadline('Báo cáo hàng năm gửi về Sở trước ngày 10 của tháng cuối quý.', period(2025));
    for (const p of r.parts) if (p.kind === 'periodic') expect(p.reports === 'policy' || p.reports.includes('quarter')).toBe(true);
  });
});

describe('§13.13 references, terms and period ends', () => {
  it('a document date after its number and a comma is the document\'s', () => {
    const r = read('(Theo Kế hoạch số 45/KH-UBND, ngày 02/3/2025)');
    expect(r.kinds).not.toContain('date');
  });

  it.each([
    'Quy chế làm việc của Ủy ban nhân dân phường nhiệm kỳ 2021 - 2026 được ban hành kèm theo quyết định',
    'Sơ kết Chương trình chuyển đổi số của tỉnh giai đoạn 2021 - 2025, định hướng giai đoạn 2026 - 2030',
  ])('%j: a term or a programme stage is no window', (text) => {
    expect(read(text).kinds).not.toContain('window');
  });

  it('a plan cell "Giai đoạn 2025-2027; …" is still a window', () => {
    expect(read('Giai đoạn 2025-2027; kiểm tra kết quả vào năm 2026', 2026).kinds).toContain('window');
  });

  it('"N tháng sau khi năm ngân sách kết thúc" is not an event to be recorded', () => {
    expect(read('Cơ quan gửi báo cáo chậm nhất là 10 tháng sau khi năm ngân sách kết thúc.').kinds).not.toContain('event');
  });
});
