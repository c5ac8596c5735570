/**
 * Issue #15 §3, bounces recorded asynchronously: a message the SMTP relay took bounces later, and the recipient's
 * server mails back a DSN (RFC 3464). It reaches the worker's inbound SMTP listener (src/mail/bounce.ts, a real
 * `smtp-server` on loopback) over SMTP from nodemailer; the rest is real too (PostgreSQL, BullMQ on PostgreSQL,
 * the worker, the SMTP sink for outgoing mail, the fake Telegram Bot API).
 *
 * - A temporary failure (4.x.x, delayed) changes nothing.
 * - A DSN about an address the reminder did not go to is audited as unmatched and changes nothing.
 * - A permanent failure (5.1.1) marks the e-mail channel unreachable (bounced) with audit rows, and the reminder
 *   goes on the person's next channel (Telegram) at once; a second copy of the DSN changes nothing more.
 */
import { DateTime } from 'luxon';
import nodemailer from 'nodemailer';
import { afterEach, describe, expect, it } from 'vitest';
import { loadWorkingCalendar } from '../../config/holidays/load.js';
import { startBounceIntake } from '../../src/channels-wiring.js';
import { silentLogger } from '../../src/infra/logger.js';
import type { BounceServer } from '../../src/mail/bounce.js';
import { OffsetClock } from '../helpers/clock.js';
import { createHarness, eventually, type Harness } from '../helpers/reminder-harness.js';
import { seedPlan, seedProvince } from '../helpers/reminder-fixtures.js';
import { SmtpSink } from '../helpers/smtp-sink.js';

const SECRET = 'test-link-secret-0123456789abcdef0123456789';
const BOUNCES = 'bounces@snv.test.gov.vn';

let h: Harness | undefined;
let sink: SmtpSink | undefined;
let intake: BounceServer | null = null;
afterEach(async () => {
  await intake?.close();
  await h?.close();
  await sink?.close();
  h = undefined;
  sink = undefined;
  intake = null;
});

function nextWorkingMorning(): { day: string; at: Date } {
  const calendar = loadWorkingCalendar();
  const today = DateTime.now().setZone('Asia/Ho_Chi_Minh').toISODate()!;
  const day = calendar.addWorkingDays(today, 1);
  return { day, at: DateTime.fromISO(`${day}T08:00:01`, { zone: 'Asia/Ho_Chi_Minh' }).toJSDate() };
}

function dsn(args: { to: string; recipient: string; action: string; status: string; messageId: string }): string {
  return [
    'From: Mail Delivery System <MAILER-DAEMON@mx.soa.test.gov.vn>',
    `To: ${args.to}`,
    'Subject: Undelivered Mail Returned to Sender',
    'MIME-Version: 1.0',
    'Content-Type: multipart/report; report-type=delivery-status; boundary="BOUND"',
    '',
    '--BOUND',
    'Content-Type: text/plain; charset=utf-8',
    '',
    'This is the mail system at host mx.soa.test.gov.vn.',
    '',
    '--BOUND',
    'Content-Type: message/delivery-status',
    '',
    'Reporting-MTA: dns; mx.soa.test.gov.vn',
    '',
    `Final-Recipient: rfc822; ${args.recipient}`,
    `Action: ${args.action}`,
    `Status: ${args.status}`,
    `Diagnostic-Code: smtp; ${args.status.startsWith('5') ? '550' : '451'} ${args.status} mailbox problem`,
    '',
    '--BOUND',
    'Content-Type: text/rfc822-headers',
    '',
    `Message-ID: ${args.messageId}`,
    'From: "Nhac viec" <nhacviec@snv.test.gov.vn>',
    '',
    '--BOUND--',
    '',
  ].join('\r\n');
}

