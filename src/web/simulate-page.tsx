/**
 * `/plans/:id/simulate` (issue #13 §3): a plan's year preview as a chart and a table, from the same simulation as
 * `nhacviec simulate` (src/app/web/simulate.ts runs it as a background job of this process).
 *
 * - `GET /plans/:id/simulate`: the form (period, completion rate) and the latest run: its progress, or its result.
 * - `POST /plans/:id/simulate` (CSRF): starts a run, or joins the one under way; then the page (303), or with htmx
 *   the status fragment.
 * - `GET /plans/:id/simulate/status`: the status fragment. While a run is queued or running it asks for itself
 *   again every second (htmx `every 1s`); a finished run's fragment carries the result and stops asking. Without
 *   JavaScript, a link reloads the page.
 * - `GET /plans/:id/simulate/messages.jsonl|.csv`: every message of the latest finished run (JSON lines as the
 *   CLI's `--json` events; CSV with a BOM for spreadsheets).
 *
 * Coordinators and leaders; heads and focal points get 403.
 */
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { createGunzip, gunzipSync } from 'node:zlib';
import type { Context, Hono } from 'hono';
import type { FC } from 'hono/jsx';
import type { Access } from '../app/web/plans.js';
import type { SimulationEvent } from '../app/simulate.js';
import type { SimulationJob, SimulationMonth, SimulationSummary, SimulationView, WebSimulations } from '../app/web/simulate.js';
import type { Env, PageHelpers, PageMount } from './console.js';
import { Csrf, DataTable, ErrorSummary, field, idParam, viDateTime, type FieldError } from './page-kit.js';
import { Layout, viDate, type PageContext } from './pages.js';

const num = (n: number) => n.toLocaleString('vi-VN');
const monthLabel = (m: string) => `${m.slice(5)}/${m.slice(0, 4)}`;

/** The three series of the chart, each with its catalog key and colour (a word always names the colour). */
const SERIES = [
  { key: 'reminders', label: 'webs-series-reminders', color: '#0b57d0' },
  { key: 'escalations', label: 'webs-series-escalations', color: '#b06000' },
  { key: 'overdue', label: 'webs-series-overdue', color: '#b3261e' },
] as const;

/**
 * Messages and overdue items per month as an SVG drawn here (no chart library): one panel per series, each on its
 * own scale (reminders outnumber escalations tenfold), its largest value written beside its name. Scales with the
 * page's width (viewBox), down to 480 px, below which it scrolls sideways (a phone keeps readable labels); the
 * table below carries every number.
 */
export const SimulationChart: FC<{ ctx: PageContext; months: readonly SimulationMonth[] }> = ({ ctx, months }) => {
  const { t } = ctx;
  const width = 560;
  const left = 8;
  const panelH = 96;
  const barsH = 62;
  const labelsH = 22;
  const height = SERIES.length * panelH + labelsH;
  const n = Math.max(1, months.length);
  const slot = (width - left * 2) / n;
  const barW = Math.max(2, Math.min(40, slot * 0.7));
  // Month labels: all for a year, fewer for a longer period.
  const every = Math.ceil(n / 12);
  return (
    <svg
      xmlns="http://www.w3.org/2000/svg"
      viewBox={`0 0 ${width} ${height}`}
      class="sim-chart"
      id="sim-chart"
      role="img"
      aria-labelledby="sim-chart-title"
      font-family="system-ui, Arial, sans-serif"
    >
      <title id="sim-chart-title">{t('webs-chart-title')}</title>
      {SERIES.map((s, i) => {
        const values = months.map((m) => m[s.key]);
        const max = Math.max(1, ...values);
        const top = i * panelH;
        return (
          <g data-series={s.key}>
            <text x={left} y={top + 16} font-size="14" font-weight="700" fill="#1d2327">
              {`${t(s.label)} · ${t('webs-chart-max', { n: num(Math.max(0, ...values)) })}`}
            </text>
            <line x1={left} x2={width - left} y1={top + 24 + barsH} y2={top + 24 + barsH} stroke="#d7dce1" />
            {months.map((m, j) => {
              const h = Math.round((m[s.key] / max) * barsH);
              const x = left + j * slot + (slot - barW) / 2;
              return (
                <rect x={x.toFixed(1)} y={top + 24 + barsH - h} width={barW.toFixed(1)} height={h} fill={s.color} data-month={m.month} data-value={m[s.key]}>
                  <title>{`${monthLabel(m.month)}: ${num(m[s.key])}`}</title>
                </rect>
              );
            })}
          </g>
        );
      })}
      {months.map((m, j) =>
        j % every === 0 ? (
          <text x={(left + j * slot + slot / 2).toFixed(1)} y={height - 6} font-size="12" text-anchor="middle" fill="#5b6670">
            {n <= 12 ? m.month.slice(5) : monthLabel(m.month)}
          </text>
        ) : null,
      )}
    </svg>
  );
};

