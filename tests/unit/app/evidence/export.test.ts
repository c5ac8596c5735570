import { describe, expect, it } from 'vitest';
import { evidenceExport, safeEvidenceName, type StoredEvidenceFile } from '../../../../src/app/evidence/export.js';

const file = (over: Partial<StoredEvidenceFile>): StoredEvidenceFile => ({
  id: 1,
  dueItemId: 7,
  fileName: 'bao-cao.pdf',
  status: 'stored',
  sizeBytes: 3,
  sha256: 'abc',
  lastError: null,
  content: new Uint8Array([1, 2, 3]),
  ...over,
});

describe('evidence export', () => {
  it('names files safely: no folders, no control or reserved characters, an id prefix, never empty', () => {
    expect(safeEvidenceName(4, 'bao-cao.pdf')).toBe('4-bao-cao.pdf');
    expect(safeEvidenceName(4, '../../etc/passwd')).toBe('4-passwd');
    expect(safeEvidenceName(4, 'a:b*c?.docx')).toBe('4-a_b_c_.docx');
    expect(safeEvidenceName(4, 'x\u0001y\\z.txt')).toBe('4-x_y_z.txt');
    expect(safeEvidenceName(4, '')).toBe('4-tep');
    expect(safeEvidenceName(4, `${'a'.repeat(200)}.pdf`)).toHaveLength(2 + 120);
  });

  it('writes stored copies only; the others come with their status and error', async () => {
    const files = [
      file({ id: 1 }),
      file({ id: 2, fileName: 'anh.jpg', status: 'pending', content: null, sizeBytes: null, sha256: null }),
      file({ id: 3, fileName: 'lon.zip', status: 'too_large', content: null, lastError: 'file is too big' }),
      file({ id: 4, fileName: 'bao-cao.pdf' }),
    ];
    const asked: number[] = [];
    const out = await evidenceExport({ filesOf: async (id) => (asked.push(id), files) }, 7);
    expect(asked).toEqual([7]);
    expect(out.map((f) => [f.id, f.status, f.writeAs])).toEqual([
      [1, 'stored', '1-bao-cao.pdf'],
      [2, 'pending', null],
      [3, 'too_large', null],
      [4, 'stored', '4-bao-cao.pdf'],
    ]);
    expect(out[0]!.content).toEqual(new Uint8Array([1, 2, 3]));
    expect(out[2]).toMatchObject({ content: null, lastError: 'file is too big' });
    expect(await evidenceExport({ filesOf: async () => [] }, 8)).toEqual([]);
  });
});
