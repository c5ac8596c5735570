/**
 * The plan pages of the web console (issue #13 §3): `/plans` (the province's plans, upload with progress) and
 * `/plans/:id` (the review: every row with its deadline cell, reading, first due dates and units; the decisions of
 * `plan assign|proposals|choose|set-date`; `POST /plans/:id/publish` after a "check your answers" page).
 *
 * Handlers parse the form, call one use case of src/app/web/plans.ts and render. Forms work without JavaScript
 * (post, then redirect); htmx adds the upload progress bar and swaps the upload and publish results in place.
 * Coordinators change plans; leaders read them; heads and focal points get 403.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Context, Hono } from 'hono';
import type { Child, FC } from 'hono/jsx';
import type { HtmlEscapedString } from 'hono/utils/html';
import { canChangePlans, type Access, type PlanReview, type WebPlans } from '../app/web/plans.js';
import type { WebSession } from '../app/web/auth.js';
import { PublishError, type PublishPlanResult } from '../app/plan-publish.js';
import type { PlanRow } from '../app/plan-ports.js';
import { type PendingDecision, type PlanOverview, ReviewError, type TaskView } from '../app/plan-review.js';
import { ImportError } from '../import/errors.js';
import type { ImportPlanResult } from '../app/plan-import.js';
import type { Logger } from '../infra/logger.js';
import { Layout, Message, viDate, type PageContext } from './pages.js';
import { PlanAmendments } from './plan-amendments.js';

type Env = { Variables: { session: WebSession | null; lang: 'vi' | 'en' } };

/** What the console lends the plan pages. */
export interface PlanPagesDeps {
  plans: WebPlans;
  ctxOf(c: Context<Env>): PageContext;
  page(c: Context<Env>, body: HtmlEscapedString | Promise<HtmlEscapedString>, status?: 200 | 400 | 403 | 404): Response | Promise<Response>;
  logger?: Logger;
}

/** File types the importer reads (src/import/read-file.ts). */
const UPLOAD_TYPES = ['.txt', '.csv', '.docx', '.xlsx', '.pdf'];

const Csrf: FC<{ ctx: PageContext }> = ({ ctx }) => <input type="hidden" name="_csrf" value={ctx.session?.csrfToken ?? ''} />;

const ErrorSummary: FC<{ ctx: PageContext; message: string | null; field?: string }> = ({ ctx, message, field }) =>
  message ? (
    <div class="error-summary" role="alert" tabindex={-1} id="error-summary">
      <h2>{ctx.t('web-plans-error-title')}</h2>
      <p>{field ? <a href={`#${field}`}>{message}</a> : message}</p>
    </div>
  ) : null;

// ---------------------------------------------------------------- /plans

const UploadForm: FC<{ ctx: PageContext; year?: string; yes?: boolean }> = ({ ctx, year, yes }) => {
  const { t } = ctx;
  return (
    <form
      method="post"
      action="/plans"
      enctype="multipart/form-data"
      class="upload"
      hx-post="/plans"
      hx-encoding="multipart/form-data"
      hx-target="#upload-result"
      hx-indicator="#upload-busy"
      hx-disabled-elt="find button"
      {...{ 'hx-on::xhr:progress': "if(event.detail.total){var p=this.querySelector('progress');p.hidden=false;p.value=Math.round(event.detail.loaded/event.detail.total*100)}" }}
    >
      <Csrf ctx={ctx} />
      <label for="plan-file">{t('web-plans-file')}</label>
      <span class="hint" id="plan-file-hint">
        {t('web-plans-file-hint')}
      </span>
      <input type="file" id="plan-file" name="file" accept={UPLOAD_TYPES.join(',')} required aria-describedby="plan-file-hint" />
      <label for="plan-year">{t('web-plans-year')}</label>
      <input type="text" inputmode="numeric" pattern="[0-9]{4}" id="plan-year" name="year" value={year ?? ''} size={6} />
      <label class="check">
        <input type="checkbox" name="yes" value="1" checked={yes ?? false} /> {t('web-plans-apply-amendment')}
      </label>
      <button type="submit" class="primary" id="upload">
        {t('web-plans-upload')}
      </button>
      <progress max={100} value={0} hidden aria-label={t('web-plans-upload-progress')}></progress>
      <span id="upload-busy" class="busy" aria-live="polite">
        {t('web-plans-reading')}
      </span>
    </form>
  );
};

