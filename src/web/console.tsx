/**
 * The web console (issue #13): routes of the hono app, server-rendered with hono/jsx, htmx for partial updates,
 * one plain CSS file. Every asset is served from here (htmx from its npm package): agency networks are closed.
 *
 * Security:
 * - Sessions: an HttpOnly, SameSite=Lax cookie (`Secure` when WEB_BASE_URL is https) holding a random token;
 *   PostgreSQL keeps its hash (src/app/web/auth.ts).
 * - CSRF: every form carries the session's CSRF token (`_csrf`, or the `X-CSRF-Token` header); a post without it,
 *   or with another, gets 403. Posts from another origin are refused too (hono/csrf), except a mail provider's
 *   one-click unsubscribe (RFC 8058) to a digest's signed unsubscribe link, whose token is its own capability.
 * - Sign-in links are spent by a POST from the page they open, never by the GET: link previews must not spend them.
 * - Sign-in attempts are rate-limited per client address.
 * - Heads and focal points see their own unit only (403 otherwise); coordinators and leaders their province.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { timingSafeEqual } from 'node:crypto';
import { getConnInfo } from '@hono/node-server/conninfo';
import { Hono, type Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { csrf } from 'hono/csrf';
import { html } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import type { Clock } from '../domain/clock.js';
import { canSeeUnit, type WebAuth, type WebSession } from '../app/web/auth.js';
import type { DashboardRequest, DashboardService } from '../app/web/dashboard.js';
import type { WebPlans } from '../app/web/plans.js';
import type { Translate } from '../i18n/translator.js';
import { projectPath } from '../infra/project-root.js';
import type { Logger } from '../infra/logger.js';
import { DashboardPage, Message, SignInPage, type PageContext } from './pages.js';
import type { WebExports } from '../app/web/exports.js';
import { registerExportsPages } from './exports.js';
import { registerPlanPages } from './plans.js';

export const SESSION_COOKIE = 'nv_session';
export const LANG_COOKIE = 'nv_lang';

export interface WebConsoleDeps {
  auth: WebAuth;
  dashboard: DashboardService;
  /** The plan pages (`/plans`); absent: not mounted. */
  plans?: WebPlans;
  translate: Translate;
  clock: Clock;
  web: { baseUrl: string; secureCookies: boolean };
  logger?: Logger;
  /** The exports page (`/exports`: report annex, calendar feeds); absent → no such page. */
  exports?: WebExports;
  /** Sign-in attempts per client address and window. Default 20 per 10 minutes. */
  signInLimit?: { max: number; windowMs: number };
  /** More pages, each from its own module (src/web/*-page.tsx), mounted after sign-in and CSRF checks. */
  pages?: readonly PageMount[];
  /**
   * Route groups defined in their own files (src/web/people.tsx, src/web/one-tap.tsx), mounted after the session
   * and CSRF middleware with the helpers every page uses.
   */
  mount?: ((app: Hono<ConsoleEnv>, kit: ConsoleKit) => void)[];
}

export type Env = { Variables: { session: WebSession | null; lang: 'vi' | 'en' } };

/** What a page module gets to render with the console's layout, session and language. */
export interface PageHelpers {
  ctxOf(c: Context<Env>): PageContext;
  /** The session, or a redirect to /signin. */
  signedIn(c: Context<Env>): WebSession | Response;
  page(c: Context<Env>, body: HtmlEscapedString | Promise<HtmlEscapedString>, status?: 200 | 400 | 403 | 404 | 409 | 429): Response | Promise<Response>;
  /** A page with a title and one sentence (403, 404…), from catalog keys. */
  message(c: Context<Env>, status: 400 | 403 | 404 | 409, titleKey: string, textKey: string): Response | Promise<Response>;
}

/** Mounts a page module's routes on the console. */
export type PageMount = (app: Hono<Env>, helpers: PageHelpers) => void;

export type ConsoleEnv = Env;

/** What mounted route groups share with the console's own routes. */
export interface ConsoleKit {
  ctxOf(c: Context<ConsoleEnv>): PageContext;
  page(c: Context<ConsoleEnv>, body: HtmlEscapedString | Promise<HtmlEscapedString>, status?: 200 | 403 | 404 | 429 | 400): Response | Promise<Response>;
  /** The session, or a redirect to the sign-in page. */
  signedIn(c: Context<ConsoleEnv>): WebSession | Response;
}

/** Paths whose posts carry a signed one-tap token instead of a session (src/web/one-tap.tsx checks it). */
export const ONE_TAP_PREFIX = '/t/';

/** A digest's signed unsubscribe link (`/t/unsubscribe.<…>`): the one path that takes cross-origin posts (RFC 8058). */
export function isOneClickUnsubscribePath(path: string): boolean {
  return /^\/t\/unsubscribe\.[A-Za-z0-9._-]+$/.test(path);
}

