/**
 * Service configuration: one zod schema over environment-style input, a pure `createConfig(input)`, and
 * `loadConfig(process.env)` for composition roots only. Every variable is listed in `.env.example` and in the
 * README's configuration table.
 */
import { z } from 'zod';
import { parseCidrList, type Cidr } from '../src/infra/cidr.js';
import { cronProblem } from '../src/infra/cron.js';

/** Roles a process can run; `all` runs every role in one process (the embedded default). */
export const ROLES = ['api', 'worker', 'scheduler', 'bot'] as const;
export type Role = (typeof ROLES)[number];

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;

const emptyToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const optionalString = z.preprocess(emptyToUndefined, z.string().optional());
const intIn = (min: number, max: number, def: number) =>
  z.preprocess(emptyToUndefined, z.coerce.number().int().min(min).max(max).default(def));
const boolish = (def: boolean) =>
  z.preprocess(
    emptyToUndefined,
    z
      .enum(['1', '0', 'true', 'false', 'yes', 'no', 'on', 'off'])
      .default(def ? 'true' : 'false')
      .transform((v) => ['1', 'true', 'yes', 'on'].includes(v)),
  );
const intList = (def: string) =>
  z.preprocess(
    emptyToUndefined,
    z
      .string()
      .default(def)
      .transform((s, ctx) => {
        const parts = s.split(',').map((p) => p.trim());
        const nums = parts.map(Number);
        if (parts.some((p) => !/^[+-]?\d+$/.test(p))) {
          ctx.addIssue({ code: 'custom', message: `expected comma-separated integers, got "${s}"` });
          return z.NEVER;
        }
        return nums;
      }),
  );

