/**
 * `/events` (issue #13 §3): record "công bố TTHC" and the other events deadlines count from, with a date and a
 * reference. "Xem trước" shows every item the event will date before anything is written (GOV.UK's "check your
 * answers"); "Ghi nhận" then records it through the bot's `/sukien` use case.
 */
import type { Hono } from 'hono';
import type { FC } from 'hono/jsx';
import type { EventPreview, EventsView, WebEvents } from '../app/web/events.js';
import type { Env, PageHelpers, PageMount } from './console.js';
import { Csrf, DataTable, ErrorSummary, field, type FieldError, Section, viDateTime } from './page-kit.js';
import { Layout, viDate, type PageContext } from './pages.js';

interface FormValues {
  type: string;
  date: string;
  reference: string;
}

const EventsPage: FC<{ ctx: PageContext; view: EventsView; errors?: FieldError[]; values?: FormValues; notice?: string }> = ({ ctx, view, errors = [], values, notice }) => {
  const { t } = ctx;
  const errorOf = (f: string) => errors.find((e) => e.field === f)?.text;
  return (
    <Layout ctx={ctx} title={t('webp-events-title')}>
      <h1>{t('webp-events-title')}</h1>
      <ErrorSummary ctx={ctx} errors={errors} />
      {notice ? (
        <p class="notice" role="status" id="notice">
          {notice}
        </p>
      ) : null}
      {view.mayRecord ? (
        view.types.length === 0 ? (
          <p class="message">{t('webp-no-event-types')}</p>
        ) : (
          <form method="post" action="/events/preview" class="event-form">
            <Csrf ctx={ctx} />
            <p>
              <label for="type">{t('webp-event-type')}</label>
              {errorOf('type') ? <span class="field-error">{errorOf('type')}</span> : null}
              <select id="type" name="type">
                {view.types.map((ty) => (
                  <option value={ty.slug} selected={ty.slug === values?.type}>
                    {ty.eventText ?? ty.slug} ({t('webp-event-waiting', { items: ty.items, tasks: ty.tasks })})
                  </option>
                ))}
              </select>
            </p>
            <p>
              <label for="date">{t('webp-event-date')}</label>
              <span class="muted"> {t('webp-event-date-hint')}</span>
              {errorOf('date') ? <span class="field-error">{errorOf('date')}</span> : null}
              <input type="text" id="date" name="date" value={values?.date ?? ''} autocomplete="off" placeholder="15/3/2024" />
            </p>
            <p>
              <label for="reference">{t('webp-event-reference')}</label>
              <input type="text" id="reference" name="reference" value={values?.reference ?? ''} autocomplete="off" placeholder="QĐ 123/QĐ-UBND" size={40} />
            </p>
            <button type="submit" class="primary">
              {t('webp-event-preview')}
            </button>
          </form>
        )
      ) : (
        <p class="muted">{t('webp-events-read-only')}</p>
      )}
      <Section headingId="types-h" title={t('webp-event-types')}>
        <DataTable id="event-types" rows={view.types} empty={t('webp-no-event-types')} rowAttrs={(ty) => ({ 'data-type': ty.slug })} columns={[
            { head: t('webp-event-type'), cell: (ty) => ty.eventText ?? ty.slug },
            { head: t('webp-event-tasks'), num: true, cell: (ty) => ty.tasks },
            { head: t('webp-event-items-waiting'), num: true, cell: (ty) => ty.items },
          ]}
        />
      </Section>
      <Section headingId="recent-h" title={t('webp-events-recorded')}>
        <DataTable id="events" rows={view.recent} empty={t('webp-no-events')} rowAttrs={(e) => ({ 'data-type': e.type })} columns={[
            { head: t('webp-event-date'), cell: (e) => viDate(e.date) },
            { head: t('webp-event-type'), cell: (e) => view.types.find((ty) => ty.slug === e.type)?.eventText ?? e.type },
            { head: t('webp-event-reference'), cell: (e) => e.reference ?? '—' },
            { head: t('webp-by'), cell: (e) => <>{e.recordedBy} · {viDateTime(e.createdAt)}</> },
          ]}
        />
      </Section>
    </Layout>
  );
};

