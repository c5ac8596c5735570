/**
 * End-to-end harness of the Telegram bot: a fresh migrated PostgreSQL database, the fake Bot API server over
 * HTTP, the real bot from `createBot` run by long polling (@grammyjs/runner) against it, a manual clock, and a
 * small province with a published plan. Nothing in grammY is mocked; the harness only observes when the bot has
 * finished handling an update (by wrapping `bot.handleUpdate`, which the runner calls).
 *
 * The fake's flood limits are off by default: the bot answers people who type, and a test that types faster than
 * once per second would otherwise wait for Telegram's per-chat window (the limits have their own tests).
 */
import { EventEmitter } from 'node:events';
import type { RunnerHandle } from '@grammyjs/runner';
import type { Message, Update } from 'grammy/types';
import { createConfig, type Config } from '../../config/env.js';
import { loadHolidayData } from '../../config/holidays/load.js';
import { ManualClock } from '../../src/domain/clock.js';
import { createCalendar, parseDeadline } from '../../src/domain/deadline.js';
import { silentLogger } from '../../src/infra/logger.js';
import { createBot, startPolling, type NhacviecBot, type SendDigestNow } from '../../src/bot/index.js';
import type { WebLoginLink } from '../../src/bot/context.js';
import { PostgresBotStore } from '../../src/db/bot-store.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { FakeTelegram, type FakeTelegramOptions, type UserInput } from '../helpers/fake-telegram.js';

/** Monday 11 March 2024, 09:00 in Hà Nội. */
export const T0 = '2024-03-11T02:00:00Z';

export const calendar = createCalendar(loadHolidayData());

/** Telegram users of the seeded province. */
export const USERS = {
  focalA: { id: 710_001, first_name: 'Lan', last_name: 'Nguyễn' },
  headA: { id: 710_002, first_name: 'Hùng' },
  focalB: { id: 710_003, first_name: 'Mai' },
  coordinator: { id: 710_004, first_name: 'Sơn', last_name: 'SNV' },
  leader: { id: 710_005, first_name: 'Minh' },
  stranger: { id: 710_009, first_name: 'Người lạ' },
  newcomer: { id: 710_010, first_name: 'Tâm', language_code: 'vi' },
} satisfies Record<string, UserInput>;

export interface World {
  province: string;
  planId: number;
  units: { a: number; b: number; snv: number };
  persons: Record<'focalA' | 'headA' | 'focalB' | 'coordinator' | 'leader', number>;
  items: {
    /** Task 1, lead Sở A, due 20/03/2024. */
    leadA: number;
    /** Task 1, support Sở B, same occurrence. */
    supportB: number;
    /** Task 2, lead Sở A, overdue (due 01/03/2024). */
    overdueA: number;
    /** Task 3 (05 working days after "công bố TTHC"), lead Sở A, waiting for the event. */
    waitingA: number;
    /** Task 3, lead Sở B, waiting for the event. */
    waitingB: number;
    /** Task 4 (on request), Sở A, waiting for a date. */
    manualA: number;
  };
  eventSlug: string;
}

export interface BotHarness {
  db: TestDatabase;
  fake: FakeTelegram;
  clock: ManualClock;
  config: Config;
  handle: NhacviecBot;
  world: World;
  /** How often `afterDueItemsChanged` was called. */
  changed: { calls: number };
  /** Errors that reached the bot's error handler. */
  errors: unknown[];
  /** Waits until the bot finished handling the update with this id. */
  handled(updateId: number, timeoutMs?: number): Promise<void>;
  /** Pushes a text message (private chat) and waits until it was handled. */
  say(user: UserInput, text: string, options?: { replyTo?: Message; chat?: Message['chat'] }): Promise<Update>;
  /** Pushes any update and waits until it was handled. */
  push(update: Update): Promise<Update>;
  /** Presses a button (callback data) and waits until it was handled. */
  press(user: UserInput, data: string, message?: Message): Promise<Update>;
  /** The last message the bot sent to a chat. */
  last(chatId: number): Message;
  /** Callback data of the button labelled `label` (prefix match) in `message`. */
  button(message: Message, label: string): string;
  /** Sends a reminder for a due item as the reminder worker would (with the bot's reminder buttons). */
  remind(itemId: number, user: UserInput, chatId?: number): Promise<{ reminderId: number; message: Message }>;
  /** Gives a Telegram user a person, a private chat and a membership. */
  link(user: UserInput, unitId: number, role: 'focal' | 'head' | 'leader' | 'coordinator'): Promise<number>;
  start(): Promise<void>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  env?: Record<string, string>;
  fake?: FakeTelegramOptions;
  sendDigestNow?: SendDigestNow;
  /** `/dangnhap`'s sign-in links; the test wires the real one over the harness's database and clock. */
  webLoginLink?: (h: { db: TestDatabase; clock: ManualClock; config: Config }) => WebLoginLink;
  /** Start polling right away. Default true. */
  poll?: boolean;
  completionNeedsApproval?: boolean;
}

