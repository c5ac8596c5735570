/**
 * `/items/:id` (issue #13 §3): the item, the other units' shares, every reminder planned or sent, the audit trail
 * (every press, report and decision), extensions, progress notes, and the archived evidence files to download
 * (`/items/:id/evidence/:fileId`). A head or focal point sees only their unit's items (403 otherwise).
 */
import type { Hono } from 'hono';
import type { FC } from 'hono/jsx';
import type { ItemPage, WebItems } from '../app/web/items.js';
import type { Env, PageHelpers, PageMount } from './console.js';
import { DataTable, idParam, Section, viDateTime } from './page-kit.js';
import { Layout, viDate, type PageContext } from './pages.js';

function bytes(n: number | null): string {
  if (n === null) return '—';
  return n < 1024 ? `${n} B` : n < 1024 * 1024 ? `${(n / 1024).toFixed(1)} KB` : `${(n / 1024 / 1024).toFixed(1)} MB`;
}

function evidenceText(evidence: unknown): string {
  const e = (evidence ?? {}) as { text?: string; documentNumber?: string; documentDate?: string; fileName?: string };
  return [e.documentNumber, e.documentDate ? viDate(e.documentDate) : undefined, e.fileName, e.text].filter(Boolean).join(' · ') || '—';
}

/** A short, readable form of an audit row's details (dates, decisions), never the raw evidence blob. */
function auditDetails(details: Record<string, unknown> | null): string {
  if (details === null) return '';
  const out: string[] = [];
  for (const k of ['proposedDate', 'newDueDate', 'previousDueDate', 'reason', 'needsApproval']) {
    const v = details[k];
    if (typeof v === 'string') out.push(/^\d{4}-\d{2}-\d{2}$/.test(v) ? `${k}: ${viDate(v)}` : `${k}: ${v}`);
    else if (typeof v === 'boolean') out.push(`${k}: ${v ? '✓' : '✗'}`);
  }
  return out.join(' · ');
}

/** The catalog's text for `key`, or `fallback` when the catalog has none (the translator returns the key). */
function labelOr(t: PageContext['t'], key: string, fallback: string): string {
  const text = t(key);
  return text === key ? fallback : text;
}

