import { describe, expect, it } from 'vitest';
import { cleanCell } from '../../../src/import/cells.js';
import { detectHeader, missingColumns } from '../../../src/import/columns.js';
import { ImportError } from '../../../src/import/errors.js';
import { readPeriod } from '../../../src/import/metadata.js';
import { parseSource, sniffFormat } from '../../../src/import/read-file.js';
import { decodeText, readText } from '../../../src/import/read-text.js';
import { extractTable, parseAmount } from '../../../src/import/table.js';
import { makeDocx } from '../../fixtures/import/build-fixtures.js';

async function refused(p: Promise<unknown> | (() => unknown)): Promise<ImportError> {
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (err) {
    if (err instanceof ImportError) return err;
    throw err;
  }
  throw new Error('expected an ImportError');
}

describe('cell cleaning', () => {
  it.each([
    ['<ul style="list-style-type: none"> - Kế hoạch của UBND tỉnh; - Báo cáo kết quả. ', '- Kế hoạch của UBND tỉnh\n- Báo cáo kết quả'],
    ['- Theo yêu cầu - Định kỳ quý', '- Theo yêu cầu\n- Định kỳ quý'],
    ['- Quý I/2024 - Trong năm', '- Quý I/2024\n- Trong năm'],
    ['Giai đoạn 2012 - 2015', 'Giai đoạn 2012 - 2015'],
    ['- Thí điểm năm 2012 - 2013.', '- Thí điểm năm 2012 - 2013'],
    ['tài chính - ngân sách', 'tài chính - ngân sách'],
    ['đúng hạn; - Báo cáo kết quả', 'đúng hạn\n- Báo cáo kết quả'],
    ['Sở Tư pháp chủ trì;\n   Các sở   thực hiện', 'Sở Tư pháp chủ trì;\nCác sở thực hiện'],
    ['  ', ''],
  ])('%j → %j', (raw, clean) => {
    expect(cleanCell(raw)).toBe(clean);
    expect(cleanCell(clean)).toBe(clean);
  });
});

describe('amounts', () => {
  it.each([
    ['240', 240],
    ['1.500', 1500],
    ['1.500,5', 1500.5],
    ['2,5', 2.5],
    ['1,250,000', 1250000],
    ['120 triệu', 120],
    ['khoảng 10', null],
  ])('%s → %s', (text, n) => expect(parseAmount(text)).toBe(n));
});

describe('columns by meaning', () => {
  it('recognises the headers of the seeds and variants', () => {
    const m = detectHeader(['Số TT', 'Nội dung công việc', 'Cơ quan chủ trì', 'Cơ quan phối hợp', 'Thời gian hoàn thành chậm nhất'])!;
    expect(m.fields).toEqual({ number: 0, task: 1, lead: 2, support: 3, deadline: 4 });
    const n = detectHeader(['TT', 'Nội dung, nhiệm vụ', 'Sản phẩm, kết quả đầu ra', 'Phân công thực hiện', 'Thời gian thực hiện', 'Kinh phí (Triệu đồng)', 'Ghi chú'])!;
    expect(n.fields).toEqual({ number: 0, task: 1, output: 2, assignment: 3, deadline: 4, budget: 5, note: 6 });
    expect(n.budgetScale).toBe(1);
    expect(detectHeader(['STT', 'Nhiệm vụ', 'Kết quả thực hiện', 'Đơn vị chủ trì', 'Thời hạn', 'Kinh phí (nghìn đồng)'])!.budgetScale).toBe(0.001);
    expect(detectHeader(['1', 'Rà soát văn bản', 'Sở Tư pháp', 'Quý I/2024'])).toBeUndefined();
  });
  it('names the columns a table lacks', () => {
    expect(missingColumns(detectHeader(['TT', 'Nhiệm vụ', 'Sản phẩm', 'Ghi chú'])!)).toEqual(['Cơ quan chủ trì (hoặc Phân công thực hiện)', 'Thời gian hoàn thành']);
  });
});

describe('periods', () => {
  it('reads one year or a range', () => {
    expect(readPeriod('Kế hoạch cải cách hành chính tỉnh Nghệ An năm 2024')).toEqual([2024, 2024]);
    expect(readPeriod('KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH GIAI ĐOẠN 2012 - 2015')).toEqual([2012, 2015]);
    expect(readPeriod('không có')).toBeUndefined();
  });
});

