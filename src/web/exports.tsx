/**
 * `/exports`: the report annex for download (.xlsx, .docx) and the private calendar feed addresses (issue #14 §1,
 * §2). A plain GET form downloads the file (no JavaScript needed); making a feed address is a POST with the
 * session's CSRF token (checked by the console's middleware) that shows the address once.
 *
 * Registered by src/web/console.tsx (`registerExportsPages`) with its page helpers.
 */
import type { Context, Hono } from 'hono';
import type { FC } from 'hono/jsx';
import type { HtmlEscapedString } from 'hono/utils/html';
import type { WebSession } from '../app/web/auth.js';
import { seesProvince, type ExportsOverview, type ReportFormat, type WebExports } from '../app/web/exports.js';
import { Layout, Message, viDate, type PageContext } from './pages.js';

/** The console's variables (src/web/console.tsx), as its middleware sets them. */
type AnyEnv = { Variables: { session: WebSession | null; lang: 'vi' | 'en' } };

export interface ExportsPagesDeps {
  exports: WebExports;
  ctxOf(c: Context<AnyEnv>): PageContext;
  page(c: Context<AnyEnv>, body: HtmlEscapedString | Promise<HtmlEscapedString>, status?: 200 | 403 | 404 | 429 | 400): Response | Promise<Response>;
}

const FeedBlock: FC<{ ctx: PageContext; owner: 'unit' | 'person'; createdAt: Date | null; issued?: string | undefined }> = ({ ctx, owner, createdAt, issued }) => {
  const { t, session } = ctx;
  return (
    <section aria-labelledby={`feed-${owner}`}>
      <h3 id={`feed-${owner}`}>{owner === 'unit' ? t('web-exports-feed-unit', { unit: session!.unitName }) : t('web-exports-feed-person')}</h3>
      {issued ? (
        <>
          <p class="message">{t('web-exports-feed-issued')}</p>
          <p>
            <label>
              {t('web-exports-feed-address')}
              <input type="text" readonly value={issued} size={80} />
            </label>
          </p>
          <p>
            <a href={issued.replace(/^https?:/, 'webcal:')}>{t('web-exports-feed-subscribe')}</a>
          </p>
        </>
      ) : (
        <p class="muted">{createdAt ? t('web-exports-feed-exists', { date: viDate(createdAt.toISOString()) }) : t('web-exports-feed-none')}</p>
      )}
      <form method="post" action="/exports/feed">
        <input type="hidden" name="_csrf" value={session!.csrfToken} />
        <input type="hidden" name="owner" value={owner} />
        <button type="submit">{createdAt || issued ? t('web-exports-feed-rotate') : t('web-exports-feed-create')}</button>
      </form>
    </section>
  );
};

export const ExportsPage: FC<{ ctx: PageContext; o: ExportsOverview; issued?: { owner: 'unit' | 'person'; url: string } }> = ({ ctx, o, issued }) => {
  const { t, session } = ctx;
  return (
    <Layout ctx={ctx} title={t('web-exports-title')}>
      <h1>{t('web-exports-title')}</h1>
      <section aria-labelledby="report">
        <h2 id="report">{t('web-exports-report')}</h2>
        <p class="muted">{t('web-exports-report-hint')}</p>
        {o.plans.length === 0 ? (
          <p class="message">{t('web-no-published-plan')}</p>
        ) : (
          <form method="get" action="/exports/report" class="filters">
            <label>
              {t('web-plan')}
              <select name="plan">
                {o.plans.map((p) => (
                  <option value={String(p.id)}>
                    {p.title}
                    {p.decisionNumber ? ` (${p.decisionNumber})` : ''}
                  </option>
                ))}
              </select>
            </label>
            {o.units === null ? (
              <p>{t('web-exports-own-unit', { unit: session!.unitName })}</p>
            ) : (
              <label>
                {t('web-exports-unit')}
                <select name="unit">
                  <option value="">{t('web-exports-whole-plan')}</option>
                  {o.units.map((u) => (
                    <option value={u.code}>{u.name}</option>
                  ))}
                </select>
              </label>
            )}
            <label>
              {t('web-exports-as-of')}
              <input type="date" name="asOf" />
            </label>
            <button type="submit" name="format" value="xlsx" class="primary">
              {t('web-exports-download-xlsx')}
            </button>
            <button type="submit" name="format" value="docx">
              {t('web-exports-download-docx')}
            </button>
          </form>
        )}
      </section>
      <section aria-labelledby="feeds">
        <h2 id="feeds">{t('web-exports-feeds')}</h2>
        <p class="muted">{t('web-exports-feeds-hint')}</p>
        <FeedBlock ctx={ctx} owner="unit" createdAt={o.unitFeed.createdAt} issued={issued?.owner === 'unit' ? issued.url : undefined} />
        {o.personFeed === null ? null : (
          <FeedBlock ctx={ctx} owner="person" createdAt={o.personFeed.createdAt} issued={issued?.owner === 'person' ? issued.url : undefined} />
        )}
        <p>
          <a href="/ics/ngay-nghi.ics">{t('web-exports-holidays')}</a>
        </p>
      </section>
    </Layout>
  );
};