export async function createBotHarness(label: string, options: HarnessOptions = {}): Promise<BotHarness> {
  const db = await createTestDatabase(`bot_${label}`);
  const fake = new FakeTelegram({ limits: false, ...options.fake });
  await fake.start();
  const clock = new ManualClock(T0);
  const config = createConfig({ TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.apiRoot, ...options.env });
  const world = await seedWorld(db, options.completionNeedsApproval);
  const changed = { calls: 0 };
  const errors: unknown[] = [];
  const handle = createBot({
    token: fake.token,
    apiRoot: fake.apiRoot,
    store: new PostgresBotStore(db.sql),
    clock,
    logger: silentLogger,
    config,
    calendar,
    botInfo: fake.botInfo,
    afterDueItemsChanged: async () => {
      changed.calls += 1;
    },
    ...(options.sendDigestNow === undefined ? {} : { sendDigestNow: options.sendDigestNow }),
    ...(options.webLoginLink === undefined ? {} : { webLoginLink: options.webLoginLink({ db, clock, config }) }),
  });
  const events = new EventEmitter();
  events.setMaxListeners(100);
  const done = new Set<number>();
  const original = handle.bot.handleUpdate.bind(handle.bot);
  handle.bot.handleUpdate = async (update, webhookReplyEnvelope) => {
    try {
      return await original(update, webhookReplyEnvelope);
    } finally {
      done.add(update.update_id);
      events.emit('handled', update.update_id);
    }
  };
  handle.bot.catch((err) => {
    errors.push(err.error);
  });

  let runner: RunnerHandle | undefined;
  const handled = (updateId: number, timeoutMs = 10_000) =>
    new Promise<void>((resolve, reject) => {
      if (done.has(updateId)) return resolve();
      const timer = setTimeout(() => {
        events.off('handled', on);
        reject(new Error(`update ${updateId} not handled within ${timeoutMs} ms`));
      }, timeoutMs);
      const on = (id: number) => {
        if (id !== updateId) return;
        clearTimeout(timer);
        events.off('handled', on);
        resolve();
      };
      events.on('handled', on);
    });
  const push = async (update: Update) => {
    const pushed = fake.pushUpdate(update);
    await handled(pushed.update_id);
    return pushed;
  };

  const h: BotHarness = {
    db,
    fake,
    clock,
    config,
    handle,
    world,
    changed,
    errors,
    handled,
    push,
    say: (user, text, o = {}) =>
      push(fake.textMessageUpdate(user, text, { ...(o.replyTo === undefined ? {} : { replyTo: o.replyTo }), ...(o.chat === undefined ? {} : { chat: o.chat }) })),
    press: (user, data, message) => push(fake.callbackQueryUpdate(user, data, message === undefined ? {} : { message })),
    last(chatId) {
      const messages = fake.sentMessages(chatId);
      const m = messages[messages.length - 1];
      if (m === undefined) throw new Error(`no message in chat ${chatId}`);
      return m;
    },
    button(message, label) {
      const rows = message.reply_markup?.inline_keyboard ?? [];
      for (const row of rows) for (const b of row) if (b.text.startsWith(label) && 'callback_data' in b) return b.callback_data!;
      throw new Error(`no button "${label}" in ${JSON.stringify(rows)}`);
    },
    async remind(itemId, user, chatId = user.id) {
      const [row] = await db.sql<{ id: string }[]>`
        insert into reminders (due_item_id, kind, step, recipient_chat_id, dedupe_key, planned_at, status)
        values (${itemId}, 'reminder', '-3', ${chatId}, ${`test:${itemId}:${chatId}:${Math.random()}`}, ${clock.now()}, 'sending')
        returning id`;
      const reminderId = Number(row!.id);
      const buttons = await handle.reminderButtons.forReminder({ reminderId, dueItemId: itemId, recipientChatId: String(chatId), locale: 'vi', kind: 'reminder' });
      const message = await handle.bot.api.sendMessage(chatId, `🔔 NHẮC VIỆC — nhiệm vụ #${itemId}`, {
        reply_markup: { inline_keyboard: buttons.map((r) => r.map((b) => ({ text: b.text, callback_data: b.callbackData }))) },
      });
      await db.sql`update reminders set status = 'sent', telegram_message_id = ${message.message_id}, sent_at = ${clock.now()} where id = ${reminderId}`;
      return { reminderId, message: fake.sentMessages(chatId).find((m) => m.message_id === message.message_id)! };
    },
    link: (user, unitId, role) => linkPerson(db, user, unitId, role),
    async start() {
      runner ??= await startPolling(handle, { timeoutSeconds: 30, setCommands: false });
    },
    async close() {
      if (runner?.isRunning()) await runner.stop();
      await fake.close();
      await db.drop();
    },
  };
  if (options.poll ?? true) await h.start();
  return h;
}

