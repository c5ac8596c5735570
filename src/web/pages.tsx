/**
 * The web console's pages, server-rendered with hono/jsx. Every text comes from the Fluent catalogs
 * (src/i18n/locales, `## Web console`); colours always come with a word, never alone.
 */
import type { Child, FC } from 'hono/jsx';
import type { WebSession } from '../app/web/auth.js';
import { ITEM_STATUSES, type Dashboard, type ItemStatus } from '../app/web/dashboard.js';
import { taskLabel } from '../domain/format/task-label.js';
import type { TranslateArgs } from '../i18n/translator.js';

/** Translation in the page's language. */
export type T = (key: string, args?: TranslateArgs) => string;

export interface PageContext {
  t: T;
  lang: 'vi' | 'en';
  /** The current path and query, for the language switch. */
  path: string;
  session: WebSession | null;
}

/** 'YYYY-MM-DD' → 'DD/MM/YYYY', as Vietnamese documents write dates. */
export function viDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  const [y, m, d] = iso.slice(0, 10).split('-');
  return `${d}/${m}/${y}`;
}

function withLang(path: string, lang: string): string {
  const url = new URL(path, 'http://x');
  url.searchParams.set('lang', lang);
  return `${url.pathname}${url.search}`;
}

/** Links to the console's other pages (src/web/*-page.tsx), for the roles that may open them. */
const PAGE_LINKS: readonly { href: string; label: string; roles: readonly string[] }[] = [
  { href: '/calendar', label: 'webp-nav-calendar', roles: ['coordinator', 'leader', 'head', 'focal'] },
  { href: '/units', label: 'webp-nav-units', roles: ['coordinator', 'leader', 'head', 'focal'] },
  { href: '/approvals', label: 'webp-nav-approvals', roles: ['coordinator', 'leader', 'head', 'focal'] },
  { href: '/events', label: 'webp-nav-events', roles: ['coordinator', 'leader'] },
];