const PlanList: FC<{ ctx: PageContext; plans: PlanRow[] }> = ({ ctx, plans }) => {
  const { t } = ctx;
  if (plans.length === 0) return <p class="muted">{t('web-plans-none')}</p>;
  return (
    <ul class="plans">
      {plans.map((p) => (
        <li data-plan={p.id}>
          <a href={`/plans/${p.id}`}>{p.title}</a>{' '}
          <span class={`badge plan-${p.status}`}>{t(`web-plan-status-${p.status}`)}</span>
          <span class="muted">
            {' '}
            · {p.periodStartYear === p.periodEndYear ? p.periodStartYear : `${p.periodStartYear}–${p.periodEndYear}`} · v{p.version} · #{p.id}
          </span>
        </li>
      ))}
    </ul>
  );
};

const PlansPage: FC<{ ctx: PageContext; plans: PlanRow[]; error?: string | null; year?: string; yes?: boolean; result?: Child }> = ({ ctx, plans, error, year, yes, result }) => {
  const { t } = ctx;
  const canUpload = ctx.session !== null && canChangePlans(ctx.session);
  return (
    <Layout ctx={ctx} title={t('web-plans-title')}>
      <ErrorSummary ctx={ctx} message={error ?? null} field="plan-file" />
      <h1>{t('web-plans-title')}</h1>
      {canUpload ? (
        <section aria-labelledby="upload-h">
          <h2 id="upload-h">{t('web-plans-upload-title')}</h2>
          <UploadForm ctx={ctx} {...(year !== undefined ? { year } : {})} {...(yes !== undefined ? { yes } : {})} />
          <div id="upload-result" aria-live="polite">
            {result}
          </div>
        </section>
      ) : null}
      <h2>{t('web-plans-list')}</h2>
      <PlanList ctx={ctx} plans={plans} />
    </Layout>
  );
};

/** What an upload did (the import review, briefly; the diff of an amended version). */
const ImportResult: FC<{ ctx: PageContext; r: ImportPlanResult }> = ({ ctx, r }) => {
  const { t } = ctx;
  const rv = r.review;
  const d = rv.diff;
  return (
    <div class="import-result" data-status={rv.status}>
      <p class="message">
        <strong>{t(`web-import-${rv.status}`)}</strong> {rv.plan.title}
      </p>
      <p>
        {t('web-import-summary', { tasks: rv.summary.tasks, proposals: rv.summary.proposals, errors: rv.summary.errors, warnings: rv.summary.warnings })}
      </p>
      {d && (d.added.length > 0 || d.removed.length > 0 || d.changed.length > 0) ? (
        <section class="diff" aria-label={t('web-diff-title')}>
          <h3>{t('web-diff-title')}</h3>
          <p>{t('web-diff-counts', { added: d.added.length, removed: d.removed.length, changed: d.changed.length, unchanged: d.unchanged })}</p>
          <ul>
            {d.added.map((a) => (
              <li class="added">
                + {a.label} {a.title}
              </li>
            ))}
            {d.removed.map((a) => (
              <li class="removed">
                − {a.label} {a.title}
              </li>
            ))}
            {d.changed.map((c) => (
              <li class="changed">
                ~ {c.label} {c.title}
                <ul>
                  {c.fields.map((f) => (
                    <li>
                      {f.field}: <del>{f.before ?? '—'}</del> → <ins>{f.after ?? '—'}</ins>
                    </li>
                  ))}
                </ul>
              </li>
            ))}
          </ul>
          {rv.status === 'amendment-pending' ? <p>{t('web-diff-apply-hint')}</p> : null}
        </section>
      ) : null}
      {rv.plan.id !== null ? (
        <p>
          <a class="review-link" href={`/plans/${rv.plan.id}`}>
            {t('web-plans-review-link')}
          </a>
        </p>
      ) : null}
    </div>
  );
};

// ---------------------------------------------------------------- /plans/:id

