/**
 * Issue #16.14: logs are JSON lines with the stack and the cause, and never show the bot token or other secrets,
 * wherever they hide (fields, error messages, the URL grammY quotes in its errors).
 */
import { GrammyError, HttpError } from 'grammy';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/infra/logger.js';

const TOKEN = '7312345678:AAHfakeFAKEfake_token-0123456789abcdefXYZ';

function capture(options: Parameters<typeof createLogger>[0] = {}) {
  const lines: string[] = [];
  const logger = createLogger({ ...options, write: (l) => lines.push(l) });
  return { logger, lines, json: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

describe('logger (#16.14)', () => {
  it('writes one JSON object per line with level, time, component and message', () => {
    const { logger, lines, json } = capture({ level: 'info' });
    logger.child('worker').info('started', { jobs: 3 });
    logger.debug('not written');
    expect(lines).toHaveLength(1);
    expect(json()[0]).toMatchObject({ level: 'info', component: 'worker', msg: 'started', jobs: 3 });
    expect(typeof json()[0]!.time).toBe('string');
  });

  it('logs an error with its stack and its cause', () => {
    const { logger, json } = capture();
    const root = new Error('connection refused');
    const err = new Error('digest failed', { cause: root });
    logger.error('job failed', { err });
    const logged = json()[0]!.err as { type: string; message: string; stack: string; cause: { message: string; stack: string } };
    expect(logged.type).toBe('Error');
    expect(logged.message).toBe('digest failed');
    expect(logged.stack).toContain('logger.test.ts');
    expect(logged.cause.message).toBe('connection refused');
    expect(logged.cause.stack).toContain('Error: connection refused');
  });

  it('serialises errors under any field name, not only `err`', () => {
    const { logger, json } = capture();
    logger.warn('tick failed', { reason: new TypeError('bad payload') });
    expect(json()[0]!.reason).toMatchObject({ type: 'TypeError', message: 'bad payload' });
    expect((json()[0]!.reason as { stack: string }).stack).toContain('TypeError: bad payload');
  });

  it('never shows the bot token: in messages, URLs, error messages, causes or secret-named fields', () => {
    const { logger, lines } = capture({ secrets: [TOKEN] });
    const http = new HttpError(`Network request for 'sendMessage' failed!`, new Error(`fetch https://api.telegram.org/bot${TOKEN}/sendMessage failed`));
    const grammy = new GrammyError(
      `Call to 'getMe' failed! (401: Unauthorized)`,
      { ok: false, error_code: 401, description: 'Unauthorized' },
      'getMe',
      { token: TOKEN },
    );
    logger.error(`calling https://api.telegram.org/bot${TOKEN}/getMe`, { err: http });
    logger.error('bot start failed', { err: grammy, config: { telegram: { token: TOKEN } } });
    logger.info('starting', { token: TOKEN, url: `https://api.telegram.org/bot${TOKEN}/setWebhook` });
    const out = lines.join('\n');
    expect(lines).toHaveLength(3);
    expect(out).not.toContain(TOKEN);
    expect(out).not.toContain(TOKEN.split(':')[1]);
    expect(out).toContain('/bot<bot-token>/getMe');
  });

  it('masks exact secret values and URL passwords', () => {
    const { logger, lines } = capture({ secrets: ['webhook-secret-value-42', undefined] });
    logger.warn('webhook refused secret webhook-secret-value-42', { database: 'postgres://app:s3cr3t-pass@db:5432/nhacviec' });
    expect(lines[0]).not.toContain('webhook-secret-value-42');
    expect(lines[0]).not.toContain('s3cr3t-pass');
    expect(lines[0]).toContain('postgres://app:***@db:5432/nhacviec');
  });

  it('pretty-prints the same event for a terminal, still without secrets', () => {
    const { logger, lines } = capture({ pretty: true, secrets: [TOKEN] });
    logger.child('bot').error(`token ${TOKEN} rejected`, { err: new Error('outer', { cause: new Error('inner') }) });
    const out = lines.join('\n');
    expect(() => JSON.parse(lines[0]!)).toThrow();
    expect(out).toContain('token <bot-token> rejected');
    expect(out).toContain('inner');
    expect(out).not.toContain(TOKEN);
  });
});

describe('configSecrets (#16.14)', () => {
  it('gives the logger the token, the webhook secret and URL passwords of a config', async () => {
    const { createConfig, configSecrets } = await import('../../../config/env.js');
    const config = createConfig({
      TELEGRAM_BOT_TOKEN: TOKEN,
      TELEGRAM_WEBHOOK_URL: 'https://example.gov.vn/telegram',
      TELEGRAM_WEBHOOK_SECRET: 'hook-secret-0123456789',
      DATABASE_URL: 'postgres://app:db-pass-0123@db:5432/nhacviec',
      REDIS_URL: 'redis://:redis-pass-0123@redis:6379',
    });
    const { logger, lines } = capture({ secrets: configSecrets(config) });
    logger.info(`values: ${TOKEN} hook-secret-0123456789 db-pass-0123 redis-pass-0123`);
    for (const s of [TOKEN, 'hook-secret-0123456789', 'db-pass-0123', 'redis-pass-0123']) expect(lines[0]).not.toContain(s);
  });
});
