/**
 * Zalo webhook durability (src/zalo/receiver.ts): the route stores each update in `zalo_inbox` and answers 200 only
 * once the row is committed; the inbox worker handles it from there, also after a crash and in another process.
 * Through the fake Zalo Bot API over HTTP, the real HTTP app, receiver and conversation, real PostgreSQL.
 */
import { serve, type ServerType } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createConfig } from '../../../config/env.js';
import { loadHolidayData } from '../../../config/holidays/load.js';
import { ManualClock } from '../../../src/domain/clock.js';
import { createCalendar } from '../../../src/domain/deadline.js';
import { createHttpApp } from '../../../src/http/app.js';
import { PostgresZaloInbox } from '../../../src/db/zalo-inbox.js';
import { silentLogger } from '../../../src/infra/logger.js';
import { zaloInboxKey } from '../../../src/zalo/receiver.js';
import { createZaloRuntime, type ZaloRuntime } from '../../../src/zalo-wiring.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.js';
import { FakeZalo } from '../../helpers/fake-zalo.js';
import { eventually } from '../../helpers/reminder-harness.js';

const calendar = createCalendar(loadHolidayData());
const clock = new ManualClock('2024-03-11T02:00:00Z');
const SECRET = 'zalo-secret-0123456789';
const LAN = { id: 'e4ea2cd5189df1c3a88c', display_name: 'Nguyễn Thị Lan' };
const MAI = { id: 'b1b2b3b4b5b6b7b8b9b0', display_name: 'Trần Thị Mai' };

let db: TestDatabase;
let fake: FakeZalo;

/** One api+bot process: the Zalo runtime in webhook mode and its HTTP app on a loopback port. */
interface Instance {
  runtime: ZaloRuntime;
  url: string;
  /** The crash: the HTTP server and the inbox worker stop (whatever was stored stays stored). */
  stop(): Promise<void>;
}
const instances: Instance[] = [];

async function startInstance(): Promise<Instance> {
  const config = createConfig({
    DATABASE_URL: db.url,
    ZALO_BOT_TOKEN: fake.token,
    ZALO_API_ROOT: fake.apiRoot,
    ZALO_WEBHOOK_URL: 'https://nhacviec.example.gov.vn/zalo/webhook',
    ZALO_WEBHOOK_SECRET: SECRET,
  });
  const runtime = createZaloRuntime({
    config,
    database: db,
    clock,
    calendar,
    logger: silentLogger,
    afterDueItemsChanged: async () => {},
    inboxWorker: { idleMs: 100, backoffMs: 20, maxBackoffMs: 80 },
  })!;
  await runtime.start();
  const app = createHttpApp({ health: async () => ({}) as never, mount: (a) => runtime.mount(a) });
  let server: ServerType | undefined;
  const port = await new Promise<number>((resolve) => {
    server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, (info: AddressInfo) => resolve(info.port));
  });
  let stopped = false;
  const instance: Instance = {
    runtime,
    url: `http://127.0.0.1:${port}/zalo/webhook`,
    async stop() {
      if (stopped) return;
      stopped = true;
      await runtime.stop();
      await new Promise<void>((resolve) => server!.close(() => resolve()));
    },
  };
  instances.push(instance);
  return instance;
}

const row = async (key: string) =>
  (await db.sql<{ handled: boolean; attempts: number }[]>`select handled_at is not null as handled, attempts from zalo_inbox where message_id = ${key}`)[0];

beforeAll(async () => {
  db = await createTestDatabase('zalo_webhook');
  fake = new FakeZalo({ limits: false });
  await fake.start();
});
afterEach(async () => {
  for (const i of instances.splice(0)) await i.stop();
});
afterAll(async () => {
  await fake?.close();
  await db?.drop();
});

