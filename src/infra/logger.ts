/**
 * Structured logging on pino: one JSON object per line (`level`, `time`, `component`, `msg`, fields), errors with
 * their `stack` and their `cause` chain. In a terminal the same lines are pretty-printed (pino-pretty), so an
 * operator reads text and a log shipper reads JSON.
 *
 * Secrets never reach the output, whatever callers pass:
 * - fields named like secrets (`token`, `password`, `secret`, `authorization`, …) are replaced by pino's `redact`;
 * - every finished line is scrubbed of bot tokens (grammY errors quote the method URL `…/bot<token>/sendMessage`),
 *   of passwords in URLs (`postgres://u:<password>@…`), and of the exact secret values given in `secrets`.
 */
import { Writable } from 'node:stream';
import pino, { stdSerializers, type Logger as PinoLogger } from 'pino';
import pretty from 'pino-pretty';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  child(component: string): Logger;
}

export interface LoggerOptions {
  /** Lowest level written. Default 'info'. */
  level?: LogLevel;
  component?: string;
  /** Where finished lines go (without the newline). Default: process.stderr. */
  write?: (line: string) => void;
  /** Pretty-print instead of JSON. Default: when writing to process.stderr and it is a terminal. */
  pretty?: boolean;
  /** Exact secret values (bot token, webhook secret, database password) to mask wherever they appear. */
  secrets?: readonly (string | undefined)[];
}

const REDACTED = '<redacted>';
const SECRET_KEYS = ['token', 'botToken', 'password', 'secret', 'apiKey', 'authorization', 'cookie'];
/** pino redact paths: the secret-like keys at the top level and one or two levels down. */
const REDACT_PATHS = SECRET_KEYS.flatMap((k) => [k, `*.${k}`, `*.*.${k}`]);

// A Telegram bot token is <bot id>:<35 characters>. No \b before the id: in `/bot123456:AA…` the id follows
// letters, and a word boundary would miss it.
const TOKEN_RE = /(?<!\d)\d{6,12}:[A-Za-z0-9_-]{30,}/g;
const URL_PASSWORD_RE = /(\b[a-z][a-z0-9+.-]*:\/\/[^/\s:@"]*:)[^@\s"/]+@/gi;

/** Masks anything shaped like a Telegram bot token and passwords inside URLs. */
export function redactSecrets(text: string): string {
  return text.replace(TOKEN_RE, '<bot-token>').replace(URL_PASSWORD_RE, '$1***@');
}

function scrubber(secrets: readonly (string | undefined)[]): (text: string) => string {
  // A value appears raw in the text and JSON-escaped inside a JSON line; mask both. Short values would mask
  // ordinary words, so only values of 8 characters or more count.
  const needles = [...new Set(secrets.filter((s): s is string => typeof s === 'string' && s.length >= 8))]
    .flatMap((s) => [s, JSON.stringify(s).slice(1, -1)])
    .sort((a, b) => b.length - a.length);
  return (text) => {
    let out = redactSecrets(text);
    for (const n of needles) out = out.split(n).join(REDACTED);
    return out;
  };
}

/** Turns Error values of the top-level fields, whatever their name, into plain objects with type, stack and cause. */
function serializeFields(fields: Record<string, unknown> | undefined): Record<string, unknown> {
  if (!fields) return {};
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fields)) out[k] = v instanceof Error ? stdSerializers.errWithCause(v) : v;
  return out;
}

const keepSerialised = (v: unknown): unknown => (v instanceof Error ? stdSerializers.errWithCause(v) : v);

export function createLogger(options: LoggerOptions = {}): Logger {
  const level = options.level ?? 'info';
  const scrub = scrubber(options.secrets ?? []);
  const toStderr = options.write === undefined;
  const usePretty = options.pretty ?? (toStderr && process.stderr.isTTY === true);
  const sink = options.write ?? ((line: string) => process.stderr.write(line + '\n'));
  const prettyStream = usePretty
    ? pretty({
        colorize: toStderr && process.stderr.isTTY === true,
        sync: true,
        translateTime: 'SYS:yyyy-mm-dd HH:MM:ss.l',
        ignore: 'pid,hostname',
        messageKey: 'msg',
        destination: new Writable({
          write(chunk: Buffer, _enc, done) {
            sink(chunk.toString().replace(/\n$/, ''));
            done();
          },
        }),
      })
    : null;
  const destination = {
    write(chunk: string) {
      const clean = scrub(chunk);
      if (prettyStream) prettyStream.write(clean);
      else sink(clean.replace(/\n$/, ''));
    },
  };
  const root = pino(
    {
      level,
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      // Fields arrive serialised (serializeFields); pino's default `err` serializer would serialise them again.
      serializers: { err: keepSerialised, error: keepSerialised },
      redact: { paths: REDACT_PATHS, censor: REDACTED },
    },
    destination,
  );
  const wrap = (p: PinoLogger, component: string | undefined): Logger => ({
    debug: (m, f) => p.debug(serializeFields(f), m),
    info: (m, f) => p.info(serializeFields(f), m),
    warn: (m, f) => p.warn(serializeFields(f), m),
    error: (m, f) => p.error(serializeFields(f), m),
    child: (c) => {
      const name = component ? `${component}:${c}` : c;
      return wrap(root.child({ component: name }), name);
    },
  });
  return options.component ? wrap(root.child({ component: options.component }), options.component) : wrap(root, undefined);
}

/** A logger that drops everything (tests, benchmarks). */
export const silentLogger: Logger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
  child: () => silentLogger,
};