describe('channels: asynchronous bounces (DSN) by the inbound SMTP listener', () => {
  it('4.x.x changes nothing, an unmatched DSN changes nothing, 5.x.x marks the address bounced and the reminder goes on Telegram', async () => {
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
        MAIL_BOUNCE_ADDRESS: BOUNCES,
        BOUNCE_SMTP_PORT: '0',
        SMTP_DOMAIN_INTERVAL_MS: '0',
        LINK_SECRET: SECRET,
        WEB_BASE_URL: 'http://console.test',
        REMINDER_LADDER: '0,3',
      },
    });
    const sql = h.db.sql;
    const p = await seedProvince(sql);
    // Đầu mối A prefers official e-mail; their Telegram chat comes second.
    const address = 'daumoi.a@soa.test.gov.vn';
    await sql`insert into person_channels (person_id, kind, address, rank, created_by) values (${p.persons.focalA}, 'email', ${address}, 10, 'test')`;
    await sql`insert into person_channels (person_id, kind, address, rank, created_by) values (${p.persons.focalA}, 'telegram', ${p.chats.focalA}, 20, 'test')`;
    const [item] = await seedPlan(sql, p, [{ unitId: p.units.a, dueDate: morning.day, taskNumber: '5' }]);
    await h.startWorker();
    const runtime = h.reminders;
    intake = await startBounceIntake({ config: h.config, database: h.db, clock, adapters: runtime.adapters, sendWindow: (now) => runtime.service.sendWindow(now), logger: silentLogger });
    expect(intake).not.toBeNull();
    await runtime.service.reconcile();

    // The morning reminder goes by e-mail, with a VERP envelope sender naming its row.
    await eventually(async () => sink!.to(address).length === 1, 20_000, 'the morning e-mail');
    const mail = sink.to(address)[0]!;
    const [row] = await sql<{ id: string }[]>`select id from reminders where due_item_id = ${item!} and step = '0' and kind = 'reminder' and recipient_chat_id = ${p.chats.focalA}::bigint`;
    expect(mail.envelopeFrom).toBe(`bounces+r${row!.id}@snv.test.gov.vn`);
    expect(mail.parsed.messageId).toBe(`<nhacviec-r${row!.id}@snv.test.gov.vn>`);
    await eventually(async () => (await sql`select 1 from channel_deliveries where reminder_id = ${row!.id}`).length === 1, 10_000, 'the delivery recorded');
    expect(h.fake.sentMessages(p.chats.focalA)).toHaveLength(0);

    const mta = nodemailer.createTransport({ host: '127.0.0.1', port: intake!.port, secure: false, ignoreTLS: true });
    const deliver = (raw: string, to: string) => mta.sendMail({ envelope: { from: 'MAILER-DAEMON@mx.soa.test.gov.vn', to: [to] }, raw });
    const emailChannel = async () =>
      (await sql<{ active: boolean; inactive_reason: string | null }[]>`select active, inactive_reason from person_channels where person_id = ${p.persons.focalA} and kind = 'email'`)[0];
    const audits = async (action: string) => (await sql<{ n: number }[]>`select count(*)::int as n from audit_log where action = ${action}`)[0]!.n;
    const fallbackRows = async () => sql<{ id: string; status: string }[]>`select id, status::text as status from reminders where dedupe_key like 'fb|%' order by id`;

    // 1. Delayed (4.4.1): the remote server keeps trying; nothing changes. The listener answers 250 only once recorded.
    const delayed = await deliver(dsn({ to: mail.envelopeFrom, recipient: address, action: 'delayed', status: '4.4.1', messageId: mail.parsed.messageId! }), mail.envelopeFrom);
    expect(delayed.response).toMatch(/^250/);
    expect(await emailChannel()).toEqual({ active: true, inactive_reason: null });
    expect(await audits('channel.bounce')).toBe(0);

    // 2. A DSN naming our reminder but another address (forged or misdirected): audited, nothing else.
    await deliver(dsn({ to: BOUNCES, recipient: 'someone.else@soa.test.gov.vn', action: 'failed', status: '5.1.1', messageId: mail.parsed.messageId! }), BOUNCES);
    expect(await audits('bounce.unmatched')).toBe(1);
    expect(await emailChannel()).toEqual({ active: true, inactive_reason: null });
    expect(await fallbackRows()).toEqual([]);

    // 3. Failed (5.1.1), arriving by the VERP address: bounced, audited, and the reminder goes on Telegram at once.
    const failed = dsn({ to: mail.envelopeFrom, recipient: address, action: 'failed', status: '5.1.1', messageId: '<unrelated@mx.soa.test.gov.vn>' });
    await deliver(failed, mail.envelopeFrom);
    expect(await emailChannel()).toEqual({ active: false, inactive_reason: 'bounced' });
    const [bounce] = await sql<{ entity_id: string; actor: string; details: { address: string; status: string; diagnostic: string } }[]>`
      select entity_id, actor, details from audit_log where action = 'channel.bounce'`;
    expect(bounce).toMatchObject({ entity_id: row!.id, actor: 'mail', details: { address, status: '5.1.1' } });
    expect(await audits('channel.unreachable')).toBe(1);
    const [fb] = await sql<{ details: { reason: string; from: { kind: string }; to: { kind: string; address: string } } }[]>`
      select details from audit_log where action = 'channel.fallback' and entity_id = ${row!.id}`;
    expect(fb!.details.reason).toMatch(/^bounced: 5\.1\.1/);
    expect(fb!.details.from.kind).toBe('email');
    expect(fb!.details.to).toEqual({ kind: 'telegram', address: p.chats.focalA });
    await runtime.service.reconcile();
    await eventually(async () => h!.fake.sentMessages(p.chats.focalA).length === 1, 20_000, 'the reminder on Telegram');
    await eventually(async () => (await fallbackRows()).every((r) => r.status === 'sent'), 10_000, 'the fallback row sent');

    // 4. The same DSN again (the relay retried): nothing more.
    await deliver(failed, mail.envelopeFrom);
    expect(await fallbackRows()).toHaveLength(1);
    expect(await audits('channel.unreachable')).toBe(1);
    expect(await audits('channel.fallback')).toBe(1);

    // The bounced address got nothing more.
    expect(sink.to(address)).toHaveLength(1);
    mta.close();
  });
});
