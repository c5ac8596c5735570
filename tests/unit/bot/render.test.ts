import { describe, expect, it } from 'vitest';
import { loadHolidayData } from '../../../config/holidays/load.js';
import type { DueItemView, ExtensionRecord } from '../../../src/app/bot/store.js';
import { fit, keyboard, relativeStatus, workingDaysBetween, type RenderContext, type Tr } from '../../../src/bot/render/common.js';
import { renderDetail, renderList } from '../../../src/bot/render/items.js';
import { renderCompletionNotice, renderExtensionNotice, stampedText } from '../../../src/bot/render/work.js';
import { renderStart } from '../../../src/bot/render/onboarding.js';
import { createCalendar } from '../../../src/domain/deadline.js';
import { createTranslator } from '../../../src/i18n/translator.js';

const calendar = createCalendar(loadHolidayData());
const translate = createTranslator();
const tr = (locale: string): Tr => (key, args) => translate(locale, key, args);
const vi: RenderContext = { t: tr('vi'), calendar, today: '2024-03-11' };
const en: RenderContext = { t: tr('en'), calendar, today: '2024-03-11' };

function item(over: Partial<DueItemView> = {}): DueItemView {
  return {
    id: 7,
    state: 'open',
    dueDate: '2024-03-20',
    nominalDue: '2024-03-20',
    occurrenceKey: 'p0',
    occurrenceLabel: 'trước ngày 21/03/2024',
    waitingEvent: null,
    revision: 0,
    evidence: null,
    doneAt: null,
    role: 'lead',
    unitId: 1,
    unitName: 'Sở Tư pháp',
    province: 'nghe-an',
    planId: 1,
    planTitle: 'Kế hoạch CCHC năm 2024',
    planSettings: {},
    periodStartYear: 2024,
    periodEndYear: 2024,
    taskId: 3,
    taskNumber: '1.2',
    taskTitle: 'Xây dựng kế hoạch kiểm soát thủ tục hành chính',
    taskOutput: 'Kế hoạch',
    deadlineText: 'trước ngày 21/3/2024',
    deadlineRule: null,
    ...over,
  };
}

const button = (action: 'done' | 'extend' | 'progress' | 'detail' | 'approve_done' | 'reject_done' | 'ext_approve' | 'ext_reject' | 'ext_counter', token: string, index?: number) => ({
  action,
  token,
  ...(index === undefined ? {} : { index }),
});

describe('common', () => {
  it('counts working days, skipping weekends and holidays', () => {
    expect(workingDaysBetween(calendar, '2024-03-11', '2024-03-18')).toBe(5);
    expect(workingDaysBetween(calendar, '2024-03-18', '2024-03-11')).toBe(-5);
    // Tết 2024: 08/02–14/02 off.
    expect(workingDaysBetween(calendar, '2024-02-07', '2024-02-15')).toBe(1);
  });

  it('describes the due status relative to today', () => {
    expect(relativeStatus(item(), vi)).toBe('còn 7 ngày làm việc');
    expect(relativeStatus(item({ dueDate: '2024-03-11' }), vi)).toBe('đến hạn hôm nay');
    expect(relativeStatus(item({ dueDate: '2024-03-06' }), vi)).toBe('quá hạn 3 ngày làm việc');
    expect(relativeStatus(item({ state: 'pending_approval' }), vi)).toBe('chờ duyệt kết quả');
    expect(relativeStatus(item({ dueDate: '2024-03-06' }), en)).toBe('overdue by 3 working days');
  });

  it('builds keyboards whose callback data is the token only', () => {
    const k = keyboard([[button('done', 'AAAAAAAAAAAAAAAA'), button('detail', 'BBBBBBBBBBBBBBBB', 3)]], vi.t)!;
    expect(k.inline_keyboard).toEqual([
      [
        { text: '✅ Hoàn thành', callback_data: 'AAAAAAAAAAAAAAAA' },
        { text: '📄 3', callback_data: 'BBBBBBBBBBBBBBBB' },
      ],
    ]);
    expect(keyboard([[]], vi.t)).toBeUndefined();
  });

  it("keeps messages within Telegram's 4096 characters", () => {
    const long = Array.from({ length: 400 }, (_, i) => `dòng số ${i} của một danh sách rất dài`).join('\n');
    expect(fit(long).length).toBeLessThanOrEqual(4096);
    expect(fit(long).endsWith('…')).toBe(true);
    expect(stampedText('x'.repeat(4090), '✅ ĐÃ BÁO HOÀN THÀNH')!.length).toBeLessThanOrEqual(4096);
    expect(stampedText(undefined, 'x')).toBeNull();
  });
});

