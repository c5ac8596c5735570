/**
 * Zip bombs (issue #16.3): a .docx/.xlsx that inflates far beyond its size, or holds a flood of entries, is refused
 * from its central directory — or, when its sizes lie, by an inflation capped at the budget — before mammoth or
 * exceljs open it. The bombs are built here (tests/fixtures/import/zip-bomb.ts); nothing big is committed. Time
 * and memory of the refusal: `npm run bench:import -- --bomb` (BENCHMARKS.md).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ImportError } from '../../../src/import/errors.js';
import { MAX_SOURCE_BLOCKS, parseSource } from '../../../src/import/read-file.js';
import { MAX_LINE_BYTES, readTextBytes } from '../../../src/import/read-text.js';
import { checkZipLimits, MAX_ZIP_ENTRIES, MAX_ZIP_INFLATED_BYTES } from '../../../src/import/zip-limits.js';
import { makeDocx, makeXlsx } from '../../fixtures/import/build-fixtures.js';
import { entriesOf, writeZip, zerosEntry } from '../../fixtures/import/zip-bomb.js';
import { readFixture } from './helpers.js';

const doc = readFixture('ke-hoach-mau.txt');

async function refusal(bytes: Uint8Array, fileName: string): Promise<ImportError> {
  const err = await parseSource(bytes, fileName).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ImportError);
  return err as ImportError;
}

// Building a 1 GiB bomb (its CRC over 1 GiB of zeros) takes a few seconds on a loaded machine.
describe('zip bombs', { timeout: 120_000 }, () => {
  it.each(['docx', 'xlsx'] as const)('a 1 MB .%s that inflates to 1 GiB is refused from its directory, with a clear message', async (format) => {
    const base = format === 'docx' ? await makeDocx(doc.blocks) : await makeXlsx(doc.blocks);
    const bomb = writeZip([...entriesOf(base), zerosEntry(format === 'docx' ? 'word/media/image1.bin' : 'xl/media/image1.bin', 1024)]);
    expect(bomb.length).toBeLessThan(2 * 1024 * 1024);
    const err = await refusal(bomb, `bom.${format}`);
    expect(err.code).toBe('archive-too-large');
    expect(err.message).toMatch(new RegExp(`^Tệp \\.${format} bị từ chối: giải nén ra 10\\d\\d\\.\\d MB \\(tối đa 100\\.0 MB\\)`));
    expect(err.message).toMatch(/\/ The \.(docx|xlsx) file was refused/);
    expect(err.details).toMatchObject({ maxInflatedBytes: MAX_ZIP_INFLATED_BYTES });
  });

  it('a bomb whose directory lies about its size is stopped by the capped inflation', async () => {
    const base = await makeDocx(doc.blocks);
    const bomb = writeZip([...entriesOf(base), zerosEntry('word/media/image1.bin', 1024, 1000)]);
    const err = await refusal(bomb, 'bom.docx');
    expect(err.code).toBe('archive-too-large');
    expect(err.message).toMatch(/giải nén ra hơn 100\.0 MB \(kích thước khai báo .* là sai\)/);
  });

  it('a flood of entries is refused by count', async () => {
    const base = await makeXlsx(doc.blocks);
    const empty = { method: 0, data: Buffer.alloc(0), crc32: 0, uncompressedSize: 0 };
    const flood = Array.from({ length: MAX_ZIP_ENTRIES + 1 }, (_, i) => ({ ...empty, name: `xl/x/${i}.xml` }));
    const err = await refusal(writeZip([...entriesOf(base), ...flood]), 'nhieu.xlsx');
    expect(err.code).toBe('archive-too-large');
    expect(err.message).toMatch(/có \d+ phần \(tối đa 5000\)/);
  });

  it('real files pass, also rebuilt by the test writer (so the bombs above differ only by their extra entry)', async () => {
    for (const base of [await makeDocx(doc.blocks), await makeXlsx(doc.blocks)]) {
      await expect(checkZipLimits(base, 'docx')).resolves.toBeUndefined();
      const rebuilt = writeZip([...entriesOf(base), zerosEntry('extra.bin', 1)]);
      await expect(checkZipLimits(rebuilt, 'xlsx')).resolves.toBeUndefined();
    }
    const read = await parseSource(writeZip([...entriesOf(await makeDocx(doc.blocks)), zerosEntry('word/media/x.bin', 1)]), 'ke-hoach.docx');
    expect(read.format).toBe('docx');
    expect(read.document.blocks.length).toBeGreaterThan(10);
  });
});

describe('text files near the 20 MB limit', () => {
  it(`a text file of more than ${MAX_SOURCE_BLOCKS.toLocaleString('en-US')} lines is refused before a draft is built, with the exact count`, async () => {
    const rows = Array.from({ length: MAX_SOURCE_BLOCKS + 1 }, (_, i) => `${i + 1}\tNhiệm vụ ${i + 1}\tBáo cáo\tSở Tư pháp\t\tQuý I/2024`);
    const text = `TT\tNhiệm vụ\tSản phẩm\tCơ quan chủ trì\tCơ quan phối hợp\tThời gian hoàn thành\n${rows.join('\n')}\n`;
    const err = await refusal(Buffer.from(text, 'utf8'), 'rat-nhieu.txt');
    expect(err.code).toBe('file-too-large');
    expect(err.message).toMatch(/^Tệp "rat-nhieu\.txt" có 50\.002 dòng\/hàng \(tối đa 50\.000\)/);
    expect(err.details).toEqual({ blocks: MAX_SOURCE_BLOCKS + 2, maxBlocks: MAX_SOURCE_BLOCKS });
  });

  afterEach(() => vi.restoreAllMocks());

  const HEADER = 'TT\tNhiệm vụ\tSản phẩm\tCơ quan chủ trì\tCơ quan phối hợp\tThời gian hoàn thành\n';
  const row = (i: number) => `${i}\tNhiệm vụ ${i} rà soát\tBáo cáo\tSở Tư pháp\t\tQuý I/2024\n`;

  it('a text file is never decoded whole: each decode is one line at most', async () => {
    const decode = vi.spyOn(TextDecoder.prototype, 'decode');
    const text = HEADER + Array.from({ length: 2000 }, (_, i) => row(i + 1)).join('');
    const read = await parseSource(Buffer.from(text, 'utf8'), 'ke-hoach.txt');
    expect(read.document.blocks).toHaveLength(2001);
    expect(decode).toHaveBeenCalled();
    const longest = Math.max(...decode.mock.calls.map(([input]) => (input as Uint8Array | undefined)?.byteLength ?? 0));
    expect(longest).toBeLessThanOrEqual(Math.max(...text.split('\n').map((l) => Buffer.byteLength(l))));
    expect(longest).toBeLessThan(Buffer.byteLength(text) / 100);
  });

  it('too many rows are refused from a count on the bytes, before any row is decoded', async () => {
    const decode = vi.spyOn(TextDecoder.prototype, 'decode');
    const text = HEADER + Array.from({ length: 30 }, (_, i) => row(i + 1)).join('');
    const err = (() => {
      try {
        readTextBytes(Buffer.from(text, 'utf8'), { fileName: 'x.txt', maxBlocks: 20 });
      } catch (e) {
        return e as ImportError;
      }
      return undefined;
    })();
    expect(err?.code).toBe('file-too-large');
    expect(err?.details).toEqual({ blocks: 31, maxBlocks: 20 });
    // Only the short lines that might be a cell-per-line "TT" header were decoded, never a task row.
    for (const [input] of decode.mock.calls) expect((input as Uint8Array).byteLength).toBeLessThanOrEqual(64);
  });

  it('a cell-per-line file stops being read as soon as it passes the limit', () => {
    const cells = (i: number) => `\t${i}\n\tNhiệm vụ ${i}\n\tSở Tư pháp\n\n`;
    const text = `\tTT\n\tNhiệm vụ\n\tCơ quan chủ trì\n\n${Array.from({ length: 30 }, (_, i) => cells(i + 1)).join('')}`;
    expect(readTextBytes(Buffer.from(text, 'utf8'), { maxBlocks: 31 }).blocks).toHaveLength(31);
    expect(() => readTextBytes(Buffer.from(text, 'utf8'), { fileName: 'x.txt', maxBlocks: 20 })).toThrow(
      expect.objectContaining({ code: 'file-too-large', details: { blocksOver: 20, maxBlocks: 20 } }),
    );
  });

  it(`a line over ${MAX_LINE_BYTES / 1024} KB is refused with its number, before it is decoded`, async () => {
    const decode = vi.spyOn(TextDecoder.prototype, 'decode');
    const long = 'Rà soát thủ tục hành chính, '.repeat(Math.ceil((MAX_LINE_BYTES + 1) / Buffer.byteLength('Rà soát thủ tục hành chính, ')));
    const err = await refusal(Buffer.from(`KẾ HOẠCH\n${HEADER}${long}\n${row(1)}`, 'utf8'), 'mot-dong.txt');
    expect(err.code).toBe('file-too-large');
    expect(err.details).toEqual({ line: 3, lineBytes: Buffer.byteLength(long), maxLineBytes: MAX_LINE_BYTES });
    expect(err.message).toMatch(/^Dòng 3 của tệp "mot-dong\.txt" dài \d+ KB/);
    for (const [input] of decode.mock.calls) expect((input as Uint8Array).byteLength).toBeLessThan(MAX_LINE_BYTES);
    // A line of exactly the limit is read.
    const edge = `${'a'.repeat(MAX_LINE_BYTES)}\n${HEADER}${row(1)}`;
    expect(readTextBytes(Buffer.from(edge, 'utf8')).blocks[0]).toMatchObject({ kind: 'paragraph', text: 'a'.repeat(MAX_LINE_BYTES) });
  });

  it('lines are NFC-normalised one by one, CR LF, CR and form feed split lines as before', () => {
    const nfd = 'Nhiệm vụ'.normalize('NFD');
    const doc = readTextBytes(Buffer.from(`\ufeff${nfd} một\r\n${nfd} hai\r${nfd} ba\f\u00a0\t\n1\t${nfd}\tx`, 'utf8'));
    expect(doc.blocks).toEqual([
      { kind: 'paragraph', text: 'Nhiệm vụ một', ref: 'dòng 1' },
      { kind: 'paragraph', text: 'Nhiệm vụ hai', ref: 'dòng 2' },
      { kind: 'paragraph', text: 'Nhiệm vụ ba', ref: 'dòng 3' },
      { kind: 'row', cells: ['1', 'Nhiệm vụ', 'x'], ref: 'dòng 5' },
    ]);
  });
});
