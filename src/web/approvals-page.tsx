/**
 * `/approvals` (issue #13 §3): pending completions and extension requests, decided with the bot's use cases and
 * rules (approve, reject, or counter with another date), and the history of decisions. Forms post and redirect;
 * nothing needs JavaScript.
 */
import type { Context, Hono } from 'hono';
import type { FC } from 'hono/jsx';
import type { ApprovalsView, WebApprovals, WebDecision, WebDecisionOutcome } from '../app/web/approvals.js';
import type { Env, PageHelpers, PageMount } from './console.js';
import { Csrf, DataTable, ErrorSummary, field, type FieldError, idParam, Section, viDateTime } from './page-kit.js';
import { Layout, viDate, type PageContext } from './pages.js';

const DONE = ['item.approve', 'item.reject', 'extension.approve', 'extension.reject', 'extension.counter'] as const;

const ApprovalsPage: FC<{ ctx: PageContext; view: ApprovalsView; done?: string; errors?: FieldError[]; values?: Record<string, string> }> = ({ ctx, view, done, errors = [], values = {} }) => {
  const { t } = ctx;
  const { completions, extensions } = view.pending;
  return (
    <Layout ctx={ctx} title={t('webp-approvals-title')}>
      <h1>{t('webp-approvals-title')}</h1>
      <ErrorSummary ctx={ctx} errors={errors} />
      {done ? (
        <p class="notice" role="status" id="notice">
          {t(`webp-done-${done.replace('.', '-')}`)}
        </p>
      ) : null}
      {view.needsPerson ? <p class="message">{t('webp-decide-needs-person')}</p> : null}
      <Section headingId="ext-h" title={t('webp-pending-extensions', { count: extensions.length })}>
        {extensions.length === 0 ? (
          <p>{t('webp-nothing-pending')}</p>
        ) : (
          <ul class="cards">
            {extensions.map((e) => (
              <li class="card" data-request={String(e.id)}>
                <p>
                  <a href={`/items/${e.item.id}`}>
                    {e.item.taskNumber}. {e.item.taskTitle}
                  </a>
                </p>
                <p class="muted">
                  {e.item.unitName} · {e.item.occurrenceLabel}
                </p>
                <dl class="facts">
                  <dt>{t('webp-current-due')}</dt>
                  <dd>{viDate(e.item.dueDate)}</dd>
                  <dt>{t('webp-proposed-date')}</dt>
                  <dd class="proposed">{viDate(e.proposedDate)}</dd>
                  <dt>{t('webp-reason')}</dt>
                  <dd>{e.reason}</dd>
                  <dt>{t('webp-requested-by')}</dt>
                  <dd>
                    {e.requestedByName ?? '—'} · {viDateTime(e.createdAt)}
                  </dd>
                </dl>
                {view.mayDecide ? (
                  <form method="post" action={`/approvals/extensions/${e.id}`} class="decide">
                    <Csrf ctx={ctx} />
                    <button type="submit" name="decision" value="approve" class="primary">
                      {t('webp-approve')}
                    </button>
                    <button type="submit" name="decision" value="reject">
                      {t('webp-reject')}
                    </button>
                    <span class="counter">
                      <label for={`date-${e.id}`}>{t('webp-counter-date')}</label>
                      {errors.some((x) => x.field === `date-${e.id}`) ? (
                        <span class="field-error">{errors.find((x) => x.field === `date-${e.id}`)!.text}</span>
                      ) : null}
                      <input type="text" id={`date-${e.id}`} name="date" inputmode="text" autocomplete="off" placeholder="30/6/2024" value={values[`date-${e.id}`] ?? ''} />
                      <button type="submit" name="decision" value="counter">
                        {t('webp-counter')}
                      </button>
                    </span>
                  </form>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </Section>
      <Section headingId="done-h" title={t('webp-pending-completions', { count: completions.length })}>
        {completions.length === 0 ? (
          <p>{t('webp-nothing-pending')}</p>
        ) : (
          <ul class="cards">
            {completions.map((i) => (
              <li class="card" data-item={String(i.id)}>
                <p>
                  <a href={`/items/${i.id}`}>
                    {i.taskNumber}. {i.taskTitle}
                  </a>
                </p>
                <p class="muted">
                  {i.unitName} · {i.occurrenceLabel} · {t('web-due')} {viDate(i.dueDate)} · {t('web-done-at')} {viDateTime(i.doneAt)}
                </p>
                {i.evidence ? <p>{evidenceText(i.evidence)}</p> : null}
                {view.mayDecide ? (
                  <form method="post" action={`/approvals/completions/${i.id}`} class="decide">
                    <Csrf ctx={ctx} />
                    <button type="submit" name="decision" value="approve" class="primary">
                      {t('webp-approve')}
                    </button>
                    <button type="submit" name="decision" value="reject">
                      {t('webp-reject')}
                    </button>
                  </form>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </Section>
      <Section headingId="history-h" title={t('webp-history')}>
        <DataTable id="history" rows={view.history} empty={t('webp-no-history')} rowAttrs={(h) => ({ 'data-action': h.action })} columns={[
            { head: t('webp-when'), cell: (h) => viDateTime(h.at) },
            { head: t('webp-decision'), cell: (h) => <>{t(`webp-action-${h.action.replace('.', '-')}`)}{h.newDueDate ? ` → ${viDate(h.newDueDate)}` : ''}</> },
            { head: t('webp-item'), cell: (h) => <a href={`/items/${h.dueItemId}`}>{h.taskNumber}. {h.taskTitle}</a> },
            { head: t('web-unit'), cell: (h) => h.unitName },
            { head: t('webp-by'), cell: (h) => <>{h.actorName ?? '—'} ({h.via})</> },
          ]}
        />
      </Section>
    </Layout>
  );
};

function evidenceText(evidence: unknown): string {
  const e = evidence as { text?: string; documentNumber?: string; documentDate?: string; fileName?: string };
  return [e.documentNumber, e.documentDate ? viDate(e.documentDate) : undefined, e.fileName, e.text].filter(Boolean).join(' · ');
}

/** Mounts `/approvals`. */
export function approvalsPages(approvals: WebApprovals): PageMount {
  return (app: Hono<Env>, h: PageHelpers) => {
    app.get('/approvals', async (c) => {
      const session = h.signedIn(c);
      if (session instanceof Response) return session;
      const done = c.req.query('done');
      const view = await approvals.list(session);
      return h.page(c, <ApprovalsPage ctx={h.ctxOf(c)} view={view} {...(done && (DONE as readonly string[]).includes(done) ? { done } : {})} />);
    });

    const answer = async (c: Context<Env>, decision: WebDecision, dateField?: string) => {
      const session = h.signedIn(c);
      if (session instanceof Response) return session;
      const outcome: WebDecisionOutcome = await approvals.decide(session, decision);
      switch (outcome.kind) {
        case 'decided': {
          const action = 'decision' in outcome ? `extension.${outcome.decision}` : outcome.approved ? 'item.approve' : 'item.reject';
          return c.redirect(`/approvals?done=${action}`, 303);
        }
        case 'refused':
          return h.message(c, 403, 'web-forbidden-title', outcome.reason === 'not_registered' ? 'webp-decide-needs-person' : 'webp-decide-forbidden');
        case 'not_found':
          return h.message(c, 404, 'web-not-found-title', 'web-not-found');
        case 'not_pending':
          return h.message(c, 409, 'webp-not-pending-title', 'webp-not-pending');
        case 'date_invalid': {
          const ctx = h.ctxOf(c);
          const key = `bot-date-${outcome.reason.replace(/_/g, '-')}`;
          const fieldId = dateField ?? 'date';
          const view = await approvals.list(session);
          const values = decision.kind === 'extension' ? { [fieldId]: decision.date ?? '' } : {};
          return h.page(c, <ApprovalsPage ctx={ctx} view={view} errors={[{ field: fieldId, text: ctx.t(key) }]} values={values} />, 400);
        }
      }
    };

    app.post('/approvals/completions/:id', async (c) => {
      const id = idParam(c.req.param('id'));
      const form = await c.req.parseBody();
      const decision = field(form, 'decision');
      if (id === undefined || (decision !== 'approve' && decision !== 'reject')) return h.message(c, 400, 'webp-bad-request-title', 'webp-bad-request');
      return answer(c, { kind: 'completion', itemId: id, approve: decision === 'approve' });
    });

    app.post('/approvals/extensions/:id', async (c) => {
      const id = idParam(c.req.param('id'));
      const form = await c.req.parseBody();
      const decision = field(form, 'decision');
      if (id === undefined || (decision !== 'approve' && decision !== 'reject' && decision !== 'counter')) return h.message(c, 400, 'webp-bad-request-title', 'webp-bad-request');
      return answer(c, { kind: 'extension', requestId: id, decision, ...(decision === 'counter' ? { date: field(form, 'date') } : {}) }, `date-${id}`);
    });
  };
}