const anchorOf = (label: string) => `t-${label.replace(/[^\p{L}\p{N}]+/gu, '-')}`;

const DeadlineCell: FC<{ ctx: PageContext; v: TaskView }> = ({ ctx, v }) => {
  const segments = v.review?.deadlineCell ?? [];
  if (segments.length === 0) return <span class="muted">{ctx.t('web-review-no-deadline')}</span>;
  return (
    <span class="cell">
      {segments.map((s) =>
        s.kind === 'read' ? <mark>{s.text}</mark> : s.kind === 'unread' ? <span class="unread" title={s.reason ?? ''}>{s.text}</span> : <span>{s.text}</span>,
      )}
    </span>
  );
};

/** A pick-list of units: suggestions for the names the resolver could not place first, then the directory. */
const UnitPick: FC<{ ctx: PageContext; name: string; id: string; v: TaskView; units: { code: string; name: string }[]; selected: string[]; multiple?: boolean }> = ({
  ctx,
  name,
  id,
  v,
  units,
  selected,
  multiple,
}) => {
  const suggestions = (v.review?.mentions ?? []).flatMap((m) => m.suggestions.map((s) => ({ ...s, for: m.text })));
  const chosen = new Set(selected);
  return (
    <select name={name} id={id} multiple={multiple ?? false} size={multiple ? 4 : undefined}>
      {multiple ? null : <option value="">{ctx.t('web-review-pick-unit')}</option>}
      {suggestions.length > 0 ? (
        <optgroup label={ctx.t('web-review-suggestions')}>
          {suggestions.map((s) => (
            <option value={s.target === 'unit' ? s.code : s.name}>{`${s.name} (${ctx.t('web-review-for', { text: s.for })})`}</option>
          ))}
        </optgroup>
      ) : null}
      <optgroup label={ctx.t('web-review-all-units')}>
        {units.map((u) => (
          <option value={u.code} selected={chosen.has(u.code)}>
            {u.name}
          </option>
        ))}
      </optgroup>
    </select>
  );
};

/**
 * `plan assign` for one row. A row whose units need the coordinator gets the pick-list (suggestions, then the
 * directory); the others a text field over the page's one list of unit names (names, aliases, groups or codes are
 * read as `plan assign --lead` reads them), which keeps a 77-row page light.
 */
const AssignForm: FC<{ ctx: PageContext; planId: number; v: TaskView; units: { code: string; name: string }[] }> = ({ ctx, planId, v, units }) => {
  const { t } = ctx;
  const id = anchorOf(v.task);
  return (
    <form method="post" action={`/plans/${planId}/assign`} class="assign">
      <Csrf ctx={ctx} />
      <input type="hidden" name="task" value={v.task} />
      <label for={`${id}-lead`}>{t('web-review-lead')}</label>
      {v.review?.needsUnits ? (
        <UnitPick ctx={ctx} name="lead" id={`${id}-lead`} v={v} units={units} selected={[]} />
      ) : (
        <input type="text" list="unit-list" name="lead" id={`${id}-lead`} autocomplete="off" />
      )}
      <label for={`${id}-support`}>{t('web-review-support')}</label>
      <input type="text" list="unit-list" name="support" id={`${id}-support`} autocomplete="off" />
      <button type="submit">{t('web-review-assign')}</button>
      {v.units.chosenByCoordinator ? (
        <button type="submit" name="clear" value="1">
          {t('web-review-assign-clear')}
        </button>
      ) : null}
    </form>
  );
};

