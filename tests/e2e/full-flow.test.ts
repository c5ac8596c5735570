/**
 * The whole product from a fresh start, with the fake Telegram Bot API standing in for Telegram: the Nghệ An 2024
 * seed plan is imported and published with the CLI, invite links are made with the CLI, a focal point and a
 * leader join through the bot, the reminder worker sends the morning's reminders with buttons, the focal point
 * closes an item with a document number, its remaining reminders are cancelled, and the leader asks for the
 * digest. The clock reads as Thursday 04/01/2024, seconds before 08:00 (the first ladder step of the items due
 * Monday 15/01), and runs at real speed.
 */
import path from 'node:path';
import type { RunnerHandle } from '@grammyjs/runner';
import type { InlineKeyboardMarkup, Message } from 'grammy/types';
import { afterAll, describe, expect, it } from 'vitest';
import { createConfig } from '../../config/env.js';
import { createReminderRuntime, type ReminderRuntime } from '../../jobs/reminders.js';
import { startWorkers, type WorkerHandle } from '../../jobs/worker.js';
import { createBot, startPolling, type NhacviecBot } from '../../src/bot/index.js';
import { PostgresBotStore } from '../../src/db/bot-store.js';
import { silentLogger } from '../../src/infra/logger.js';
import { createQueueRuntime, type QueueRuntime } from '../../src/queue/runtime.js';
import { OffsetClock } from '../helpers/clock.js';
import { runMain } from '../helpers/cli.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { FakeTelegram } from '../helpers/fake-telegram.js';
import { eventually } from '../helpers/reminder-harness.js';
import { TEST_REDIS_URL, uniqueSuffix } from '../helpers/services.js';
import { hasSeeds, SEEDS, seedsDir } from '../unit/import/helpers.js';

const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c().catch(() => {});
});

const cli = runMain;

const keyboard = (m: Message) => ((m.reply_markup as InlineKeyboardMarkup | undefined)?.inline_keyboard ?? []).flat();