describe('lists and details', () => {
  it('marks overdue items and numbers them for their buttons', () => {
    const rendered = renderList(
      {
        kind: 'list',
        view: 'all',
        today: '2024-03-11',
        units: [{ id: 1, unitId: 1, unitName: 'Sở Tư pháp', province: 'nghe-an', role: 'focal' }],
        items: [item({ id: 1, dueDate: '2024-02-29', taskNumber: '2', taskTitle: 'Báo cáo quý I' }), item()],
        total: 17,
        buttons: [button('detail', 'T1T1T1T1T1T1T1T1', 1), button('detail', 'T2T2T2T2T2T2T2T2', 2)],
      },
      vi,
    );
    const lines = rendered.text.split('\n');
    expect(lines[0]).toBe('📋 Việc của Sở Tư pháp: 17 nhiệm vụ đang theo dõi');
    expect(lines[1]).toBe('1. 🔴 [2] Báo cáo quý I — trước ngày 21/03/2024');
    expect(lines[2]).toBe('   Hạn: 29/02/2024 (quá hạn 7 ngày làm việc)');
    expect(lines[3]).toBe('2. [1.2] Xây dựng kế hoạch kiểm soát thủ tục hành chính — trước ngày 21/03/2024');
    expect(rendered.text).toContain('… và 15 mục khác.');
    expect(rendered.keyboard!.inline_keyboard[0]!.map((b) => b.text)).toEqual(['📄 1', '📄 2']);
  });

  it('shows who has delivered, the history and what is still missing', () => {
    const extension: ExtensionRecord = {
      id: 1,
      dueItemId: 7,
      status: 'rejected',
      reason: 'Thiếu kinh phí',
      proposedDate: '2024-04-30',
      previousDueDate: '2024-03-20',
      counterDate: null,
      requestedByName: 'Lan',
      decidedByName: 'Sơn',
      createdAt: new Date('2024-03-08T03:00:00Z'),
      decidedAt: new Date('2024-03-09T03:00:00Z'),
    };
    const rendered = renderDetail(
      {
        kind: 'detail',
        today: '2024-03-11',
        deadlineReading: 'trước ngày 21/03/2024',
        detail: {
          item: item({ nominalDue: '2024-03-23', dueDate: '2024-03-22' }),
          siblings: [
            { dueItemId: 8, unitId: 2, unitName: 'Sở Tài chính', role: 'support', state: 'done', dueDate: '2024-03-13' },
            { dueItemId: 9, unitId: 3, unitName: 'Sở Nội vụ', role: 'support', state: 'open', dueDate: '2024-03-13' },
          ],
          extensions: [extension],
          notes: [
            { text: 'Đang lấy ý kiến các sở', personName: 'Lan', createdAt: new Date('2024-03-10T03:00:00Z') },
            { text: 'Miễn theo bản sửa đổi kế hoạch', personName: null, createdAt: new Date('2024-03-11T03:00:00Z') },
          ],
        },
        buttons: [button('done', 'D'.repeat(16)), button('extend', 'E'.repeat(16)), button('progress', 'P'.repeat(16))],
      },
      vi,
    );
    expect(rendered.text).toContain('Hạn: 22/03/2024 (còn 9 ngày làm việc)');
    expect(rendered.text).toContain('Hạn ghi trong văn bản: 23/03/2024');
    expect(rendered.text).toContain('• ✅ Sở Tài chính — đã hoàn thành');
    expect(rendered.text).toContain('• ⏳ Sở Nội vụ — đang thực hiện');
    expect(rendered.text).toContain('• 08/03/2024: đề nghị đến 30/04/2024 — không đồng ý (lý do: Thiếu kinh phí)');
    expect(rendered.text).toContain('• 10/03/2024 (Lan): Đang lấy ý kiến các sở');
    expect(rendered.text).toContain('• 11/03/2024 (ghi chú của hệ thống): Miễn theo bản sửa đổi kế hoạch');
    expect(rendered.text).toContain('Còn thiếu: văn bản hoặc tệp kết quả; kết quả của đơn vị phối hợp Sở Nội vụ');
    expect(rendered.keyboard!.inline_keyboard.map((r) => r.map((b) => b.text))).toEqual([['✅ Hoàn thành', '⏳ Xin gia hạn'], ['🔄 Đang thực hiện']]);
  });
});