const require = createRequire(import.meta.url);
let assets: { htmx: string; css: string } | undefined;
function loadAssets() {
  assets ??= {
    htmx: readFileSync(require.resolve('htmx.org/dist/htmx.min.js'), 'utf8'),
    css: readFileSync(projectPath('src', 'web', 'assets', 'app.css'), 'utf8'),
  };
  return assets;
}

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function clientAddress(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/** A sliding-window counter per key (in this process; a sign-in token is 256 random bits, so this only slows abuse). */
function createLimiter(max: number, windowMs: number, now: () => number) {
  const hits = new Map<string, number[]>();
  return (key: string): { ok: true } | { ok: false; retryAfterS: number } => {
    const t = now();
    const recent = (hits.get(key) ?? []).filter((h) => h > t - windowMs);
    if (recent.length >= max) {
      hits.set(key, recent);
      return { ok: false, retryAfterS: Math.ceil((recent[0]! + windowMs - t) / 1000) };
    }
    recent.push(t);
    hits.set(key, recent);
    if (hits.size > 10_000) for (const [k, v] of hits) if (v.every((h) => h <= t - windowMs)) hits.delete(k);
    return { ok: true };
  };
}

function page(c: Context, body: HtmlEscapedString | Promise<HtmlEscapedString>, status: 200 | 400 | 403 | 404 | 409 | 429 = 200) {
  return c.html(html`<!DOCTYPE html>${body}`, status);
}

/** Builds the console's routes; mount them with `app.route('/', createWebConsole(deps))`. */
export function createWebConsole(deps: WebConsoleDeps): Hono<Env> {
  const app = new Hono<Env>();
  const limit = createLimiter(deps.signInLimit?.max ?? 20, deps.signInLimit?.windowMs ?? 10 * 60_000, () => deps.clock.now().getTime());
  const baseOrigin = new URL(deps.web.baseUrl).origin;
  const cookieOptions = { httpOnly: true, sameSite: 'Lax' as const, secure: deps.web.secureCookies, path: '/' };

  const ctxOf = (c: Context<Env>): PageContext => {
    const lang = c.get('lang');
    const url = new URL(c.req.url);
    url.searchParams.delete('lang');
    return { t: (key, args) => deps.translate(lang, key, args), lang, path: `${url.pathname}${url.search}`, session: c.get('session') };
  };

  app.get('/assets/htmx.min.js', (c) => {
    c.header('Cache-Control', 'public, max-age=86400');
    return c.body(loadAssets().htmx, 200, { 'Content-Type': 'text/javascript; charset=utf-8' });
  });
  app.get('/assets/app.css', (c) => {
    c.header('Cache-Control', 'public, max-age=3600');
    return c.body(loadAssets().css, 200, { 'Content-Type': 'text/css; charset=utf-8' });
  });

  // Posts from another origin are refused before anything else (defence in depth beside the CSRF token), but
  // the one-click unsubscribe of RFC 8058: a mail provider posts `List-Unsubscribe=One-Click` to a digest's signed
  // unsubscribe link from its own servers, without Origin or cookies. The token is the capability there
  // (src/web/one-tap.tsx verifies its signature and that it is an unsubscribe link), so only that path is exempt.
  const sameOrigin = csrf({ origin: (origin, c) => origin === baseOrigin || origin === new URL(c.req.url).origin });
  app.use('*', (c, next) => (c.req.method === 'POST' && isOneClickUnsubscribePath(c.req.path) ? next() : sameOrigin(c, next)));

  // Session and language for every page.
  app.use('*', async (c, next) => {
    const session = await deps.auth.session(getCookie(c, SESSION_COOKIE));
    c.set('session', session);
    const asked = c.req.query('lang');
    if (asked === 'vi' || asked === 'en') {
      setCookie(c, LANG_COOKIE, asked, { ...cookieOptions, httpOnly: false, maxAge: 365 * 86400 });
      c.set('lang', asked);
    } else {
      const cookie = getCookie(c, LANG_COOKIE);
      c.set('lang', cookie === 'en' || cookie === 'vi' ? cookie : session?.locale === 'en' ? 'en' : 'vi');
    }
    await next();
  });

  // Every post but the sign-in itself needs a live session and its CSRF token.
  app.use('*', async (c, next) => {
    if (c.req.method !== 'POST' || c.req.path === '/login' || c.req.path.startsWith(ONE_TAP_PREFIX)) return next();
    const session = c.get('session');
    const ctx = ctxOf(c);
    if (session === null) return page(c, <Message ctx={ctx} title={ctx.t('web-forbidden-title')} text={ctx.t('web-signed-out-text')} link={{ href: '/signin', label: ctx.t('web-how-to-sign-in') }} />, 403);
    const type = c.req.header('content-type') ?? '';
    let sent = c.req.header('x-csrf-token');
    if (sent === undefined && (type.includes('application/x-www-form-urlencoded') || type.includes('multipart/form-data'))) {
      const form = await c.req.parseBody();
      sent = typeof form['_csrf'] === 'string' ? form['_csrf'] : undefined;
    }
    if (sent === undefined || !sameToken(sent, session.csrfToken)) {
      deps.logger?.warn('web: post refused without a valid CSRF token', { path: c.req.path });
      return page(c, <Message ctx={ctx} title={ctx.t('web-forbidden-title')} text={ctx.t('web-csrf-refused')} />, 403);
    }
    return next();
  });

  app.get('/signin', (c) => {
    const ctx = ctxOf(c);
    return page(c, <Message ctx={ctx} title={ctx.t('web-sign-in-title')} text={ctx.t('web-how-to-sign-in-text')} />);
  });

  app.get('/login/:token', (c) => page(c, <SignInPage ctx={ctxOf(c)} token={c.req.param('token')} />));

  app.post('/login', async (c) => {
    const ctx = ctxOf(c);
    const allowed = limit(clientAddress(c));
    if (!allowed.ok) {
      c.header('Retry-After', String(allowed.retryAfterS));
      return page(c, <Message ctx={ctx} title={ctx.t('web-sign-in-title')} text={ctx.t('web-too-many-attempts', { minutes: Math.ceil(allowed.retryAfterS / 60) })} />, 429);
    }
    const form = await c.req.parseBody();
    const token = typeof form['token'] === 'string' ? form['token'] : '';
    const outcome = await deps.auth.signIn(token);
    if (outcome.kind === 'refused') {
      return page(c, <Message ctx={ctx} title={ctx.t('web-sign-in-title')} text={ctx.t(`web-link-${outcome.reason}`)} link={{ href: '/signin', label: ctx.t('web-how-to-sign-in') }} />, 403);
    }
    // Max-Age, not Expires: a browser whose clock disagrees with the server's would drop an Expires cookie at once.
    const maxAge = Math.max(1, Math.floor((outcome.session.expiresAt.getTime() - deps.clock.now().getTime()) / 1000));
    setCookie(c, SESSION_COOKIE, outcome.sessionToken, { ...cookieOptions, maxAge });
    return c.redirect('/', 303);
  });

  app.post('/logout', async (c) => {
    await deps.auth.signOut(c.get('session')!);
    deleteCookie(c, SESSION_COOKIE, { path: '/' });
    return c.redirect('/signin', 303);
  });

  app.post('/logout/all', async (c) => {
    await deps.auth.signOutEverywhere(c.get('session')!);
    deleteCookie(c, SESSION_COOKIE, { path: '/' });
    return c.redirect('/signin', 303);
  });

  // Everything below needs a session.
  const signedIn = (c: Context<Env>): WebSession | Response => {
    const session = c.get('session');
    if (session !== null) return session;
    return c.redirect('/signin', 303);
  };

  const dashboardRequest = (c: Context<Env>): DashboardRequest => {
    const num = (v: string | undefined) => (v !== undefined && /^\d{1,9}$/.test(v) ? Number(v) : undefined);
    const plan = num(c.req.query('plan'));
    const group = num(c.req.query('group'));
    const period = c.req.query('period');
    return { ...(plan !== undefined ? { planId: plan } : {}), ...(group !== undefined ? { groupId: group } : {}), ...(period ? { period } : {}) };
  };

  app.get('/', async (c) => {
    const session = signedIn(c);
    if (session instanceof Response) return session;
    const d = await deps.dashboard.dashboard(session, dashboardRequest(c));
    const unitsPage = /^\d{1,4}$/.test(c.req.query('page') ?? '') ? Number(c.req.query('page')) : undefined;
    return page(c, <DashboardPage ctx={ctxOf(c)} d={d} {...(unitsPage !== undefined ? { unitsPage } : {})} />);
  });

  app.get('/units/:id', async (c) => {
    const session = signedIn(c);
    if (session instanceof Response) return session;
    const ctx = ctxOf(c);
    const id = Number(c.req.param('id'));
    if (!Number.isSafeInteger(id)) return page(c, <Message ctx={ctx} title={ctx.t('web-not-found-title')} text={ctx.t('web-not-found')} />, 404);
    if (!canSeeUnit(session, id)) return page(c, <Message ctx={ctx} title={ctx.t('web-forbidden-title')} text={ctx.t('web-forbidden-unit')} />, 403);
    const d = await deps.dashboard.dashboard(session, { ...dashboardRequest(c), unitId: id });
    const unit = d.units[0];
    const found = unit ? null : await deps.auth.findUnit(String(id));
    const name = unit?.unitName ?? (found?.province === session.province ? found.name : undefined);
    if (name === undefined) return page(c, <Message ctx={ctx} title={ctx.t('web-not-found-title')} text={ctx.t('web-not-found')} />, 404);
    return page(c, <DashboardPage ctx={ctx} d={d} unitPage={{ unitId: id, unitName: name }} />);
  });

  const helpers: PageHelpers = {
    ctxOf,
    signedIn,
    page,
    message: (c, status, titleKey, textKey) => {
      const ctx = ctxOf(c);
      return page(c, <Message ctx={ctx} title={ctx.t(titleKey)} text={ctx.t(textKey)} />, status);
    },
  };
  for (const mount of deps.pages ?? []) mount(app, helpers);

  if (deps.exports) registerExportsPages(app, { exports: deps.exports, ctxOf, page });

  for (const mount of deps.mount ?? []) mount(app, { ctxOf, page, signedIn });

  if (deps.plans) registerPlanPages(app, { plans: deps.plans, ctxOf, page, ...(deps.logger ? { logger: deps.logger } : {}) });

  return app;
}
