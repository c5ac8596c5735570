/**
 * `/units` (issue #13 §3): the unit directory with aliases and groups, searched and paged (a province has ~800
 * units), each unit's people (linked to `/people/:id`) and whether anyone receives its reminders; and, for the
 * coordinator, invitation links — the same single-use invites as `nhacviec units invite` — with a printable QR code
 * drawn on the server as SVG (npm `qrcode`), so nothing is fetched from elsewhere.
 */
import type { Hono } from 'hono';
import { raw } from 'hono/html';
import type { FC } from 'hono/jsx';
import QRCode from 'qrcode';
import { MEMBER_ROLES } from '../app/bot/store.js';
import type { DirectoryQuery, DirectoryView, InviteOutcome, WebDirectory } from '../app/web/directory.js';
import { UNIT_KINDS, type UnitKind } from '../domain/units/directory.js';
import type { Env, PageHelpers, PageMount } from './console.js';
import { Csrf, DataTable, field, idParam, Section, viDateTime } from './page-kit.js';
import { Layout, type PageContext } from './pages.js';

function queryString(q: DirectoryQuery, page?: number): string {
  const p = new URLSearchParams();
  if (q.q) p.set('q', q.q);
  if (q.kind) p.set('kind', q.kind);
  if (q.missing) p.set('missing', '1');
  if (page !== undefined && page > 1) p.set('page', String(page));
  const s = p.toString();
  return s ? `?${s}` : '';
}

