/**
 * A person's page (`/people/:id`, issue #15 §4): their units and roles, their channels in preference order with
 * which one last worked, and — for the province's coordinators and leaders — a form to add an official e-mail
 * address and a button that creates a single-use Zalo invite for the person (the code, the steps and a QR code of
 * the code; redeemed with the Zalo bot, it adds the Zalo channel to this person). Both post with the session's CSRF
 * token like every console form, through src/app/channels/admin.ts. Other pages link members here.
 */
import type { Context, Hono } from 'hono';
import { raw } from 'hono/html';
import type { FC } from 'hono/jsx';
import QRCode from 'qrcode';
import { addPersonChannel, createPersonZaloInvite, type ChannelAdminStore, type PersonPage } from '../app/channels/admin.js';
import type { Clock } from '../domain/clock.js';
import type { ConsoleEnv, ConsoleKit } from './console.js';
import { viDateTime } from './page-kit.js';
import { Layout, Message, type PageContext } from './pages.js';

/** How long a person's Zalo invite code stays valid. */
export const PERSON_INVITE_TTL_MS = 7 * 86_400_000;

export interface PeoplePagesDeps {
  store: Pick<ChannelAdminStore, 'personPage' | 'addChannel' | 'createPersonInvite'>;
  clock: Clock;
  /** Whether SMTP_URL is set (the page says so when not). */
  mailConfigured: boolean;
  /** Whether ZALO_BOT_TOKEN is set (the page says so when not). */
  zaloConfigured?: boolean;
}

function when(date: Date | null): string {
  if (date === null) return '—';
  const local = new Date(date.getTime() + 7 * 3600 * 1000).toISOString();
  return `${local.slice(8, 10)}/${local.slice(5, 7)}/${local.slice(0, 4)} ${local.slice(11, 16)}`;
}

const PersonView: FC<{ ctx: PageContext; p: PersonPage; canEdit: boolean; mailConfigured: boolean; zaloConfigured?: boolean; notice?: string; error?: string; value?: string }> = ({
  ctx,
  p,
  canEdit,
  mailConfigured,
  zaloConfigured,
  notice,
  error,
  value,
}) => (
  <Layout ctx={ctx} title={ctx.t('web-person-title', { name: p.name })}>
    {error ? (
      <div class="error-summary" role="alert" tabindex={-1}>
        <h2>{ctx.t('web-error-summary')}</h2>
        <p>
          <a href="#email">{error}</a>
        </p>
      </div>
    ) : null}
    {notice ? (
      <p class="message" role="status">
        {notice}
      </p>
    ) : null}
    <h1>{ctx.t('web-person-title', { name: p.name })}</h1>
    <h2>{ctx.t('web-person-units')}</h2>
    <ul>
      {p.memberships.map((m) => (
        <li>
          <a href={`/units/${m.unitId}`}>{m.unitName}</a> · {ctx.t(`web-role-${m.role}`)}
        </li>
      ))}
    </ul>
    <h2>{ctx.t('web-person-channels')}</h2>
    {p.channels.length === 0 ? (
      <p>{ctx.t('web-person-no-channels')}</p>
    ) : (
      <ol id="channels">
        {p.channels.map((c) => (
          <li data-kind={c.kind}>
            <strong>{ctx.t(`web-channel-${c.kind}`)}</strong> <code>{c.address}</code> —{' '}
            {c.usable ? ctx.t('web-person-channel-ok') : ctx.t('web-person-channel-unusable', { reason: c.inactiveReason ?? '?' })}
            {c.lastOkAt ? <> · {ctx.t('web-person-last-ok', { at: when(c.lastOkAt) })}</> : null}
          </li>
        ))}
      </ol>
    )}
    {canEdit ? (
      <form method="post" action={`/people/${p.id}/channels`}>
        <h2>{ctx.t('web-person-add-email')}</h2>
        {mailConfigured ? null : <p class="hint">{ctx.t('web-person-mail-not-configured')}</p>}
        <input type="hidden" name="_csrf" value={ctx.session?.csrfToken ?? ''} />
        <input type="hidden" name="kind" value="email" />
        <p>
          <label for="email">{ctx.t('web-person-email-label')}</label>
          <input id="email" name="address" type="email" required value={value ?? ''} autocomplete="off" aria-invalid={error ? 'true' : undefined} />
        </p>
        <button type="submit" class="primary">
          {ctx.t('web-person-add-submit')}
        </button>
      </form>
    ) : null}
    {canEdit ? (
      <form method="post" action={`/people/${p.id}/zalo-invite`} id="zalo-invite">
        <h2>{ctx.t('web-person-zalo-invite')}</h2>
        <p>{ctx.t('web-person-zalo-invite-explain')}</p>
        {zaloConfigured ? null : <p class="hint">{ctx.t('web-person-zalo-not-configured')}</p>}
        <input type="hidden" name="_csrf" value={ctx.session?.csrfToken ?? ''} />
        <button type="submit">{ctx.t('web-person-zalo-invite-submit')}</button>
      </form>
    ) : null}
  </Layout>
);

