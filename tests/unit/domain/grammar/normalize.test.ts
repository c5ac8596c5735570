import { describe, expect, it } from 'vitest';
import { normalizeDeadlineText, wordsToNumber } from '../../../../src/domain/deadline.js';

describe('§1 normalisation', () => {
  it.each([
    ['<ul style="list-style-type: none"> - Theo yêu cầu - Định kỳ quý', '- theo yêu cầu - định kỳ quý'],
    ['Ho\u0302\u0300ng', 'hồng'],
    ['quí 4/2013 và quí IV/2015', 'quý 4/2013 và quý 4/2015'],
    ['Quý II-III/2024', 'quý 2-3/2024'],
    ['Quý I/2024', 'quý 1/2024'],
    ['Đánh giá năm vào tháng 11hàng năm', 'đánh giá năm vào tháng 11 hàng năm'],
    ['Giai đoạn 2014– 2015;', 'giai đoạn 2014- 2015;'],
    ['chậm nhất ngày 06 (sáu) của tháng cuối quý', 'chậm nhất ngày 06 của tháng cuối quý'],
    ['ngày 06 (bảy)', 'ngày 06 (bảy)'],
    ['mười lăm ngày kể từ', '15 ngày kể từ'],
    ['XD KII trước tháng 3', 'xây dựng kế hoạch trước tháng 3'],
    ['XD KH trước tháng 3', 'xây dựng kế hoạch trước tháng 3'],
    ['KH xây dựng tháng 01', 'kế hoạch xây dựng tháng 01'],
    ['BC quý', 'báo cáo quý'],
    ['Theo Kế hoạch số 160/KH-UBND', 'theo kế hoạch số 160/kh-ubnd'],
    ['  Tháng\u00a002/2024 \r\n\r\n  - Quý I ', 'tháng 02/2024\n- quý 1'],
    ['a&nbsp;b &amp; c', 'a b & c'],
  ])('§1 %j → %j', (input, expected) => {
    expect(normalizeDeadlineText(input).text).toBe(expected);
  });

  it('§1 maps every normalised character back to the input', () => {
    const input = '<b>XD KII</b> trước tháng 3';
    const n = normalizeDeadlineText(input);
    expect(n.start).toHaveLength(n.text.length);
    const at = n.text.indexOf('tháng');
    expect(input.slice(n.start[at], n.end[at + 4])).toBe('tháng');
    const label = n.text.indexOf('xây');
    expect(input.slice(n.start[label], n.end[label + 'xây dựng kế hoạch'.length - 1])).toBe('XD KII');
  });

  it.each([
    ['sáu', 6],
    ['mười', 10],
    ['mười lăm', 15],
    ['hai mươi', 20],
    ['hai mươi mốt', 21],
    ['hai mươi tư', 24],
    ['ba mươi', 30],
    ['một trăm linh năm', 105],
    ['lăm', null],
    ['mười mốt', null],
    ['hai ba bốn', null],
  ])('§1 number words %j = %j', (words, n) => {
    expect(wordsToNumber(words)).toBe(n);
  });
});