const SummaryResult: FC<{ ctx: PageContext; planId: number; job: SimulationJob; s: SimulationSummary; outdated: boolean }> = ({ ctx, planId, job, s, outdated }) => {
  const { t } = ctx;
  const r = s.result;
  const k = r.totals.byKind;
  return (
    <section class="sim-result" id="sim-result" aria-labelledby="sim-result-h" data-messages={r.eventCount}>
      <h2 id="sim-result-h">{t('webs-result-title', { from: viDate(r.from), to: viDate(r.to) })}</h2>
      {outdated ? (
        <p class="message warn" role="status" id="sim-outdated">
          {t('webs-outdated')}
        </p>
      ) : null}
      <p class="muted">{t('webs-result-when', { at: viDateTime(job.finishedAt), rate: Math.round(r.doneRate * 100) })}</p>
      <section class="figures" aria-label={t('webs-figures')}>
        <div class="figure">
          <span class="value" id="sim-due">
            {num(r.dueItems)}
          </span>
          <span class="label">{t('webs-due-items')}</span>
        </div>
        <div class="figure">
          <span class="value">{num(r.completed)}</span>
          <span class="label">{t('webs-completed')}</span>
        </div>
        <div class="figure">
          <span class="value" id="sim-messages">
            {num(r.eventCount)}
          </span>
          <span class="label">{t('webs-messages')}</span>
        </div>
        <div class="figure">
          <span class="value">{num((k.reminder ?? 0) + (k.nudge ?? 0))}</span>
          <span class="label">{t('webs-series-reminders')}</span>
        </div>
        <div class="figure">
          <span class="value">{num(k.escalation ?? 0)}</span>
          <span class="label">{t('webs-series-escalations')}</span>
        </div>
        <div class="figure">
          <span class="value">{num(k.digest ?? 0)}</span>
          <span class="label">{t('webs-digests')}</span>
        </div>
      </section>

      <h3>{t('webs-chart-title')}</h3>
      <p class="legend muted">
        {SERIES.map((se) => (
          <span class="key">
            <span class="swatch" style={`background:${se.color}`}></span> {t(se.label)}
          </span>
        ))}
      </p>
      <div class="scroll">
        <SimulationChart ctx={ctx} months={s.months} />
      </div>

      <h3 id="sim-months-h">{t('webs-by-month')}</h3>
      <DataTable
        class="sim-months"
        labelledBy="sim-months-h"
        rows={s.months}
        rowAttrs={(m) => ({ 'data-month': m.month })}
        columns={[
          { head: t('web-month'), cell: (m) => monthLabel(m.month) },
          { head: t('webs-series-reminders'), cell: (m) => num(m.reminders), num: true },
          { head: t('webs-series-escalations'), cell: (m) => num(m.escalations), num: true },
          { head: t('webs-series-overdue'), cell: (m) => num(m.overdue), num: true },
          { head: t('webs-all-messages'), cell: (m) => num(m.total), num: true },
        ]}
      />

      <h3 id="sim-units-h">{t('webs-by-unit', { shown: s.topUnits.length, count: s.unitCount })}</h3>
      <DataTable
        class="sim-units"
        labelledBy="sim-units-h"
        rows={s.topUnits}
        columns={[
          { head: t('web-unit'), cell: (u) => u.unit },
          { head: t('webs-series-reminders'), cell: (u) => num(u.reminders), num: true },
          { head: t('webs-series-escalations'), cell: (u) => num(u.escalations), num: true },
          { head: t('webs-all-messages'), cell: (u) => num(u.total), num: true },
        ]}
      />

      <h3>{t('webs-download-title')}</h3>
      <p>{t('webs-download-explain', { n: num(r.eventCount) })}</p>
      <ul class="downloads">
        <li>
          <a href={`/plans/${planId}/simulate/messages.csv`} id="sim-csv" download>
            {t('webs-download-csv')}
          </a>
        </li>
        <li>
          <a href={`/plans/${planId}/simulate/messages.jsonl`} id="sim-jsonl" download>
            {t('webs-download-jsonl')}
          </a>
        </li>
      </ul>
    </section>
  );
};

