/**
 * A small structured logger: one line per event, `LEVEL component message {json}`. Secrets never reach it:
 * callers pass redacted values (see `redactedUrl`), and `redactSecrets` masks bot tokens that slip into
 * error messages (grammY errors can quote the request URL).
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  child(component: string): Logger;
}

export interface LoggerOptions {
  level?: LogLevel;
  component?: string;
  /** Where lines go. Default: process.stderr. */
  write?: (line: string) => void;
}

const TOKEN_RE = /\b\d{6,12}:[A-Za-z0-9_-]{30,}\b/g;

/** Masks anything shaped like a Telegram bot token. */
export function redactSecrets(text: string): string {
  return text.replace(TOKEN_RE, '<bot-token>');
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const level = options.level ?? 'info';
  const write = options.write ?? ((line: string) => process.stderr.write(line + '\n'));
  const make = (component: string | undefined): Logger => {
    const emit = (lvl: LogLevel, msg: string, fields?: Record<string, unknown>) => {
      if (ORDER[lvl] < ORDER[level]) return;
      const head = `${new Date().toISOString()} ${lvl.toUpperCase().padEnd(5)} ${component ? `[${component}] ` : ''}${msg}`;
      const tail = fields && Object.keys(fields).length > 0 ? ' ' + safeJson(fields) : '';
      write(redactSecrets(head + tail));
    };
    return {
      debug: (m, f) => emit('debug', m, f),
      info: (m, f) => emit('info', m, f),
      warn: (m, f) => emit('warn', m, f),
      error: (m, f) => emit('error', m, f),
      child: (c) => make(component ? `${component}:${c}` : c),
    };
  };
  return make(options.component);
}

function safeJson(fields: Record<string, unknown>): string {
  try {
    return JSON.stringify(fields, (_k, v: unknown) => {
      if (typeof v === 'bigint') return v.toString();
      if (v instanceof Error) return { name: v.name, message: v.message };
      return v;
    });
  } catch {
    return '{"unserializable":true}';
  }
}

/** A logger that drops everything (tests). */
export const silentLogger: Logger = createLogger({ level: 'error', write: () => {} });
