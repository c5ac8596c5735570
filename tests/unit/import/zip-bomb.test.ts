/**
 * Zip bombs (issue #16.3): a .docx/.xlsx that inflates far beyond its size, or holds a flood of entries, is refused
 * from its central directory — or, when its sizes lie, by an inflation capped at the budget — before mammoth or
 * exceljs open it. The bombs are built here (tests/fixtures/import/zip-bomb.ts); nothing big is committed. Time
 * and memory of the refusal: `npm run bench:import -- --bomb` (BENCHMARKS.md).
 */
import { describe, expect, it } from 'vitest';
import { ImportError } from '../../../src/import/errors.js';
import { MAX_SOURCE_BLOCKS, parseSource } from '../../../src/import/read-file.js';
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
  it(`a text file of more than ${MAX_SOURCE_BLOCKS.toLocaleString('en-US')} lines is refused after reading, before a draft is built`, async () => {
    const rows = Array.from({ length: MAX_SOURCE_BLOCKS + 1 }, (_, i) => `${i + 1}\tNhiệm vụ ${i + 1}\tBáo cáo\tSở Tư pháp\t\tQuý I/2024`);
    const text = `TT\tNhiệm vụ\tSản phẩm\tCơ quan chủ trì\tCơ quan phối hợp\tThời gian hoàn thành\n${rows.join('\n')}\n`;
    const err = await refusal(Buffer.from(text, 'utf8'), 'rat-nhieu.txt');
    expect(err.code).toBe('file-too-large');
    expect(err.message).toMatch(/^Tệp "rat-nhieu\.txt" có 50\.002 dòng\/hàng \(tối đa 50\.000\)/);
    expect(err.details).toEqual({ blocks: MAX_SOURCE_BLOCKS + 2, maxBlocks: MAX_SOURCE_BLOCKS });
  });
});