/** The part of the page that follows the latest run; it polls itself while the run is under way. */
export const SimulationStatus: FC<{ ctx: PageContext; view: SimulationView; errors?: readonly FieldError[] }> = ({ ctx, view, errors }) => {
  const { t } = ctx;
  const { job, lastDone, plan } = view;
  const busy = job !== null && (job.state === 'queued' || job.state === 'running');
  const statusUrl = `/plans/${plan.id}/simulate/status`;
  return (
    <div id="sim-status" data-state={job?.state ?? 'none'} {...(busy ? { 'hx-get': statusUrl, 'hx-trigger': 'every 1s', 'hx-swap': 'outerHTML' } : {})}>
      {errors && errors.length > 0 ? <ErrorSummary ctx={ctx} errors={errors} /> : null}
      {busy ? (
        <div class="sim-progress" role="status" aria-live="polite">
          <p>
            {job.state === 'queued'
              ? t('webs-queued')
              : t('webs-running', { day: viDate(job.day), done: job.done, total: job.total, percent: job.total > 0 ? Math.floor((100 * job.done) / job.total) : 0 })}
          </p>
          <progress id="sim-progress" max={Math.max(1, job.total)} value={job.done} aria-label={t('webs-progress')}></progress>
          <p class="muted">
            {t('webs-running-explain')} <a href={`/plans/${plan.id}/simulate`}>{t('webs-reload')}</a>
          </p>
        </div>
      ) : null}
      {job?.state === 'failed' ? (
        <div class="error-summary" role="alert" id="sim-error">
          <h2>{t('webs-failed-title')}</h2>
          <p>{job.error ?? t('webs-failed-generic')}</p>
          {lastDone ? <p>{t('webs-failed-kept')}</p> : null}
        </div>
      ) : null}
      {job === null ? <p class="muted">{t('webs-none-yet')}</p> : null}
      {lastDone?.summary ? <SummaryResult ctx={ctx} planId={plan.id} job={lastDone} s={lastDone.summary} outdated={view.outdated} /> : null}
    </div>
  );
};

