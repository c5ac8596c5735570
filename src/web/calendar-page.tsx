/**
 * `/calendar` (issue #13 §3): a month of due items, Monday first, with public holidays and make-up working days
 * marked in words (never by colour alone), previous and next month, and a filter by unit (heads and focal points:
 * their own unit). On a narrow screen the month scrolls sideways inside its box.
 */
import type { Hono } from 'hono';
import type { FC } from 'hono/jsx';
import type { CalendarView, WebCalendar } from '../app/web/calendar.js';
import type { Env, PageHelpers, PageMount } from './console.js';
import { idParam } from './page-kit.js';
import { Layout, type PageContext } from './pages.js';

/** Entries shown in a day's cell before "+N". */
const PER_DAY = 3;

function monthHref(month: string, unitId: number | undefined): string {
  return `/calendar?month=${month}${unitId === undefined ? '' : `&unit=${unitId}`}`;
}

const CalendarPage: FC<{ ctx: PageContext; view: CalendarView }> = ({ ctx, view }) => {
  const { t } = ctx;
  const [y, m] = view.month.split('-');
  return (
    <Layout ctx={ctx} title={t('webp-calendar-title')}>
      <h1>
        {t('webp-calendar-title')} — {t('webp-month-name', { month: Number(m), year: y! })}
      </h1>
      <nav class="pager noprint" aria-label={t('webp-calendar-months')}>
        <a href={monthHref(view.prev, view.unitId)} rel="prev" id="prev-month">
          ← {t('webp-prev-month')}
        </a>
        <a href={monthHref(view.today.slice(0, 7), view.unitId)}>{t('webp-this-month')}</a>
        <a href={monthHref(view.next, view.unitId)} rel="next" id="next-month">
          {t('webp-next-month')} →
        </a>
      </nav>
      {view.canFilter ? (
        <form class="filters noprint" method="get" action="/calendar">
          <input type="hidden" name="month" value={view.month} />
          <label>
            {t('web-unit')}
            <select name="unit" onchange="this.form.requestSubmit()">
              <option value="">{t('web-all-units')}</option>
              {view.units.map((u) => (
                <option value={String(u.id)} selected={u.id === view.unitId}>
                  {u.name}
                </option>
              ))}
            </select>
          </label>
          <button type="submit">{t('web-apply')}</button>
        </form>
      ) : null}
      <p class="muted">{t('webp-calendar-legend')}</p>
      <div class="scroll">
        <table class="month" id="month">
          <caption class="muted">{t('webp-month-name', { month: Number(m), year: y! })}</caption>
          <thead>
            <tr>
              {[1, 2, 3, 4, 5, 6, 7].map((d) => (
                <th scope="col">{t(`webp-dow-${d}`)}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {view.weeks.map((week) => (
              <tr>
                {week.map((day) => {
                  const classes = [day.inMonth ? '' : 'other', day.working ? '' : 'off', day.mark?.kind === 'holiday' ? 'holiday' : '', day.mark?.kind === 'working_day' ? 'makeup' : '']
                    .filter(Boolean)
                    .join(' ');
                  return (
                    <td class={classes} data-date={day.date} data-mark={day.mark?.kind ?? ''}>
                      <span class="day">
                        {Number(day.date.slice(8))}
                        {day.date === view.today ? ` · ${t('webp-today')}` : ''}
                      </span>
                      {day.mark ? (
                        <span class="tag">
                          {day.mark.kind === 'holiday' ? t('webp-holiday') : t('webp-makeup-day')}: {day.mark.name}
                        </span>
                      ) : null}
                      {day.entries.length > 0 ? (
                        <ul>
                          {day.entries.slice(0, PER_DAY).map((e) => (
                            <li>
                              {e.dueItemId !== null ? <a href={`/items/${e.dueItemId}`}>{e.taskLabel}</a> : <span title={e.taskTitle}>{e.taskLabel}</span>}
                              {e.items > 1 ? ` (${e.done}/${e.items})` : e.done > 0 ? ' ✓' : ''}
                            </li>
                          ))}
                          {day.entries.length > PER_DAY ? <li class="muted">{t('webp-more', { count: day.entries.length - PER_DAY })}</li> : null}
                        </ul>
                      ) : null}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Layout>
  );
};

/** Mounts `/calendar`. */
export function calendarPages(calendar: WebCalendar): PageMount {
  return (app: Hono<Env>, h: PageHelpers) => {
    app.get('/calendar', async (c) => {
      const session = h.signedIn(c);
      if (session instanceof Response) return session;
      const month = c.req.query('month');
      const unitId = idParam(c.req.query('unit'));
      const view = await calendar.month(session, { ...(month ? { month } : {}), ...(unitId !== undefined ? { unitId } : {}) });
      return h.page(c, <CalendarPage ctx={h.ctxOf(c)} view={view} />);
    });
  };
}
