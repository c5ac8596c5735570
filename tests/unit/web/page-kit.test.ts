/**
 * The shared section and table of the console's pages render exactly the markup the pages wrote by hand before
 * (the browser tests find rows by table id and `data-…`, and cells by class).
 */
import { describe, expect, it } from 'vitest';
import { DataTable, Section } from '../../../src/web/page-kit.js';

const html = async (node: unknown) => String(await node);

describe('page-kit', () => {
  const rows = [
    { slug: 'tthc', name: 'Công bố TTHC', tasks: 3 },
    { slug: 'kh', name: 'Kế hoạch <mới>', tasks: 0 },
  ];
  const columns = [
    { head: 'Loại', cell: (r: (typeof rows)[number]) => r.name },
    { head: 'Nhiệm vụ', num: true, cell: (r: (typeof rows)[number]) => r.tasks },
    { head: 'Hạn', cellClass: 'due', cell: () => '—' },
  ];

  it('a table: column heads with scope, figures right-aligned, row attributes, text escaped', async () => {
    expect(await html(DataTable({ id: 'types', rows, columns, rowAttrs: (r) => ({ 'data-type': r.slug }), empty: 'Không có' }))).toBe(
      '<div class="scroll"><table id="types"><thead><tr><th scope="col">Loại</th><th scope="col" class="num">Nhiệm vụ</th><th scope="col">Hạn</th></tr></thead>' +
        '<tbody><tr data-type="tthc"><td>Công bố TTHC</td><td class="num">3</td><td class="due">—</td></tr>' +
        '<tr data-type="kh"><td>Kế hoạch &lt;mới&gt;</td><td class="num">0</td><td class="due">—</td></tr></tbody></table></div>',
    );
  });

  it('no rows: the empty text as a paragraph, or an empty table when there is none', async () => {
    expect(await html(DataTable({ rows: [], columns, empty: 'Chưa có sự kiện nào.' }))).toBe('<p>Chưa có sự kiện nào.</p>');
    expect(await html(DataTable({ rows: [], columns: columns.slice(0, 1), class: 'trend' }))).toBe(
      '<div class="scroll"><table class="trend"><thead><tr><th scope="col">Loại</th></tr></thead><tbody></tbody></table></div>',
    );
  });

  it('a section named by its heading', async () => {
    expect(await html(Section({ headingId: 'recent-h', title: 'Đã ghi nhận', children: '…' }))).toBe(
      '<section aria-labelledby="recent-h"><h2 id="recent-h">Đã ghi nhận</h2>…</section>',
    );
  });
});
