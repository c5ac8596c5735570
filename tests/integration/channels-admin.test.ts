/**
 * Administration of channels (issue #15 §4): the console's person page (`/people/:id`), where a coordinator adds
 * an official e-mail address (CSRF-protected), and `nhacviec notify test` through the real adapters (the e-mail
 * one against a loopback SMTP server). Real PostgreSQL.
 */
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConfig } from '../../config/env.js';
import { createWebAuth } from '../../src/app/web/auth.js';
import { unsubscribeLink } from '../../src/app/channels/links.js';
import { hashInviteToken } from '../../src/app/bot/onboarding.js';
import { registerNotifyCommand } from '../../src/cli/notify-command.js';
import { PostgresChannelMemberStore } from '../../src/db/channel-member-store.js';
import { PostgresWebAuthStore } from '../../src/db/web-store.js';
import { ManualClock } from '../../src/domain/clock.js';
import { createWebConsoleOnDatabase } from '../../src/web-wiring.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { seedProvince, type Province } from '../helpers/reminder-fixtures.js';
import { SmtpSink } from '../helpers/smtp-sink.js';

let db: TestDatabase;
let p: Province;
let sink: SmtpSink;
const clock = new ManualClock('2026-03-02T02:00:00Z');
const base = 'http://console.test';

beforeAll(async () => {
  db = await createTestDatabase('channels_admin');
  p = await seedProvince(db.sql);
  sink = new SmtpSink();
  await sink.start();
});
afterAll(async () => {
  await sink?.close();
  await db?.drop();
});

async function signedIn(personId: number, unitId: number, role: 'coordinator' | 'focal') {
  const auth = createWebAuth({ store: new PostgresWebAuthStore(db.sql), clock });
  const { token } = await auth.issueLoginToken({ personId, unitId, role }, 'test');
  const r = await auth.signIn(token);
  if (r.kind !== 'signed_in') throw new Error('sign-in failed');
  const session = (await auth.session(r.sessionToken))!;
  return { cookie: `nv_session=${r.sessionToken}`, csrf: session.csrfToken };
}

