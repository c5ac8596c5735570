/**
 * Issue #15, done-when: reminders by official e-mail through a real SMTP server on loopback (tests/helpers/
 * smtp-sink.ts), the whole pipeline otherwise real (PostgreSQL, BullMQ on PostgreSQL, the worker, the fake
 * Telegram Bot API over HTTP, the web console's routes).
 *
 * - A unit whose focal point has only e-mail gets the morning reminder, completes the item from the signed ✅
 *   link, and the item's later reminders stop.
 * - A Telegram chat that turns blocked (403) falls back to e-mail, with the audit row.
 * - A reminder left unacknowledged on Telegram past CHANNEL_FALLBACK_AFTER goes again by e-mail.
 * - An address the SMTP server refuses (550 5.1.1) marks the channel unreachable.
 */
import { DateTime } from 'luxon';
import { afterEach, describe, expect, it } from 'vitest';
import { loadWorkingCalendar } from '../../config/holidays/load.js';
import type { Sql } from '../../src/db/client.js';
import { personRecipientKey } from '../../src/app/channels/port.js';
import { createWebConsoleOnDatabase } from '../../src/web-wiring.js';
import { OffsetClock } from '../helpers/clock.js';
import { createHarness, eventually, type Harness } from '../helpers/reminder-harness.js';
import { seedPlan, seedProvince, type Province } from '../helpers/reminder-fixtures.js';
import { SmtpSink } from '../helpers/smtp-sink.js';

const SECRET = 'test-link-secret-0123456789abcdef0123456789';

let h: Harness | undefined;
let sink: SmtpSink | undefined;
afterEach(async () => {
  await h?.close();
  await sink?.close();
  h = undefined;
  sink = undefined;
});

/** The next working day after today, and 08:00:01 on it (Hà Nội): the morning send of step 0 is due. */
function nextWorkingMorning(): { day: string; at: Date } {
  const calendar = loadWorkingCalendar();
  const today = DateTime.now().setZone('Asia/Ho_Chi_Minh').toISODate()!;
  const day = calendar.addWorkingDays(today, 1);
  return { day, at: DateTime.fromISO(`${day}T08:00:01`, { zone: 'Asia/Ho_Chi_Minh' }).toJSDate() };
}

async function setUp(env: Record<string, string> = {}) {
  sink = new SmtpSink();
  await sink.start();
  const morning = nextWorkingMorning();
  const clock = new OffsetClock(morning.at);
  h = await createHarness({
    backend: 'postgres',
    clock,
    env: {
      SMTP_URL: sink.url,
      MAIL_FROM: '"Nhắc việc" <nhacviec@snv.test.gov.vn>',
      SMTP_DOMAIN_INTERVAL_MS: '0',
      LINK_SECRET: SECRET,
      WEB_BASE_URL: 'http://console.test',
      REMINDER_LADDER: '0,3',
      ...env,
    },
  });
  const p = await seedProvince(h.db.sql);
  return { clock, morning, p, sql: h.db.sql };
}

/** A unit whose only focal point has no Telegram, only an official e-mail address. */
async function emailOnlyUnit(sql: Sql, p: Province, address: string) {
  const [unit] = await sql<{ id: number }[]>`insert into units (province, code, name, kind) values (${p.province}, 'so-c', 'Sở C', 'department') returning id`;
  const [person] = await sql<{ id: number }[]>`insert into people (name) values ('Đầu mối C') returning id`;
  await sql`insert into memberships (person_id, unit_id, role) values (${person!.id}, ${unit!.id}, 'focal')`;
  await sql`insert into person_channels (person_id, kind, address, rank, created_by) values (${person!.id}, 'email', ${address}, 10, 'test')`;
  return { unitId: unit!.id, personId: person!.id };
}

async function rowsOf(sql: Sql, itemId: number) {
  return sql<{ id: string; step: string; kind: string; status: string; chat: string; acknowledged_at: Date | null; dedupe_key: string }[]>`
    select id, step, kind::text as kind, status::text as status, recipient_chat_id::text as chat, acknowledged_at, dedupe_key
    from reminders where due_item_id = ${itemId} order by planned_at, id`;
}

