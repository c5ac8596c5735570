/**
 * Small pieces the console's page modules share: the CSRF field, the error summary (GOV.UK pattern: a summary at
 * the top linked to the fields), dates as Vietnamese write them, parsing of numeric route parameters, and the
 * section-with-a-table pattern of the pages (a `Section` titled by its heading, a `DataTable` built from column specs).
 */
import type { Child, FC, PropsWithChildren } from 'hono/jsx';
import type { WebSession } from '../app/web/auth.js';
import type { PageContext } from './pages.js';

/** The session's CSRF token as a hidden field of a form. */
export const Csrf: FC<{ ctx: PageContext }> = ({ ctx }) => <input type="hidden" name="_csrf" value={ctx.session?.csrfToken ?? ''} />;

/** A Date in Asia/Ho_Chi_Minh (UTC+7 all year), `DD/MM/YYYY HH:mm`. */
export function viDateTime(date: Date | null): string {
  if (date === null) return '—';
  const local = new Date(date.getTime() + 7 * 3600 * 1000).toISOString();
  return `${local.slice(8, 10)}/${local.slice(5, 7)}/${local.slice(0, 4)} ${local.slice(11, 16)}`;
}

/** One problem with a field: its message and the id of the field it links to. */
export interface FieldError {
  field: string;
  text: string;
}

export const ErrorSummary: FC<{ ctx: PageContext; errors: readonly FieldError[] }> = ({ ctx, errors }) =>
  errors.length === 0 ? null : (
    <div class="error-summary" role="alert" tabindex={-1} id="error-summary">
      <h2>{ctx.t('webp-error-summary')}</h2>
      <ul>
        {errors.map((e) => (
          <li>
            <a href={`#${e.field}`}>{e.text}</a>
          </li>
        ))}
      </ul>
    </div>
  );

/** A positive integer route or query parameter, else undefined. */
export function idParam(value: string | undefined): number | undefined {
  return value !== undefined && /^\d{1,9}$/.test(value) && Number(value) > 0 ? Number(value) : undefined;
}

/** Coordinators and leaders see the whole province; heads and focal points their unit. */
export function seesAll(session: Pick<WebSession, 'role'>): boolean {
  return session.role === 'coordinator' || session.role === 'leader';
}

/** A form field's string value ('' when absent or a file). */
export function field(form: Record<string, unknown>, name: string): string {
  const v = form[name];
  return typeof v === 'string' ? v.trim() : '';
}

/** A part of a page, named by its heading for assistive technology (`aria-labelledby`). */
export const Section: FC<PropsWithChildren<{ headingId: string; title: Child; class?: string }>> = ({ headingId, title, class: className, children }) => (
  <section aria-labelledby={headingId} class={className}>
    <h2 id={headingId}>{title}</h2>
    {children}
  </section>
);

/** One column of a {@link DataTable}: its head and how a row fills its cell. */
export interface Column<T> {
  head: Child;
  cell: (row: T) => Child;
  /** Figures, right-aligned: `class="num"` on the head and the cells. */
  num?: boolean;
  /** A class of the column's cells (beside `num`), for styling and tests (`td.due`). */
  cellClass?: string;
}

export interface DataTableProps<T> {
  rows: readonly T[];
  columns: readonly Column<T>[];
  id?: string;
  class?: string;
  /** The id of the heading that names the table (`aria-labelledby`). */
  labelledBy?: string;
  /** Attributes of a row's `<tr>` (`data-…` for tests and scripts). */
  rowAttrs?: (row: T) => Record<string, string | number>;
  /** Shown as a paragraph instead of the table when there are no rows; without it an empty table is shown. */
  empty?: Child;
}

const classes = (...names: (string | false | undefined)[]) => names.filter(Boolean).join(' ') || undefined;

/** A table of rows under column heads (`scope="col"`), scrolling sideways on a narrow screen. */
export function DataTable<T>({ rows, columns, id, class: className, labelledBy, rowAttrs, empty }: DataTableProps<T>) {
  if (rows.length === 0 && empty !== undefined) return <p>{empty}</p>;
  return (
    <div class="scroll">
      <table class={className} id={id} aria-labelledby={labelledBy}>
        <thead>
          <tr>
            {columns.map((c) => (
              <th scope="col" class={c.num ? 'num' : undefined}>
                {c.head}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr {...(rowAttrs?.(row) ?? {})}>
              {columns.map((c) => (
                <td class={classes(c.num && 'num', c.cellClass)}>{c.cell(row)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