const PreviewPage: FC<{ ctx: PageContext; preview: Extract<EventPreview, { kind: 'preview' }> }> = ({ ctx, preview }) => {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('webp-event-check')}>
      <h1>{t('webp-event-check')}</h1>
      <dl class="facts">
        <dt>{t('webp-event-type')}</dt>
        <dd>{preview.eventText ?? preview.slug}</dd>
        <dt>{t('webp-event-date')}</dt>
        <dd id="preview-date">{viDate(preview.date)}</dd>
        <dt>{t('webp-event-reference')}</dt>
        <dd>{preview.reference ?? '—'}</dd>
      </dl>
      <p id="preview-summary">{t('webp-event-will-date', { items: preview.items, waiting: preview.waiting })}</p>
      {preview.rows.length > 0 ? (
        <DataTable id="preview" rows={preview.rows} columns={[
            { head: t('webp-item'), cell: (r) => <>{r.taskNumber}. {r.taskTitle}</> },
            { head: t('web-occurrence'), cell: (r) => <>{r.label}{r.repeated ? ` (${t('webp-event-repeated')})` : ''}</> },
            { head: t('webp-new-due'), cellClass: 'due', cell: (r) => viDate(r.dueDate) },
            { head: t('webp-units-affected'), cell: (r) => (r.units.length > 3 ? `${r.units.slice(0, 3).join('; ')} … (${r.units.length})` : r.units.join('; ') || '—') },
          ]}
        />
      ) : null}
      <form method="post" action="/events" class="decide">
        <Csrf ctx={ctx} />
        <input type="hidden" name="type" value={preview.slug} />
        <input type="hidden" name="date" value={preview.date} />
        <input type="hidden" name="reference" value={preview.reference ?? ''} />
        <button type="submit" class="primary" id="confirm-event">
          {t('webp-event-confirm')}
        </button>
        <a href="/events">{t('webp-event-change')}</a>
      </form>
    </Layout>
  );
};

/** Mounts `/events`, `POST /events/preview` and `POST /events`. */
export function eventsPages(events: WebEvents): PageMount {
  return (app: Hono<Env>, h: PageHelpers) => {
    app.get('/events', async (c) => {
      const session = h.signedIn(c);
      if (session instanceof Response) return session;
      const view = await events.view(session);
      if (view === null) return h.message(c, 403, 'web-forbidden-title', 'webp-events-forbidden');
      const ctx = h.ctxOf(c);
      const recorded = c.req.query('recorded');
      const num = (k: string) => Number(/^\d{1,6}$/.test(c.req.query(k) ?? '') ? c.req.query(k) : 0);
      const notice = recorded
        ? c.req.query('duplicate') === '1'
          ? ctx.t('webp-event-duplicate')
          : ctx.t('webp-event-recorded', { dated: num('dated'), created: num('created') })
        : undefined;
      return h.page(c, <EventsPage ctx={ctx} view={view} {...(notice ? { notice } : {})} />);
    });

    app.post('/events/preview', async (c) => {
      const session = h.signedIn(c);
      if (session instanceof Response) return session;
      const form = await c.req.parseBody();
      const values = { type: field(form, 'type'), date: field(form, 'date'), reference: field(form, 'reference') };
      const preview = await events.preview(session, { slug: values.type, date: values.date, reference: values.reference });
      if (preview.kind === 'forbidden') return h.message(c, 403, 'web-forbidden-title', 'webp-events-forbidden');
      const ctx = h.ctxOf(c);
      if (preview.kind === 'invalid') {
        const view = (await events.view(session))!;
        const errors = preview.errors.map((e) => ({
          field: e.field,
          text: e.reason === 'unknown_type' ? ctx.t('webp-event-unknown-type') : e.reason === 'missing' ? ctx.t('webp-event-date-missing') : ctx.t(`bot-date-${e.reason.replace(/_/g, '-')}`),
        }));
        return h.page(c, <EventsPage ctx={ctx} view={view} errors={errors} values={values} />, 400);
      }
      return h.page(c, <PreviewPage ctx={ctx} preview={preview} />);
    });

    app.post('/events', async (c) => {
      const session = h.signedIn(c);
      if (session instanceof Response) return session;
      const form = await c.req.parseBody();
      const outcome = await events.record(session, { slug: field(form, 'type'), date: field(form, 'date'), reference: field(form, 'reference') });
      if (outcome.kind === 'forbidden' || outcome.kind === 'refused') return h.message(c, 403, 'web-forbidden-title', 'webp-events-forbidden');
      if (outcome.kind !== 'event_recorded') return h.message(c, 400, 'webp-bad-request-title', 'webp-bad-request');
      const q = new URLSearchParams({ recorded: outcome.slug, dated: String(outcome.dated), created: String(outcome.created), duplicate: outcome.duplicate ? '1' : '0' });
      return c.redirect(`/events?${q.toString()}`, 303);
    });
  };
}