const ItemView: FC<{ ctx: PageContext; page: Extract<ItemPage, { kind: 'found' }> }> = ({ ctx, page }) => {
  const { t } = ctx;
  const { item, siblings, extensions, notes } = page.detail;
  const label = item.taskNumber;
  return (
    <Layout ctx={ctx} title={`${label} ${item.taskTitle}`}>
      <p class="muted">{item.planTitle}</p>
      <h1>
        {label}. {item.taskTitle}
      </h1>
      <dl class="facts">
        <dt>{t('web-unit')}</dt>
        <dd>
          <a href={`/units/${item.unitId}`}>{item.unitName}</a> ({t(`web-assignment-${item.role}`)})
        </dd>
        <dt>{t('web-occurrence')}</dt>
        <dd>{item.occurrenceLabel}</dd>
        <dt>{t('web-deadline-text')}</dt>
        <dd>{item.deadlineText ?? '—'}</dd>
        <dt>{t('web-due')}</dt>
        <dd id="due-date">{viDate(item.dueDate)}</dd>
        <dt>{t('web-state')}</dt>
        <dd id="item-state">{t(`web-state-${item.state}`)}</dd>
        {item.doneAt ? (
          <>
            <dt>{t('web-done-at')}</dt>
            <dd>{viDateTime(item.doneAt)}</dd>
          </>
        ) : null}
        {item.evidence ? (
          <>
            <dt>{t('web-evidence')}</dt>
            <dd>{evidenceText(item.evidence)}</dd>
          </>
        ) : null}
      </dl>

      <Section headingId="files-h" title={t('webp-evidence-files')}>
        {page.files.length === 0 ? (
          <p>{t('webp-no-evidence-files')}</p>
        ) : (
          <ul id="evidence-files">
            {page.files.map((f) => (
              <li>
                {f.status === 'stored' ? (
                  <a href={`/items/${item.id}/evidence/${f.id}`} download={f.fileName}>
                    {f.fileName}
                  </a>
                ) : (
                  <span>{f.fileName}</span>
                )}{' '}
                <span class="muted">
                  {t(`webp-file-${f.status}`)} · {bytes(f.sizeBytes)}
                </span>
              </li>
            ))}
          </ul>
        )}
      </Section>

      {siblings.length > 0 ? (
        <Section headingId="siblings-h" title={t('web-other-units')}>
          <ul>
            {siblings.map((s) => (
              <li>
                {s.unitName} ({t(`web-assignment-${s.role}`)}) — {t(`web-state-${s.state}`)} · {viDate(s.dueDate)}
              </li>
            ))}
          </ul>
        </Section>
      ) : null}

      <Section headingId="reminders-h" title={t('web-reminders')}>
        <DataTable id="reminders" rows={page.reminders} empty={t('web-no-reminders')} columns={[
            { head: t('web-reminder-kind'), cell: (r) => r.kind },
            { head: t('web-reminder-step'), cell: (r) => r.step },
            { head: t('web-reminder-planned'), cell: (r) => viDateTime(r.plannedAt) },
            { head: t('web-reminder-status'), cell: (r) => <>{r.status}{r.flagged ? ` (${t('web-possible-duplicate')})` : ''}</> },
            { head: t('web-reminder-sent'), cell: (r) => viDateTime(r.sentAt) },
          ]}
        />
      </Section>

      <Section headingId="audit-h" title={t('webp-audit-trail')}>
        <DataTable id="audit" rows={page.audit} empty={t('webp-no-audit')} rowAttrs={(a) => ({ 'data-action': a.action })} columns={[
            { head: t('webp-when'), cell: (a) => viDateTime(a.at) },
            { head: t('webp-what'), cell: (a) => labelOr(t, `webp-audit-${a.action.replace(/\./g, '-')}`, a.action) },
            { head: t('webp-by'), cell: (a) => <>{a.personName ?? '—'} ({a.actor})</> },
            { head: t('webp-outcome'), cell: (a) => t(`webp-outcome-${a.outcome}`) },
            { head: t('webp-details'), cell: (a) => auditDetails(a.details) },
          ]}
        />
      </Section>

      {extensions.length > 0 ? (
        <Section headingId="ext-h" title={t('web-extensions')}>
          <ul>
            {extensions.map((e) => (
              <li>
                {viDate(e.proposedDate)} — {t(`webp-ext-${e.status}`)}
                {e.counterDate ? ` (${viDate(e.counterDate)})` : ''} — {e.reason}
                {e.decidedByName ? ` · ${e.decidedByName}` : ''}
              </li>
            ))}
          </ul>
        </Section>
      ) : null}
      {notes.length > 0 ? (
        <Section headingId="notes-h" title={t('web-notes')}>
          <ul>
            {notes.map((n) => (
              <li>
                {viDateTime(n.createdAt)} {n.personName ?? ''}: {n.text}
              </li>
            ))}
          </ul>
        </Section>
      ) : null}
    </Layout>
  );
};

/** RFC 6266 filename parameters: an ASCII fallback and the UTF-8 name. */
function contentDisposition(fileName: string): string {
  const ascii = fileName.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

/** Mounts `/items/:id` and its evidence downloads. */
export function itemPages(items: WebItems): PageMount {
  return (app: Hono<Env>, h: PageHelpers) => {
    app.get('/items/:id', async (c) => {
      const session = h.signedIn(c);
      if (session instanceof Response) return session;
      const id = idParam(c.req.param('id'));
      const found = id === undefined ? ({ kind: 'not_found' } as const) : await items.item(session, id);
      if (found.kind === 'forbidden') return h.message(c, 403, 'web-forbidden-title', 'web-forbidden-item');
      if (found.kind === 'not_found') return h.message(c, 404, 'web-not-found-title', 'web-not-found');
      return h.page(c, <ItemView ctx={h.ctxOf(c)} page={found} />);
    });

    app.get('/items/:id/evidence/:fileId', async (c) => {
      const session = h.signedIn(c);
      if (session instanceof Response) return session;
      const id = idParam(c.req.param('id'));
      const fileId = idParam(c.req.param('fileId'));
      const found = id === undefined || fileId === undefined ? ({ kind: 'not_found' } as const) : await items.evidence(session, id, fileId);
      if (found.kind === 'forbidden') return h.message(c, 403, 'web-forbidden-title', 'web-forbidden-item');
      if (found.kind === 'not_found') return h.message(c, 404, 'web-not-found-title', 'web-not-found');
      return c.body(Buffer.from(found.content), 200, {
        'Content-Type': 'application/octet-stream',
        'Content-Disposition': contentDisposition(found.fileName),
        'X-Content-Type-Options': 'nosniff',
        'Cache-Control': 'private, no-store',
      });
    });
  };
}
