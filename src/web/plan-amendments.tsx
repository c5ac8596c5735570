/**
 * The amendments of a plan on its review page (`/plans/:id`): for each applied amendment, newest first, the tasks
 * added, removed and changed (each changed field before → after: deadline cells, unit columns, the units they
 * resolve to), and for a published plan what its due items did (new, moved with their old and new dates, waived).
 * The newest is open; earlier ones are folded. Pure view over src/app/plan-amendments.ts.
 */
import type { FC } from 'hono/jsx';
import type { PlanAmendmentView } from '../app/plan-amendments.js';
import type { FieldChange } from '../import/diff.js';
import { viDateTime } from './page-kit.js';
import { viDate, type PageContext } from './pages.js';

const FIELD_KEYS: Record<FieldChange['field'], string> = {
  'nội dung': 'content',
  'sản phẩm': 'output',
  'chủ trì': 'lead-text',
  'phối hợp': 'support-text',
  'đơn vị chủ trì': 'lead-units',
  'đơn vị phối hợp': 'support-units',
  'thời hạn': 'deadline',
  'kinh phí': 'budget',
};

const Amendment: FC<{ ctx: PageContext; a: PlanAmendmentView; open: boolean; anchor: (label: string) => string; index: number }> = ({ ctx, a, open, anchor, index }) => {
  const { t } = ctx;
  const day = (iso: string | null) => (iso === null ? t('web-amend-no-date') : viDate(iso));
  const title = (x: { title: string | null }) => (x.title === null ? '' : ` ${x.title}`);
  return (
    <details class="amendment" open={open} data-amendment={index}>
      <summary>
        <strong>{t('web-amend-head', { at: viDateTime(a.at), file: a.file ?? '—' })}</strong>{' '}
        <span class="muted">{t('web-amend-counts', { added: a.added.length, removed: a.removed.length, changed: a.changed.length })}</span>
      </summary>
      <p>
        {a.published ? t('web-amend-published') : t('web-amend-draft')}
        {a.unchanged !== null ? ` ${t('web-amend-unchanged', { n: a.unchanged })}` : ''}
      </p>
      {a.changed.length > 0 && a.changed.every((c) => c.fields === null) ? <p class="muted">{t('web-amend-keys-only')}</p> : null}
      <ul class="diff">
        {a.added.map((x) => (
          <li class="added" data-task={x.label}>
            <span aria-hidden="true">+ </span>
            <span class="kind">{t('web-amend-added')}:</span> <a href={`#${anchor(x.label)}`}>{x.label}</a>
            {title(x)}
          </li>
        ))}
        {a.removed.map((x) => (
          <li class="removed" data-task={x.label}>
            <span aria-hidden="true">− </span>
            <span class="kind">{t('web-amend-removed')}:</span> {x.label}
            {title(x)}
          </li>
        ))}
        {a.changed.map((c) => (
          <li class="changed" data-task={c.label}>
            <span aria-hidden="true">~ </span>
            <span class="kind">{t('web-amend-changed')}:</span> <a href={`#${anchor(c.label)}`}>{c.label}</a>
            {c.previousLabel !== c.label ? <span class="muted"> ({t('web-amend-was', { previous: c.previousLabel })})</span> : null}
            {title(c)}
            {c.fields && c.fields.length > 0 ? (
              <ul>
                {c.fields.map((f) => (
                  <li data-field={FIELD_KEYS[f.field]}>
                    {t(`web-amend-field-${FIELD_KEYS[f.field]}`)}: <del>{f.before ?? '—'}</del> → <ins>{f.after ?? '—'}</ins>
                  </li>
                ))}
              </ul>
            ) : null}
          </li>
        ))}
      </ul>
      {a.dueItems ? (
        <p class="amend-items">
          {t('web-amend-items', {
            created: a.dueItems.created,
            redated: a.dueItems.redated,
            rewaited: a.dueItems.rewaited,
            waived: a.dueItems.waived,
            kept: a.dueItems.extensionKept,
          })}
        </p>
      ) : null}
      {a.moves.length > 0 ? (
        <>
          <h3>{t('web-amend-moves')}</h3>
          <ul class="moves">
            {a.moves.map((m) => (
              <li data-task={m.label}>
                <a href={`#${anchor(m.label)}`}>{m.label}</a> {m.title}:{' '}
                {m.redated.map((r, i) => (
                  <span class="move">
                    {i > 0 ? '; ' : ''}
                    {t('web-amend-move', { from: day(r.from), to: day(r.to), items: r.items })}
                  </span>
                ))}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </details>
  );
};

/** The section, or nothing for a plan never amended. `anchor` gives a task row's id on the page. */
export const PlanAmendments: FC<{ ctx: PageContext; amendments: PlanAmendmentView[]; anchor: (label: string) => string }> = ({ ctx, amendments, anchor }) =>
  amendments.length === 0 ? null : (
    <section class="amendments" id="amendments" aria-labelledby="amendments-h">
      <h2 id="amendments-h">{ctx.t('web-amend-title')}</h2>
      {amendments.map((a, i) => (
        <Amendment ctx={ctx} a={a} open={i === 0} anchor={anchor} index={i} />
      ))}
    </section>
  );