const TaskCard: FC<{ ctx: PageContext; planId: number; v: TaskView; o: PlanOverview; decisions: PendingDecision[]; canChange: boolean }> = ({
  ctx,
  planId,
  v,
  o,
  decisions,
  canChange,
}) => {
  const { t } = ctx;
  const r = v.review;
  const names = (list: string[]) => (list.length <= 8 ? list.join(', ') : `${list.slice(0, 8).join(', ')} ${t('web-review-and-more', { n: list.length - 8 })}`);
  const isProposal = v.status.startsWith('proposal-');
  const needsDate = decisions.some((d) => d.kind === 'date');
  return (
    <article class={`task${decisions.length > 0 ? ' pending' : ''}${v.status === 'withdrawn' ? ' withdrawn' : ''}`} id={anchorOf(v.task)} data-task={v.task} data-status={v.status}>
      <h3>
        <span class="label">{v.task}</span> {v.title}
      </h3>
      {v.status !== 'task' ? <p class={`tag ${v.status}`}>{t(`web-task-status-${v.status}`)}</p> : null}
      {decisions.map((d) => (
        <p class="decision" data-kind={d.kind}>
          {d.message}
        </p>
      ))}
      <dl class="facts">
        <dt>{t('web-review-deadline-cell')}</dt>
        <dd>
          <DeadlineCell ctx={ctx} v={v} />
        </dd>
        <dt>{t('web-review-reading')}</dt>
        <dd class="reading">{v.deadline ?? '—'}</dd>
        {v.defaults.length > 0 ? (
          <>
            <dt>{t('web-review-defaults')}</dt>
            <dd>
              {v.defaults.map((d) => (
                <div>
                  {d.message} <span class="muted">({d.source})</span>
                </div>
              ))}
            </dd>
          </>
        ) : null}
        <dt>{t('web-review-first-due')}</dt>
        <dd class="first-due">
          {v.firstDue.length === 0 ? '—' : v.firstDue.map((d) => `${viDate(d.due)} (${d.label})`).join('; ')}
          {v.occurrences > v.firstDue.length ? ` … ${t('web-review-occurrences', { n: v.occurrences })}` : ''}
        </dd>
        <dt>{t('web-review-lead')}</dt>
        <dd class="lead">
          {v.units.lead.length > 0 ? names(v.units.lead) : <span class="warn">{t('web-review-none')}</span>}
          {v.units.chosenByCoordinator ? <span class="muted"> ({t('web-review-chosen')})</span> : null}
        </dd>
        {v.units.support.length > 0 ? (
          <>
            <dt>{t('web-review-support')}</dt>
            <dd>{names(v.units.support)}</dd>
          </>
        ) : null}
        {r && r.mentions.some((m) => m.kind !== 'unit' && m.kind !== 'group') ? (
          <>
            <dt>{t('web-review-unresolved')}</dt>
            <dd>
              {r.mentions
                .filter((m) => m.kind !== 'unit' && m.kind !== 'group')
                .map((m) => (
                  <div class={`mention ${m.kind}`}>
                    “{m.text}” — {t(`web-mention-${m.kind}`)}
                  </div>
                ))}
            </dd>
          </>
        ) : null}
      </dl>
      {canChange && v.status !== 'withdrawn' ? (
        <div class="actions">
          {isProposal ? (
            <form method="post" action={`/plans/${planId}/proposals`} class="inline proposal">
              <Csrf ctx={ctx} />
              <button type="submit" name="accept" value={v.task} class={v.status === 'proposal-accepted' ? 'primary' : ''}>
                {t('web-review-accept')}
              </button>{' '}
              <button type="submit" name="reject" value={v.task} class={v.status === 'proposal-rejected' ? 'primary' : ''}>
                {t('web-review-reject')}
              </button>
            </form>
          ) : null}
          {v.readings && v.readings.length > 1 ? (
            <form method="post" action={`/plans/${planId}/choose`} class="choose">
              <Csrf ctx={ctx} />
              <input type="hidden" name="task" value={v.task} />
              <fieldset>
                <legend>{t('web-review-readings')}</legend>
                {v.readings.map((rd) => (
                  <label class="check">
                    <input type="radio" name="reading" value={String(rd.reading)} checked={rd.reading === (v.chosenReading ?? null)} required /> {rd.reading}. {rd.explanation}{' '}
                    <span class="muted">({rd.note})</span>
                  </label>
                ))}
              </fieldset>
              <button type="submit">{t('web-review-choose')}</button>
              {v.chosenReading ? (
                <button type="submit" name="clear" value="1" formnovalidate>
                  {t('web-review-choose-clear')}
                </button>
              ) : null}
            </form>
          ) : null}
          {needsDate && o.status === 'published' ? (
            <form method="post" action={`/plans/${planId}/set-date`} class="set-date">
              <Csrf ctx={ctx} />
              <input type="hidden" name="task" value={v.task} />
              <label for={`${anchorOf(v.task)}-date`}>{t('web-review-set-date')}</label>
              <input type="text" id={`${anchorOf(v.task)}-date`} name="date" placeholder="15/03/2025" required />
              <button type="submit">{t('web-review-set-date-button')}</button>
            </form>
          ) : null}
          {r?.needsUnits ? (
            <AssignForm ctx={ctx} planId={planId} v={v} units={o.units ?? []} />
          ) : (
            <details>
              <summary>{t('web-review-change-units')}</summary>
              <AssignForm ctx={ctx} planId={planId} v={v} units={o.units ?? []} />
            </details>
          )}
        </div>
      ) : null}
    </article>
  );
};