describe('the person page', () => {
  it('a coordinator adds an e-mail address; the person becomes a recipient of their units; a focal point cannot', async () => {
    const config = createConfig({ DATABASE_URL: db.url, WEB_BASE_URL: base });
    const web = createWebConsoleOnDatabase({ database: db, clock, config });
    const coordinator = await signedIn(p.persons.coordinator, p.units.snv, 'coordinator');
    const page = await web.request(`${base}/people/${p.persons.focalB}`, { headers: { cookie: coordinator.cookie } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Đầu mối B');
    expect(html).toContain(`action="/people/${p.persons.focalB}/channels"`);

    const post = (body: Record<string, string>, who = coordinator) =>
      web.request(`${base}/people/${p.persons.focalB}/channels`, {
        method: 'POST',
        headers: { cookie: who.cookie, origin: base, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(body).toString(),
      });
    // Without the CSRF token: refused, nothing stored.
    expect((await post({ kind: 'email', address: 'x@sob.gov.vn' })).status).toBe(403);
    // An invalid address: the form again, with the error summary.
    const bad = await post({ _csrf: coordinator.csrf, kind: 'email', address: 'not an address' });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('Địa chỉ thư điện tử không hợp lệ');
    expect(await db.sql`select 1 from person_channels`).toHaveLength(0);

    await db.sql`delete from replan_units`;
    const ok = await post({ _csrf: coordinator.csrf, kind: 'email', address: ' DauMoi.B@SoB.gov.vn ' });
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe(`/people/${p.persons.focalB}?added=daumoi.b%40sob.gov.vn`);
    const rows = await db.sql<{ kind: string; address: string; created_by: string }[]>`select kind::text as kind, address, created_by from person_channels where person_id = ${p.persons.focalB}`;
    expect(rows).toEqual([{ kind: 'email', address: 'daumoi.b@sob.gov.vn', created_by: `web:${p.persons.coordinator}` }]);
    // The person's units are marked for the planner, and the change is audited.
    expect((await db.sql<{ unit_id: number }[]>`select unit_id from replan_units`).map((r) => r.unit_id)).toEqual([p.units.b]);
    expect(await db.sql`select 1 from audit_log where action = 'channel.add' and entity_id = ${String(p.persons.focalB)}`).toHaveLength(1);
    const shown = await (await web.request(`${base}/people/${p.persons.focalB}?added=daumoi.b%40sob.gov.vn`, { headers: { cookie: coordinator.cookie } })).text();
    expect(shown).toContain('<code>daumoi.b@sob.gov.vn</code>');

    // A focal point of another unit may not see this person; the focal point of Sở A may not add channels.
    const focalA = await signedIn(p.persons.focalA, p.units.a, 'focal');
    expect((await web.request(`${base}/people/${p.persons.focalB}`, { headers: { cookie: focalA.cookie } })).status).toBe(403);
    const own = await web.request(`${base}/people/${p.persons.focalA}`, { headers: { cookie: focalA.cookie } });
    expect(own.status).toBe(200);
    expect(await own.text()).not.toContain('/channels"');
  });
});

describe('a Zalo invite for a person', () => {
  it('a coordinator creates it (CSRF), sees the code, steps and QR once; redeemed on Zalo it joins that person; a focal point cannot', async () => {
    const config = createConfig({ DATABASE_URL: db.url, WEB_BASE_URL: base });
    const web = createWebConsoleOnDatabase({ database: db, clock, config });
    const coordinator = await signedIn(p.persons.coordinator, p.units.snv, 'coordinator');
    const page = await (await web.request(`${base}/people/${p.persons.headA}`, { headers: { cookie: coordinator.cookie } })).text();
    expect(page).toContain(`action="/people/${p.persons.headA}/zalo-invite"`);
    expect(page).toContain('Kênh Zalo chưa được cấu hình');
    const post = (who: { cookie: string; csrf: string }, csrf?: string) =>
      web.request(`${base}/people/${p.persons.headA}/zalo-invite`, {
        method: 'POST',
        headers: { cookie: who.cookie, origin: base, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(csrf === undefined ? {} : { _csrf: csrf }).toString(),
      });
    const invites = async () => (await db.sql<{ n: number }[]>`select count(*)::int as n from invites where for_person_id = ${p.persons.headA}`)[0]!.n;
    expect((await post(coordinator)).status).toBe(403);
    expect(await invites()).toBe(0);
    const focalA = await signedIn(p.persons.focalA, p.units.a, 'focal');
    expect((await post(focalA, focalA.csrf)).status).toBe(403);
    expect(await invites()).toBe(0);

    const ok = await post(coordinator, coordinator.csrf);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('cache-control')).toBe('no-store');
    const html = await ok.text();
    const code = /<code id="invite-code">([A-Za-z0-9_-]{32})<\/code>/.exec(html)?.[1];
    expect(code).toBeDefined();
    expect(html).toContain('gửi cho bot một tin nhắn chỉ gồm mã');
    expect(html).toMatch(/<figure class="qr" id="invite-qr"><svg/);
    expect(await invites()).toBe(1);
    expect(await db.sql`select 1 from audit_log where action = 'invite.create' and entity = 'person' and entity_id = ${String(p.persons.headA)}`).toHaveLength(1);

    // The person sends the code to the Zalo bot: the channel is theirs (no new person), for their unit and role.
    const members = new PostgresChannelMemberStore(db.sql);
    const redeemed = await members.redeemInviteOnChannel({ kind: 'zalo', address: 'zalo-user-head-a', displayName: 'Giám đốc A (Zalo)', tokenHash: hashInviteToken(code!), now: clock.now() });
    expect(redeemed).toMatchObject({ status: 'ok', personId: p.persons.headA, unitId: p.units.a, role: 'head' });
    const channels = await db.sql<{ person_id: number }[]>`select person_id from person_channels where kind = 'zalo' and address = 'zalo-user-head-a'`;
    expect(channels).toEqual([{ person_id: p.persons.headA }]);
    expect((await members.redeemInviteOnChannel({ kind: 'zalo', address: 'someone-else', displayName: 'x', tokenHash: hashInviteToken(code!), now: clock.now() })).status).toBe('used');
  });
});

describe('digest unsubscribe link', () => {
  it('GET asks and changes nothing; POST stops e-mailed digests only; a forged link is refused', async () => {
    const secret = 'u'.repeat(40);
    const config = createConfig({ DATABASE_URL: db.url, WEB_BASE_URL: base, LINK_SECRET: secret });
    const web = createWebConsoleOnDatabase({ database: db, clock, config });
    await db.sql`insert into person_channels (person_id, kind, address, rank, created_by) values (${p.persons.focalA}, 'email', 'daumoi.a@soa.gov.vn', 10, 'test')`;
    const url = unsubscribeLink({ baseUrl: base, secret, ttlMs: 86_400_000, now: clock.now() }, p.persons.focalA);
    const digests = async () => (await db.sql<{ digests: boolean }[]>`select digests from person_channels where person_id = ${p.persons.focalA}`)[0]!.digests;
    const get = await web.request(url);
    expect(get.status).toBe(200);
    expect(await get.text()).toContain('Hủy nhận bản tin');
    expect(await digests()).toBe(true);
    const forged = url.replace(`.${p.persons.focalA}.0.`, `.${p.persons.focalB}.0.`);
    expect((await web.request(forged, { method: 'POST', headers: { origin: base } })).status).toBe(403);
    const post = await web.request(url, { method: 'POST', headers: { origin: base, 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
    expect(post.status).toBe(200);
    expect(await digests()).toBe(false);
    expect(await db.sql`select 1 from audit_log where action = 'channel.unsubscribe_digests' and entity_id = ${String(p.persons.focalA)}`).toHaveLength(1);
  });

  it('RFC 8058 one-click: the mail provider’s POST (no Origin, no cookie) unsubscribes; bad signatures and other links stay refused', async () => {
    const secret = 'v'.repeat(40);
    const config = createConfig({ DATABASE_URL: db.url, WEB_BASE_URL: base, LINK_SECRET: secret });
    const web = createWebConsoleOnDatabase({ database: db, clock, config });
    await db.sql`insert into person_channels (person_id, kind, address, rank, created_by) values (${p.persons.focalB}, 'email', 'daumoi.b@sob.gov.vn', 10, 'test')
                 on conflict (person_id, kind, address) do update set digests = true`;
    const digests = async () => (await db.sql<{ digests: boolean }[]>`select digests from person_channels where person_id = ${p.persons.focalB} and kind = 'email'`)[0]!.digests;
    const url = unsubscribeLink({ baseUrl: base, secret, ttlMs: 86_400_000, now: clock.now() }, p.persons.focalB);
    const oneClick = (target: string, headers: Record<string, string> = {}) =>
      web.request(target, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body: 'List-Unsubscribe=One-Click' });

    // A bad signature (the last character changed), a link of another person, an expired link: refused, nothing changes.
    const last = url.at(-1) === 'A' ? 'B' : 'A';
    expect((await oneClick(`${url.slice(0, -1)}${last}`)).status).toBe(403);
    expect((await oneClick(url.replace(`.${p.persons.focalB}.0.`, `.${p.persons.focalA}.0.`))).status).toBe(403);
    const expired = unsubscribeLink({ baseUrl: base, secret, ttlMs: 1000, now: new Date(clock.now().getTime() - 10_000) }, p.persons.focalB);
    expect((await oneClick(expired)).status).toBe(403);
    expect(await digests()).toBe(true);

    // A reminder's one-tap link posted cross-origin is still refused by the origin check.
    const done = url.replace('/t/unsubscribe.0.', '/t/done.1.');
    const crossDone = await web.request(done, { method: 'POST', headers: { origin: 'https://mail.example.com', 'content-type': 'application/x-www-form-urlencoded' }, body: 'evidence=x' });
    expect(crossDone.status).toBe(403);
    expect(await crossDone.text()).toBe('Forbidden');

    // The provider's post: no Origin, no cookie; and one from a foreign Origin (webmail in a browser).
    const ok = await oneClick(url);
    expect(ok.status).toBe(200);
    expect(await digests()).toBe(false);
    await db.sql`update person_channels set digests = true where person_id = ${p.persons.focalB}`;
    expect((await oneClick(url, { origin: 'https://mail.example.com', 'sec-fetch-site': 'cross-site' })).status).toBe(200);
    expect(await digests()).toBe(false);
    // Reminders stay: the channel is active and usable, only digests stopped.
    const [ch] = await db.sql<{ active: boolean }[]>`select active from person_channels where person_id = ${p.persons.focalB} and kind = 'email'`;
    expect(ch!.active).toBe(true);
  });
});

describe('notify test', () => {
  async function notify(env: Record<string, string>, ...args: string[]) {
    let out = '';
    let err = '';
    const program = new Command().exitOverride();
    registerNotifyCommand(program, {
      config: createConfig(env),
      stdout: { write: (s: string) => ((out += s), true) } as unknown as NodeJS.WritableStream,
      stderr: { write: (s: string) => ((err += s), true) } as unknown as NodeJS.WritableStream,
    });
    try {
      await program.parseAsync(['notify', 'test', ...args], { from: 'user' });
      return { code: 0, out, err };
    } catch (e) {
      return { code: (e as { exitCode?: number }).exitCode ?? -1, out, err };
    }
  }
  const mailEnv = { SMTP_URL: '', MAIL_FROM: '"Nhắc việc" <nhacviec@snv.test.gov.vn>', LINK_SECRET: 'x'.repeat(40) };

  it('sends a test e-mail through the real adapter and prints the server’s answer', async () => {
    const r = await notify({ ...mailEnv, SMTP_URL: sink.url }, '--channel', 'email', '--to', 'daumoi@soa.test.gov.vn');
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/Đã gửi tin thử qua email đến daumoi@soa\.test\.gov\.vn/);
    expect(r.out).toMatch(/Kênh trả lời: 250/);
    expect(sink.to('daumoi@soa.test.gov.vn')).toHaveLength(1);
    expect(sink.to('daumoi@soa.test.gov.vn')[0]!.parsed.text).toContain('kênh email hoạt động');
  });

  it('reports a refused address with its classification, and channels that are not configured', async () => {
    sink.reject.add('nobody@soa.test.gov.vn');
    const refused = await notify({ ...mailEnv, SMTP_URL: sink.url }, '--channel', 'email', '--to', 'nobody@soa.test.gov.vn', '--json');
    expect(refused.code).toBe(1);
    expect(JSON.parse(refused.out).error).toMatchObject({ code: 'notify.failed', failure: { kind: 'chat_not_found' } });

    const zalo = await notify({}, '--channel', 'zalo', '--to', '12345');
    expect(zalo.code).toBe(1);
    expect(zalo.err).toContain('Kênh zalo chưa được cấu hình (cần ZALO_BOT_TOKEN)');
    const email = await notify({}, '--channel', 'email', '--to', 'a@b.gov.vn');
    expect(email.err).toContain('Kênh email chưa được cấu hình (cần SMTP_URL và MAIL_FROM)');
    const bad = await notify({ ...mailEnv, SMTP_URL: sink.url }, '--channel', 'email', '--to', 'not-an-address');
    expect(bad.err).toContain('không hợp lệ cho kênh email');
  });
});
