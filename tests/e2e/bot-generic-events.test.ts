/**
 * Generic events (issue #11 §7): any event a plan's rules count from ("kết thúc đợt kiểm tra", "tiếp nhận hồ sơ")
 * is listed by /sukien and recorded like a TTHC publication; the items waiting for it get their dates from the
 * event (BLDS 2015 điều 147: counting starts the day after the event; điều 148.5: a period ending on a day off ends
 * on the next working day). A task whose cell has two readings follows the reading the coordinator chose.
 * Real PostgreSQL and the fake Bot API.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeadlineRule, EventPart } from '../../src/domain/deadline.js';
import { createBotHarness, dueItem, USERS, type BotHarness } from './bot-harness.js';

const inspectionEnd: EventPart = {
  kind: 'event',
  text: '15 ngày kể từ ngày kết thúc đợt kiểm tra',
  spans: [{ start: 0, end: 40 }],
  event: 'ket-thuc-dot-kiem-tra',
  eventText: 'kết thúc đợt kiểm tra',
  offset: { amount: 15, unit: 'day' },
};

/** "báo cáo sau khi tiếp nhận hồ sơ": read as a date (1), or as 05 working days after receiving the file (2). */
const receiptRule: DeadlineRule = {
  v: 1,
  input: 'báo cáo chậm nhất 05 ngày làm việc sau khi tiếp nhận hồ sơ, trước 30/6',
  parts: [{ kind: 'date', text: 'trước 30/6', spans: [{ start: 63, end: 73 }], point: { unit: 'day', year: 2024, month: 6, day: 30 }, bound: 'before', yearSource: 'context', flags: ['year_from_plan'] }],
  unparsed: [],
  ignored: [],
  alternatives: [
    {
      note: 'hạn tính từ ngày tiếp nhận hồ sơ',
      parts: [
        {
          kind: 'event',
          text: '05 ngày làm việc sau khi tiếp nhận hồ sơ',
          spans: [{ start: 18, end: 59 }],
          event: 'tiep-nhan-ho-so',
          eventText: 'tiếp nhận hồ sơ',
          offset: { amount: 5, unit: 'working_day' },
        },
      ],
    },
  ],
};

