/**
 * Bot benchmark: `npm run bench:bot`.
 *
 * Button presses at a steady 50 per second (configurable: BENCH_BOT_RATE, BENCH_BOT_SECONDS) are pushed into the
 * fake Telegram Bot API (loopback HTTP, Telegram's flood limits on); the real bot from `createBot` consumes them by
 * long polling (@grammyjs/runner) against a fresh PostgreSQL database (TEST_PG_URL, default
 * postgres://postgres@127.0.0.1:5432/postgres). 300 focal points of 100 units press the buttons of their
 * reminders in turn, so no chat sees more than one press every 6 s: 40 % 📄 Chi tiết (the heaviest view), 40 %
 * ✅ Hoàn thành (asks for evidence), 20 % ⏳ Xin gia hạn.
 *
 * Reported per press:
 * - handling: from the runner handing the update to the bot until the bot is done (dedupe, rate limit, sender,
 *   token, authorisation, acknowledgement, pending question, audit, answerCallbackQuery and the reply);
 * - handling without Bot API calls: the same minus the time spent waiting for the (loopback) Bot API — the
 *   figure the target (p99 ≤ 60 ms, excluding network) is about;
 * - end to end: from the push into the fake until the fake received answerCallbackQuery (adds long-poll delivery).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import os from 'node:os';
import type { Message, Update } from 'grammy/types';
import { createConfig } from '../config/env.js';
import { loadWorkingCalendar } from '../config/holidays/load.js';
import { createBot, startPolling } from '../src/bot/index.js';
import { createDatabase } from '../src/db/client.js';
import { PostgresBotStore } from '../src/db/bot-store.js';
import { ManualClock } from '../src/domain/clock.js';
import { silentLogger } from '../src/infra/logger.js';
import { createTestDatabase } from '../tests/helpers/db.js';
import { FakeTelegram } from '../tests/helpers/fake-telegram.js';

const RATE = Number(process.env.BENCH_BOT_RATE ?? 50);
const SECONDS = Number(process.env.BENCH_BOT_SECONDS ?? 30);
const WARMUP = 150;
const UNITS = 100;
const FOCALS_PER_UNIT = 3;
const ITEMS_PER_UNIT = 20;

function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
}
function summary(xs: number[]): string {
  const s = [...xs].sort((a, b) => a - b);
  const f = (v: number) => v.toFixed(1);
  return `median ${f(quantile(s, 0.5))} ms · p90 ${f(quantile(s, 0.9))} ms · p99 ${f(quantile(s, 0.99))} ms · max ${f(s[s.length - 1] ?? NaN)} ms`;
}

const testDb = await createTestDatabase('bench_bot');
const database = createDatabase(testDb.url, { max: 10 });
const fake = new FakeTelegram();
await fake.start();
const clock = new ManualClock('2024-03-11T02:00:00Z');
const config = createConfig({ TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.apiRoot });

// ---- seed: units, focal points with private chats, a published plan, open due items, sent reminders.
const sql = database.sql;
const [plan] = await sql<{ id: number }[]>`
  insert into plans (province, title, period_start_year, period_end_year, status) values ('bench', 'Kế hoạch CCHC năm 2024', 2024, 2024, 'published') returning id`;
const [snv] = await sql<{ id: number }[]>`insert into units (province, code, name, kind) values ('bench', 'so-noi-vu', 'Sở Nội vụ', 'department') returning id`;
const [coord] = await sql<{ id: number }[]>`insert into people (name, telegram_user_id) values ('Điều phối', 900000) returning id`;
await sql`insert into chats (telegram_chat_id, kind, person_id) values (900000, 'private', ${coord!.id})`;
await sql`insert into memberships (person_id, unit_id, role) values (${coord!.id}, ${snv!.id}, 'coordinator')`;
interface Presser {
  userId: number;
  items: number[];
}
const pressers: Presser[] = [];
for (let u = 0; u < UNITS; u++) {
  const [unit] = await sql<{ id: number }[]>`insert into units (province, code, name, kind) values ('bench', ${`don-vi-${u}`}, ${`Đơn vị ${u}`}, 'department') returning id`;
  const items: number[] = [];
  for (let i = 0; i < ITEMS_PER_UNIT; i++) {
    const [task] = await sql<{ id: number }[]>`
      insert into tasks (plan_id, number, position, title, deadline_text) values (${plan!.id}, ${`${u}.${i}`}, ${u * 100 + i}, ${`Nhiệm vụ ${i} của đơn vị ${u}: xây dựng và triển khai kế hoạch`}, 'Quý II/2024')
      returning id`;
    const [a] = await sql<{ id: number }[]>`insert into task_assignments (task_id, unit_id, role) values (${task!.id}, ${unit!.id}, 'lead') returning id`;
    const due = `2024-0${4 + (i % 5)}-15`;
    const [d] = await sql<{ id: string }[]>`
      insert into due_items (assignment_id, occurrence_key, occurrence_label, due_date, nominal_due, state) values (${a!.id}, 'q2', 'Quý II/2024', ${due}, ${due}, 'open') returning id`;
    items.push(Number(d!.id));
  }
  for (let f = 0; f < FOCALS_PER_UNIT; f++) {
    const userId = 100_000 + u * 10 + f;
    const [p] = await sql<{ id: number }[]>`insert into people (name, telegram_user_id) values (${`Đầu mối ${u}-${f}`}, ${userId}) returning id`;
    await sql`insert into chats (telegram_chat_id, kind, person_id) values (${userId}, 'private', ${p!.id})`;
    await sql`insert into memberships (person_id, unit_id, role) values (${p!.id}, ${unit!.id}, 'focal')`;
    pressers.push({ userId, items });
  }
}

const calendar = loadWorkingCalendar();
const handle = createBot({
  token: fake.token,
  apiRoot: fake.apiRoot,
  store: new PostgresBotStore(database.sql),
  clock,
  logger: silentLogger,
  config,
  calendar,
  botInfo: fake.botInfo,
  afterDueItemsChanged: async () => {},
});

// Reminder messages with real button tokens (as the reminder worker would have sent them).
interface Button {
  userId: number;
  data: string;
  message: Message;
}
const buttons: Button[] = [];
let dedupe = 0;
for (const p of pressers) {
  for (const itemId of p.items.slice(0, 3)) {
    dedupe += 1;
    const messageId = dedupe;
    const [r] = await sql<{ id: string }[]>`
      insert into reminders (due_item_id, kind, step, recipient_chat_id, dedupe_key, planned_at, status, telegram_message_id, sent_at)
      values (${itemId}, 'reminder', '-3', ${p.userId}, ${`bench:${dedupe}`}, ${clock.now()}, 'sent', ${messageId}, ${clock.now()}) returning id`;
    const rows = await handle.reminderButtons.forReminder({ reminderId: Number(r!.id), dueItemId: itemId, recipientChatId: String(p.userId), locale: 'vi', kind: 'reminder' });
    const message = {
      message_id: messageId,
      date: Math.floor(clock.now().getTime() / 1000),
      chat: { id: p.userId, type: 'private', first_name: 'x' },
      from: { id: fake.botInfo.id, is_bot: true, first_name: fake.botInfo.first_name },
      text: '🔔 NHẮC VIỆC',
    } as Message;
    const flat = rows.flat();
    // Mix: 📄 40 %, ✅ 40 %, ⏳ 20 % (button order: ✅, ⏳, 🔄, 📄).
    const pick = (n: number) => flat[[3, 0, 3, 0, 1][n % 5]!]!.callbackData;
    buttons.push({ userId: p.userId, data: pick(buttons.length), message });
  }
}

// ---- measurement hooks
const api = new AsyncLocalStorage<{ apiMs: number }>();
handle.bot.api.config.use(async (prev, method, payload, signal) => {
  const t0 = performance.now();
  try {
    return await prev(method, payload, signal);
  } finally {
    const store = api.getStore();
    if (store !== undefined) store.apiMs += performance.now() - t0;
  }
});
const handling = new Map<number, { total: number; withoutApi: number }>();
const original = handle.bot.handleUpdate.bind(handle.bot);
handle.bot.handleUpdate = (update, envelope) => {
  const store = { apiMs: 0 };
  return api.run(store, async () => {
    const t0 = performance.now();
    try {
      return await original(update, envelope);
    } finally {
      const total = performance.now() - t0;
      handling.set(update.update_id, { total, withoutApi: total - store.apiMs });
    }
  });
};
let errors = 0;
const errorKinds = new Map<string, number>();
handle.bot.catch((err) => {
  errors += 1;
  const key = String((err.error as Error)?.message ?? err.error).slice(0, 120);
  errorKinds.set(key, (errorKinds.get(key) ?? 0) + 1);
});

const runner = await startPolling(handle, { setCommands: false });

const pushedAt = new Map<string, number>();
const callbackIdOf = new Map<number, string>();
async function pressAtRate(count: number): Promise<number[]> {
  const ids: number[] = [];
  const interval = 1000 / RATE;
  const start = performance.now();
  for (let i = 0; i < count; i++) {
    const due = start + i * interval;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    // Consecutive presses come from different people: one chat sees a press every pressers.length / RATE seconds.
    const k = pushedAt.size;
    const b = buttons[(k % pressers.length) * 3 + (Math.floor(k / pressers.length) % 3)]!;
    const update = fake.callbackQueryUpdate({ id: b.userId, first_name: 'x' }, b.data, { message: b.message }) as Update & { callback_query: { id: string } };
    pushedAt.set(update.callback_query.id, performance.now());
    callbackIdOf.set(update.update_id, update.callback_query.id);
    fake.pushUpdate(update);
    ids.push(update.update_id);
  }
  return ids;
}
async function settle(ids: number[]): Promise<void> {
  const deadline = performance.now() + 30_000;
  while (ids.some((id) => !handling.has(id)) && performance.now() < deadline) await new Promise((r) => setTimeout(r, 20));
}

await settle(await pressAtRate(WARMUP));
const cpu0 = process.cpuUsage();
const wall0 = performance.now();
const measured = await pressAtRate(RATE * SECONDS);
await settle(measured);
const cpu = process.cpuUsage(cpu0);
const wallMs = performance.now() - wall0;
const load = os.loadavg()[0]!;

const answered = new Map<string, number>();
for (const c of fake.calls('answerCallbackQuery')) answered.set(String(c.params.callback_query_id), c.at);
const total = measured.map((id) => handling.get(id)?.total).filter((x): x is number => x !== undefined);
const withoutApi = measured.map((id) => handling.get(id)?.withoutApi).filter((x): x is number => x !== undefined);
const endToEnd = measured
  .map((id) => {
    const cb = callbackIdOf.get(id)!;
    const at = answered.get(cb);
    return at === undefined ? undefined : at - pushedAt.get(cb)!;
  })
  .filter((x): x is number => x !== undefined);

await runner.stop();
const stats = fake.stats();
console.log(`nhacviec bench:bot — ${new Date().toISOString()} — ${os.cpus()[0]?.model ?? 'cpu'} × ${os.cpus().length}, Node ${process.version}`);
console.log(`presses: ${measured.length} at ${RATE}/s for ${SECONDS} s (after ${WARMUP} warm-up presses); ${pressers.length} focal points, ${UNITS * ITEMS_PER_UNIT} due items`);
console.log(
  `this process (bot, fake Bot API, load generator): ${((cpu.user + cpu.system) / 1000 / measured.length).toFixed(2)} ms CPU per press, ` +
    `${(((cpu.user + cpu.system) / 1000 / wallMs) * 100).toFixed(0)} % of one core; machine load average ${load.toFixed(2)} on ${os.cpus().length} cores`,
);
console.log(`handled: ${total.length}, answered: ${endToEnd.length}, bot errors: ${errors}, 429 from the fake: ${stats.rejected429}`);
for (const [k, n] of errorKinds) console.log(`  error × ${n}: ${k}`);
console.log(`handling, without Bot API calls: ${summary(withoutApi)}`);
console.log(`handling, with loopback Bot API calls: ${summary(total)}`);
console.log(`end to end (push → answerCallbackQuery at the fake): ${summary(endToEnd)}`);

await fake.close();
await database.close();
await testDb.drop();