const ReviewPage: FC<{ ctx: PageContext; o: PlanReview; error?: string | null; done?: string | null }> = ({ ctx, o, error, done }) => {
  const { t } = ctx;
  const canChange = ctx.session !== null && canChangePlans(ctx.session);
  const byTask = new Map<string, PendingDecision[]>();
  for (const d of o.decisions) byTask.set(d.task, [...(byTask.get(d.task) ?? []), d]);
  const period = o.period.startYear === o.period.endYear ? `${o.period.startYear}` : `${o.period.startYear}–${o.period.endYear}`;
  const views = o.taskViews ?? [];
  return (
    <Layout ctx={ctx} title={o.title}>
      <ErrorSummary ctx={ctx} message={error ?? null} />
      {done ? (
        <p class="message ok" role="status" id="done">
          {done}
        </p>
      ) : null}
      <p>
        <a href="/plans">← {t('web-plans-title')}</a>
      </p>
      <h1>{o.title}</h1>
      <p>
        <span class={`badge plan-${o.status}`} id="plan-status" data-status={o.status}>
          {t(`web-plan-status-${o.status}`)}
        </span>{' '}
        {t('web-review-summary', { period, tasks: o.tasks.total, proposals: o.tasks.proposals, publishable: o.tasks.publishable, withdrawn: o.tasks.withdrawn })}
      </p>
      {o.decisions.length > 0 ? (
        <section class="pending-list" aria-labelledby="pending-h">
          <h2 id="pending-h">{t('web-review-pending', { n: o.decisions.length })}</h2>
          <ul>
            {o.decisions.map((d) => (
              <li data-kind={d.kind}>
                <a href={`#${anchorOf(d.task)}`}>{d.task}</a> — {d.message}
              </li>
            ))}
          </ul>
        </section>
      ) : (
        <p class="message ok">{t('web-review-nothing-pending')}</p>
      )}
      {canChange && o.status !== 'archived' ? (
        <p>
          <a class="button primary" href={`/plans/${o.planId}/publish`} id="to-publish">
            {o.status === 'published' ? t('web-publish-again') : t('web-publish-check')}
          </a>
        </p>
      ) : null}
      <p>
        <a href={`/plans/${o.planId}/simulate`} id="to-simulate">
          {t('webs-link')}
        </a>
      </p>
      {canChange && o.tasks.proposals > 0 ? (
        <form method="post" action={`/plans/${o.planId}/proposals`} class="inline">
          <Csrf ctx={ctx} />
          <button type="submit" name="accept" value="all">
            {t('web-review-accept-all')}
          </button>{' '}
          <button type="submit" name="reject" value="all">
            {t('web-review-reject-all')}
          </button>
        </form>
      ) : null}
      <PlanAmendments ctx={ctx} amendments={o.amendments} anchor={anchorOf} />
      <datalist id="unit-list">
        {(o.units ?? []).map((u) => (
          <option value={u.name} />
        ))}
      </datalist>
      <h2>{t('web-review-tasks', { n: views.length })}</h2>
      <p class="muted legend">
        <mark>{t('web-review-legend-read')}</mark> <span class="unread">{t('web-review-legend-unread')}</span>
      </p>
      {views.map((v) => (
        <TaskCard ctx={ctx} planId={o.planId} v={v} o={o} decisions={byTask.get(v.task) ?? []} canChange={canChange} />
      ))}
    </Layout>
  );
};