const ZaloInvitePage: FC<{ ctx: PageContext; p: PersonPage; token: string; unitName: string; expiresAt: Date; svg: string }> = ({ ctx, p, token, unitName, expiresAt, svg }) => (
  <Layout ctx={ctx} title={ctx.t('web-person-zalo-invite-title', { name: p.name })}>
    <div class="invite">
      <h1>{ctx.t('web-person-zalo-invite-title', { name: p.name })}</h1>
      <p>{ctx.t('web-person-zalo-invite-steps')}</p>
      <p>
        {ctx.t('web-person-zalo-invite-code')}: <code id="invite-code">{token}</code>
      </p>
      <figure class="qr" id="invite-qr">
        {raw(svg)}
        <figcaption>{ctx.t('web-person-zalo-invite-qr')}</figcaption>
      </figure>
      <p>{ctx.t('web-person-zalo-invite-expires', { unit: unitName, at: viDateTime(expiresAt) })}</p>
      <p class="noprint">
        <a href={`/people/${p.id}`}>{ctx.t('web-person-back')}</a>
      </p>
    </div>
  </Layout>
);

/** Mounts `/people/:id` on the console (`createWebConsole({ mount: [mountPeoplePages(deps)] })`). */
export function mountPeoplePages(deps: PeoplePagesDeps) {
  return (app: Hono<ConsoleEnv>, kit: ConsoleKit) => {
    const load = async (c: Context<ConsoleEnv>) => {
      const session = kit.signedIn(c);
      if (session instanceof Response) return session;
      const ctx = kit.ctxOf(c);
      const id = Number(c.req.param('id'));
      const p = Number.isSafeInteger(id) ? await deps.store.personPage(id) : null;
      if (p === null || !p.memberships.some((m) => m.province === session.province)) {
        return kit.page(c, <Message ctx={ctx} title={ctx.t('web-not-found-title')} text={ctx.t('web-not-found')} />, 404);
      }
      const canEdit = session.role === 'coordinator' || session.role === 'leader';
      // A head or focal point sees the people of their own unit only.
      if (!canEdit && !p.memberships.some((m) => m.unitId === session.unitId) && p.id !== session.personId) {
        return kit.page(c, <Message ctx={ctx} title={ctx.t('web-forbidden-title')} text={ctx.t('web-person-forbidden')} />, 403);
      }
      return { session, ctx, p, canEdit };
    };

    app.get('/people/:id', async (c) => {
      const r = await load(c);
      if (r instanceof Response) return r;
      const notice = c.req.query('added');
      return kit.page(
        c,
        <PersonView ctx={r.ctx} p={r.p} canEdit={r.canEdit} mailConfigured={deps.mailConfigured} zaloConfigured={deps.zaloConfigured ?? false} {...(notice ? { notice: r.ctx.t('web-person-added', { address: notice }) } : {})} />,
      );
    });

    app.post('/people/:id/channels', async (c) => {
      const r = await load(c);
      if (r instanceof Response) return r;
      const form = await c.req.parseBody();
      const address = typeof form['address'] === 'string' ? form['address'] : '';
      const outcome = await addPersonChannel(
        { store: deps.store, clock: deps.clock },
        { personId: r.session.personId, role: r.session.role, province: r.session.province, actor: `web:${r.session.personId ?? 'cli'}` },
        { personId: r.p.id, kind: 'email', address },
      );
      if (outcome.kind === 'forbidden') return kit.page(c, <Message ctx={r.ctx} title={r.ctx.t('web-forbidden-title')} text={r.ctx.t('web-person-forbidden')} />, 403);
      if (outcome.kind === 'invalid') {
        return kit.page(c, <PersonView ctx={r.ctx} p={r.p} canEdit={r.canEdit} mailConfigured={deps.mailConfigured} error={r.ctx.t('web-person-invalid-email')} value={address} />, 400);
      }
      if (outcome.kind === 'not_found') return kit.page(c, <Message ctx={r.ctx} title={r.ctx.t('web-not-found-title')} text={r.ctx.t('web-not-found')} />, 404);
      return c.redirect(`/people/${r.p.id}?added=${encodeURIComponent(address.trim().toLowerCase())}`, 303);
    });

    // A Zalo invite for this person: the code is shown once (no caching), with the steps and a QR code of it.
    app.post('/people/:id/zalo-invite', async (c) => {
      const r = await load(c);
      if (r instanceof Response) return r;
      const outcome = await createPersonZaloInvite(
        { store: deps.store, clock: deps.clock, ttlMs: PERSON_INVITE_TTL_MS },
        { personId: r.session.personId, role: r.session.role, province: r.session.province, actor: `web:${r.session.personId ?? 'cli'}` },
        r.p.id,
      );
      if (outcome.kind === 'forbidden') return kit.page(c, <Message ctx={r.ctx} title={r.ctx.t('web-forbidden-title')} text={r.ctx.t('web-person-forbidden')} />, 403);
      if (outcome.kind === 'not_found') return kit.page(c, <Message ctx={r.ctx} title={r.ctx.t('web-not-found-title')} text={r.ctx.t('web-not-found')} />, 404);
      const svg = await QRCode.toString(outcome.token, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
      c.header('Cache-Control', 'no-store');
      return kit.page(c, <ZaloInvitePage ctx={r.ctx} p={r.p} token={outcome.token} unitName={outcome.unitName} expiresAt={outcome.expiresAt} svg={svg} />);
    });
  };
}