describe('notices', () => {
  it("tells the coordinator about a late completion that needs approval, in the coordinator's language", () => {
    const outcome = {
      kind: 'completed' as const,
      item: item({ state: 'pending_approval' }),
      state: 'pending_approval' as const,
      evidence: { documentNumber: '5/QĐ-STP', documentDate: '2024-03-25', late: true },
      origin: null,
      reporterName: 'Lan',
      coordinators: [],
      approvalButtons: [button('approve_done', 'A'.repeat(16)), button('reject_done', 'R'.repeat(16))],
      leadTargets: [],
    };
    const vn = renderCompletionNotice(outcome, vi);
    expect(vn.text.split('\n')[0]).toBe('🕓 Sở Tư pháp báo hoàn thành — cần duyệt');
    expect(vn.text).toContain('Kết quả: số 5/QĐ-STP ngày 25/03/2024');
    expect(vn.text).toContain('⚠️ Văn bản đề ngày 25/03/2024, sau hạn 20/03/2024.');
    expect(vn.keyboard!.inline_keyboard[0]!.map((b) => b.text)).toEqual(['✅ Đồng ý', '↩️ Trả lại']);
    const english = renderCompletionNotice(outcome, en);
    expect(english.text.split('\n')[0]).toBe('🕓 Sở Tư pháp reports completion — approval needed');
  });

  it('puts the request, its reason and earlier requests before the coordinator', () => {
    const history: ExtensionRecord = {
      id: 1,
      dueItemId: 7,
      status: 'countered',
      reason: 'x',
      proposedDate: '2024-03-30',
      previousDueDate: '2024-03-10',
      counterDate: '2024-03-20',
      requestedByName: null,
      decidedByName: null,
      createdAt: new Date('2024-03-01T03:00:00Z'),
      decidedAt: null,
    };
    const rendered = renderExtensionNotice(
      {
        kind: 'requested',
        item: item(),
        request: { ...history, id: 2, status: 'pending', reason: 'Chờ ý kiến Bộ', proposedDate: '2024-04-15', counterDate: null, requestedByName: 'Lan' },
        date: { nominalDue: '2024-04-15', dueDate: '2024-04-15', dueAt: '2024-04-15T23:59:59.999+07:00', basis: 'hết ngày 15/04/2024' },
        history: [history],
        coordinators: [],
        buttons: [button('ext_approve', 'A'.repeat(16)), button('ext_reject', 'R'.repeat(16)), button('ext_counter', 'C'.repeat(16))],
      },
      vi,
    );
    expect(rendered.text).toContain('ĐỀ NGHỊ GIA HẠN — Sở Tư pháp');
    expect(rendered.text).toContain('Hạn hiện tại: 20/03/2024 (còn 7 ngày làm việc)');
    expect(rendered.text).toContain('Đề nghị gia hạn đến: 15/04/2024 (hết ngày 15/04/2024)');
    expect(rendered.text).toContain('Lý do: Chờ ý kiến Bộ');
    expect(rendered.text).toContain('• 01/03/2024: đề nghị đến 30/03/2024 — đồng ý đến 20/03/2024');
  });

  it('greets by role after onboarding', () => {
    expect(renderStart({ kind: 'joined', unitName: 'Sở Tư pháp', role: 'coordinator', group: false, openItems: 3 }, vi.t, 'Sơn').text).toContain(
      'cán bộ điều phối',
    );
    expect(renderStart({ kind: 'joined', unitName: 'Sở Tư pháp', role: 'focal', group: false, openItems: 3 }, en.t, 'Lan').text).toContain(
      'You are now the focal point of Sở Tư pháp',
    );
    expect(renderStart({ kind: 'welcome', memberships: [], group: true }, vi.t, '').text).toContain('quản trị viên nhóm');
  });
});
