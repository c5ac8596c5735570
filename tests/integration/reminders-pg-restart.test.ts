/**
 * A PostgreSQL restart is survived: the database (an embedded server of this test's own, so the shared one is
 * not disturbed) goes down while reminders are due; jobs that hit the outage fail and are retried by BullMQ,
 * the pools reconnect, and every reminder is delivered exactly once.
 */
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createConfig } from '../../config/env.js';
import { createReminderRuntime } from '../../jobs/reminders.js';
import { startWorkers } from '../../jobs/worker.js';
import { createDatabase, migrateDatabase } from '../../src/db/client.js';
import { startEmbeddedPostgres, type EmbeddedPostgresHandle } from '../../src/infra/embedded-postgres.js';
import { silentLogger } from '../../src/infra/logger.js';
import { systemClock } from '../../src/infra/system-clock.js';
import { createQueueRuntime } from '../../src/queue/runtime.js';
import { RedisChatPacer } from '../../src/telegram/chat-pacer.js';
import { createTelegramApi } from '../../src/telegram/create-api.js';
import { TelegramNotifier } from '../../src/telegram/notifier.js';
import { Redis } from 'ioredis';
import { FakeTelegram } from '../helpers/fake-telegram.js';
import { eventually } from '../helpers/reminder-harness.js';
import { leaveUnplanned, seedPlan, seedProvince } from '../helpers/reminder-fixtures.js';
import { TEST_REDIS_URL, uniqueSuffix } from '../helpers/services.js';

const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'nhacviec-pgrestart-'));
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c().catch(() => {});
  await fs.rm(dataDir, { recursive: true, force: true });
});

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

describe('PostgreSQL restart', () => {
  it('is survived: reminders due during the outage are delivered once it is back', async () => {
    const port = await freePort();
    let pg: EmbeddedPostgresHandle = await startEmbeddedPostgres({ dataDir, port, logger: silentLogger });
    cleanups.push(() => pg.stop());
    await migrateDatabase(pg.url);
    const database = createDatabase(pg.url, { max: 4 });
    cleanups.push(() => database.close());
    const fake = new FakeTelegram();
    await fake.start();
    cleanups.push(() => fake.close());
    const prefix = `r${uniqueSuffix()}`;
    const config = createConfig({ DATABASE_URL: pg.url, REDIS_URL: TEST_REDIS_URL, QUEUE_PREFIX: prefix, TELEGRAM_BOT_TOKEN: fake.token });
    const queue = createQueueRuntime({ backend: 'redis', url: TEST_REDIS_URL, prefix, logger: silentLogger });
    const redis = new Redis(TEST_REDIS_URL);
    cleanups.push(async () => redis.disconnect());
    const reminders = createReminderRuntime({
      config,
      database,
      queue,
      logger: silentLogger,
      clock: systemClock,
      notifier: new TelegramNotifier(createTelegramApi({ token: fake.token, apiRoot: fake.apiRoot })),
      pacer: new RedisChatPacer(redis, { keyPrefix: `${prefix}:` }),
    });

    const p = await seedProvince(database.sql);
    const [item] = await seedPlan(database.sql, p, [{ unitId: p.units.a, dueDate: '2030-12-31' }]);
    await leaveUnplanned(database.sql, [item!]);
    const chats = Array.from({ length: 10 }, (_, i) => String(9_000_000 + i));
    await database.sql`
      insert into reminders (due_item_id, kind, step, recipient_chat_id, dedupe_key, planned_at, payload)
      select ${item!}, 'reminder', '0', c::bigint, 'pg|' || c, now() + interval '1500 milliseconds', '{"audience":"focal"}'
      from unnest(${chats}::text[]) as c`;
    expect(await reminders.service.enqueueHorizon()).toBe(10);
    const workers = await startWorkers({ config, database, queue, logger: silentLogger, clock: systemClock, reminders: reminders.service, digests: reminders.digests });
    cleanups.push(async () => {
      await workers.close();
      await queue.close();
    });

    // Down before the reminders are due, back two seconds later.
    await pg.stop();
    await new Promise((r) => setTimeout(r, 2500));
    pg = await startEmbeddedPostgres({ dataDir, port, logger: silentLogger });

    await eventually(
      async () => {
        const [row] = await database.sql<{ n: number }[]>`select count(*)::int as n from reminders where status = 'sent'`;
        return row!.n === 10;
      },
      60_000,
      'all ten sent after the restart',
    );
    const perChat = new Map<string, number>();
    for (const m of fake.sentMessages()) perChat.set(String(m.chat.id), (perChat.get(String(m.chat.id)) ?? 0) + 1);
    expect(chats.map((c) => perChat.get(c))).toEqual(chats.map(() => 1));
  });
});
