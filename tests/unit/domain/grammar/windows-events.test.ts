import { describe, expect, it } from 'vitest';
import { eventSlug, parseDeadline, type EventPart } from '../../../../src/domain/deadline.js';
import { kinds, period, run } from '../deadline-helpers.js';

const startDue = (text: string, p: number | { from: string; to: string } = 2024) =>
  run(text, p).occurrences.map((o) => [o.start, o.nominalDue]);

describe('§4 window', () => {
  it.each([
    ['từ ngày 01/6/2022 đến ngày 31/8/2022', [['2022-06-01', '2022-08-31']]],
    ['từ tháng 6 đến hết tháng 9', [['2024-06-01', '2024-09-30']]],
    ['Tháng 9 - tháng 11', [['2024-09-01', '2024-11-30']]],
    ['Tháng 01 - Tháng 12', [['2024-01-01', '2024-12-31']]],
    ['tháng 9 - 11', [['2024-09-01', '2024-11-30']]],
    ['Quý II-III/2024', [['2024-04-01', '2024-09-30']]],
    ['quý 1 - quý 2', [['2024-01-01', '2024-06-30']]],
  ])('§4.1–4.2 %j → %j', (text, expected) => {
    expect(kinds(text)).toEqual(['window']);
    expect(startDue(text)).toEqual(expected);
  });

  it('§4.2 a range ending before it starts is unparsed, not guessed', () => {
    const { parts, unparsed } = run('tháng 11 - tháng 2');
    expect(parts).toEqual([]);
    expect(unparsed).toHaveLength(1);
  });

  it('§4.3 "Từ tháng 6/2015; kết thúc ở cấp tỉnh vào tháng 10/2015" closes the open start', () => {
    const { parts } = run('Từ tháng 6/2015; kết thúc ở cấp tỉnh vào tháng 10/2015.', period(2012, 2015));
    expect(parts).toHaveLength(1);
    expect(parts[0]).toMatchObject({ kind: 'window', label: 'kết thúc ở cấp tỉnh' });
    expect(startDue('Từ tháng 6/2015; kết thúc ở cấp tỉnh vào tháng 10/2015.', period(2012, 2015))).toEqual([['2015-06-01', '2015-10-31']]);
  });

  it('§4.3 an open start with nothing to close it is unparsed', () => {
    expect(run('Từ tháng 6/2015').unparsed.map((u) => u.text)).toEqual(['Từ tháng 6/2015']);
  });

  it.each([
    ['Giai đoạn 2012-2015', [['2012-01-01', '2015-12-31']]],
    ['Năm 2012 - 2013', [['2012-01-01', '2013-12-31']]],
    ['2012 – 2015', [['2012-01-01', '2015-12-31']]],
    ['Hoàn thành trong giai đoạn 2012 - 2013', [['2012-01-01', '2013-12-31']]],
  ])('§4.4 %j → %j', (text, expected) => {
    expect(startDue(text, period(2012, 2015))).toEqual(expected);
  });
});

describe('§5 event', () => {
  const event = (text: string) => parseDeadline(text, period(2024)).parts[0] as EventPart;

  it.each([
    ['05 ngày kể từ ngày công bố TTHC, Danh mục TTHC', 'cong-bo-tthc-danh-muc-tthc', { amount: 5, unit: 'day' }],
    ['05 ngày làm việc kể từ ngày nhận đủ hồ sơ', 'nhan-du-ho-so', { amount: 5, unit: 'working_day' }],
    ['ngay sau khi có Quyết định công bố của Bộ, ngành Trung ương', 'quyet-dinh-cong-bo-cua-bo-nganh-trung-uong', { amount: 0, unit: 'day' }],
    ['Sau khi có Nghị định của Chính phủ', 'nghi-dinh-cua-chinh-phu', null],
    ['mười lăm ngày kể từ ngày ký', 'ky', { amount: 15, unit: 'day' }],
    ['01 tháng kể từ ngày ký', 'ky', { amount: 1, unit: 'month' }],
  ])('§5 %j → %s %j', (text, slug, offset) => {
    const p = event(text);
    expect(p.kind).toBe('event');
    expect(p.event).toBe(slug);
    expect(p.offset).toEqual(offset);
  });

  it('§5 an event part expands only from event records (none → no occurrence)', () => {
    expect(run('05 ngày kể từ ngày công bố TTHC, Danh mục TTHC').occurrences).toEqual([]);
  });

  it('§5 BLDS 2015 điều 147: counting starts the next day; "5 ngày kể từ 10/3" ends 15/3', () => {
    expect(run('05 ngày kể từ ngày 10/3/2024').occurrences.map((o) => o.nominalDue)).toEqual(['2024-03-15']);
  });

  it('§5 a calendar-day period ending on a non-working day rolls forward (BLDS 2015 điều 148.5)', () => {
    const events = [{ type: 'cong-bo-tthc-danh-muc-tthc', date: '2024-04-25', reference: 'QĐ 123/QĐ-UBND' }];
    const o = run('05 ngày kể từ ngày công bố TTHC, Danh mục TTHC', 2024, { events }).occurrences;
    // 25/04 + 5 = 30/04 (holiday); 01/05 holiday; 02/05 Thursday.
    expect(o.map((x) => [x.nominalDue, x.due, x.adjustment])).toEqual([['2024-04-30', '2024-05-02', 'next_working_day']]);
    expect(o[0]!.label).toContain('QĐ 123/QĐ-UBND');
  });

  it('§5 working days from a Friday skip the weekend and the holidays, and count the make-up Saturday', () => {
    const events = [{ type: 'nhan-du-ho-so', date: '2024-04-26' }];
    const o = run('05 ngày làm việc kể từ ngày nhận đủ hồ sơ', 2024, { events }).occurrences;
    // Fri 26/04 → working days: Thu 02/05, Fri 03/05, Sat 04/05 (make-up), Mon 06/05, Tue 07/05.
    expect(o.map((x) => [x.nominalDue, x.due, x.adjustment])).toEqual([['2024-05-07', '2024-05-07', 'none']]);
  });

  it('§5 "ngay sau khi" is offset 0 (the event day, rolled to a working day); "sau khi" with no period gets no date', () => {
    const q = [{ type: 'quyet-dinh-cong-bo-cua-bo-nganh-trung-uong', date: '2024-06-15' }];
    expect(run('ngay sau khi có Quyết định công bố của Bộ, ngành Trung ương', 2024, { events: q }).occurrences.map((o) => o.due)).toEqual(['2024-06-17']);
    const n = [{ type: 'nghi-dinh-cua-chinh-phu', date: '2024-06-15' }];
    expect(run('Sau khi có Nghị định của Chính phủ', 2024, { events: n }).occurrences).toEqual([]);
  });

  it('§5 slugs ignore a leading "ngày/khi/có" and diacritics', () => {
    expect(eventSlug('ngày công bố TTHC')).toBe('cong-bo-tthc');
    expect(eventSlug('có Quyết định của Đoàn')).toBe('quyet-dinh-cua-doan');
  });
});
