/**
 * A leader's `/baocao` on a busy morning: the Nghệ An 2024 seed plan, published, with the clock at 09:00 on
 * Tuesday 20/02/2024 when many items are overdue, the workers running and the leader's own escalations queued.
 * The digest (its text and its chart) must reach the leader at once, not behind the escalations.
 */
import path from 'node:path';
import type { RunnerHandle } from '@grammyjs/runner';
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

describe.skipIf(!hasSeeds)('a leader asks for the report on a busy morning', () => {
  it('gets the digest text and its chart before the queued escalations', async () => {
    const db: TestDatabase = await createTestDatabase('leaderdigest');
    cleanups.push(() => db.drop());
    const fake = new FakeTelegram({ limits: false });
    await fake.start();
    cleanups.push(() => fake.close());
    const env = {
      DATABASE_URL: db.url,
      REDIS_URL: TEST_REDIS_URL,
      QUEUE_PREFIX: `d${uniqueSuffix()}`,
      TELEGRAM_BOT_TOKEN: fake.token,
      TELEGRAM_API_ROOT: fake.apiRoot,
    };
    const imported = await cli(env, 'plan', 'import', path.join(seedsDir, SEEDS.na2024), '--province', 'nghe-an', '--year', '2024', '--json');
    expect(imported.code, imported.err).toBe(0);
    const planId = (JSON.parse(imported.out) as { plan: { id: number } }).plan.id;
    const published = await cli(env, 'plan', 'publish', String(planId), '--accept-problems');
    expect(published.code, published.err).toBe(0);
    const invited = await cli(env, 'units', 'invite', 'ubnd-tinh', '--role', 'leader', '--province', 'nghe-an');
    expect(invited.code, invited.err).toBe(0);
    const leaderToken = /\?start=(\S+)/.exec(invited.out)![1]!;

    // 09:00 on Tuesday 20/02/2024 (02:00 UTC).
    const clock = new OffsetClock(new Date('2024-02-20T02:00:00Z'));
    const config = createConfig(env);
    const queue: QueueRuntime = createQueueRuntime({ backend: 'redis', url: TEST_REDIS_URL, prefix: config.queue.prefix, logger: silentLogger });
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
      logger: silentLogger,
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
    await reminders.service.reconcile();

    const leader = { id: 880_102, first_name: 'Quang' };
    fake.pushText(leader, `/start ${leaderToken}`);
    await eventually(async () => fake.sentMessages(leader.id).length > 0, 30_000, 'the welcome');
    // Joining planned the leader's escalations of every overdue item; they are due now and queued.
    await reminders.service.reconcile();
    const [queued] = await db.sql<{ n: number }[]>`
      select count(*)::int as n from reminders where recipient_chat_id = ${leader.id} and kind = 'escalation' and status = 'planned'`;
    expect(queued!.n).toBeGreaterThan(20);
    await eventually(async () => fake.sentMessages(leader.id).length >= 3, 30_000, 'escalations flowing');

    fake.pushText(leader, '/baocao');
    const digest = await eventually(
      async () => fake.sentMessages(leader.id).find((m) => (m.text ?? m.caption ?? '').includes('BÁO CÁO TUẦN — NHIỆM VỤ QUÁ HẠN')),
      15_000,
      'the digest',
    );
    expect(digest.text ?? digest.caption).toMatch(/Tổng số nhiệm vụ quá hạn: \d+/);
    // The oldest overdue items (on a later page) by their full task labels (section and number), as the CLI prints them.
    const pages = await eventually(
      async () => {
        const all = fake.sentMessages(leader.id).map((m) => m.text ?? m.caption ?? '');
        return all.some((t) => t.includes('Quá hạn lâu nhất:')) ? all.join('\n') : undefined;
      },
      15_000,
      'the page with the oldest items',
    );
    const oldest = pages.slice(pages.indexOf('Quá hạn lâu nhất:')).split('\n').filter((l) => l.startsWith('• '));
    expect(oldest.length).toBeGreaterThan(0);
    for (const line of oldest) expect(line).toMatch(/^• .+ — [IVX]+\.\d[\d.()]* /);
    const photos = fake.calls('sendPhoto').filter((c) => String(c.params.chat_id) === String(leader.id));
    expect(photos.length).toBe(1);
    // Before most of the escalations: the digest did not wait for them.
    const [left] = await db.sql<{ n: number }[]>`
      select count(*)::int as n from reminders where recipient_chat_id = ${leader.id} and kind = 'escalation' and status = 'planned'`;
    expect(left!.n).toBeGreaterThan(0);
  }, 180_000);
});
