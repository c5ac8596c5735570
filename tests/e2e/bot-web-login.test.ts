/**
 * `/dangnhap` (`/login`) through the real bot and the fake Bot API: a member gets a single-use link to the web
 * console for their strongest role, bound to their person; the link signs in once; strangers and group chats get
 * an explanation and no link.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWebAuth } from '../../src/app/web/auth.js';
import { PostgresWebAuthStore } from '../../src/db/web-store.js';
import { webLoginLinkFor } from '../../src/web-wiring.js';
import { createBotHarness, USERS, type BotHarness } from './bot-harness.js';

describe('bot /dangnhap', () => {
  let h: BotHarness;
  beforeAll(async () => {
    h = await createBotHarness('weblogin', {
      env: { WEB_BASE_URL: 'https://nhacviec.example.gov.vn/' },
      webLoginLink: ({ db, clock, config }) => webLoginLinkFor(db, clock, config),
    });
  });
  afterAll(async () => {
    await h?.close();
  });

  const linkIn = (text: string | undefined) => /https:\/\/nhacviec\.example\.gov\.vn\/login\/([A-Za-z0-9_-]{43})/.exec(text ?? '');

  it('sends a member a single-use link, without a preview, that signs in once as their strongest role', async () => {
    await h.say(USERS.coordinator, '/dangnhap');
    const message = h.last(USERS.coordinator.id);
    const m = linkIn(message.text);
    expect(m, message.text).not.toBeNull();
    expect(message.text).toContain('10 phút');
    const [stored] = await h.db.sql<{ token_hash: string; person_id: number; unit_id: number; role: string }[]>`
      select token_hash, person_id, unit_id, role::text as role from web_login_tokens order by id desc limit 1`;
    expect(stored).toMatchObject({ person_id: h.world.persons.coordinator, unit_id: h.world.units.snv, role: 'coordinator' });
    expect(stored!.token_hash).not.toContain(m![1]!);

    const auth = createWebAuth({ store: new PostgresWebAuthStore(h.db.sql), clock: h.clock });
    const first = await auth.signIn(m![1]!);
    expect(first.kind).toBe('signed_in');
    if (first.kind !== 'signed_in') return;
    const session = await auth.session(first.sessionToken);
    expect(session).toMatchObject({ personId: h.world.persons.coordinator, role: 'coordinator', unitId: h.world.units.snv });
    expect(await auth.signIn(m![1]!)).toEqual({ kind: 'refused', reason: 'used' });
  });

  it('answers /login the same way, with the role the person holds', async () => {
    await h.say(USERS.focalA, '/login');
    expect(linkIn(h.last(USERS.focalA.id).text)).not.toBeNull();
    const [stored] = await h.db.sql<{ role: string; unit_id: number }[]>`select role::text as role, unit_id from web_login_tokens order by id desc limit 1`;
    expect(stored).toEqual({ role: 'focal', unit_id: h.world.units.a });
  });

  it('gives a stranger no link, and explains', async () => {
    const before = await h.db.sql`select id from web_login_tokens`;
    await h.say(USERS.stranger, '/dangnhap');
    expect(linkIn(h.last(USERS.stranger.id).text)).toBeNull();
    expect(h.last(USERS.stranger.id).text).toContain('chưa là thành viên');
    expect((await h.db.sql`select id from web_login_tokens`).length).toBe(before.length);
  });

  it('never posts a link in a group chat', async () => {
    const group = { id: -100_777, type: 'group' as const, title: 'Sở Nội vụ' };
    await h.say(USERS.coordinator, '/dangnhap', { chat: group });
    const text = h.last(group.id).text;
    expect(linkIn(text)).toBeNull();
    expect(text).toContain('cuộc trò chuyện riêng');
  });
});
