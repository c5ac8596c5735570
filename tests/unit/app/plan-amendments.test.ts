import { describe, expect, it } from 'vitest';
import { amendmentAuditDetails, listPlanAmendments } from '../../../src/app/plan-amendments.js';
import type { PlanAmendmentRecord, PlanStore } from '../../../src/app/plan-ports.js';
import type { PlanDiff } from '../../../src/import/diff.js';
import { createTranslator } from '../../../src/i18n/translator.js';
import { PlanAmendments } from '../../../src/web/plan-amendments.js';
import type { PageContext } from '../../../src/web/pages.js';

const diff: PlanDiff = {
  added: [{ key: 'II/1', label: 'II.1', title: 'Tổng kết' }],
  removed: [{ key: 'I/3', label: 'I.3', title: 'Đánh giá' }],
  changed: [{ key: 'I/2', label: 'I.2', previousKey: 'I/2', previousLabel: 'I.2', title: 'Kiểm tra', fields: [{ field: 'thời hạn', before: 'Trước tháng 11/2024', after: 'Trước tháng 10/2024' }] }],
  unchanged: 1,
};

function portsWith(records: PlanAmendmentRecord[]) {
  const asked: { planId: number; limit: number }[] = [];
  const plans = {
    amendmentRecords: async (planId: number, limit: number) => {
      asked.push({ planId, limit });
      return records;
    },
  } as unknown as PlanStore;
  return { ports: { plans }, asked };
}

describe('the amendments of a plan (audit rows → review)', () => {
  it('reads the recorded diff, the moved dates and the item counts back', async () => {
    const details = {
      published: true,
      file: 'sua.txt',
      added: ['II/1'],
      removed: ['I/3'],
      changed: ['I/2'],
      ...amendmentAuditDetails(diff, {
        byTask: [
          { key: 'I/2', label: 'I.2', title: 'Kiểm tra', withdrawn: false, created: 0, redated: [{ from: '2024-10-31', to: '2024-09-30', items: 2 }], waived: [], history: { done: 0, waived: 0 } },
          { key: 'I/1', label: 'I.1', title: 'Khác', withdrawn: false, created: 0, redated: [], waived: [], history: { done: 0, waived: 0 } },
        ],
      }),
      dueItems: { created: 1, redated: 2, rewaited: 0, waived: 1, extensionKept: 0, stayWaived: 0, history: { done: 0, waived: 0 } },
    };
    const at = new Date('2024-01-02T02:00:00Z');
    const { ports, asked } = portsWith([{ at, actor: 'web:person-1', details: JSON.parse(JSON.stringify(details)) }]);
    const [a, ...rest] = await listPlanAmendments(ports, 7);
    expect(rest).toEqual([]);
    expect(asked).toEqual([{ planId: 7, limit: 10 }]);
    expect(a).toEqual({
      at,
      actor: 'web:person-1',
      file: 'sua.txt',
      published: true,
      added: diff.added,
      removed: diff.removed,
      changed: [{ key: 'I/2', label: 'I.2', previousLabel: 'I.2', title: 'Kiểm tra', fields: diff.changed[0]!.fields }],
      unchanged: 1,
      dueItems: { created: 1, redated: 2, rewaited: 0, waived: 1, extensionKept: 0 },
      moves: [{ label: 'I.2', title: 'Kiểm tra', redated: [{ from: '2024-10-31', to: '2024-09-30', items: 2 }] }],
    });
  });

  it('shows rows written before the diff was recorded by their keys, and skips rows it cannot read', async () => {
    const { ports } = portsWith([
      { at: new Date('2024-02-01T00:00:00Z'), actor: 'cli:lan', details: { file: 'cu.txt', added: ['III/1'], removed: [], changed: ['I/2'] } },
      { at: new Date('2024-01-01T00:00:00Z'), actor: 'cli:lan', details: 'not an object' },
    ]);
    const list = await listPlanAmendments(ports, 1);
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({
      published: false,
      added: [{ key: 'III/1', label: 'III.1', title: null }],
      changed: [{ key: 'I/2', label: 'I.2', title: null, fields: null }],
      unchanged: null,
      dueItems: null,
      moves: [],
    });
  });

  it('renders the newest open, in Vietnamese first, with each changed field before and after', async () => {
    const translate = createTranslator();
    const ctx = (lang: 'vi' | 'en'): PageContext => ({ t: (key, args) => translate(lang, key, args), lang, path: '/plans/7', session: null });
    const { ports } = portsWith([
      { at: new Date('2024-01-02T02:00:00Z'), actor: 'web', details: { published: true, file: 'sua.txt', added: [], removed: [], changed: [], ...amendmentAuditDetails(diff) } },
      { at: new Date('2024-01-01T02:00:00Z'), actor: 'web', details: { file: 'cu.txt', added: ['I/3'], removed: [], changed: [] } },
    ]);
    const amendments = await listPlanAmendments(ports, 7);
    const html = (lang: 'vi' | 'en') => String(PlanAmendments({ ctx: ctx(lang), amendments, anchor: (l) => `t-${l}` }));
    const vi = html('vi');
    expect(vi).toContain('Các lần sửa đổi kế hoạch');
    expect(vi).toContain('Sửa đổi lúc 02/01/2024 09:00 (sua.txt)');
    expect(vi).toMatch(/<details class="amendment" open="" data-amendment="0">/);
    expect(vi).toMatch(/<details class="amendment" data-amendment="1">/);
    expect(vi).toContain('thời hạn: <del>Trước tháng 11/2024</del> → <ins>Trước tháng 10/2024</ins>');
    expect(vi).toContain('href="#t-II.1"');
    expect(html('en')).toContain('deadline: <del>Trước tháng 11/2024</del>');
    expect(String(PlanAmendments({ ctx: ctx('vi'), amendments: [], anchor: String }))).toBe('null');
  });
});
