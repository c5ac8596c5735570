/**
 * The seed plans (../shared/seeds) import with the exact counts the issue states, and spot checks across all
 * four tables. Skipped only when the seeds folder is absent (a fresh clone); the fixtures tests cover the
 * readers without it.
 */
import { describe, expect, it } from 'vitest';
import type { DraftTask, PlanDraft } from '../../../src/import/build-plan.js';
import { ImportError } from '../../../src/import/errors.js';
import { draftOf, hasSeeds, readSeed, SEEDS } from './helpers.js';

const task = (d: PlanDraft, label: string): DraftTask => {
  const t = d.tasks.find((x) => x.label === label);
  if (!t) throw new Error(`no task ${label}`);
  return t;
};
const leads = (t: DraftTask) => t.assignments.filter((a) => a.role === 'lead').map((a) => a.unit);
const supports = (t: DraftTask) => t.assignments.filter((a) => a.role === 'support').map((a) => a.unit);
/** The only agency texts the seeds leave unknown: cells cut off by a page break ("UBND cấp"). */
const unknowns = (d: PlanDraft) => d.problems.filter((p) => p.code === 'agency-unknown').map((p) => `${p.task} ${p.text}`);

describe.skipIf(!hasSeeds)('seed plans', () => {
  describe('000 Nghệ An 2024 (QĐ 4347)', () => {
    const d = draftOf(readSeed(SEEDS.na2024));

    it('has 43 tasks in 8 sections', () => {
      expect(d.stats.tasks).toBe(43);
      expect(d.sections.map((s) => [s.number, s.taskCount])).toEqual([
        ['I', 4], ['II', 10], ['III', 5], ['IV', 5], ['V', 3], ['VI', 10], ['VII', 5], ['VIII', 1],
      ]);
      expect(d.stats.repeatedHeaders).toBe(9);
    });

    it('reads the metadata and notes the appendix typo (4317)', () => {
      expect(d.metadata).toMatchObject({ province: 'nghe-an', decisionNumber: '4347/QĐ-UBND', decisionDate: '2023-12-25', periodStartYear: 2024, periodEndYear: 2024 });
      expect(d.metadata.title).toBe('Kế hoạch cải cách hành chính Nhà nước tỉnh Nghệ An năm 2024');
      expect(d.problems.some((p) => p.code === 'metadata-conflict' && p.message.includes('4317'))).toBe(true);
    });

    it('II.4: the provincial departments group leads, 05 days after the TTHC publication event', () => {
      const t = task(d, 'II.4');
      expect(t.mentions.filter((m) => m.role === 'lead').map((m) => [m.kind, m.code])).toEqual([['group', 'so-ban-nganh']]);
      expect(leads(t)).toHaveLength(21);
      expect(leads(t)).toContain('so-noi-vu');
      const part = (t.deadline!.rule as { parts: { kind: string; offset: unknown; event: string }[] }).parts;
      expect(part).toHaveLength(1);
      expect(part[0]).toMatchObject({ kind: 'event', offset: { amount: 5, unit: 'day' } });
      expect(part[0]!.event).toMatch(/cong-bo-tthc/);
      expect(t.waiting).toBe(true);
      expect(t.firstDue).toEqual([]);
    });

    it('section VII (numeral and title in one cell) and VIII (a section that is a task)', () => {
      expect(d.sections.find((s) => s.number === 'VII')!.title).toBe('CHỈ ĐẠO, ĐIỀU HÀNH, KIỂM TRA, TUYÊN TRUYỀN');
      const viii = task(d, 'VIII');
      expect(viii.mentions.map((m) => m.code)).toEqual(['tat-ca-cac-cap']);
      expect(viii.deadlineText).toBe('Theo yêu cầu của Chính phủ. Bộ, ngành Trung ương');
    });

    it('reads <ul> list cells item by item', () => {
      const t = task(d, 'I.1');
      expect(t.output).toBe('- Nghị quyết của HĐND, Quyết định của UBND\n- Báo cáo kết quả theo định kỳ hàng quý');
      expect(t.deadlineText).toBe('- Theo yêu cầu\n- Định kỳ quý');
      expect(t.firstDue.map((o) => o.nominalDue)).toEqual(['2024-03-15', '2024-06-15', '2024-09-15']);
    });

    it('repairs VI.3, whose "Sở" slid into the lead cell', () => {
      const t = task(d, 'VI.3');
      expect(t.supportText).toBe('Sở Thông tin và Truyền thông');
      expect(t.mentions.filter((m) => m.column === 'support').map((m) => [m.kind, m.code])).toEqual([['unit', 'so-thong-tin-truyen-thong']]);
      // It is also in the lead group ("Các Sở, ban, ngành, địa phương ở các cấp"): a unit named twice leads.
      expect(supports(t)).toEqual([]);
      expect(d.problems.some((p) => p.code === 'row-repaired' && p.task === 'VI.3')).toBe(true);
    });

    it('resolves abbreviations (V.2 "Sở KH và CN", V.3 "Sở KH và DT phối hợp Sở Tài chính")', () => {
      expect(leads(task(d, 'V.2'))).toEqual(['so-van-hoa-the-thao', 'so-giao-duc-dao-tao', 'so-y-te', 'so-khoa-hoc-cong-nghe']);
      expect(leads(task(d, 'V.3'))).toEqual(['so-ke-hoach-dau-tu']);
      expect(supports(task(d, 'V.3'))).toContain('so-tai-chinh');
    });

    it('proposes the prose duties (plan before 20/01/2024, quarterly/6-month/annual reports)', () => {
      const proposals = d.tasks.filter((t) => t.isProposal);
      expect(proposals.map((t) => t.deadlineText)).toEqual(['trước ngày 20/01/2024', 'định kỳ hàng quý, 6 tháng, năm']);
      expect(proposals[0]!.firstDue[0]!.nominalDue).toBe('2024-01-19');
      expect(leads(proposals[0]!).length).toBe(42);
    });

    it('has no unknown agency and no unread deadline', () => {
      expect(unknowns(d)).toEqual([]);
      expect(d.problems.filter((p) => p.code === 'deadline-unparsed' || p.code === 'deadline-missing')).toEqual([]);
    });
  });

  describe('001 Thái Nguyên 2024 (KH 217)', () => {
    const d = draftOf(readSeed(SEEDS.tn2024));

    it('has 29 tasks, no sections, and the plan number', () => {
      expect(d.stats.tasks).toBe(29);
      expect(d.sections).toEqual([]);
      expect(d.metadata).toMatchObject({ province: 'thai-nguyen', decisionNumber: '217/KH-UBND', decisionDate: '2023-12-27', documentKind: 'KH' });
    });

    it('explains the only unknown agency: task 2\'s cut-off "UBND cấp", with suggestions', () => {
      expect(unknowns(d)).toEqual(['2 UBND cấp']);
      const p = d.problems.find((x) => x.code === 'agency-unknown')!;
      expect(p.suggestions!.map((s) => s.code).slice(0, 2).sort()).toEqual(['ubnd-cap-huyen', 'ubnd-cap-xa']);
    });

    it('reads "Các sở, ngành: Tài nguyên và Môi trường; Nội vụ; …" as an enumeration (task 17)', () => {
      expect(leads(task(d, '17'))).toEqual([
        'so-tai-nguyen-moi-truong',
        'so-noi-vu',
        'so-van-hoa-the-thao-du-lich',
        'so-xay-dung',
        'so-thong-tin-truyen-thong',
      ]);
    });

    it('proposes the unit plan due before 10/01/2024', () => {
      expect(d.tasks.filter((t) => t.isProposal).map((t) => t.deadlineText)).toContain('trước ngày 10/01/2024');
    });
  });

  describe('002 Đắk Nông 2021 (QĐ 1887)', () => {
    const d = draftOf(readSeed(SEEDS.dn2021));

    it('has 77 leaf tasks in 7 sections; group rows are not tasks', () => {
      expect(d.stats.tasks).toBe(77);
      expect(d.stats.groups).toBe(13);
      expect(d.sections.map((s) => s.taskCount)).toEqual([19, 12, 15, 6, 7, 7, 11]);
      expect(task(d, 'I.1.1').group).toEqual({ number: '1', title: 'Kiến toàn tổ chức, tổ chức họp, hội nghị' });
    });

    it('budgets add up to the stated total 936 (triệu đồng); I.4.3 is 240', () => {
      expect(d.budget).toEqual({ sum: 936, stated: 936, unit: 'Triệu đồng' });
      expect(task(d, 'I.4.3').budget).toBe(240);
      expect(d.problems.some((p) => p.code === 'budget-total-mismatch')).toBe(false);
    });

    it('merges III.3.4, split by a page break, back into one row', () => {
      const t = task(d, 'III.3.4');
      expect(t.output).toBe('- Từ 95% trở lên các hồ sơ TTHC cấp tỉnh, huyện và cấp xã được giải quyết đúng hạn\n- Báo cáo kết quả theo dõi, thực hiện');
      expect(t.leadText).toBe('Các Sở, Ban, ngành; huyện, cấp xã');
      expect(d.problems.some((p) => p.code === 'row-continued' && p.task === 'III.3.4')).toBe(true);
    });

    it('flags "Tháng 12/2020", before the 2021 plan', () => {
      expect(d.problems.filter((p) => p.code === 'deadline-outside-period').map((p) => p.task)).toEqual(['III.1.1']);
    });

    it('only unknown: VII.7\'s cut-off "UBND cấp"', () => {
      expect(unknowns(d)).toEqual(['VII.7 UBND cấp']);
    });
  });

  describe('003 Nghệ An 2012–2015 (QĐ 75)', () => {
    const d = draftOf(readSeed(SEEDS.na2012));

    it('has 53 tasks; the source numbers two sections IV (8 section blocks, 7 numerals)', () => {
      expect(d.stats.tasks).toBe(53);
      expect(d.sections.map((s) => [s.key, s.taskCount])).toEqual([
        ['I', 5], ['II', 6], ['III', 11], ['IV', 10], ['IV#2', 5], ['V', 10], ['VI', 5], ['VII', 1],
      ]);
      expect(new Set(d.sections.map((s) => s.number)).size).toBe(7);
      expect(d.problems.some((p) => p.code === 'section-number-repeated')).toBe(true);
      expect(d.metadata).toMatchObject({ decisionNumber: '75/QĐ-UBND', decisionDate: '2012-01-09', periodStartYear: 2012, periodEndYear: 2015 });
    });

    it('V.06 holds several dated parts', () => {
      const t = task(d, 'V.06');
      expect(t.deadlineText).toBe('- Năm 2012\n- Năm 2012\n- Thí điểm năm 2012 - 2013\n- Những năm tiếp theo đến 2015');
      const parts = (t.deadline!.rule as { parts: unknown[] }).parts;
      expect(parts.length).toBeGreaterThanOrEqual(4);
      expect(new Set(t.firstDue.map((o) => o.due)).size).toBe(3);
    });

    it('tells lead and support apart in "Phân công thực hiện" by the verbs', () => {
      const i01 = task(d, 'I.01');
      expect(leads(i01)).toEqual(['so-tu-phap']);
      expect(supports(i01)).toContain('van-phong-ubnd-tinh');
      expect(supports(i01)).toContain('huyen-nghi-loc');
      expect(leads(task(d, 'IV.03'))).toEqual(['so-noi-vu']);
      expect(leads(task(d, 'IV(2).05'))).toEqual(['so-van-hoa-the-thao-du-lich', 'so-giao-duc-dao-tao', 'so-y-te']);
      expect(leads(task(d, 'III.08'))).toContain('huyen-nghi-loc');
    });

    it('resolves units in force in 2012–2015 (the old Sở VHTTDL, TX Hoàng Mai founded 2013)', () => {
      expect(task(d, 'IV(2).05').mentions[0]).toMatchObject({ kind: 'unit', code: 'so-van-hoa-the-thao-du-lich' });
      expect(leads(task(d, 'VII'))).toContain('tx-hoang-mai');
    });

    it('III.06 ("còn lại") is left to the coordinator; no unknown agency, no unread deadline', () => {
      expect(d.problems.filter((p) => p.code === 'agency-vague' && p.task === 'III.06').map((p) => p.severity)).toEqual(['warning', 'warning']);
      expect(unknowns(d)).toEqual([]);
      expect(d.problems.filter((p) => p.code.startsWith('deadline-'))).toEqual([]);
    });
  });

  describe('004 Nghệ An programme 2021–2030 (no task table)', () => {
    it('says what it found and builds nothing', () => {
      let error: unknown;
      try {
        draftOf(readSeed(SEEDS.na2030));
      } catch (err) {
        error = err;
      }
      expect(error).toBeInstanceOf(ImportError);
      expect((error as ImportError).code).toBe('no-task-table');
      expect((error as ImportError).message).toMatch(/Đến năm 2025/);
      expect((error as ImportError).message).toMatch(/Đến năm 2030/);
      expect((error as ImportError).message).toMatch(/không ghi gì/);
    });
  });
});