const SimulatePage: FC<{ ctx: PageContext; view: SimulationView; form?: { from: string; to: string; rate: string }; errors?: readonly FieldError[] }> = ({ ctx, view, form, errors }) => {
  const { t } = ctx;
  const { plan } = view;
  const values = form ?? { from: view.defaults.from, to: view.defaults.to, rate: String(Math.round(view.defaults.doneRate * 100)) };
  const busy = view.job !== null && (view.job.state === 'queued' || view.job.state === 'running');
  const invalid = new Set((errors ?? []).map((e) => e.field));
  const action = `/plans/${plan.id}/simulate`;
  return (
    <Layout ctx={ctx} title={t('webs-title')}>
      <p>
        <a href={`/plans/${plan.id}`}>← {plan.title}</a>
      </p>
      <h1>{t('webs-title')}</h1>
      <p>
        {plan.title} <span class={`badge plan-${plan.status}`}>{t(`web-plan-status-${plan.status}`)}</span>
      </p>
      <p class="muted">{t('webs-explain')}</p>
      {plan.status === 'draft' ? <p class="muted">{t('webs-draft-note')}</p> : null}
      <form method="post" action={action} class="sim-form filters" hx-post={action} hx-target="#sim-status" hx-swap="outerHTML" hx-disabled-elt="find button">
        <Csrf ctx={ctx} />
        <label for="sim-from">
          {t('webs-from')}
          <input type="date" id="sim-from" name="from" value={values.from} required aria-invalid={invalid.has('sim-from') ? 'true' : undefined} />
        </label>
        <label for="sim-to">
          {t('webs-to')}
          <input type="date" id="sim-to" name="to" value={values.to} required aria-invalid={invalid.has('sim-to') ? 'true' : undefined} />
        </label>
        <label for="sim-rate">
          {t('webs-rate')}
          <input type="number" id="sim-rate" name="rate" min={0} max={100} step={1} value={values.rate} required aria-invalid={invalid.has('sim-rate') ? 'true' : undefined} />
        </label>
        <div class="sim-start">
          <button type="submit" class="primary" id="sim-start">
            {busy ? t('webs-join') : view.lastDone ? t('webs-run-again') : t('webs-run')}
          </button>
        </div>
      </form>
      <SimulationStatus ctx={ctx} view={view} {...(errors ? { errors } : {})} />
    </Layout>
  );
};

