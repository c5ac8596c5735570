/**
 * A .docx, an .xlsx and a .pdf of a plan import identically to its text form. The files are generated here
 * (docx package, exceljs, a hand-written PDF with a text layer) from the project's own fixture and, when the
 * seeds are present, from every seed plan.
 */
import { describe, expect, it } from 'vitest';
import type { SourceDocument } from '../../../src/import/model.js';
import { parseSource } from '../../../src/import/read-file.js';
import { makeDocx, makePdf, makeXlsx } from '../../fixtures/import/build-fixtures.js';
import { comparable, draftOf, hasSeeds, readFixture, readSeed, SEEDS } from './helpers.js';

async function viaFormat(doc: SourceDocument, format: 'docx' | 'xlsx' | 'pdf') {
  const bytes = format === 'docx' ? await makeDocx(doc.blocks) : format === 'xlsx' ? await makeXlsx(doc.blocks) : makePdf(doc.blocks);
  const read = await parseSource(bytes, `ke-hoach.${format}`);
  expect(read.format).toBe(format);
  return draftOf(read.document, 'ke-hoach', format);
}

describe('own fixture in every format', () => {
  const doc = readFixture('ke-hoach-mau.txt');
  const text = draftOf(doc, 'ke-hoach', 'text');

  it('the text form: 7 tasks in 3 sections, a list cell, a page-split row, a budget total, prose duties', () => {
    expect(text.stats).toMatchObject({ tasks: 7, proposals: 2, continuedRows: 1, repeatedHeaders: 1 });
    expect(text.sections.map((s) => s.taskCount)).toEqual([2, 3, 2]);
    expect(text.budget).toEqual({ sum: 200.5, stated: 200.5, unit: 'triệu đồng' });
    expect(text.metadata).toMatchObject({ province: 'nghe-an', decisionNumber: '123/QĐ-UBND', decisionDate: '2024-01-05' });
    const t = text.tasks.find((x) => x.label === 'II.3')!;
    expect(t.supportText).toBe('Các Sở, ban, ngành; UBND cấp huyện, UBND cấp xã');
    expect(text.problems.filter((p) => p.code === 'agency-unknown').map((p) => p.text)).toEqual(['Phòng Kinh tế']);
  });

  it.each(['docx', 'xlsx'] as const)('%s gives the same draft as the text', async (format) => {
    const other = await viaFormat(doc, format);
    expect(comparable(other)).toEqual(comparable(text));
  });

  it('pdf gives the same draft as the text (a row split inside a page reads as wrapping)', async () => {
    expect(comparable(await viaFormat(doc, 'pdf'), true)).toEqual(comparable(text, true));
  });
});

describe.skipIf(!hasSeeds)('seed plans in every format', () => {
  for (const name of [SEEDS.na2024, SEEDS.tn2024, SEEDS.dn2021, SEEDS.na2012]) {
    const doc = readSeed(name);
    const text = draftOf(doc, 'ke-hoach', 'text');
    it.each(['docx', 'xlsx'] as const)(`${name} as %s`, async (format) => {
      expect(comparable(await viaFormat(doc, format))).toEqual(comparable(text));
    });
    it(`${name} as pdf (line breaks inside cells read as wrapping)`, async () => {
      expect(comparable(await viaFormat(doc, 'pdf'), true)).toEqual(comparable(text, true));
    });
  }
});