describe('Zalo webhook durability', () => {
  it('an update stored and acknowledged just before a crash is handled once after the restart, redeliveries included', async () => {
    const first = await startInstance();
    // The crash between store and handle: the worker is gone, the route still answers (as a request in flight would).
    await first.runtime.stop();
    const update = fake.textUpdate(MAI, 'huongdan');
    const key = update.message!.message_id;
    const before = fake.sentMessages(MAI.id).length;
    const delivery = await fake.postWebhook(update, { url: first.url });
    expect(delivery.status).toBe(200);
    // 200 means committed: the row is there (read through another connection), and nothing was handled.
    expect(await row(key)).toEqual({ handled: false, attempts: 0 });
    expect(fake.sentMessages(MAI.id)).toHaveLength(before);
    await first.stop();

    const second = await startInstance();
    await fake.waitForMessages(before + 1, MAI.id, 10_000);
    await eventually(async () => (await row(key))?.handled, 5000, 'marked handled after the restart');
    // Zalo delivers the same update again (its 200 was lost, say): stored once, not answered again.
    expect((await fake.postWebhook(update, { url: second.url })).status).toBe(200);
    expect((await fake.postWebhook(fake.textUpdate(MAI, 'help'), { url: second.url })).status).toBe(200);
    await fake.waitForMessages(before + 2, MAI.id, 10_000);
    expect(fake.sentMessages(MAI.id)).toHaveLength(before + 2);
    expect(await db.sql`select 1 from zalo_inbox where message_id = ${key}`).toHaveLength(1);
  });

  it('checks the secret before storing: a request without it or with a wrong one stores nothing (403)', async () => {
    const instance = await startInstance();
    const update = fake.textUpdate(LAN, 'huongdan');
    expect((await fake.postWebhook(update, { url: instance.url, secretToken: null })).status).toBe(403);
    expect((await fake.postWebhook(update, { url: instance.url, secretToken: `${SECRET}x` })).status).toBe(403);
    expect(await row(update.message!.message_id)).toBeUndefined();
  });

  it('answers 500 while the update cannot be stored, and stores and handles the redelivery', async () => {
    const instance = await startInstance();
    const update = fake.textUpdate(LAN, '?');
    const before = fake.sentMessages(LAN.id).length;
    await db.sql`alter table zalo_inbox rename to zalo_inbox_away`;
    try {
      expect((await fake.postWebhook(update, { url: instance.url })).status).toBe(500);
    } finally {
      await db.sql`alter table zalo_inbox_away rename to zalo_inbox`;
    }
    expect(fake.sentMessages(LAN.id)).toHaveLength(before);
    expect((await fake.postWebhook(update, { url: instance.url })).status).toBe(200);
    await fake.waitForMessages(before + 1, LAN.id, 10_000);
    await eventually(async () => (await row(update.message!.message_id))?.handled, 5000, 'handled');
  });

  it('keys an update without a message id by the hash of its body: a redelivery is stored once', async () => {
    const instance = await startInstance();
    const update = { event_name: 'message.unsupported.received' };
    const key = zaloInboxKey(update);
    expect(key).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect((await fake.postWebhook(update, { url: instance.url })).status).toBe(200);
    expect((await fake.postWebhook(update, { url: instance.url })).status).toBe(200);
    expect(await db.sql`select 1 from zalo_inbox where message_id = ${key}`).toHaveLength(1);
    await eventually(async () => (await row(key))?.handled, 5000, 'handled (ignored by the conversation)');
  });

  it('two processes share the inbox: updates posted to either are each answered exactly once', async () => {
    const [a, b] = [await startInstance(), await startInstance()];
    const users = Array.from({ length: 8 }, (_, i) => ({ id: `c0ffee${String(i).padStart(14, '0')}`, display_name: `Người ${i}` }));
    for (const [i, user] of users.entries()) expect((await fake.postWebhook(fake.textUpdate(user, 'huongdan'), { url: (i % 2 ? a : b).url })).status).toBe(200);
    for (const user of users) await fake.waitForMessages(1, user.id, 10_000);
    await eventually(async () => (await db.sql`select 1 from zalo_inbox where handled_at is null`).length === 0, 5000, 'all handled');
    for (const user of users) expect(fake.sentMessages(user.id)).toHaveLength(1);
  });

  it('a claim hands a row to one process until its lease ends; then it is handed out again', async () => {
    const inbox = new PostgresZaloInbox(db.sql);
    const at = new Date('2024-03-11T02:00:00Z');
    const keys = ['claim-1', 'claim-2', 'claim-3', 'claim-4'];
    for (const key of keys) await inbox.store(key, { event_name: 'message.unsupported.received' }, at);
    const [x, y] = await Promise.all([inbox.due(at, 3, 60_000), inbox.due(at, 3, 60_000)]);
    const claimed = [...x, ...y].map((e) => e.key).filter((k) => keys.includes(k));
    expect(claimed.sort()).toEqual(keys);
    expect((await inbox.due(new Date(at.getTime() + 59_000), 10, 60_000)).filter((e) => keys.includes(e.key))).toEqual([]);
    // The process that claimed them died: after the lease they are due again, oldest first.
    const again = (await inbox.due(new Date(at.getTime() + 60_000), 10, 60_000)).filter((e) => keys.includes(e.key)).map((e) => e.key);
    expect(again).toEqual(keys);
    for (const key of keys) await inbox.handled(key, at);
  });
});