describe('channels: official e-mail beside Telegram', () => {
  it('an e-mail-only focal point gets the morning reminder, completes from the signed link, and later reminders stop', async () => {
    const { morning, p, sql, clock } = await setUp();
    const address = 'daumoi.c@soc.test.gov.vn';
    const c = await emailOnlyUnit(sql, p, address);
    const [item] = await seedPlan(sql, p, [{ unitId: c.unitId, dueDate: morning.day, taskNumber: '7' }]);
    await h!.startWorker();
    await h!.reminders.service.reconcile();

    // Rows are addressed to the person's key (no Telegram chat): step 0 now, its nudge and step +3 later.
    const planned = await rowsOf(sql, item!);
    expect(planned.map((r) => r.chat)).toEqual(planned.map(() => personRecipientKey(c.personId)));
    expect(planned.map((r) => `${r.kind}:${r.step}`)).toEqual(['reminder:0', 'nudge:0n', 'reminder:+3']);

    await eventually(async () => sink!.to(address).length === 1, 20_000, 'the morning e-mail');
    const mail = sink!.to(address)[0]!;
    const dueVi = DateTime.fromISO(morning.day).toFormat('dd/LL/yyyy');
    expect(mail.parsed.subject).toBe(`[Nhắc việc] Nhiệm vụ 7 — hạn ${dueVi} — Sở C`);
    expect(mail.parsed.from?.text).toContain('nhacviec@snv.test.gov.vn');
    expect(mail.parsed.messageId).toMatch(/^<nhacviec-r\d+@snv\.test\.gov\.vn>$/);
    expect(mail.parsed.text).toContain('NHẮC VIỆC — Sở C');
    expect(mail.parsed.html).toContain('NHẮC VIỆC — Sở C');
    // Reminders a unit owes carry no List-Unsubscribe.
    expect(mail.parsed.headers.has('list-unsubscribe')).toBe(false);
    const links = [...String(mail.parsed.text).matchAll(/http:\/\/console\.test\/t\/(\S+)/g)].map((m) => m[1]!);
    expect(links.map((l) => l.split('.')[0])).toEqual(['done', 'extend', 'details']);
    expect(mail.parsed.html).toContain(`href="http://console.test/t/${links[0]}"`);

    const [sent] = await sql<{ status: string; kind: string; address: string }[]>`
      select r.status::text as status, d.kind::text as kind, d.address from reminders r join channel_deliveries d on d.reminder_id = r.id
      where r.due_item_id = ${item!} and r.step = '0'`;
    expect(sent).toEqual({ status: 'sent', kind: 'email', address });

    // The ✅ link: GET shows a form and changes nothing (mail scanners open links); POST completes.
    const web = createWebConsoleOnDatabase({ database: h!.db, clock, config: h!.config, afterDueItemsChanged: () => h!.reminders.service.afterDueItemsChanged() });
    const get = await web.request(`http://console.test/t/${links[0]}`);
    expect(get.status).toBe(200);
    expect(await get.text()).toContain('name="evidence"');
    expect((await sql<{ state: string }[]>`select state::text as state from due_items where id = ${item!}`)[0]!.state).toBe('open');

    // A link with a changed item id fails its signature.
    const forged = links[0]!.replace(/^done\.(\d+)\./, (_m, id: string) => `done.${Number(id) + 1}.`);
    expect((await web.request(`http://console.test/t/${forged}`)).status).toBe(403);

    const post = await web.request(`http://console.test/t/${links[0]}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://console.test' },
      body: new URLSearchParams({ evidence: '15/QĐ-SNC 03/01/2026' }).toString(),
    });
    expect(post.status).toBe(200);
    expect(await post.text()).toContain('Đã ghi nhận hoàn thành');
    const [done] = await sql<{ state: string; evidence: { documentNumber?: string } }[]>`select state::text as state, evidence from due_items where id = ${item!}`;
    expect(done!.state).toBe('done');
    expect(done!.evidence.documentNumber).toBe('15/QĐ-SNC');
    const [audit] = await sql<{ n: number }[]>`select count(*)::int as n from audit_log where action = 'item.done' and entity_id = ${String(item!)} and actor_person_id = ${c.personId}`;
    expect(audit!.n).toBe(1);

    // Later reminders stop: the step-0 row is acknowledged, the nudge and +3 are cancelled.
    await h!.reminders.service.reconcile();
    const after = await rowsOf(sql, item!);
    expect(after.map((r) => `${r.step}:${r.status}`)).toEqual(['0:sent', '0n:cancelled', '+3:cancelled']);
    expect(after[0]!.acknowledged_at).not.toBeNull();
    expect(sink!.to(address)).toHaveLength(1);
  });

  it('a Telegram chat that turns blocked falls back to e-mail, with the audit row; later reminders keep going by e-mail', async () => {
    const { morning, p, sql } = await setUp();
    const address = 'daumoi.a@soa.test.gov.vn';
    await sql`insert into person_channels (person_id, kind, address, rank, created_by) values (${p.persons.focalA}, 'email', ${address}, 10, 'test')`;
    const [item] = await seedPlan(sql, p, [{ unitId: p.units.a, dueDate: morning.day, taskNumber: '3' }]);
    h!.fake.failFor(p.chats.focalA, 'blocked');
    await h!.startWorker();
    await h!.reminders.service.reconcile();

    await eventually(async () => sink!.to(address).length === 1, 20_000, 'the fallback e-mail');
    expect(h!.fake.sentMessages(p.chats.focalA)).toHaveLength(0);
    const [row] = (await rowsOf(sql, item!)).filter((r) => r.chat === p.chats.focalA && r.step === '0');
    await eventually(async () => (await rowsOf(sql, item!)).find((r) => r.id === row!.id)!.status === 'sent', 10_000, 'row sent');

    const audit = await sql<{ action: string; entity_id: string; details: { from: { kind: string }; to: { kind: string; address: string }; reason: string } }[]>`
      select action, entity_id, details from audit_log where action = 'channel.fallback' order by id`;
    expect(audit).toHaveLength(1);
    expect(audit[0]!.entity_id).toBe(row!.id);
    expect(audit[0]!.details.from.kind).toBe('telegram');
    expect(audit[0]!.details.to).toEqual({ kind: 'email', address });
    expect(audit[0]!.details.reason).toMatch(/^blocked/);
    const [chat] = await sql<{ active: boolean; inactive_reason: string }[]>`select active, inactive_reason from chats where telegram_chat_id = ${p.chats.focalA}::bigint`;
    expect(chat).toEqual({ active: false, inactive_reason: 'blocked' });

    // The person stays a recipient under the same key: replanning keeps their later rows (now carried by e-mail).
    await h!.db.sql`update due_items set revision = revision + 1 where id = ${item!}`;
    await h!.reminders.service.reconcile();
    const later = (await rowsOf(sql, item!)).filter((r) => r.chat === p.chats.focalA && r.step === '+3');
    expect(later.map((r) => r.status)).toEqual(['planned']);
    // The chat did not become "inactive" for the pipeline: no coordinator notice was planned.
    const [notices] = await sql<{ n: number }[]>`select count(*)::int as n from reminders where kind = 'notice'`;
    expect(notices!.n).toBe(0);
  });

  it('a reminder unacknowledged on Telegram past CHANNEL_FALLBACK_AFTER goes again by e-mail', async () => {
    const { morning, p, sql } = await setUp({ CHANNEL_FALLBACK_AFTER: '1s' });
    const address = 'daumoi.a@soa.test.gov.vn';
    await sql`insert into person_channels (person_id, kind, address, rank, created_by) values (${p.persons.focalA}, 'email', ${address}, 10, 'test')`;
    const [item] = await seedPlan(sql, p, [{ unitId: p.units.a, dueDate: morning.day }]);
    await h!.startWorker();
    await h!.reminders.service.reconcile();
    await eventually(async () => h!.fake.sentMessages(p.chats.focalA).length === 1, 20_000, 'the Telegram reminder');
    expect(sink!.messages).toHaveLength(0);

    // Nobody pressed anything: once the fallback time has passed, the reconciler puts the reminder on e-mail.
    await eventually(
      async () => {
        await h!.reminders.service.reconcile();
        return sink!.to(address).length === 1;
      },
      20_000,
      'the fallback e-mail',
    );
    const rows = (await rowsOf(sql, item!)).filter((r) => r.chat === p.chats.focalA && r.step === '0');
    expect(rows.map((r) => r.dedupe_key.startsWith('fb|'))).toEqual([false, true]);
    expect(rows.map((r) => r.status)).toEqual(['sent', 'sent']);
    const [audit] = await sql<{ details: { reason: string; to: { kind: string } } }[]>`
      select details from audit_log where action = 'channel.fallback' and entity_id = ${rows[0]!.id}`;
    expect(audit!.details.reason).toBe('unacknowledged');
    expect(audit!.details.to.kind).toBe('email');
    // Once is enough: further reconciles add nothing (the e-mail is the last channel).
    await h!.reminders.service.reconcile();
    expect(sink!.to(address)).toHaveLength(1);
    // Telegram still works: the chat stays active.
    const [chat] = await sql<{ active: boolean }[]>`select active from chats where telegram_chat_id = ${p.chats.focalA}::bigint`;
    expect(chat!.active).toBe(true);
  });

  it('an address the SMTP server refuses (550 5.1.1) is marked unreachable (bounced) and the person leaves the recipients', async () => {
    const { morning, p, sql } = await setUp();
    const address = 'nobody@soc.test.gov.vn';
    sink!.reject.add(address);
    const c = await emailOnlyUnit(sql, p, address);
    const [item] = await seedPlan(sql, p, [{ unitId: c.unitId, dueDate: morning.day }]);
    await h!.startWorker();
    await h!.reminders.service.reconcile();
    await eventually(async () => (await rowsOf(sql, item!)).find((r) => r.step === '0')?.status === 'failed', 20_000, 'failed row');
    const [channel] = await sql<{ active: boolean; inactive_reason: string }[]>`select active, inactive_reason from person_channels where person_id = ${c.personId}`;
    expect(channel).toEqual({ active: false, inactive_reason: 'chat_not_found' });
    const [audit] = await sql<{ n: number }[]>`select count(*)::int as n from audit_log where action = 'channel.unreachable' and entity_id = ${String(c.personId)}`;
    expect(audit!.n).toBe(1);
    expect(sink!.messages).toHaveLength(0);
    // The rest of the person's rows were cancelled: nobody reachable is left for the unit.
    await h!.reminders.service.reconcile();
    expect((await rowsOf(sql, item!)).filter((r) => r.status === 'planned')).toEqual([]);
  });
});