describe.skipIf(!hasSeeds)('from a fresh start to a closed item', () => {
  it('imports, publishes, invites, reminds, closes with evidence and reports', async () => {
    const db: TestDatabase = await createTestDatabase('fullflow');
    cleanups.push(() => db.drop());
    const fake = new FakeTelegram({ limits: false });
    await fake.start();
    cleanups.push(() => fake.close());
    const env = {
      DATABASE_URL: db.url,
      REDIS_URL: TEST_REDIS_URL,
      QUEUE_PREFIX: `f${uniqueSuffix()}`,
      TELEGRAM_BOT_TOKEN: fake.token,
      TELEGRAM_API_ROOT: fake.apiRoot,
    };

    // The coordinator's side, with the CLI.
    const imported = await cli(env, 'plan', 'import', path.join(seedsDir, SEEDS.na2024), '--province', 'nghe-an', '--year', '2024', '--json');
    expect(imported.code, imported.err).toBe(0);
    const planId = (JSON.parse(imported.out) as { plan: { id: number } }).plan.id;
    const published = await cli(env, 'plan', 'publish', String(planId), '--accept-problems');
    expect(published.code, published.err).toBe(0);
    const invite = async (unit: string, role: string) => {
      const r = await cli(env, 'units', 'invite', unit, '--role', role, '--province', 'nghe-an');
      expect(r.code, r.err).toBe(0);
      const link = /https:\/\/t\.me\/(\S+)\?start=(\S+)/.exec(r.out)!;
      expect(link[1]).toBe(fake.botInfo.username);
      return link[2]!;
    };
    const focalToken = await invite('so-noi-vu', 'focal');
    const leaderToken = await invite('ubnd-tinh', 'leader').catch(async () => invite('van-phong-ubnd-tinh', 'leader'));

    // The service's side: bot, reminder pipeline, worker — on a clock just before 08:00 on Thursday 04/01/2024.
    const clock = new OffsetClock(new Date('2024-01-04T00:59:56Z'));
    const config = createConfig(env);
    const queue: QueueRuntime = createQueueRuntime({ backend: 'redis', url: TEST_REDIS_URL, prefix: config.queue.prefix, logger: silentLogger });
    // The worker renders buttons with the bot created just below.
    const botRef: { current?: NhacviecBot } = {};
    const reminders: ReminderRuntime = createReminderRuntime({
      config,
      database: db,
      queue,
      logger: silentLogger,
      clock,
      buttons: { forReminder: (args) => botRef.current!.reminderButtons.forReminder(args) },
    });
    const bot = createBot({
      token: fake.token,
      apiRoot: fake.apiRoot,
      store: new PostgresBotStore(db.sql),
      clock,
      logger: process.env.DEBUG_FLOW ? (await import('../../src/infra/logger.js')).createLogger({ level: 'debug' }) : silentLogger,
      config,
      calendar: reminders.calendar,
      afterDueItemsChanged: () => reminders.service.afterDueItemsChanged(),
      sendDigestNow: (kind, chatId) => reminders.digests.sendNow(kind, chatId),
    });
    botRef.current = bot;
    const runner: RunnerHandle = await startPolling(bot);
    const workers: WorkerHandle = await startWorkers({ config, database: db, queue, logger: silentLogger, clock, reminders: reminders.service, digests: reminders.digests });
    cleanups.push(
      () => queue.close(),
      () => reminders.close(),
      () => workers.close(),
      () => runner.stop(),
    );

    // What the service's reconcile tick does after a publication: plan every item (nobody to remind yet).
    const planned = await reminders.service.replan();
    expect(planned.items).toBeGreaterThan(1000);

    // People join through their links.
    const focal = { id: 880_001, first_name: 'Hoa' };
    const leader = { id: 880_002, first_name: 'Quang' };
    fake.pushText(focal, `/start ${focalToken}`);
    fake.pushText(leader, `/start ${leaderToken}`);
    // Joining replans the unit's items before the bot answers, so a worker may deliver a due reminder first: look
    // for the welcome among what the focal point received.
    const welcome = await eventually(
      async () => fake.sentMessages(focal.id).find((m) => m.text?.includes('cán bộ đầu mối của Sở Nội vụ')),
      30_000,
      'the welcome',
    );
    expect(welcome.text).toContain('cán bộ đầu mối của Sở Nội vụ');
    await fake.waitForMessages(1, leader.id, 30_000);

    // 08:00: the -7 step of the items due Monday 15/01 reaches the focal point, with buttons.
    await reminders.service.afterDueItemsChanged();
    const reminder = await eventually(
      async () => fake.sentMessages(focal.id).find((m) => m.text?.includes('NHẮC VIỆC — Sở Nội vụ')),
      20_000,
      'the morning reminder',
    );
    expect(reminder.text).toContain('Hạn: 15/01/2024 (Thứ Hai) — còn 7 ngày làm việc');
    // The task by its full label (section and number, as the CLI prints it), not its bare number.
    expect(reminder.text).toMatch(/^Nhiệm vụ [IVX]+\.\d[\d.()]*: /m);
    const labels = keyboard(reminder).map((b) => b.text);
    expect(labels.some((l) => l.includes('Hoàn thành'))).toBe(true);
    expect(labels.some((l) => l.includes('Xin gia hạn'))).toBe(true);

    // ✅ then the document number: the item is done and its remaining reminders are cancelled.
    const done = keyboard(reminder).find((b) => b.text.includes('Hoàn thành'))! as { callback_data: string };
    fake.pushCallbackQuery(focal, done.callback_data, { message: reminder });
    await eventually(async () => fake.calls('answerCallbackQuery').length > 0, 10_000, 'the press answered');
    fake.pushText(focal, 'Đã ban hành QĐ số 15/QĐ-SNV ngày 03/01/2024');
    const [row] = await eventually(async () => {
      const rows = await db.sql<{ id: string; state: string; evidence: { documentNumber?: string } }[]>`
        select d.id, d.state, d.evidence from reminders r join due_items d on d.id = r.due_item_id
        where r.recipient_chat_id = ${focal.id} and r.telegram_message_id = ${reminder.message_id}`;
      return rows[0]?.state === 'done' ? rows : undefined;
    }, 15_000, 'the item done');
    expect(row!.evidence.documentNumber).toBe('15/QĐ-SNV');
    await eventually(async () => {
      const [left] = await db.sql<{ n: number }[]>`select count(*)::int as n from reminders where due_item_id = ${row!.id} and status = 'planned'`;
      return left!.n === 0;
    }, 15_000, 'remaining reminders cancelled');

    // The leader asks for the report now.
    // On 04/01 nothing is overdue yet, so the leadership digest is empty and the bot says so (the digest with its
    // text and chart, on a morning with overdue items, is tests/e2e/leader-digest.test.ts).
    fake.pushText(leader, '/baocao');
    const answer = await eventually(async () => fake.sentMessages(leader.id)[1], 20_000, 'an answer to /baocao');
    expect(answer.text).toBe('Hiện không có nội dung nào cần báo cáo.');
    expect(fake.calls('sendPhoto')).toHaveLength(0);
  }, 180_000);
});
