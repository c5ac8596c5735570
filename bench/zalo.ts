/**
 * `npm run bench:zalo` — the Zalo channel against the fake Zalo Bot API (loopback HTTP), in three parts:
 *
 *   send     N reminders through ZaloChannel.send to N people (one part each; the fake's limits off): sends/s,
 *            median and p95 latency per send
 *   long     M texts of ~5 000 characters (3 parts each): median latency of a whole send
 *   command  K `xong <id> …` commands by long polling, each completing an item on PostgreSQL: median and p95 from
 *            the update being queued to the answer reaching the fake (parse, use case, audit, replan hook, answer)
 *
 * Options (env): BENCH_ZALO_SEND=2000  BENCH_ZALO_LONG=200  BENCH_ZALO_COMMANDS=200
 */
import { performance } from 'node:perf_hooks';
import { createConfig } from '../config/env.js';
import { loadHolidayData } from '../config/holidays/load.js';
import { createBotService } from '../src/app/bot/service.js';
import { PostgresBotStore } from '../src/db/bot-store.js';
import { ManualClock } from '../src/domain/clock.js';
import { createCalendar } from '../src/domain/deadline.js';
import { createTranslator } from '../src/i18n/translator.js';
import { silentLogger } from '../src/infra/logger.js';
import { ZaloBotApi } from '../src/zalo/api.js';
import { ZaloChannel } from '../src/zalo/channel.js';
import { createZaloRuntime } from '../src/zalo-wiring.js';
import { createTestDatabase } from '../tests/helpers/db.js';
import { FakeZalo } from '../tests/helpers/fake-zalo.js';
import { seedPlan, seedProvince } from '../tests/helpers/reminder-fixtures.js';

const env = (k: string, d: number) => Number(process.env[k] ?? d);
const SEND = env('BENCH_ZALO_SEND', 2000);
const LONG = env('BENCH_ZALO_LONG', 200);
const COMMANDS = env('BENCH_ZALO_COMMANDS', 200);

const pct = (xs: number[], p: number) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
};
const ms = (x: number) => `${x.toFixed(1)} ms`;

async function benchSend(fake: FakeZalo): Promise<void> {
  const channel = new ZaloChannel(new ZaloBotApi({ token: fake.token, apiRoot: fake.apiRoot }), { translate: createTranslator(), dueItemOf: async (id) => id });
  const text = '🔔 NHẮC VIỆC — Sở Nội vụ\nNhiệm vụ 1.2: Rà soát, đánh giá thủ tục hành chính\nHạn: 20/03/2024 (thứ Tư) — còn 3 ngày làm việc';
  const latencies: number[] = [];
  const start = performance.now();
  for (let i = 0; i < SEND; i++) {
    const t0 = performance.now();
    await channel.send({ to: `user${i.toString(16).padStart(16, '0')}`, text, class: 'reminder', ref: `r${i + 1}` } as Parameters<ZaloChannel['send']>[0]);
    latencies.push(performance.now() - t0);
  }
  const s = (performance.now() - start) / 1000;
  console.log(`send     ${SEND} reminders (1 part, commands appended): ${(SEND / s).toFixed(0)} sends/s, median ${ms(pct(latencies, 50))}, p95 ${ms(pct(latencies, 95))}`);

  const long = Array.from({ length: 50 }, (_, i) => `• ${i + 1}. Nhiệm vụ kiểm tra cải cách hành chính tại đơn vị, hạn 30/06/2024`).join('\n').repeat(1).padEnd(5000, '.');
  const longLatencies: number[] = [];
  const before = fake.sentMessages().length;
  for (let i = 0; i < LONG; i++) {
    const t0 = performance.now();
    await channel.send({ to: `long${i}`, text: long, class: 'digest' });
    longLatencies.push(performance.now() - t0);
  }
  const parts = (fake.sentMessages().length - before) / LONG;
  console.log(`long     ${LONG} texts of ${long.length} characters (${parts} parts each): median ${ms(pct(longLatencies, 50))}, p95 ${ms(pct(longLatencies, 95))}`);
}

async function benchCommands(fake: FakeZalo): Promise<void> {
  const db = await createTestDatabase('bench_zalo');
  try {
    const calendar = createCalendar(loadHolidayData());
    const clock = new ManualClock('2024-03-11T02:00:00Z');
    const p = await seedProvince(db.sql);
    const ids = await seedPlan(db.sql, p, Array.from({ length: COMMANDS }, (_, i) => ({ unitId: p.units.a, dueDate: '2024-03-20', taskNumber: String(i + 1) })));
    const config = createConfig({ DATABASE_URL: db.url, ZALO_BOT_TOKEN: fake.token, ZALO_API_ROOT: fake.apiRoot, DEFAULT_PROVINCE: p.province });
    const service = createBotService({ store: new PostgresBotStore(db.sql), clock, calendar, timeZone: config.domain.timeZone, completionNeedsApproval: false, afterDueItemsChanged: async () => {} });
    const invite = await service.createInvite({ province: p.province, unitRef: 'so-a', role: 'focal', ttlMs: 86_400_000, createdBy: 'bench' });
    if (invite.kind !== 'created') throw new Error('invite');
    const runtime = createZaloRuntime({ config, database: db, clock, calendar, logger: silentLogger, afterDueItemsChanged: async () => {}, polling: { pollTimeoutS: 5 } })!;
    await runtime.start();
    const user = { id: 'e4ea2cd5189df1c3a88c', display_name: 'Bench' };
    fake.pushText(user, invite.token);
    await fake.waitForMessages(1, user.id);
    const latencies: number[] = [];
    for (const [i, id] of ids.entries()) {
      const t0 = performance.now();
      fake.pushText(user, `xong ${id} QĐ ${i + 1}/QĐ-SNV 03/01/2024`);
      await fake.waitForMessages(i + 2, user.id, 30_000);
      latencies.push(performance.now() - t0);
    }
    await runtime.stop();
    const [done] = await db.sql<{ n: number }[]>`select count(*)::int as n from due_items where id in ${db.sql(ids)} and state = 'done'`;
    console.log(`command  ${COMMANDS} × "xong <id> …" by long polling on PostgreSQL (${done!.n} items done): median ${ms(pct(latencies, 50))}, p95 ${ms(pct(latencies, 95))}`);
  } finally {
    await db.drop();
  }
}

const fake = new FakeZalo({ limits: false });
await fake.start();
try {
  await benchSend(fake);
  await benchCommands(fake);
} finally {
  await fake.close();
}