export const envSchema = z.object({
  NODE_ENV: z.preprocess(emptyToUndefined, z.enum(['development', 'production', 'test']).default('development')),
  /** External PostgreSQL. Unset → embedded PostgreSQL under DATA_DIR. */
  DATABASE_URL: z.preprocess(emptyToUndefined, z.url({ protocol: /^postgres(ql)?$/ }).optional()),
  /** Where the embedded PostgreSQL keeps its files (DATA_DIR/postgres). */
  DATA_DIR: z.preprocess(emptyToUndefined, z.string().default('./.data')),
  /** Redis for BullMQ. Unset → BullMQ's PostgreSQL backend in the same database (schema `bullmq`). */
  REDIS_URL: z.preprocess(emptyToUndefined, z.url({ protocol: /^rediss?$/ }).optional()),
  /** Queue key prefix (Redis) / namespace, so several deployments can share one server. */
  QUEUE_PREFIX: z.preprocess(emptyToUndefined, z.string().regex(/^[A-Za-z0-9_-]+$/).default('nhacviec')),
  HOST: z.preprocess(emptyToUndefined, z.string().default('127.0.0.1')),
  PORT: intIn(0, 65535, 3000),
  /**
   * The web console's public address, used in sign-in links (`/dangnhap`, `nhacviec web link`). Unset →
   * http://HOST:PORT. Behind HTTPS (a reverse proxy), set it to the https address: cookies are then Secure.
   */
  WEB_BASE_URL: z.preprocess(emptyToUndefined, z.url({ protocol: /^https?$/ }).optional()),
  /** Comma-separated roles, or `all`. */
  NHACVIEC_ROLE: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .default('all')
      .transform((s, ctx) => {
        const list = s.split(',').map((r) => r.trim()).filter(Boolean);
        if (list.length === 1 && list[0] === 'all') return [...ROLES];
        const bad = list.filter((r) => !(ROLES as readonly string[]).includes(r));
        if (bad.length > 0 || list.length === 0) {
          ctx.addIssue({ code: 'custom', message: `unknown role(s) ${bad.join(', ')}; use all or ${ROLES.join(', ')}` });
          return z.NEVER;
        }
        return [...new Set(list)] as Role[];
      }),
  ),
  LOG_LEVEL: z.preprocess(emptyToUndefined, z.enum(['debug', 'info', 'warn', 'error']).default('info')),

  TELEGRAM_BOT_TOKEN: optionalString,
  /** Bot API root (tests point it at a fake server). */
  TELEGRAM_API_ROOT: z.preprocess(emptyToUndefined, z.url().default('https://api.telegram.org')),
  /** Public HTTPS URL for webhook mode; unset → long polling. */
  TELEGRAM_WEBHOOK_URL: z.preprocess(emptyToUndefined, z.url().optional()),
  /** Required with TELEGRAM_WEBHOOK_URL: Telegram's `secret_token`. */
  TELEGRAM_WEBHOOK_SECRET: z.preprocess(emptyToUndefined, z.string().regex(/^[A-Za-z0-9_-]{16,256}$/).optional()),

  /** Zalo Bot Platform token (`<bot_id>:<secret>`, Zalo Bot Creator). Unset: no Zalo channel. */
  ZALO_BOT_TOKEN: optionalString,
  /** Zalo Bot API root (tests point it at a fake server). */
  ZALO_API_ROOT: z.preprocess(emptyToUndefined, z.url().default('https://bot-api.zaloplatforms.com')),
  /** Public HTTPS URL for Zalo's webhook; unset → long polling. */
  ZALO_WEBHOOK_URL: z.preprocess(emptyToUndefined, z.url().optional()),
  /** Required with ZALO_WEBHOOK_URL: the `secret_token` Zalo sends in `X-Bot-Api-Secret-Token` (8–256 characters). */
  ZALO_WEBHOOK_SECRET: z.preprocess(emptyToUndefined, z.string().regex(/^[A-Za-z0-9_-]{8,256}$/).optional()),

  /** IANA zone all calendar logic runs in. */
  TIME_ZONE: z.preprocess(emptyToUndefined, z.string().default('Asia/Ho_Chi_Minh')),
  WORKING_HOURS_START: z.preprocess(emptyToUndefined, z.string().regex(HHMM).default('08:00')),
  WORKING_HOURS_END: z.preprocess(emptyToUndefined, z.string().regex(HHMM).default('17:00')),
  /** ISO weekdays that are working days (1 = Monday). */
  WORKING_DAYS: intList('1,2,3,4,5'),
  /** Local time at which reminders are sent on working days. */
  REMINDER_SEND_TIME: z.preprocess(emptyToUndefined, z.string().regex(HHMM).default('08:00')),
  /** Reminder ladder in working days relative to the due day (negative = before). */
  REMINDER_LADDER: intList('-7,-3,-1,0,1,3,7'),
  /** The unit head is added from this many working days overdue. */
  ESCALATE_HEAD_FROM: intIn(0, 365, 3),
  /** The coordinator and leadership are added from this many working days overdue. */
  ESCALATE_LEADERSHIP_FROM: intIn(0, 365, 7),
  /** A support unit's internal due day is this many working days before the lead's. */
  SUPPORT_LEAD_DAYS: intIn(0, 60, 5),
  /** How far ahead planned reminders are put into the queue. */
  PLAN_HORIZON_DAYS: intIn(1, 60, 7),
  /** Reminder sends one worker process runs at once. A killed worker can leave at most this many sends unconfirmed. */
  DELIVERY_CONCURRENCY: intIn(1, 100, 8),
  /** A claimed send not finished within this time is treated as abandoned by a dead worker (outcome unknown). */
  SEND_LEASE_SECONDS: intIn(1, 3600, 120),
  /**
   * The longest wait for Telegram's answer to one reminder send (and its in-process 429 retries); never more than
   * the lease allows. An unanswered send frees its slot and is 'unknown', reconciled as usual.
   */
  SEND_TIMEOUT_SECONDS: intIn(1, 600, 10),
  /** Whether a completion reported in chat needs the coordinator's approval (overridable per plan). */
  COMPLETION_NEEDS_APPROVAL: boolish(false),
  /** Province used when a command does not name one. */
  DEFAULT_PROVINCE: z.preprocess(emptyToUndefined, z.string().default('nghe-an')),
  /** Official e-mail (issue #15): smtp://user:pass@host:port or smtps://…; unset: no e-mail channel. */
  SMTP_URL: z.preprocess(emptyToUndefined, z.url({ protocol: /^smtps?$/ }).optional()),
  /** The From of e-mails, e.g. `"Nhắc việc" <nhacviec@snv.nghean.gov.vn>`; required with SMTP_URL. */
  MAIL_FROM: optionalString,
  /** Per-domain pacing of e-mail: at least this many milliseconds between two messages to one domain. */
  SMTP_DOMAIN_INTERVAL_MS: intIn(0, 600_000, 1000),
  /**
   * Where delivery status notifications (bounces) go: the envelope sender of every e-mail, VERP-encoded per
   * reminder (`bounces+r123@…`), so a bounce names its reminder. Unset: the envelope sender is MAIL_FROM's address.
   */
  MAIL_BOUNCE_ADDRESS: z.preprocess(emptyToUndefined, z.email().optional()),
  /**
   * The port of the inbound SMTP listener that takes bounces (DSNs, RFC 3464) for MAIL_BOUNCE_ADDRESS, run by the
   * worker role; the agency's mail server forwards that address here. Unset: no listener.
   */
  BOUNCE_SMTP_PORT: z.preprocess(emptyToUndefined, z.coerce.number().int().min(0).max(65_535).optional()),
  /** The interface of the bounce listener; keep it private (loopback or the mail relay's network). */
  BOUNCE_SMTP_HOST: z.preprocess(emptyToUndefined, z.string().default('127.0.0.1')),
  /**
   * PEM files of the bounce listener's private key and certificate (both or neither). Set: the listener offers
   * STARTTLS. Unset: plain SMTP only.
   */
  BOUNCE_SMTP_TLS_KEY: optionalString,
  BOUNCE_SMTP_TLS_CERT: optionalString,
  /**
   * Client networks the bounce listener accepts, CIDR blocks separated by commas (`10.0.0.0/8, 192.0.2.7`); any other
   * client is refused with 554 at connect. Unset: any client that reaches BOUNCE_SMTP_HOST.
   */
  BOUNCE_SMTP_ALLOW: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .optional()
      .superRefine((v, ctx) => {
        if (v === undefined) return;
        const parsed = parseCidrList(v);
        if (!parsed.ok) ctx.addIssue({ code: 'custom', message: `"${parsed.bad}" is not an address or CIDR block` });
        else if (parsed.cidrs.length === 0) ctx.addIssue({ code: 'custom', message: 'no network given' });
      }),
  ),
  /**
   * How long a reminder may stay unacknowledged on a channel before the person's next channel carries it
   * (`90s`, `30m`, `4h`, `2d`; a bare number is minutes).
   */
  CHANNEL_FALLBACK_AFTER: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .default('4h')
      .transform((s, ctx) => {
        const ms = durationMs(s);
        if (ms === null) {
          ctx.addIssue({ code: 'custom', message: `expected a duration such as 30m, 4h or 2d, got "${s}"` });
          return z.NEVER;
        }
        return ms;
      }),
  ),
  /** HMAC key of one-tap links in e-mails (≥ 32 characters); required with SMTP_URL. */
  LINK_SECRET: z.preprocess(emptyToUndefined, z.string().min(32).optional()),
  /** How long a one-tap link stays valid. */
  LINK_TTL_DAYS: intIn(1, 365, 14),
  /** node-cron expressions, evaluated in TIME_ZONE. */
  RECONCILE_CRON: z.preprocess(emptyToUndefined, z.string().default('*/5 * * * *')),
  DIGEST_LEADERSHIP_CRON: z.preprocess(emptyToUndefined, z.string().default('0 8 * * 1')),
  DIGEST_COORDINATOR_CRON: z.preprocess(emptyToUndefined, z.string().default('30 16 * * 1-5')),
  DIGEST_UNIT_CRON: z.preprocess(emptyToUndefined, z.string().default('0 8 * * 1')),
});