const Directory: FC<{ ctx: PageContext; view: DirectoryView; query: DirectoryQuery }> = ({ ctx, view, query }) => {
  const { t } = ctx;
  return (
    <div id="directory">
      <p role="status" id="unit-count">
        {t('webp-units-found', { count: view.total })}
        {view.pages > 1 ? ` · ${t('webp-page-of', { page: view.page, pages: view.pages })}` : ''}
      </p>
      {view.rows.length === 0 ? (
        <p>{t('webp-no-units')}</p>
      ) : (
        <ul class="cards">
          {view.rows.map((u) => (
            <li class="card" data-unit={u.code}>
              <p>
                <a href={`/units/${u.id}`}>
                  <strong>{u.name}</strong>
                </a>{' '}
                <span class="muted">
                  {u.code} · {t(`webp-kind-${u.kind}`)}
                </span>
              </p>
              {u.aliases.length > 0 ? (
                <p class="muted">
                  {t('webp-aliases')}: {u.aliases.join('; ')}
                </p>
              ) : null}
              {u.groups.length > 0 ? (
                <p class="muted">
                  {t('webp-groups')}: {u.groups.join('; ')}
                </p>
              ) : null}
              <p>
                {u.covered ? (
                  <span class="badge s-done" data-covered="yes">
                    {t('webp-covered')}
                  </span>
                ) : (
                  <span class="badge s-overdue" data-covered="no">
                    {t('webp-not-covered')}
                  </span>
                )}{' '}
                {t('webp-open-items', { count: u.openItems })}
                {u.groupChat ? ` · ${t('webp-group-chat')}` : ''}
              </p>
              {u.members.length > 0 ? (
                <ul class="members">
                  {u.members.map((m) => (
                    <li>
                      <a href={`/people/${m.personId}`}>{m.name}</a> ({t(`web-role-${m.role}`)}
                      {m.reachable ? '' : `, ${t('webp-unreachable')}`})
                    </li>
                  ))}
                </ul>
              ) : (
                <p class="muted">{t('webp-no-members')}</p>
              )}
              {view.mayInvite ? (
                <form method="post" action={`/units/${u.id}/invites`} class="decide noprint">
                  <Csrf ctx={ctx} />
                  <label>
                    {t('webp-invite-role')}{' '}
                    <select name="role">
                      {MEMBER_ROLES.map((r) => (
                        <option value={r}>{t(`web-role-${r}`)}</option>
                      ))}
                    </select>
                  </label>
                  <label>
                    <input type="checkbox" name="group" value="1" /> {t('webp-invite-group')}
                  </label>
                  <button type="submit">{t('webp-invite-create')}</button>
                </form>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {view.pages > 1 ? (
        <nav class="pager" aria-label={t('webp-pages')}>
          {view.page > 1 ? (
            <a href={`/units${queryString(query, view.page - 1)}`} rel="prev">
              ← {t('webp-prev')}
            </a>
          ) : null}
          <span>{t('webp-page-of', { page: view.page, pages: view.pages })}</span>
          {view.page < view.pages ? (
            <a href={`/units${queryString(query, view.page + 1)}`} rel="next">
              {t('webp-next')} →
            </a>
          ) : null}
        </nav>
      ) : null}
    </div>
  );
};

const UnitsPage: FC<{ ctx: PageContext; view: DirectoryView; query: DirectoryQuery }> = ({ ctx, view, query }) => {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('webp-units-title')}>
      <h1>{t('webp-units-title')}</h1>
      {view.uncovered > 0 ? (
        <p class="message" id="uncovered">
          {t('webp-uncovered', { count: view.uncovered })} <a href="/units?missing=1">{t('webp-show-them')}</a>
        </p>
      ) : null}
      <form class="filters noprint" method="get" action="/units" role="search" hx-get="/units" hx-target="#directory" hx-select="#directory" hx-swap="outerHTML" hx-push-url="true" hx-trigger="input changed delay:300ms from:#unit-q, change">
        <label for="unit-q">{t('webp-search-units')}</label>
        <input type="search" id="unit-q" name="q" value={query.q ?? ''} autocomplete="off" />
        <label>
          {t('webp-kind')}
          <select name="kind">
            <option value="">{t('webp-all-kinds')}</option>
            {view.kinds.map((k) => (
              <option value={k} selected={k === query.kind}>
                {t(`webp-kind-${k}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          <input type="checkbox" name="missing" value="1" checked={query.missing === true} /> {t('webp-only-uncovered')}
        </label>
        <button type="submit">{t('webp-search')}</button>
      </form>
      <Directory ctx={ctx} view={view} query={query} />
      {view.groups.length > 0 ? (
        <Section headingId="groups-h" title={t('webp-groups')}>
          <DataTable id="groups" rows={view.groups} columns={[
              { head: t('webp-group'), cell: (g) => <>{g.name} <span class="muted">{g.code}</span></> },
              { head: t('webp-group-members'), num: true, cell: (g) => g.members },
              { head: t('webp-aliases'), cell: (g) => g.aliases.join('; ') },
            ]}
          />
        </Section>
      ) : null}
    </Layout>
  );
};

const InvitePage: FC<{ ctx: PageContext; invite: Extract<InviteOutcome, { kind: 'created' }>; svg: string | null }> = ({ ctx, invite, svg }) => {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('webp-invite-title')}>
      <div class="invite">
        <h1>{t(invite.group ? 'webp-invite-title-group' : 'webp-invite-title')}</h1>
        <p>
          <strong>{invite.unit.name}</strong> · {t(`web-role-${invite.role}`)}
        </p>
        {svg !== null && invite.link !== null ? (
          <>
            <figure class="qr" id="invite-qr">
              {raw(svg)}
              <figcaption>{t('webp-invite-scan')}</figcaption>
            </figure>
            <p>
              <a href={invite.link} id="invite-link">
                {invite.link}
              </a>
            </p>
          </>
        ) : (
          <p class="message" id="invite-no-bot">
            {t('webp-invite-no-bot', { command: `/start ${invite.token}` })}
          </p>
        )}
        <p>{t('webp-invite-expires', { at: viDateTime(invite.expiresAt) })}</p>
        <p class="noprint">{t('webp-invite-print')}</p>
        <p class="noprint">
          <a href="/units">{t('webp-back-to-units')}</a>
        </p>
      </div>
    </Layout>
  );
};

function readQuery(c: { req: { query(name: string): string | undefined } }): DirectoryQuery {
  const q = (c.req.query('q') ?? '').trim().slice(0, 100);
  const kind = c.req.query('kind');
  const page = idParam(c.req.query('page'));
  return {
    ...(q ? { q } : {}),
    ...(kind && (UNIT_KINDS as readonly string[]).includes(kind) ? { kind: kind as UnitKind } : {}),
    ...(c.req.query('missing') === '1' ? { missing: true } : {}),
    ...(page !== undefined ? { page } : {}),
  };
}

/** Mounts `/units` and `POST /units/:id/invites`. */
export function unitsPages(directory: WebDirectory): PageMount {
  return (app: Hono<Env>, h: PageHelpers) => {
    app.get('/units', async (c) => {
      const session = h.signedIn(c);
      if (session instanceof Response) return session;
      const query = readQuery(c);
      const view = await directory.directory(session, query);
      return h.page(c, <UnitsPage ctx={h.ctxOf(c)} view={view} query={query} />);
    });

    app.post('/units/:id/invites', async (c) => {
      const session = h.signedIn(c);
      if (session instanceof Response) return session;
      const unitId = idParam(c.req.param('id'));
      const form = await c.req.parseBody();
      if (unitId === undefined) return h.message(c, 404, 'web-not-found-title', 'web-not-found');
      const invite = await directory.invite(session, { unitId, role: field(form, 'role'), group: field(form, 'group') === '1' });
      if (invite.kind === 'forbidden') return h.message(c, 403, 'web-forbidden-title', 'webp-invite-forbidden');
      if (invite.kind === 'unknown_unit') return h.message(c, 404, 'web-not-found-title', 'web-not-found');
      const svg = invite.link === null ? null : await QRCode.toString(invite.link, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
      // The token is shown once: the page must not be kept by caches.
      c.header('Cache-Control', 'no-store');
      return h.page(c, <InvitePage ctx={h.ctxOf(c)} invite={invite} svg={svg} />);
    });
  };
}