const FORMATS: readonly ReportFormat[] = ['xlsx', 'docx'];

/** Adds `GET /exports`, `GET /exports/report` and `POST /exports/feed` to the console. */
export function registerExportsPages(app: Hono<AnyEnv>, deps: ExportsPagesDeps): void {
  const session = (c: Context<AnyEnv>): WebSession | null => c.get('session');

  app.get('/exports', async (c) => {
    const s = session(c);
    if (s === null) return c.redirect('/signin', 303);
    return deps.page(c, <ExportsPage ctx={deps.ctxOf(c)} o={await deps.exports.overview(s)} />);
  });

  app.get('/exports/report', async (c) => {
    const s = session(c);
    if (s === null) return c.redirect('/signin', 303);
    const ctx = deps.ctxOf(c);
    const plan = c.req.query('plan') ?? '';
    const format = c.req.query('format') as ReportFormat;
    const unit = c.req.query('unit') ?? '';
    const asOf = c.req.query('asOf') ?? '';
    if (!/^\d{1,9}$/.test(plan) || !FORMATS.includes(format) || (asOf !== '' && !/^\d{4}-\d{2}-\d{2}$/.test(asOf)) || unit.length > 100)
      return deps.page(c, <Message ctx={ctx} title={ctx.t('web-exports-title')} text={ctx.t('web-exports-bad-request')} link={{ href: '/exports', label: ctx.t('web-exports-back') }} />, 400);
    // Heads and focal points get their own unit whatever the form said (the use case enforces it too).
    const r = await deps.exports.report(s, { planId: Number(plan), format, ...(unit !== '' && seesProvince(s) ? { unit } : {}), ...(asOf !== '' ? { asOf } : {}) });
    if (r.kind === 'not_found') return deps.page(c, <Message ctx={ctx} title={ctx.t('web-not-found-title')} text={ctx.t('web-not-found')} />, 404);
    if (r.kind === 'invalid') return deps.page(c, <Message ctx={ctx} title={ctx.t('web-exports-title')} text={r.message} link={{ href: '/exports', label: ctx.t('web-exports-back') }} />, 400);
    return c.body(new Uint8Array(r.body), 200, {
      'content-type': r.contentType,
      'content-disposition': `attachment; filename="${r.fileName}"`,
      'cache-control': 'private, no-store',
    });
  });

  app.post('/exports/feed', async (c) => {
    const s = session(c)!; // the console's middleware refuses posts without a session
    const ctx = deps.ctxOf(c);
    const form = await c.req.parseBody();
    const owner = form['owner'] === 'person' ? 'person' : form['owner'] === 'unit' ? 'unit' : null;
    const r = owner === null ? ({ kind: 'forbidden' } as const) : await deps.exports.issueFeed(s, owner);
    if (r.kind === 'forbidden') return deps.page(c, <Message ctx={ctx} title={ctx.t('web-forbidden-title')} text={ctx.t('web-exports-feed-forbidden')} />, 403);
    // Rendered, not redirected: the address exists only in this answer.
    c.header('cache-control', 'private, no-store');
    return deps.page(c, <ExportsPage ctx={ctx} o={await deps.exports.overview(s)} issued={{ owner: r.owner, url: r.url }} />);
  });
}
