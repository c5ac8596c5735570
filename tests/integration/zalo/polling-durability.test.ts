/**
 * Zalo long polling does not lose updates (src/zalo/receiver.ts): getUpdates has no offset, so an update is stored
 * in `zalo_inbox` before it is handled and handled again after a failure, replay-safe by `message_id`. Through the
 * fake Zalo Bot API over HTTP with fault injection, the real receiver and conversation, real PostgreSQL.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createConfig } from '../../../config/env.js';
import { loadHolidayData } from '../../../config/holidays/load.js';
import { ManualClock } from '../../../src/domain/clock.js';
import { createCalendar } from '../../../src/domain/deadline.js';
import { createLogger, silentLogger } from '../../../src/infra/logger.js';
import { createZaloRuntime, type ZaloRuntime } from '../../../src/zalo-wiring.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.js';
import { FakeZalo } from '../../helpers/fake-zalo.js';
import { eventually } from '../../helpers/reminder-harness.js';

const calendar = createCalendar(loadHolidayData());
const clock = new ManualClock('2024-03-11T02:00:00Z');
const LAN = { id: 'e4ea2cd5189df1c3a88c', display_name: 'Nguyễn Thị Lan' };
const MAI = { id: 'b1b2b3b4b5b6b7b8b9b0', display_name: 'Trần Thị Mai' };

let db: TestDatabase;
let fake: FakeZalo;
let runtime: ZaloRuntime | undefined;

function start(): Promise<void> {
  const config = createConfig({ DATABASE_URL: db.url, ZALO_BOT_TOKEN: fake.token, ZALO_API_ROOT: fake.apiRoot });
  runtime = createZaloRuntime({ config, database: db, clock, calendar, logger: process.env.DEBUG_ZALO ? createLogger({ level: 'debug' }) : silentLogger, afterDueItemsChanged: async () => {}, polling: { pollTimeoutS: 1, backoffMs: 20, maxBackoffMs: 80 } })!;
  return runtime.start();
}

beforeAll(async () => {
  db = await createTestDatabase('zalo_durable');
  fake = new FakeZalo({ limits: false });
  await fake.start();
});
afterEach(async () => {
  await runtime?.stop();
  runtime = undefined;
});
afterAll(async () => {
  await fake?.close();
  await db?.drop();
});

const inbox = (id: string) =>
  db.sql<{ attempts: number; handled: boolean; last_error: string | null }[]>`
    select attempts, handled_at is not null as handled, last_error from zalo_inbox where message_id = ${id}`;

describe('Zalo polling durability', () => {
  it('an update whose handling fails (the database refuses) is kept and handled again once it works: one answer, nothing lost', async () => {
    await start();
    // A poll that fails first (the fake's 502): polling backs off and goes on.
    fake.failNext(1, '5xx', ['getUpdates']);
    // The fault in handling: the conversation's replay mark cannot be written (its table is away).
    await db.sql`alter table processed_updates rename to processed_updates_away`;
    const update = fake.pushText(LAN, 'huongdan');
    try {
      await eventually(async () => ((await inbox(update.message!.message_id))[0]?.attempts ?? 0) >= 2, 10_000, 'two failed attempts recorded');
      expect(fake.sentMessages(LAN.id)).toHaveLength(0);
    } finally {
      await db.sql`alter table processed_updates_away rename to processed_updates`;
    }
    const [answer] = await fake.waitForMessages(1, LAN.id, 10_000);
    expect(answer!.text).toContain('xong');
    const [row] = await eventually(async () => {
      const r = await inbox(update.message!.message_id);
      return r[0]?.handled && r;
    }, 5000, 'the update marked handled');
    expect(row!.attempts).toBeGreaterThanOrEqual(2);
    expect(row!.last_error).toBeNull();
    // Nothing more goes out for it: the next message gets the next answer only.
    fake.pushText(LAN, 'help');
    await fake.waitForMessages(2, LAN.id, 10_000);
    expect(fake.sentMessages(LAN.id)).toHaveLength(2);
  });

  it('a replayed update (the same message id twice) is answered once and stored once', async () => {
    await start();
    const before = fake.sentMessages(MAI.id).length;
    const update = fake.textUpdate(MAI, '?');
    fake.pushUpdate(update);
    fake.pushUpdate(update);
    fake.pushText(MAI, 'huongdan');
    await fake.waitForMessages(before + 2, MAI.id, 10_000);
    expect(fake.sentMessages(MAI.id)).toHaveLength(before + 2);
    expect(await inbox(update.message!.message_id)).toEqual([{ attempts: 0, handled: true, last_error: null }]);
  });

  it('an update stored by a process that stopped before handling it is handled after the restart', async () => {
    // As the previous process left it: stored (getUpdates will not hand it out again), never handled.
    const update = fake.textUpdate(MAI, 'huongdan');
    await db.sql`insert into zalo_inbox (message_id, update, received_at, next_attempt_at) values (${update.message!.message_id}, ${JSON.stringify(update)}::text::jsonb, now(), now())`;
    const before = fake.sentMessages(MAI.id).length;
    await start();
    await fake.waitForMessages(before + 1, MAI.id, 10_000);
    await eventually(async () => (await inbox(update.message!.message_id))[0]?.handled, 5000, 'handled after the restart');
  });
});