export const Layout: FC<{ ctx: PageContext; title: string; children?: Child }> = ({ ctx, title, children }) => {
  const { t, session } = ctx;
  return (
    <html lang={ctx.lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} · ${t('web-brand')}`}</title>
        <link rel="stylesheet" href="/assets/app.css" />
        <script src="/assets/htmx.min.js" defer></script>
      </head>
      <body>
        <a class="skip" href="#main">
          {t('web-skip-to-content')}
        </a>
        <header class="top">
          <a class="brand" href="/">
            {t('web-brand')}
          </a>
          {session ? (
            <nav aria-label={t('web-nav')}>
              <a href="/">{t('web-nav-dashboard')}</a>
              {session.role === 'coordinator' || session.role === 'leader' ? <a href="/plans">{t('web-nav-plans')}</a> : null}
              {session.role === 'head' || session.role === 'focal' ? <a href={`/units/${session.unitId}`}>{t('web-nav-my-unit')}</a> : null}
              {PAGE_LINKS.filter((l) => l.roles.includes(session.role)).map((l) => (
                <a href={l.href}>{t(l.label)}</a>
              ))}
              <a href="/exports">{t('web-nav-exports')}</a>
            </nav>
          ) : null}
          <div class="who">
            {session ? (
              <span>
                {session.personName ?? t('web-anonymous')} · {t(`web-role-${session.role}`)} · {session.unitName}
              </span>
            ) : null}
            <a href={withLang(ctx.path, ctx.lang === 'vi' ? 'en' : 'vi')} hreflang={ctx.lang === 'vi' ? 'en' : 'vi'}>
              {ctx.lang === 'vi' ? 'English' : 'Tiếng Việt'}
            </a>
            {session ? (
              <>
                <form method="post" action="/logout" class="inline">
                  <input type="hidden" name="_csrf" value={session.csrfToken} />
                  <button type="submit">{t('web-sign-out')}</button>
                </form>
                <form method="post" action="/logout/all" class="inline">
                  <input type="hidden" name="_csrf" value={session.csrfToken} />
                  <button type="submit">{t('web-sign-out-everywhere')}</button>
                </form>
              </>
            ) : null}
          </div>
        </header>
        <main id="main">{children}</main>
      </body>
    </html>
  );
};

export const Message: FC<{ ctx: PageContext; title: string; text: string; link?: { href: string; label: string } }> = ({ ctx, title, text, link }) => (
  <Layout ctx={ctx} title={title}>
    <h1>{title}</h1>
    <p class="message">{text}</p>
    {link ? (
      <p>
        <a href={link.href}>{link.label}</a>
      </p>
    ) : null}
  </Layout>
);

/** `GET /login/:token`: a button, so that link previews (Telegram fetches links in messages) never spend the link. */
export const SignInPage: FC<{ ctx: PageContext; token: string }> = ({ ctx, token }) => (
  <Layout ctx={ctx} title={ctx.t('web-sign-in-title')}>
    <h1>{ctx.t('web-sign-in-title')}</h1>
    <p>{ctx.t('web-sign-in-explain')}</p>
    <form method="post" action="/login">
      <input type="hidden" name="token" value={token} />
      <button type="submit" class="primary" id="sign-in">
        {ctx.t('web-sign-in-button')}
      </button>
    </form>
  </Layout>
);

export const StatusBadge: FC<{ t: T; status: ItemStatus }> = ({ t, status }) => (
  <span class={`badge s-${status}`} data-status={status}>
    {t(`web-status-${status}`)}
  </span>
);

function percent(n: number | null): string {
  return n === null ? '—' : `${n.toLocaleString('vi-VN')} %`;
}

/** Units shown per page of the dashboard's unit table (a province has up to about 800). */
export const UNITS_PAGE_SIZE = 100;

/** The dashboard's address with its filters and page `n` of the unit table. */
function boardHref(d: Dashboard, n: number): string {
  const q = new URLSearchParams();
  if (d.plan) q.set('plan', String(d.plan.id));
  q.set('period', d.period.key);
  if (d.groupId !== undefined) q.set('group', String(d.groupId));
  q.set('page', String(n));
  return `/?${q.toString()}`;
}

/** The part of the dashboard htmx swaps when a filter changes. */
export const Board: FC<{ ctx: PageContext; d: Dashboard; unitPage?: { unitId: number; unitName: string }; unitsPage?: number }> = ({ ctx, d, unitPage, unitsPage }) => {
  const { t } = ctx;
  const maxDue = Math.max(1, ...d.months.map((m) => m.due));
  const pages = Math.max(1, Math.ceil(d.units.length / UNITS_PAGE_SIZE));
  const pageNo = Math.min(pages, Math.max(1, unitsPage ?? 1));
  const shown = d.units.slice((pageNo - 1) * UNITS_PAGE_SIZE, pageNo * UNITS_PAGE_SIZE);
  return (
    <div id="board">
      <section class="figures" aria-label={t('web-figures')}>
        <div class="figure">
          <span class="value" id="on-time">
            {percent(d.totals.onTimePercent)}
          </span>
          <span class="label">{t('web-on-time-share')}</span>
        </div>
        <div class="figure">
          <span class="value" id="overdue-count">
            {d.totals.overdue}
          </span>
          <span class="label">{t('web-status-overdue')}</span>
        </div>
        {ITEM_STATUSES.filter((s) => s !== 'overdue').map((s) => (
          <div class="figure">
            <span class="value">{d.totals[s]}</span>
            <span class="label">{t(`web-status-${s}`)}</span>
          </div>
        ))}
      </section>

      {unitPage ? null : (
        <section aria-labelledby="units-h">
          <h2 id="units-h">{t('web-units')}</h2>
          {d.units.length === 0 ? (
            <p>{t('web-no-items')}</p>
          ) : (
            <div class="scroll">
              <table class="units">
                <thead>
                  <tr>
                    <th scope="col">{t('web-unit')}</th>
                    <th scope="col">{t('web-status')}</th>
                    {ITEM_STATUSES.map((s) => (
                      <th scope="col" class="num">
                        {t(`web-status-short-${s}`)}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {shown.map((u) => (
                    <tr data-unit={u.unitCode} class={`row-${u.status}`}>
                      <td>
                        <a href={`/units/${u.unitId}`}>{u.unitName}</a>
                      </td>
                      <td>
                        <StatusBadge t={t} status={u.status} />
                      </td>
                      {ITEM_STATUSES.map((s) => (
                        <td class="num">{u.counts[s]}</td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
              {pages > 1 ? (
                <nav class="pager" aria-label={t('web-units')}>
                  {pageNo > 1 ? <a href={boardHref(d, pageNo - 1)} rel="prev">{t('web-units-prev')}</a> : null}
                  <span>{t('web-units-page', { page: pageNo, pages, count: d.units.length })}</span>
                  {pageNo < pages ? <a href={boardHref(d, pageNo + 1)} rel="next">{t('web-units-next')}</a> : null}
                </nav>
              ) : null}
            </div>
          )}
        </section>
      )}

      <section aria-labelledby="worst-h">
        <h2 id="worst-h">{t('web-worst-overdue')}</h2>
        {d.worstOverdue.length === 0 ? (
          <p>{t('web-none-overdue')}</p>
        ) : (
          <ol class="worst">
            {d.worstOverdue.map((i) => (
              <li>
                <a href={`/items/${i.dueItemId}`}>
                  {taskLabel({ key: i.taskKey, number: i.taskNumber })} — {i.taskTitle}
                </a>{' '}
                <span class="muted">
                  {i.unitName} · {i.occurrenceLabel} · {t('web-due')} {viDate(i.dueDate)}
                </span>
              </li>
            ))}
          </ol>
        )}
      </section>

      <section aria-labelledby="trend-h">
        <h2 id="trend-h">{t('web-trend')}</h2>
        {d.months.length === 0 ? (
          <p>{t('web-no-items')}</p>
        ) : (
          <div class="scroll">
            <table class="trend">
              <thead>
                <tr>
                  <th scope="col">{t('web-month')}</th>
                  <th scope="col" class="num">
                    {t('web-due-items')}
                  </th>
                  <th scope="col" class="num">
                    {t('web-status-short-done')}
                  </th>
                  <th scope="col" class="num">
                    {t('web-status-short-done_late')}
                  </th>
                  <th scope="col" class="num">
                    {t('web-status-short-overdue')}
                  </th>
                  <th scope="col" aria-hidden="true"></th>
                </tr>
              </thead>
              <tbody>
                {d.months.map((m) => (
                  <tr>
                    <td>{`${m.month.slice(5)}/${m.month.slice(0, 4)}`}</td>
                    <td class="num">{m.due}</td>
                    <td class="num">{m.doneOnTime}</td>
                    <td class="num">{m.doneLate}</td>
                    <td class="num">{m.overdue}</td>
                    <td aria-hidden="true" class="bar">
                      <span class="b s-done" style={`width:${(100 * m.doneOnTime) / maxDue}%`}></span>
                      <span class="b s-done_late" style={`width:${(100 * m.doneLate) / maxDue}%`}></span>
                      <span class="b s-overdue" style={`width:${(100 * m.overdue) / maxDue}%`}></span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
};

export const DashboardPage: FC<{ ctx: PageContext; d: Dashboard; unitPage?: { unitId: number; unitName: string }; unitsPage?: number }> = ({ ctx, d, unitPage, unitsPage }) => {
  const { t } = ctx;
  const periods = ['plan', 'year', 'q1', 'q2', 'q3', 'q4'];
  const action = unitPage ? `/units/${unitPage.unitId}` : '/';
  return (
    <Layout ctx={ctx} title={unitPage ? unitPage.unitName : t('web-nav-dashboard')}>
      <h1>{unitPage ? unitPage.unitName : t('web-dashboard-title')}</h1>
      <p class="muted">
        {t('web-as-of', { date: viDate(d.today) })}
        {d.plan ? ` · ${d.plan.title}` : ''}
      </p>
      {d.plan === null ? (
        <p class="message">{t('web-no-published-plan')}</p>
      ) : (
        <>
          <form class="filters" method="get" action={action} hx-get={action} hx-target="#board" hx-select="#board" hx-swap="outerHTML" hx-push-url="true" hx-trigger="change">
            <label>
              {t('web-plan')}
              <select name="plan">
                {d.plans.map((p) => (
                  <option value={String(p.id)} selected={p.id === d.plan?.id}>
                    {p.title} ({p.periodStartYear}
                    {p.periodEndYear !== p.periodStartYear ? `–${p.periodEndYear}` : ''})
                  </option>
                ))}
              </select>
            </label>
            <label>
              {t('web-period')}
              <select name="period">
                {periods.map((p) => (
                  <option value={p} selected={p === d.period.key}>
                    {t(`web-period-${p}`)}
                  </option>
                ))}
              </select>
            </label>
            {unitPage || d.groups.length === 0 || !(ctx.session?.role === 'coordinator' || ctx.session?.role === 'leader') ? null : (
              <label>
                {t('web-group')}
                <select name="group">
                  <option value="">{t('web-all-units')}</option>
                  {d.groups.map((g) => (
                    <option value={String(g.id)} selected={g.id === d.groupId}>
                      {g.name}
                    </option>
                  ))}
                </select>
              </label>
            )}
            <noscript>
              <button type="submit">{t('web-apply')}</button>
            </noscript>
          </form>
          <Board ctx={ctx} d={d} {...(unitPage ? { unitPage } : {})} {...(unitsPage !== undefined ? { unitsPage } : {})} />
        </>
      )}
    </Layout>
  );
};
