/**
 * Issue #15 §3, digests by e-mail: a leader and a coordinator whose only channel is official e-mail get the
 * leadership digest (with its chart inline, `cid:`) and the coordinator's overdue digest through a real SMTP
 * server on loopback, with List-Unsubscribe and one-click post; a person who unsubscribed and has nothing else
 * gets no digest row at all. The pipeline is real (PostgreSQL, BullMQ on PostgreSQL, the worker).
 */
import { DateTime } from 'luxon';
import { simpleParser } from 'mailparser';
import { afterEach, describe, expect, it } from 'vitest';
import { loadWorkingCalendar } from '../../config/holidays/load.js';
import { personRecipientKey } from '../../src/app/channels/port.js';
import type { Sql } from '../../src/db/client.js';
import { OffsetClock } from '../helpers/clock.js';
import { createHarness, eventually, type Harness } from '../helpers/reminder-harness.js';
import { seedPlan, seedProvince, type Province } from '../helpers/reminder-fixtures.js';
import { SmtpSink } from '../helpers/smtp-sink.js';

let h: Harness | undefined;
let sink: SmtpSink | undefined;
afterEach(async () => {
  await h?.close();
  await sink?.close();
  h = undefined;
  sink = undefined;
});

async function emailOnly(sql: Sql, p: Province, name: string, role: 'leader' | 'coordinator', address: string, digests = true) {
  const [person] = await sql<{ id: number }[]>`insert into people (name) values (${name}) returning id`;
  await sql`insert into memberships (person_id, unit_id, role) values (${person!.id}, ${p.units.snv}, ${role}::member_role)`;
  await sql`insert into person_channels (person_id, kind, address, rank, digests, created_by) values (${person!.id}, 'email', ${address}, 10, ${digests}, 'test')`;
  return person!.id;
}

describe('channels: digests to people whose only channel is e-mail', () => {
  it('the leadership digest (chart inline) and the overdue digest arrive by e-mail; an unsubscribed e-mail-only person gets none', async () => {
    sink = new SmtpSink();
    await sink.start();
    const calendar = loadWorkingCalendar();
    const today = DateTime.now().setZone('Asia/Ho_Chi_Minh').toISODate()!;
    const day = calendar.addWorkingDays(today, 1);
    const clock = new OffsetClock(DateTime.fromISO(`${day}T08:00:01`, { zone: 'Asia/Ho_Chi_Minh' }).toJSDate());
    h = await createHarness({
      backend: 'postgres',
      clock,
      env: {
        SMTP_URL: sink.url,
        MAIL_FROM: '"Nhắc việc" <nhacviec@snv.test.gov.vn>',
        SMTP_DOMAIN_INTERVAL_MS: '0',
        LINK_SECRET: 'test-link-secret-0123456789abcdef0123456789',
        WEB_BASE_URL: 'http://console.test',
      },
    });
    const sql = h.db.sql;
    const p = await seedProvince(sql);
    const leader = await emailOnly(sql, p, 'Phó Chủ tịch UBND', 'leader', 'pct@ubnd.test.gov.vn');
    const coordinator = await emailOnly(sql, p, 'Chuyên viên CCHC', 'coordinator', 'cchc@snv.test.gov.vn');
    const unsubscribed = await emailOnly(sql, p, 'Lãnh đạo đã hủy', 'leader', 'huy@ubnd.test.gov.vn', false);
    // Overdue items in two units: the leadership digest carries the ranking chart.
    const overdueDay = calendar.addWorkingDays(day, -3);
    await seedPlan(sql, p, [
      { unitId: p.units.a, dueDate: overdueDay, state: 'overdue', taskNumber: '1' },
      { unitId: p.units.a, dueDate: overdueDay, state: 'overdue', taskNumber: '2' },
      { unitId: p.units.b, dueDate: overdueDay, state: 'overdue', taskNumber: '3' },
    ]);

    const leadership = await h.reminders.digests.run('leadership', 'w-test');
    const overdue = await h.reminders.digests.run('coordinator', 'd-test');
    // The e-mail-only people are addressed by their person key; the unsubscribed one is not addressed at all.
    const keys = (await sql<{ chat: string; step: string }[]>`select recipient_chat_id::text as chat, step from reminders where kind = 'digest'`).map((r) => r.chat);
    expect(keys).toContain(personRecipientKey(leader));
    expect(keys).toContain(personRecipientKey(coordinator));
    expect(keys).not.toContain(personRecipientKey(unsubscribed));
    expect(leadership.recipients).toBe(4); // leader + coordinator with Telegram, and the two by e-mail
    expect(overdue.recipients).toBe(2);

    await h.startWorker();
    await h.reminders.service.reconcile();
    await eventually(async () => sink!.to('pct@ubnd.test.gov.vn').length >= 1 && sink!.to('cchc@snv.test.gov.vn').length >= 2, 30_000, 'the digests by e-mail');

    const toLeader = sink.to('pct@ubnd.test.gov.vn');
    expect(toLeader).toHaveLength(leadership.messages / 4);
    const first = toLeader[0]!.parsed;
    expect(first.subject).toContain('Bản tin');
    // The chart inline: an image/png part with a Content-ID the HTML refers to, not a loose attachment.
    const chart = first.attachments.find((a) => a.contentType === 'image/png');
    expect(chart?.cid).toBe('bieu-do@nhacviec');
    expect(chart?.contentDisposition).toBe('inline');
    expect(chart!.content.subarray(1, 4).toString('latin1')).toBe('PNG');
    // (mailparser turns cid: links into data: URLs unless asked to keep them.)
    expect((await simpleParser(toLeader[0]!.raw, { keepCidLinks: true })).html).toContain('src="cid:bieu-do@nhacviec"');
    // Digests are unsubscribable, with one-click post (RFC 8058).
    const head = toLeader[0]!.raw.split('\r\n\r\n', 1)[0]!.replace(/\r\n[ \t]+/g, ' ');
    expect(head).toMatch(/^List-Unsubscribe: .*<http:\/\/console\.test\/t\/unsubscribe\.0\.\d+\.0\.\d+\.[A-Za-z0-9_-]+>/m);
    expect(head).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click$/m);

    // The coordinator gets both: the leadership digest and the overdue digest (no chart there).
    const toCoordinator = sink.to('cchc@snv.test.gov.vn');
    const texts = toCoordinator.map((m) => String(m.parsed.text));
    expect(texts.some((t) => t.includes('Sở A') && t.includes('Sở B'))).toBe(true);
    expect(sink.to('huy@ubnd.test.gov.vn')).toHaveLength(0);
    await eventually(async () => {
      const [r] = await sql<{ n: number }[]>`select count(*)::int as n from reminders where kind = 'digest' and status <> 'sent'`;
      return r!.n === 0;
    }, 20_000, 'every digest row sent');
  });
});