export type EnvInput = Record<string, string | undefined>;

/** `90s`, `30m`, `4h`, `2d`, or a bare number of minutes, in milliseconds; null when unreadable or zero. */
export function durationMs(text: string): number | null {
  const m = /^\s*(\d{1,6})\s*(s|m|h|d)?\s*$/.exec(text);
  if (!m) return null;
  const n = Number(m[1]);
  const unit = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[(m[2] ?? 'm') as 's' | 'm' | 'h' | 'd'];
  return n > 0 ? n * unit : null;
}

/** WEB_BASE_URL, or http://HOST:PORT (a wildcard host is shown as 127.0.0.1). */
function webConfig(base: string | undefined, host: string, port: number): Config['web'] {
  const fallbackHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  const baseUrl = (base ?? `http://${fallbackHost}:${port}`).replace(/\/+$/, '');
  return { baseUrl, secureCookies: baseUrl.startsWith('https:') };
}

export interface Config {
  env: 'development' | 'production' | 'test';
  database: { mode: 'embedded'; dataDir: string } | { mode: 'external'; url: string };
  queue: { backend: 'postgres'; prefix: string } | { backend: 'redis'; url: string; prefix: string };
  http: { host: string; port: number };
  /** The web console (issue #13): its public base URL, without a trailing slash. */
  web: { baseUrl: string; secureCookies: boolean };
  roles: Role[];
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  telegram: {
    token?: string;
    apiRoot: string;
    webhook?: { url: string; secret: string };
  };
  /** The Zalo channel (src/zalo), present when ZALO_BOT_TOKEN is set. */
  zalo?: {
    token: string;
    apiRoot: string;
    webhook?: { url: string; secret: string };
  };
  /** Defaults that matter to the domain. */
  domain: {
    timeZone: string;
    workingHours: { start: string; end: string };
    workingDays: number[];
    reminderSendTime: string;
    ladder: number[];
    escalateHeadFrom: number;
    escalateLeadershipFrom: number;
    supportLeadDays: number;
    planHorizonDays: number;
    deliveryConcurrency: number;
    sendLeaseMs: number;
    sendTimeoutMs: number;
    completionNeedsApproval: boolean;
    defaultProvince: string;
  };
  schedules: { reconcile: string; digestLeadership: string; digestCoordinator: string; digestUnit: string };
  /** Official e-mail (SMTP_URL, MAIL_FROM); absent: no e-mail channel. */
  mail?: {
    url: string;
    from: string;
    domainIntervalMs: number;
    bounceAddress?: string;
    /**
     * The bounce listener: `tls` names the PEM files of its STARTTLS key and certificate; `allow` the client networks
     * it accepts (absent: any).
     */
    bounceListener?: { host: string; port: number; tls?: { keyFile: string; certFile: string }; allow?: Cidr[] };
  };
  /** Channels beside Telegram (issue #15). */
  channels: { fallbackAfterMs: number; linkSecret?: string; linkTtlMs: number };
}