describe('text layouts', () => {
  it('tabbed rows with a repeated header and a page-split row', () => {
    const doc = readText(
      [
        'TT\tNhiệm vụ\tCơ quan chủ trì\tCơ quan phối hợp\tThời gian',
        '1\tViệc một\tSở Nội vụ\tCác sở, ngành; UBND\tQuý I/2024',
        '',
        'TT\tNhiệm vụ\tCơ quan chủ trì\tCơ quan phối hợp\tThời gian',
        '\t\t\tcấp huyện\t',
        '2\tViệc hai\tSở Tư pháp\t\tTháng 02/2024',
      ].join('\n'),
    );
    const t = extractTable(doc.blocks);
    expect(t.repeatedHeaders).toBe(1);
    expect(t.rows.map((r) => [r.number, r.support])).toEqual([
      ['1', 'Các sở, ngành; UBND cấp huyện'],
      ['2', ''],
    ]);
    expect(t.rows[0]!.continuedFrom).toEqual(['dòng 5']);
  });

  it('cell-per-line rows (every cell on its own line after a tab, running over lines)', () => {
    const doc = readText(
      ['Tiêu đề', '\tTT', '\tNội dung', '\tPhân công thực hiện', '\tThời gian', '', '\tI', '\tThể chế', '\t ', '\t ', '', '\t01', '\tViệc một', 'dòng hai', '\tSở Nội vụ chủ trì;', 'Các sở thực hiện', '\t- Năm 2012;', '', '- Năm 2013'].join(
        '\n',
      ),
    );
    const t = extractTable(doc.blocks);
    expect(t.rows.map((r) => [r.number, r.task, r.assignment, r.deadline])).toEqual([
      ['I', 'Thể chế', '', ''],
      ['01', 'Việc một\ndòng hai', 'Sở Nội vụ chủ trì;\nCác sở thực hiện', '- Năm 2012\n- Năm 2013'],
    ]);
    expect(t.prose).toEqual(['Tiêu đề']);
  });
});

describe('bad input', () => {
  it('refuses empty files', async () => {
    expect((await refused(parseSource(new Uint8Array(), 'a.txt'))).code).toBe('file-empty');
    expect((await refused(parseSource(Buffer.from('  \n\n '), 'a.txt'))).code).toBe('file-empty');
  });
  it('refuses binary content', async () => {
    const e = await refused(parseSource(Buffer.from([0x00, 0x01, 0x02, 0xff, 0xfe, 0x00, 0x10]), 'a.bin'));
    expect(e.code).toBe('binary-file');
    expect(e.message).toMatch(/không phải văn bản/);
    expect((await refused(() => decodeText(Buffer.from([0xc3, 0x28, 0x41])))).code).toBe('binary-file');
  });
  it('refuses old Office files and files whose extension lies', async () => {
    expect((await refused(() => sniffFormat(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), 'a.doc'))).code).toBe('unsupported-format');
    expect((await refused(() => sniffFormat(Buffer.from('hello'), 'a.docx'))).code).toBe('unreadable-docx');
    expect((await refused(() => sniffFormat(Buffer.from('hello'), 'a.pdf'))).code).toBe('unreadable-pdf');
  });
  it('refuses an unreadable .docx (a zip with a broken document part)', async () => {
    const good = await makeDocx([{ kind: 'paragraph', text: 'Xin chào', ref: '' }]);
    const broken = Buffer.from(good);
    // Corrupt the compressed data after the local headers, keeping the part names readable.
    for (let i = 200; i < broken.length - 300; i += 7) broken[i] = (broken[i]! + 91) & 0xff;
    const e = await refused(parseSource(broken, 'hong.docx'));
    expect(['unreadable-docx']).toContain(e.code);
  });
  it('refuses a table with missing columns, naming them', async () => {
    const e = await refused(parseSource(Buffer.from('TT\tNhiệm vụ\tSản phẩm\tGhi chú\n1\tViệc\tBáo cáo\t\n'), 'a.txt').then((s) => extractTable(s.document.blocks)));
    expect(e.code).toBe('missing-columns');
    expect(e.message).toMatch(/thiếu cột: Cơ quan chủ trì \(hoặc Phân công thực hiện\); Thời gian hoàn thành/);
  });
  it('refuses a PDF without a text layer', async () => {
    const pdf = [
      '%PDF-1.4',
      '1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj',
      '2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj',
      '3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 100 100] >> endobj',
      'trailer << /Root 1 0 R >>',
      '%%EOF',
    ].join('\n');
    expect((await refused(parseSource(Buffer.from(pdf, 'latin1'), 'scan.pdf'))).code).toBe('pdf-no-text');
  });
});