const PublishResult: FC<{ ctx: PageContext; r: PublishPlanResult }> = ({ ctx, r }) => {
  const { t } = ctx;
  if (r.status === 'refused')
    return (
      <div class="publish-result" data-status="refused" role="alert">
        <p class="message">{t('web-publish-refused', { n: r.problems.length })}</p>
        <ul>
          {r.problems.map((p) => (
            <li>
              {p.task ? `${p.task}: ` : ''}
              {p.message}
            </li>
          ))}
        </ul>
      </div>
    );
  return (
    <div class="publish-result" data-status="published" role="status">
      <p class="message ok">{t('web-publish-done', { tasks: r.tasks, items: r.dueItems.total, created: r.dueItems.created, dated: r.dueItems.dated, waiting: r.dueItems.waiting })}</p>
      {r.unassigned.length > 0 ? <p>{t('web-publish-unassigned', { tasks: r.unassigned.join(', ') })}</p> : null}
      <p>
        <a href={`/?plan=${r.planId}`} id="to-dashboard">
          {t('web-publish-see-items')}
        </a>{' '}
        · <a href={`/plans/${r.planId}`}>{t('web-plans-review-link')}</a>
      </p>
    </div>
  );
};

/** "Check your answers" before publishing (irreversible: reminders start). */
const PublishPage: FC<{ ctx: PageContext; o: PlanOverview; result?: PublishPlanResult; error?: string | null }> = ({ ctx, o, result, error }) => {
  const { t } = ctx;
  const blocking = o.decisions.filter((d) => d.kind === 'units' || d.kind === 'deadline' || d.kind === 'reading');
  return (
    <Layout ctx={ctx} title={t('web-publish-title')}>
      <ErrorSummary ctx={ctx} message={error ?? null} />
      <p>
        <a href={`/plans/${o.planId}`}>← {o.title}</a>
      </p>
      <h1>{t('web-publish-title')}</h1>
      <dl class="facts">
        <dt>{t('web-plan')}</dt>
        <dd>{o.title}</dd>
        <dt>{t('web-publish-tasks')}</dt>
        <dd>{o.tasks.publishable}</dd>
        <dt>{t('web-publish-proposals')}</dt>
        <dd>{o.tasks.proposals}</dd>
        <dt>{t('web-publish-blocking')}</dt>
        <dd id="blocking-count">{blocking.length}</dd>
      </dl>
      {blocking.length > 0 ? (
        <ul>
          {blocking.map((d) => (
            <li>
              <a href={`/plans/${o.planId}#${anchorOf(d.task)}`}>{d.task}</a> — {d.message}
            </li>
          ))}
        </ul>
      ) : null}
      <p>{t('web-publish-warning')}</p>
      <form method="post" action={`/plans/${o.planId}/publish`} hx-post={`/plans/${o.planId}/publish`} hx-target="#publish-result" hx-indicator="#publish-busy" hx-disabled-elt="find button">
        <Csrf ctx={ctx} />
        <label class="check">
          <input type="checkbox" name="acceptProblems" value="1" /> {t('web-publish-accept-problems')}
        </label>
        <label class="check">
          <input type="checkbox" name="includeProposals" value="1" /> {t('web-publish-include-proposals')}
        </label>
        <button type="submit" class="primary" id="publish">
          {t('web-publish-button')}
        </button>
        <span id="publish-busy" class="busy" aria-live="polite">
          {t('web-publish-busy')}
        </span>
      </form>
      <div id="publish-result" aria-live="polite">
        {result ? <PublishResult ctx={ctx} r={result} /> : null}
      </div>
    </Layout>
  );
};

// ---------------------------------------------------------------- routes

const planIdOf = (c: Context<Env>): number | null => {
  const raw = c.req.param('id') ?? '';
  return /^\d{1,9}$/.test(raw) ? Number(raw) : null;
};

const field = (form: Record<string, unknown>, name: string): string => {
  const v = form[name];
  return typeof v === 'string' ? v.trim() : '';
};

const fields = (form: Record<string, unknown>, name: string): string[] => {
  const v = form[name] ?? form[`${name}[]`];
  return (Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === 'string' && x.trim() !== '').map((x) => x.trim());
};