/** Thrown for invalid configuration; the message names every offending variable. */
export class ConfigError extends Error {
  override name = 'ConfigError';
  constructor(
    message: string,
    readonly issues: { variable: string; message: string }[],
  ) {
    super(message);
  }
}

/** Pure: validates `input` (an env-like record) and returns the typed configuration. */
export function createConfig(input: EnvInput): Config {
  const parsed = envSchema.safeParse(input);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({ variable: String(i.path[0] ?? '?'), message: i.message }));
    const lines = issues.map((i) => `  ${i.variable}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`, issues);
  }
  const e = parsed.data;
  const extra: { variable: string; message: string }[] = [];
  if (e.TELEGRAM_WEBHOOK_URL && !e.TELEGRAM_WEBHOOK_SECRET)
    extra.push({ variable: 'TELEGRAM_WEBHOOK_SECRET', message: 'required when TELEGRAM_WEBHOOK_URL is set' });
  if (e.TELEGRAM_WEBHOOK_URL && !e.TELEGRAM_BOT_TOKEN)
    extra.push({ variable: 'TELEGRAM_BOT_TOKEN', message: 'required when TELEGRAM_WEBHOOK_URL is set' });
  if (e.ZALO_WEBHOOK_URL && !e.ZALO_WEBHOOK_SECRET)
    extra.push({ variable: 'ZALO_WEBHOOK_SECRET', message: 'required when ZALO_WEBHOOK_URL is set' });
  if (e.ZALO_WEBHOOK_URL && !e.ZALO_BOT_TOKEN) extra.push({ variable: 'ZALO_BOT_TOKEN', message: 'required when ZALO_WEBHOOK_URL is set' });
  if (Boolean(e.BOUNCE_SMTP_TLS_KEY) !== Boolean(e.BOUNCE_SMTP_TLS_CERT))
    extra.push({ variable: e.BOUNCE_SMTP_TLS_KEY ? 'BOUNCE_SMTP_TLS_CERT' : 'BOUNCE_SMTP_TLS_KEY', message: 'BOUNCE_SMTP_TLS_KEY and BOUNCE_SMTP_TLS_CERT go together' });
  if (e.SMTP_URL && !e.MAIL_FROM) extra.push({ variable: 'MAIL_FROM', message: 'required when SMTP_URL is set' });
  if (e.SMTP_URL && !e.LINK_SECRET) extra.push({ variable: 'LINK_SECRET', message: 'required when SMTP_URL is set (signs the one-tap links)' });
  if (!isValidZone(e.TIME_ZONE)) extra.push({ variable: 'TIME_ZONE', message: `unknown time zone "${e.TIME_ZONE}"` });
  if (e.WORKING_DAYS.some((d) => d < 1 || d > 7))
    extra.push({ variable: 'WORKING_DAYS', message: 'weekdays are 1 (Monday) to 7 (Sunday)' });
  if (e.WORKING_HOURS_START >= e.WORKING_HOURS_END)
    extra.push({ variable: 'WORKING_HOURS_END', message: 'must be after WORKING_HOURS_START' });
  for (const v of ['RECONCILE_CRON', 'DIGEST_LEADERSHIP_CRON', 'DIGEST_COORDINATOR_CRON', 'DIGEST_UNIT_CRON'] as const) {
    const problem = cronProblem(e[v]);
    if (problem) extra.push({ variable: v, message: problem });
  }
  if (extra.length > 0) {
    throw new ConfigError(`Invalid configuration:\n${extra.map((i) => `  ${i.variable}: ${i.message}`).join('\n')}`, extra);
  }
  return {
    env: e.NODE_ENV,
    database: e.DATABASE_URL ? { mode: 'external', url: e.DATABASE_URL } : { mode: 'embedded', dataDir: e.DATA_DIR },
    queue: e.REDIS_URL
      ? { backend: 'redis', url: e.REDIS_URL, prefix: e.QUEUE_PREFIX }
      : { backend: 'postgres', prefix: e.QUEUE_PREFIX },
    http: { host: e.HOST, port: e.PORT },
    web: webConfig(e.WEB_BASE_URL, e.HOST, e.PORT),
    roles: e.NHACVIEC_ROLE,
    logLevel: e.LOG_LEVEL,
    telegram: {
      ...(e.TELEGRAM_BOT_TOKEN ? { token: e.TELEGRAM_BOT_TOKEN } : {}),
      apiRoot: e.TELEGRAM_API_ROOT,
      ...(e.TELEGRAM_WEBHOOK_URL && e.TELEGRAM_WEBHOOK_SECRET
        ? { webhook: { url: e.TELEGRAM_WEBHOOK_URL, secret: e.TELEGRAM_WEBHOOK_SECRET } }
        : {}),
    },
    ...(e.ZALO_BOT_TOKEN
      ? {
          zalo: {
            token: e.ZALO_BOT_TOKEN,
            apiRoot: e.ZALO_API_ROOT,
            ...(e.ZALO_WEBHOOK_URL && e.ZALO_WEBHOOK_SECRET ? { webhook: { url: e.ZALO_WEBHOOK_URL, secret: e.ZALO_WEBHOOK_SECRET } } : {}),
          },
        }
      : {}),
    domain: {
      timeZone: e.TIME_ZONE,
      workingHours: { start: e.WORKING_HOURS_START, end: e.WORKING_HOURS_END },
      workingDays: e.WORKING_DAYS,
      reminderSendTime: e.REMINDER_SEND_TIME,
      ladder: [...e.REMINDER_LADDER].sort((a, b) => a - b),
      escalateHeadFrom: e.ESCALATE_HEAD_FROM,
      escalateLeadershipFrom: e.ESCALATE_LEADERSHIP_FROM,
      supportLeadDays: e.SUPPORT_LEAD_DAYS,
      planHorizonDays: e.PLAN_HORIZON_DAYS,
      deliveryConcurrency: e.DELIVERY_CONCURRENCY,
      sendLeaseMs: e.SEND_LEASE_SECONDS * 1000,
      sendTimeoutMs: e.SEND_TIMEOUT_SECONDS * 1000,
      completionNeedsApproval: e.COMPLETION_NEEDS_APPROVAL,
      defaultProvince: e.DEFAULT_PROVINCE,
    },
    ...(e.SMTP_URL && e.MAIL_FROM
      ? {
          mail: {
            url: e.SMTP_URL,
            from: e.MAIL_FROM,
            domainIntervalMs: e.SMTP_DOMAIN_INTERVAL_MS,
            ...(e.MAIL_BOUNCE_ADDRESS ? { bounceAddress: e.MAIL_BOUNCE_ADDRESS } : {}),
            ...(e.BOUNCE_SMTP_PORT !== undefined
              ? {
                  bounceListener: {
                    host: e.BOUNCE_SMTP_HOST,
                    port: e.BOUNCE_SMTP_PORT,
                    ...(e.BOUNCE_SMTP_TLS_KEY && e.BOUNCE_SMTP_TLS_CERT ? { tls: { keyFile: e.BOUNCE_SMTP_TLS_KEY, certFile: e.BOUNCE_SMTP_TLS_CERT } } : {}),
                    ...(e.BOUNCE_SMTP_ALLOW !== undefined ? { allow: (parseCidrList(e.BOUNCE_SMTP_ALLOW) as { cidrs: Cidr[] }).cidrs } : {}),
                  },
                }
              : {}),
          },
        }
      : {}),
    channels: { fallbackAfterMs: e.CHANNEL_FALLBACK_AFTER, ...(e.LINK_SECRET ? { linkSecret: e.LINK_SECRET } : {}), linkTtlMs: e.LINK_TTL_DAYS * 86_400_000 },
    schedules: {
      reconcile: e.RECONCILE_CRON,
      digestLeadership: e.DIGEST_LEADERSHIP_CRON,
      digestCoordinator: e.DIGEST_COORDINATOR_CRON,
      digestUnit: e.DIGEST_UNIT_CRON,
    },
  };
}

function isValidZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** For composition roots only: reads the process environment. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return createConfig(env as EnvInput);
}

/** A short, secret-free description of a config, for logs. */
export function redactedUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '<invalid url>';
  }
}

/** The secret values of a config (bot token, webhook secret, URL passwords), for the logger to mask anywhere. */
export function configSecrets(config: Config): string[] {
  const out = [config.telegram.token, config.telegram.webhook?.secret, config.zalo?.token, config.zalo?.webhook?.secret, config.channels.linkSecret];
  for (const url of [config.mail?.url, config.database.mode === 'external' ? config.database.url : undefined, config.queue.backend === 'redis' ? config.queue.url : undefined]) {
    try {
      if (url) out.push(decodeURIComponent(new URL(url).password), new URL(url).password);
    } catch {
      // An invalid URL never got past validation.
    }
  }
  return out.filter((s): s is string => !!s);
}