/** CSV field: quoted when it holds a separator, a quote or a line break. */
function csvField(v: string | number | boolean | null): string {
  const s = v === null ? '' : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

const CSV_HEADER = ['at', 'kind', 'step', 'recipient_name', 'recipient_unit', 'recipient_role', 'recipient_simulated', 'task', 'unit', 'text'];

function csvLine(e: SimulationEvent): string {
  return [e.at, e.kind, e.step, e.recipient.name, e.recipient.unit, e.recipient.role, e.recipient.simulated, e.task, e.unit, e.text].map(csvField).join(',') + '\r\n';
}

/** The stored JSON lines as CSV, streamed (a year is tens of megabytes once uncompressed). */
function csvStream(gz: Buffer): ReadableStream<Uint8Array> {
  const lines = createInterface({ input: Readable.from([gz]).pipe(createGunzip()), crlfDelay: Infinity });
  async function* rows() {
    yield `\uFEFF${CSV_HEADER.join(',')}\r\n`;
    let batch = '';
    for await (const line of lines) {
      if (line === '') continue;
      batch += csvLine(JSON.parse(line) as SimulationEvent);
      if (batch.length > 64 * 1024) {
        yield batch;
        batch = '';
      }
    }
    if (batch) yield batch;
  }
  return Readable.toWeb(Readable.from(rows(), { objectMode: false })) as ReadableStream<Uint8Array>;
}

const RATE = /^\d{1,3}$/;

/** Mounts `/plans/:id/simulate` and its status fragment and downloads. */
export function simulatePages(sims: WebSimulations): PageMount {
  return (app: Hono<Env>, h: PageHelpers) => {
    const refused = (c: Context<Env>, a: Access<unknown>) =>
      a.kind === 'forbidden' ? h.message(c, 403, 'web-forbidden-title', 'web-forbidden-plans') : h.message(c, 404, 'web-not-found-title', 'web-not-found');

    app.get('/plans/:id/simulate', async (c) => {
      const session = h.signedIn(c);
      if (session instanceof Response) return session;
      const planId = idParam(c.req.param('id'));
      if (planId === undefined) return refused(c, { kind: 'not_found' });
      const view = await sims.view(session, planId);
      if (view.kind !== 'ok') return refused(c, view);
      return h.page(c, <SimulatePage ctx={h.ctxOf(c)} view={view.value} />);
    });

    app.get('/plans/:id/simulate/status', async (c) => {
      const session = h.signedIn(c);
      if (session instanceof Response) return session;
      const planId = idParam(c.req.param('id'));
      if (planId === undefined) return refused(c, { kind: 'not_found' });
      const view = await sims.view(session, planId);
      if (view.kind !== 'ok') return refused(c, view);
      c.header('Cache-Control', 'no-store');
      return c.html(<SimulationStatus ctx={h.ctxOf(c)} view={view.value} />);
    });

    app.post('/plans/:id/simulate', async (c) => {
      const session = h.signedIn(c);
      if (session instanceof Response) return session;
      const ctx = h.ctxOf(c);
      const planId = idParam(c.req.param('id'));
      if (planId === undefined) return refused(c, { kind: 'not_found' });
      const form = await c.req.parseBody();
      const from = field(form, 'from');
      const to = field(form, 'to');
      const rate = field(form, 'rate');
      const htmx = c.req.header('hx-request') === 'true';
      const r = await sims.start(session, planId, { from, to, doneRate: RATE.test(rate) ? Number(rate) / 100 : Number.NaN });
      if (r.kind !== 'ok') return refused(c, r);
      if (r.value.kind === 'invalid') {
        const fieldId = r.value.field === 'doneRate' ? 'sim-rate' : `sim-${r.value.field}`;
        const errors = [{ field: fieldId, text: ctx.t(`webs-invalid-${r.value.reason}`) }];
        const view = await sims.view(session, planId);
        if (view.kind !== 'ok') return refused(c, view);
        if (htmx) return c.html(<SimulationStatus ctx={ctx} view={view.value} errors={errors} />);
        return h.page(c, <SimulatePage ctx={ctx} view={view.value} form={{ from, to, rate }} errors={errors} />, 400);
      }
      if (!htmx) return c.redirect(`/plans/${planId}/simulate`, 303);
      const view = await sims.view(session, planId);
      if (view.kind !== 'ok') return refused(c, view);
      return c.html(<SimulationStatus ctx={ctx} view={view.value} />);
    });

    const download = (ext: 'jsonl' | 'csv') =>
      app.get(`/plans/:id/simulate/messages.${ext}`, async (c) => {
        const session = h.signedIn(c);
        if (session instanceof Response) return session;
        const planId = idParam(c.req.param('id'));
        if (planId === undefined) return refused(c, { kind: 'not_found' });
        const r = await sims.messages(session, planId);
        if (r.kind !== 'ok') return refused(c, r);
        if (r.value === null) return h.message(c, 404, 'webs-title', 'webs-no-download');
        const { job } = r.value;
        const name = `mo-phong-ke-hoach-${planId}-${job.params.from}-${job.params.to}.${ext}`;
        c.header('Content-Disposition', `attachment; filename="${name}"`);
        c.header('Cache-Control', 'private, no-store');
        const gz = job.messages!;
        if (ext === 'csv') return c.body(csvStream(gz), 200, { 'Content-Type': 'text/csv; charset=utf-8' });
        // Stored compressed: sent as is to a client that takes gzip (every browser), else expanded.
        if (/\bgzip\b/.test(c.req.header('accept-encoding') ?? '')) {
          return c.body(new Uint8Array(gz), 200, { 'Content-Type': 'application/x-ndjson; charset=utf-8', 'Content-Encoding': 'gzip', Vary: 'Accept-Encoding' });
        }
        return c.body(new Uint8Array(gunzipSync(gz)), 200, { 'Content-Type': 'application/x-ndjson; charset=utf-8', Vary: 'Accept-Encoding' });
      });
    download('jsonl');
    download('csv');
  };
}
