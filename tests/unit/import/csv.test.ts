/**
 * A plan saved as .csv imports like its .xlsx (issue #16.5): UTF-8 with or without a BOM, "," or ";" separators,
 * CRLF or LF, quoted cells that run over several lines. The CSV files are generated here from the project's
 * fixture and, when present, the seed plans (quoting as RFC 4180 and Excel do).
 */
import { describe, expect, it } from 'vitest';
import type { Block, SourceDocument } from '../../../src/import/model.js';
import { parseSource } from '../../../src/import/read-file.js';
import { comparable, draftOf, hasSeeds, readFixture, readSeed, SEEDS } from './helpers.js';

interface CsvStyle {
  delimiter: ',' | ';';
  bom: boolean;
  eol: '\n' | '\r\n';
}

/** Writes blocks as CSV: a paragraph is a one-cell record; a cell is quoted when it holds a separator, quote or break. */
function toCsv(blocks: Block[], style: CsvStyle): Uint8Array {
  const quote = (c: string) => (/[",;\r\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c);
  const lines = blocks.map((b) => (b.kind === 'paragraph' ? [b.text] : b.cells).map(quote).join(style.delimiter));
  const text = lines.join(style.eol) + style.eol;
  return Buffer.concat([style.bom ? Buffer.from([0xef, 0xbb, 0xbf]) : Buffer.alloc(0), Buffer.from(text, 'utf8')]);
}

const STYLES: CsvStyle[] = [
  { delimiter: ',', bom: true, eol: '\r\n' },
  { delimiter: ',', bom: false, eol: '\n' },
  { delimiter: ';', bom: true, eol: '\r\n' },
  { delimiter: ';', bom: false, eol: '\n' },
];
const name = (s: CsvStyle) => `"${s.delimiter}" ${s.bom ? 'with' : 'without'} BOM, ${s.eol === '\n' ? 'LF' : 'CRLF'}`;

async function viaCsv(doc: SourceDocument, style: CsvStyle) {
  const read = await parseSource(toCsv(doc.blocks, style), 'ke-hoach.csv');
  expect(read.format).toBe('csv');
  return draftOf(read.document, 'ke-hoach', 'csv');
}

describe('.csv plans', () => {
  const doc = readFixture('ke-hoach-mau.txt');
  const text = draftOf(doc, 'ke-hoach', 'text');

  it('the fixture has cells that need quoting (both separators inside cells)', () => {
    const cells = doc.blocks.flatMap((b) => (b.kind === 'row' ? b.cells : []));
    expect(cells.some((c) => c.includes(',')) && cells.some((c) => c.includes(';'))).toBe(true);
  });

  it('reads a quoted cell that runs over several lines, and a quote inside it', async () => {
    const csv = [
      'KẾ HOẠCH',
      'Cải cách hành chính tỉnh Nghệ An năm 2024',
      'TT;Nhiệm vụ;Sản phẩm;Cơ quan chủ trì;Cơ quan phối hợp;Thời gian hoàn thành',
      'I;CẢI CÁCH THỂ CHẾ;;;;',
      '1;"Rà soát văn bản ""quy phạm""";"- Kế hoạch rà soát;\r\n- Báo cáo kết quả.";Sở Tư pháp;Các Sở, ban, ngành;"- Tháng 02/2024\r\n- Quý IV/2024"',
      '2;Công bố thủ tục hành chính;Quyết định;Sở Nội vụ;;Quý I/2024',
    ].join('\r\n');
    const read = await parseSource(Buffer.from(csv, 'utf8'), 'ke-hoach.csv');
    const draft = draftOf(read.document, 'ke-hoach', 'csv');
    expect(draft.tasks.map((t) => [t.key, t.title, t.output, t.deadlineText])).toEqual([
      ['I/1', 'Rà soát văn bản "quy phạm"', '- Kế hoạch rà soát\n- Báo cáo kết quả', '- Tháng 02/2024\n- Quý IV/2024'],
      ['I/2', 'Công bố thủ tục hành chính', 'Quyết định', 'Quý I/2024'],
    ]);
    expect(read.document.blocks.map((b) => b.ref)).toEqual(['dòng 1', 'dòng 2', 'dòng 3', 'dòng 4', 'dòng 5', 'dòng 8']);
  });

  it.each(STYLES.map((s) => [name(s), s] as const))('%s gives the same draft as the text', async (_name, style) => {
    const draft = await viaCsv(doc, style);
    expect(draft.stats.tasks).toBe(7);
    expect(comparable(draft)).toEqual(comparable(text));
  });

  it('refers to problems by line number', async () => {
    const read = await parseSource(toCsv(doc.blocks, STYLES[0]!), 'ke-hoach.csv');
    expect(read.document.blocks[0]!.ref).toBe('dòng 1');
    expect(read.document.blocks.every((b) => /^dòng \d+$/.test(b.ref))).toBe(true);
  });

  it('an empty .csv is refused as empty', async () => {
    await expect(parseSource(Buffer.from('\ufeff\r\n;;\r\n'), 'rong.csv')).rejects.toMatchObject({ code: 'file-empty' });
  });
});

describe.skipIf(!hasSeeds)('seed plans as .csv', () => {
  for (const seed of [SEEDS.na2024, SEEDS.tn2024, SEEDS.dn2021, SEEDS.na2012]) {
    it(`${seed} as ";" CSV with a BOM`, async () => {
      const doc = readSeed(seed);
      expect(comparable(await viaCsv(doc, STYLES[2]!))).toEqual(comparable(draftOf(doc, 'ke-hoach', 'text')));
    });
  }
});
