/**
 * Issue #15, "Done when" (Zalo): a unit whose focal point is on Zalo only gets the morning reminder through the
 * fake Zalo Bot API, completes the item by reply command, and its later reminders stop. Real PostgreSQL, BullMQ on
 * real Redis, the real worker and channel router; the clock reads Thursday 04/01/2024 seconds before 08:00 (the −7
 * step of an item due Monday 15/01) and runs at real speed.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { createConfig } from '../../config/env.js';
import { createReminderRuntime } from '../../jobs/reminders.js';
import { startWorkers } from '../../jobs/worker.js';
import { createBotService } from '../../src/app/bot/service.js';
import { personRecipientKey } from '../../src/app/channels/port.js';
import { PostgresBotStore } from '../../src/db/bot-store.js';
import { silentLogger } from '../../src/infra/logger.js';
import { createQueueRuntime } from '../../src/queue/runtime.js';
import { createZaloChannel, createZaloRuntime } from '../../src/zalo-wiring.js';
import { OffsetClock } from '../helpers/clock.js';
import { createTestDatabase } from '../helpers/db.js';
import { FakeZalo } from '../helpers/fake-zalo.js';
import { eventually } from '../helpers/reminder-harness.js';
import { seedPlan, seedProvince } from '../helpers/reminder-fixtures.js';
import { TEST_REDIS_URL, uniqueSuffix } from '../helpers/services.js';

const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c().catch(() => {});
});

describe('a unit on Zalo', () => {
  it('gets the morning reminder on Zalo, completes by reply command, and its later reminders stop', async () => {
    const db = await createTestDatabase('zalo_e2e');
    cleanups.push(() => db.drop());
    const fake = new FakeZalo({ limits: false });
    await fake.start();
    cleanups.push(() => fake.close());

    const p = await seedProvince(db.sql);
    const [unitC] = await db.sql<{ id: number }[]>`
      insert into units (province, code, name, kind) values (${p.province}, 'so-c', 'Sở C', 'department'::unit_kind) returning id`;
    const [itemId] = await seedPlan(db.sql, { ...p, units: { ...p.units } }, [{ unitId: unitC!.id, dueDate: '2024-01-15', taskNumber: '7' }]);

    const clock = new OffsetClock(new Date('2024-01-04T00:59:56Z'));
    const config = createConfig({
      DATABASE_URL: db.url,
      REDIS_URL: TEST_REDIS_URL,
      QUEUE_PREFIX: `z${uniqueSuffix()}`,
      ZALO_BOT_TOKEN: fake.token,
      ZALO_API_ROOT: fake.apiRoot,
      DEFAULT_PROVINCE: p.province,
    });
    const queue = createQueueRuntime({ backend: 'redis', url: TEST_REDIS_URL, prefix: config.queue.prefix, logger: silentLogger });
    const reminders = createReminderRuntime({ config, database: db, queue, logger: silentLogger, clock, channelAdapters: { zalo: createZaloChannel(config, db)! } });
    const workers = await startWorkers({ config, database: db, queue, logger: silentLogger, clock, reminders: reminders.service, digests: reminders.digests });
    const zalo = createZaloRuntime({
      config,
      database: db,
      clock,
      calendar: reminders.calendar,
      logger: silentLogger,
      afterDueItemsChanged: () => reminders.service.afterDueItemsChanged(),
      polling: { pollTimeoutS: 5 },
    })!;
    await zalo.start();
    cleanups.push(
      () => queue.close(),
      () => reminders.close(),
      () => workers.close(),
      () => zalo.stop(),
    );

    // After publication: nobody in Sở C to remind yet (only the province's escalations are planned).
    await reminders.service.replan();
    const [none] = await db.sql<{ n: number }[]>`select count(*)::int as n from reminders where due_item_id = ${itemId!} and kind = 'reminder'`;
    expect(none!.n).toBe(0);

    // The coordinator makes an invite (as `nhacviec units invite so-c --role focal`); the focal point sends it on Zalo.
    const service = createBotService({ store: new PostgresBotStore(db.sql), clock, calendar: reminders.calendar, timeZone: config.domain.timeZone, completionNeedsApproval: false, afterDueItemsChanged: async () => {} });
    const invite = await service.createInvite({ province: p.province, unitRef: 'so-c', role: 'focal', ttlMs: 86_400_000, createdBy: 'cli:test' });
    if (invite.kind !== 'created') throw new Error('invite not created');
    const hoa = { id: '7d3e9a01bc54f2e68a10', display_name: 'Trần Thị Hoa' };
    fake.pushText(hoa, invite.token);
    await eventually(async () => fake.sentMessages(hoa.id).find((m) => m.text?.includes('cán bộ đầu mối của Sở C')), 30_000, 'the welcome');
    const [person] = await db.sql<{ person_id: number }[]>`select person_id from person_channels where kind = 'zalo' and address = ${hoa.id}`;

    // 08:00: the −7 step reaches her on Zalo, with the reply commands of the item. Zalo first answers 429: the row
    // goes back to planned and is sent after retry_after, once.
    fake.failNext(1, { kind: '429', retryAfterS: 1 }, ['sendMessage']);
    await reminders.service.afterDueItemsChanged();
    const reminder = await eventually(async () => fake.sentMessages(hoa.id).find((m) => m.text?.includes('NHẮC VIỆC — Sở C')), 30_000, 'the morning reminder');
    expect(reminder.text).toContain('Hạn: 15/01/2024');
    expect(reminder.text).toContain(`xong ${itemId} <số, ngày văn bản>`);
    expect(reminder.text).not.toContain('các nút bên dưới');
    expect(fake.calls('sendMessage').filter((c) => c.chatId === hoa.id && c.response?.ok === false).map((c) => c.response)).toMatchObject([{ error_code: 429 }]);
    expect(fake.sentMessages(hoa.id).filter((m) => m.text?.includes('NHẮC VIỆC — Sở C'))).toHaveLength(1);
    const rows = await db.sql<{ id: number; status: string; recipient: string }[]>`
      select id, status::text, recipient_chat_id::text as recipient from reminders where due_item_id = ${itemId!} and kind = 'reminder' order by planned_at`;
    expect(rows.length).toBeGreaterThan(1);
    expect(new Set(rows.map((r) => r.recipient))).toEqual(new Set([personRecipientKey(person!.person_id)]));
    const sent = await eventually(async () => (await db.sql<{ kind: string }[]>`select kind::text from channel_deliveries where reminder_id = ${rows[0]!.id}`)[0], 10_000, 'the delivery row');
    expect(sent.kind).toBe('zalo');
    const all = await db.sql<{ id: number }[]>`select id from reminders where due_item_id = ${itemId!}`;

    // She replies with the command: the item is done and every later reminder is cancelled.
    fake.pushText(hoa, `xong ${itemId} QĐ 15/QĐ-SNV 03/01/2024`);
    const answer = await eventually(async () => fake.sentMessages(hoa.id).find((m) => m.text?.includes('Đã ghi nhận hoàn thành nhiệm vụ 7')), 20_000, 'the confirmation');
    expect(answer.text).toContain('15/QĐ-SNV');
    const [item] = await db.sql<{ state: string }[]>`select state::text from due_items where id = ${itemId!}`;
    expect(item!.state).toBe('done');
    const after = await eventually(async () => {
      const r = await db.sql<{ status: string }[]>`select status::text from reminders where due_item_id = ${itemId!} and id <> ${rows[0]!.id}`;
      return r.length > 0 && r.every((x) => x.status === 'cancelled') ? r : undefined;
    }, 20_000, 'the later reminders cancelled');
    expect(after.length).toBe(all.length - 1);
    const [first] = await db.sql<{ status: string }[]>`select status::text from reminders where id = ${rows[0]!.id}`;
    expect(first!.status).toBe('sent');
  });
});