export async function linkPerson(db: TestDatabase, user: UserInput, unitId: number, role: string): Promise<number> {
  const name = [user.first_name, user.last_name].filter(Boolean).join(' ');
  const [p] = await db.sql<{ id: number }[]>`
    insert into people (name, telegram_user_id, locale) values (${name}, ${user.id}, ${user.language_code === 'en' ? 'en' : 'vi'})
    on conflict (telegram_user_id) do update set name = excluded.name returning id`;
  await db.sql`insert into chats (telegram_chat_id, kind, person_id) values (${user.id}, 'private', ${p!.id}) on conflict (telegram_chat_id) do nothing`;
  await db.sql`insert into memberships (person_id, unit_id, role) values (${p!.id}, ${unitId}, ${role}::member_role) on conflict do nothing`;
  return p!.id;
}

async function seedWorld(db: TestDatabase, approval?: boolean): Promise<World> {
  const province = 'bot-test';
  const unit = async (code: string, name: string) =>
    (await db.sql<{ id: number }[]>`insert into units (province, code, name, kind) values (${province}, ${code}, ${name}, 'department') returning id`)[0]!.id;
  const units = { a: await unit('so-a', 'Sở Tư pháp'), b: await unit('so-b', 'Sở Tài chính'), snv: await unit('so-noi-vu', 'Sở Nội vụ') };
  const persons = {
    focalA: await linkPerson(db, USERS.focalA, units.a, 'focal'),
    headA: await linkPerson(db, USERS.headA, units.a, 'head'),
    focalB: await linkPerson(db, USERS.focalB, units.b, 'focal'),
    coordinator: await linkPerson(db, USERS.coordinator, units.snv, 'coordinator'),
    leader: await linkPerson(db, USERS.leader, units.snv, 'leader'),
  };
  const settings = approval === undefined ? {} : { completionNeedsApproval: approval };
  const [plan] = await db.sql<{ id: number }[]>`
    insert into plans (province, title, period_start_year, period_end_year, status, settings)
    values (${province}, 'Kế hoạch CCHC năm 2024', 2024, 2024, 'published', ${JSON.stringify(settings)}::text::jsonb) returning id`;
  const period = { from: '2024-01-01', to: '2024-12-31' };
  const task = async (position: number, number: string, title: string, deadlineText: string) => {
    const rule = parseDeadline(deadlineText, period);
    const [t] = await db.sql<{ id: number }[]>`
      insert into tasks (plan_id, number, position, title, output, deadline_text, deadline_rule, deadline_rule_version)
      values (${plan!.id}, ${number}, ${position}, ${title}, 'Kế hoạch được ban hành', ${deadlineText}, ${JSON.stringify(rule)}::text::jsonb, 1) returning id`;
    return { id: t!.id, rule };
  };
  const item = async (taskId: number, unitId: number, role: 'lead' | 'support', spec: { key: string; label: string; due: string | null; state?: string; waiting?: string | null }) => {
    const [a] = await db.sql<{ id: number }[]>`
      insert into task_assignments (task_id, unit_id, role) values (${taskId}, ${unitId}, ${role}) returning id`;
    const [d] = await db.sql<{ id: string }[]>`
      insert into due_items (assignment_id, occurrence_key, occurrence_label, due_date, nominal_due, due_at, state, waiting_event)
      values (${a!.id}, ${spec.key}, ${spec.label}, ${spec.due}, ${spec.due}, ${spec.due === null ? null : `${spec.due}T23:59:59.999+07:00`},
              ${spec.state ?? 'open'}::due_state, ${spec.waiting ?? null})
      returning id`;
    return Number(d!.id);
  };
  const t1 = await task(0, '1', 'Xây dựng kế hoạch kiểm soát thủ tục hành chính năm 2024', 'trước ngày 21/3/2024');
  const t2 = await task(1, '2', 'Báo cáo tình hình thực hiện cải cách hành chính quý I', 'Tháng 02/2024');
  const t3 = await task(2, '3', 'Công khai thủ tục hành chính trên Cổng dịch vụ công', '05 ngày làm việc kể từ ngày công bố TTHC');
  const t4 = await task(3, '4', 'Rà soát quy định theo yêu cầu của Bộ Tư pháp', 'Theo yêu cầu của Bộ Tư pháp');
  const eventPart = t3.rule.parts.find((p) => p.kind === 'event');
  if (eventPart?.kind !== 'event') throw new Error('the deadline engine did not read the event part');
  const items = {
    leadA: await item(t1.id, units.a, 'lead', { key: 'p0-2024-03-20', label: 'trước ngày 21/03/2024', due: '2024-03-20' }),
    supportB: await item(t1.id, units.b, 'support', { key: 'p0-2024-03-20', label: 'trước ngày 21/03/2024', due: '2024-03-13' }),
    overdueA: await item(t2.id, units.a, 'lead', { key: 'p0-2024-02-29', label: 'tháng 02/2024', due: '2024-02-29' }),
    waitingA: await item(t3.id, units.a, 'lead', { key: 'p0-waiting', label: 'Chờ sự kiện: công bố TTHC', due: null, state: 'waiting', waiting: eventPart.event }),
    waitingB: await item(t3.id, units.b, 'lead', { key: 'p0-waiting', label: 'Chờ sự kiện: công bố TTHC', due: null, state: 'waiting', waiting: eventPart.event }),
    manualA: await item(t4.id, units.a, 'lead', { key: 'p0-waiting', label: 'Khi có yêu cầu', due: null, state: 'waiting' }),
  };
  return { province, planId: plan!.id, units, persons, items, eventSlug: eventPart.event };
}

/** The due item row as the tests check it. */
export async function dueItem(db: TestDatabase, id: number) {
  const [row] = await db.sql<
    {
      state: string;
      due_date: string | null;
      nominal_due: string | null;
      revision: number;
      evidence: Record<string, unknown> | null;
      done_by_person_id: number | null;
      occurrence_label: string;
      occurrence_key: string;
    }[]
  >`select state::text as state, due_date::text as due_date, nominal_due::text as nominal_due, revision, evidence, done_by_person_id, occurrence_label,
      occurrence_key
    from due_items where id = ${id}`;
  return row!;
}

/** Audit rows for an action. */
export async function audits(db: TestDatabase, action: string) {
  return db.sql<{ outcome: string; actor_telegram_id: string | null; entity_id: string | null; chat_id: string | null; details: Record<string, unknown> | null }[]>`
    select outcome, actor_telegram_id::text as actor_telegram_id, entity_id, chat_id::text as chat_id, details
    from audit_log where action = ${action} order by id`;
}