describe('bot: events other than a TTHC publication', () => {
  let h: BotHarness;
  const items: Record<'inspectionA' | 'inspectionB' | 'receiptA', number> = { inspectionA: 0, inspectionB: 0, receiptA: 0 };

  beforeAll(async () => {
    h = await createBotHarness('genevents');
    const task = async (position: number, number: string, title: string, rule: DeadlineRule, choice: number | null) => {
      const c = choice === null ? null : JSON.stringify({ reading: choice, input: rule.input, by: 'cli', at: '2024-03-01T00:00:00Z' });
      const [t] = await h.db.sql<{ id: number }[]>`
        insert into tasks (plan_id, number, position, title, deadline_text, deadline_rule, deadline_rule_version, deadline_choice)
        values (${h.world.planId}, ${number}, ${position}, ${title}, ${rule.input}, ${JSON.stringify(rule)}::text::jsonb, 1, ${c}::text::jsonb)
        returning id`;
      return t!.id;
    };
    // What `plan publish` writes for an event part with no recorded event: one waiting item per unit, key p<part>-waiting.
    const waiting = async (taskId: number, unitId: number, slug: string, label: string) => {
      const [a] = await h.db.sql<{ id: number }[]>`insert into task_assignments (task_id, unit_id, role) values (${taskId}, ${unitId}, 'lead') returning id`;
      const [d] = await h.db.sql<{ id: string }[]>`
        insert into due_items (assignment_id, occurrence_key, occurrence_label, state, waiting_event)
        values (${a!.id}, 'p0-waiting', ${label}, 'waiting', ${slug}) returning id`;
      return Number(d!.id);
    };
    const inspection: DeadlineRule = { v: 1, input: inspectionEnd.text, parts: [inspectionEnd], unparsed: [], ignored: [] };
    const t5 = await task(10, '5', 'Báo cáo kết quả kiểm tra công tác cải cách hành chính', inspection, null);
    items.inspectionA = await waiting(t5, h.world.units.a, 'ket-thuc-dot-kiem-tra', 'Chờ sự kiện: kết thúc đợt kiểm tra');
    items.inspectionB = await waiting(t5, h.world.units.b, 'ket-thuc-dot-kiem-tra', 'Chờ sự kiện: kết thúc đợt kiểm tra');
    const t6 = await task(11, '6', 'Báo cáo việc giải quyết hồ sơ', receiptRule, 2);
    items.receiptA = await waiting(t6, h.world.units.a, 'tiep-nhan-ho-so', 'Chờ sự kiện: tiếp nhận hồ sơ');
  });
  afterAll(async () => {
    await h?.close();
  });

  it('lists every event type the rules count from, named as the plan writes it', async () => {
    await h.say(USERS.coordinator, '/sukien');
    const text = h.last(USERS.coordinator.id).text!;
    expect(text).toContain('ngày công bố tthc — 1 nhiệm vụ, 2 mục đang chờ (mã: cong-bo-tthc)');
    expect(text).toContain('kết thúc đợt kiểm tra — 1 nhiệm vụ, 2 mục đang chờ (mã: ket-thuc-dot-kiem-tra)');
    // Only in the reading the coordinator chose (2): the event type comes from the rule in effect.
    expect(text).toContain('tiếp nhận hồ sơ — 1 nhiệm vụ, 1 mục đang chờ (mã: tiep-nhan-ho-so)');
  });

  it('records the end of an inspection: its items are due 15 days later, counted from the next day', async () => {
    await h.say(USERS.coordinator, '/sukien');
    const list = h.last(USERS.coordinator.id);
    const index = list.text!.split('\n').find((l) => l.includes('kết thúc đợt kiểm tra'))!.match(/^(\d+)\./)![1]!;
    await h.press(USERS.coordinator, h.button(list, index), list);
    expect(h.last(USERS.coordinator.id).text).toContain('sự kiện “kết thúc đợt kiểm tra”');
    await h.say(USERS.coordinator, 'Kết luận số 12/KL-TTr ngày 29/3/2024');
    // Day 1 is 30/3, day 15 is Saturday 13/4/2024; the period ends on the next working day, Monday 15/4
    // (BLDS 2015 điều 147, 148.5).
    for (const id of [items.inspectionA, items.inspectionB]) {
      const item = await dueItem(h.db, id);
      expect(item).toMatchObject({ state: 'open', nominal_due: '2024-04-13', due_date: '2024-04-15', occurrence_key: 'p0-2024-04-13' });
      expect(item.occurrence_label).toContain('Kết luận số 12/KL-TTr');
    }
    const reply = h.last(USERS.coordinator.id).text!;
    expect(reply).toContain('Đã tính hạn cho 2 mục');
    expect(reply).toContain('5 Báo cáo kết quả kiểm tra công tác cải cách hành chính — hạn 15/04/2024');
    const events = await h.db.sql<{ type: string; date: string; reference: string }[]>`select type, date::text as date, reference from events order by id`;
    expect(events).toEqual([{ type: 'ket-thuc-dot-kiem-tra', date: '2024-03-29', reference: 'Kết luận số 12/KL-TTr' }]);
    // The TTHC items are untouched.
    expect(await dueItem(h.db, h.world.items.waitingA)).toMatchObject({ state: 'waiting', due_date: null });
  });

  it('records the receipt of a file by its code: the chosen reading dates the item, 05 working days later', async () => {
    await h.say(USERS.coordinator, '/sukien tiep-nhan-ho-so 05/4/2024 hồ sơ số 45');
    // Friday 05/4 + 5 working days: 8, 9, 10, 11, 12/4.
    expect(await dueItem(h.db, items.receiptA)).toMatchObject({ state: 'open', nominal_due: '2024-04-12', due_date: '2024-04-12' });
    expect(h.last(USERS.coordinator.id).text).toContain('Đã tính hạn cho 1 mục');
    expect(h.errors).toEqual([]);
  });
});