/** Registers the plan pages on the console's app (after its session and CSRF middleware). */
export function registerPlanPages(app: Hono<Env>, deps: PlanPagesDeps): void {
  const { plans } = deps;

  const refused = (c: Context<Env>, a: Access<unknown>) => {
    const ctx = deps.ctxOf(c);
    return a.kind === 'forbidden'
      ? deps.page(c, <Message ctx={ctx} title={ctx.t('web-forbidden-title')} text={ctx.t('web-forbidden-plans')} />, 403)
      : deps.page(c, <Message ctx={ctx} title={ctx.t('web-not-found-title')} text={ctx.t('web-not-found')} />, 404);
  };

  const sessionOf = (c: Context<Env>): WebSession | null => c.get('session');

  app.get('/plans', async (c) => {
    const session = sessionOf(c);
    if (session === null) return c.redirect('/signin', 303);
    const list = await plans.list(session);
    if (list.kind !== 'ok') return refused(c, list);
    return deps.page(c, <PlansPage ctx={deps.ctxOf(c)} plans={list.value} />);
  });

  app.post('/plans', async (c) => {
    const session = sessionOf(c)!;
    const ctx = deps.ctxOf(c);
    const htmx = c.req.header('hx-request') === 'true';
    const form = await c.req.parseBody();
    const year = field(form, 'year');
    const yes = field(form, 'yes') === '1';
    const fail = async (message: string) => {
      if (htmx) return c.html(<ErrorSummary ctx={ctx} message={message} field="plan-file" />);
      const list = await plans.list(session);
      return deps.page(c, <PlansPage ctx={ctx} plans={list.kind === 'ok' ? list.value : []} error={message} year={year} yes={yes} />, 400);
    };
    if (!canChangePlans(session)) return refused(c, { kind: 'forbidden' });
    const file = form['file'];
    if (!(file instanceof File) || file.size === 0 || file.name === '') return fail(ctx.t('web-upload-no-file'));
    const ext = path.extname(file.name).toLowerCase();
    if (!UPLOAD_TYPES.includes(ext)) return fail(ctx.t('web-upload-bad-type', { name: file.name, types: UPLOAD_TYPES.join(', ') }));
    if (year !== '' && !/^\d{4}$/.test(year)) return fail(ctx.t('web-upload-bad-year', { year }));
    // The importer reads a file by path and takes its format and name from it: the upload is saved under its own
    // name in a private temporary directory, removed afterwards.
    const dir = await mkdtemp(path.join(tmpdir(), 'nhacviec-upload-'));
    try {
      const saved = path.join(dir, path.basename(file.name).replace(/[^\p{L}\p{N}._ -]+/gu, '_'));
      await writeFile(saved, new Uint8Array(await file.arrayBuffer()));
      const r = await plans.importFile(session, { file: saved, ...(year !== '' ? { year: Number(year) } : {}), yes });
      if (r.kind !== 'ok') return refused(c, r);
      const result = <ImportResult ctx={ctx} r={r.value} />;
      if (htmx) return c.html(result);
      const list = await plans.list(session);
      return deps.page(c, <PlansPage ctx={ctx} plans={list.kind === 'ok' ? list.value : []} result={result} />);
    } catch (err) {
      if (err instanceof ImportError) return fail(ctx.t('web-upload-refused', { reason: err.message }));
      throw err;
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  const DONE_KEYS = new Set(['assign', 'proposals', 'choose', 'set-date']);

  const showReview = async (c: Context<Env>, planId: number, error: string | null, status: 200 | 400 = 200) => {
    const session = sessionOf(c)!;
    const ctx = deps.ctxOf(c);
    try {
      const r = await plans.review(session, planId);
      if (r.kind !== 'ok') return refused(c, r);
      const done = c.req.query('done');
      const task = c.req.query('task') ?? '';
      return deps.page(c, <ReviewPage ctx={ctx} o={r.value} error={error} done={done && DONE_KEYS.has(done) ? ctx.t(`web-done-${done}`, { task }) : null} />, status);
    } catch (err) {
      if (err instanceof ReviewError) return deps.page(c, <Message ctx={ctx} title={ctx.t('web-not-found-title')} text={err.message} />, 404);
      throw err;
    }
  };

  app.get('/plans/:id', async (c) => {
    if (sessionOf(c) === null) return c.redirect('/signin', 303);
    const planId = planIdOf(c);
    if (planId === null) return refused(c, { kind: 'not_found' });
    return showReview(c, planId, null);
  });

  /** A decision: parse, call the use case, then back to the row (or the review with the reason it was refused). */
  const decision = (name: string, run: (session: WebSession, planId: number, form: Record<string, unknown>) => Promise<Access<unknown>>) =>
    app.post(`/plans/:id/${name}`, async (c) => {
      const planId = planIdOf(c);
      if (planId === null) return refused(c, { kind: 'not_found' });
      const form = await c.req.parseBody({ all: true });
      try {
        const r = await run(sessionOf(c)!, planId, form);
        if (r.kind !== 'ok') return refused(c, r);
      } catch (err) {
        if (err instanceof ReviewError) return showReview(c, planId, err.message, 400);
        throw err;
      }
      const task = field(form, 'task') || field(form, 'accept') || field(form, 'reject');
      const q = new URLSearchParams({ done: name, task });
      return c.redirect(`/plans/${planId}?${q.toString()}${task && task !== 'all' ? `#${anchorOf(task)}` : ''}`, 303);
    });

  decision('assign', (session, planId, form) =>
    plans.assign(session, { planId, task: field(form, 'task'), lead: fields(form, 'lead'), support: fields(form, 'support'), clear: field(form, 'clear') === '1' }),
  );
  decision('proposals', (session, planId, form) => plans.proposals(session, { planId, accept: fields(form, 'accept'), reject: fields(form, 'reject') }));
  decision('choose', (session, planId, form) => {
    const raw = field(form, 'reading');
    const clear = field(form, 'clear') === '1' || raw === '';
    return plans.choose(session, { planId, task: field(form, 'task'), reading: clear ? null : Number(raw) });
  });
  decision('set-date', (session, planId, form) => plans.setDate(session, { planId, task: field(form, 'task'), date: field(form, 'date') }));

  app.get('/plans/:id/publish', async (c) => {
    const session = sessionOf(c);
    if (session === null) return c.redirect('/signin', 303);
    const planId = planIdOf(c);
    if (planId === null || !canChangePlans(session)) return refused(c, planId === null ? { kind: 'not_found' } : { kind: 'forbidden' });
    const r = await plans.review(session, planId).catch((err: unknown) => {
      if (err instanceof ReviewError) return { kind: 'not_found' as const };
      throw err;
    });
    if (r.kind !== 'ok') return refused(c, r);
    return deps.page(c, <PublishPage ctx={deps.ctxOf(c)} o={r.value} />);
  });

  app.post('/plans/:id/publish', async (c) => {
    const session = sessionOf(c)!;
    const ctx = deps.ctxOf(c);
    const planId = planIdOf(c);
    if (planId === null) return refused(c, { kind: 'not_found' });
    const form = await c.req.parseBody();
    const htmx = c.req.header('hx-request') === 'true';
    let result: PublishPlanResult;
    try {
      const r = await plans.publish(session, { planId, acceptProblems: field(form, 'acceptProblems') === '1', includeProposals: field(form, 'includeProposals') === '1' });
      if (r.kind !== 'ok') return refused(c, r);
      result = r.value;
    } catch (err) {
      if (err instanceof PublishError || err instanceof ReviewError) {
        if (htmx) return c.html(<ErrorSummary ctx={ctx} message={err.message} />);
        return deps.page(c, <Message ctx={ctx} title={ctx.t('web-publish-title')} text={err.message} />, 400);
      }
      throw err;
    }
    deps.logger?.info('web: plan publish', { planId, status: result.status, dueItems: result.dueItems.total });
    if (htmx) return c.html(<PublishResult ctx={ctx} r={result} />);
    const o = await plans.review(session, planId);
    if (o.kind !== 'ok') return refused(c, o);
    return deps.page(c, <PublishPage ctx={ctx} o={o.value} result={result} />);
  });
}
