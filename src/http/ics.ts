/**
 * Calendar feeds over HTTP: `/ics/<token>.ics` (a unit's or a person's open due items; 404 for an unknown or
 * revoked token, never saying which) and `/ics/ngay-nghi.ics` (official days off and make-up working days, public).
 * Mounted through `createHttpApp`'s `mount` hook.
 */
import type { Hono } from 'hono';

export interface IcsRoutesDeps {
  /** The feed behind a token, or null. */
  feed(token: string): Promise<string | null>;
  /** The days-off feed. */
  holidays(): string;
}

/** The public address of the days-off feed, under `/ics/`. */
export const HOLIDAY_FEED_FILE = 'ngay-nghi.ics';

const ICS_HEADERS = {
  'content-type': 'text/calendar; charset=utf-8',
  // Private feeds: no shared cache may keep them.
  'cache-control': 'private, no-store',
};

export function mountIcsRoutes(app: Hono, deps: IcsRoutesDeps): void {
  app.get('/ics/:file', async (c) => {
    const file = c.req.param('file');
    if (file === HOLIDAY_FEED_FILE) return c.body(deps.holidays(), 200, { ...ICS_HEADERS, 'cache-control': 'public, max-age=3600' });
    const match = /^(.+)\.ics$/.exec(file);
    const body = match ? await deps.feed(match[1]!) : null;
    if (body === null) return c.text('Không tìm thấy lịch (liên kết sai hoặc đã bị thu hồi). / Feed not found.', 404);
    return c.body(body, 200, ICS_HEADERS);
  });
}
