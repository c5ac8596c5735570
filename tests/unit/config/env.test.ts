import { describe, expect, it } from 'vitest';
import { ConfigError, createConfig } from '../../../config/env.js';

describe('createConfig', () => {
  it('starts with no configuration: embedded PostgreSQL, queue on PostgreSQL, all roles, domain defaults', () => {
    const c = createConfig({});
    expect(c.database).toEqual({ mode: 'embedded', dataDir: './.data' });
    expect(c.queue).toEqual({ backend: 'postgres', prefix: 'nhacviec' });
    expect(c.roles).toEqual(['api', 'worker', 'scheduler', 'bot']);
    expect(c.http).toEqual({ host: '127.0.0.1', port: 3000 });
    expect(c.web).toEqual({ baseUrl: 'http://127.0.0.1:3000', secureCookies: false });
    expect(c.telegram.token).toBeUndefined();
    expect(c.domain.timeZone).toBe('Asia/Ho_Chi_Minh');
    expect(c.domain.workingHours).toEqual({ start: '08:00', end: '17:00' });
    expect(c.domain.workingDays).toEqual([1, 2, 3, 4, 5]);
    expect(c.domain.ladder).toEqual([-7, -3, -1, 0, 1, 3, 7]);
    expect(c.domain.escalateHeadFrom).toBe(3);
    expect(c.domain.escalateLeadershipFrom).toBe(7);
    expect(c.domain.supportLeadDays).toBe(5);
  });

  it('uses external services when their URLs are set', () => {
    const c = createConfig({
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/x',
      REDIS_URL: 'redis://127.0.0.1:6379',
      QUEUE_PREFIX: 'tinh-a',
    });
    expect(c.database).toEqual({ mode: 'external', url: 'postgres://postgres@127.0.0.1:5432/x' });
    expect(c.queue).toEqual({ backend: 'redis', url: 'redis://127.0.0.1:6379', prefix: 'tinh-a' });
  });

  it('treats empty variables as unset (as docker compose passes them)', () => {
    const c = createConfig({ DATABASE_URL: '', REDIS_URL: ' ', PORT: '' });
    expect(c.database.mode).toBe('embedded');
    expect(c.queue.backend).toBe('postgres');
    expect(c.http.port).toBe(3000);
  });

  it('parses roles, deduplicated, and rejects unknown ones naming the variable', () => {
    expect(createConfig({ NHACVIEC_ROLE: 'worker, worker,scheduler' }).roles).toEqual(['worker', 'scheduler']);
    expect(() => createConfig({ NHACVIEC_ROLE: 'worker,cook' })).toThrowError(/NHACVIEC_ROLE: unknown role\(s\) cook/);
  });

  it('reports every invalid variable by name in one readable error', () => {
    let caught: unknown;
    try {
      createConfig({ PORT: 'abc', DATABASE_URL: 'mysql://x', REMINDER_LADDER: '-7,soon' });
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    const e = caught as ConfigError;
    expect(e.issues.map((i) => i.variable).sort()).toEqual(['DATABASE_URL', 'PORT', 'REMINDER_LADDER']);
    expect(e.message).toMatch(/^Invalid configuration:\n {2}/);
  });

  it('checks cross-variable rules: webhook needs a secret and a token; zone and hours must make sense', () => {
    expect(() => createConfig({ TELEGRAM_WEBHOOK_URL: 'https://example.org/tg' })).toThrowError(
      /TELEGRAM_WEBHOOK_SECRET: required[\s\S]*TELEGRAM_BOT_TOKEN: required/,
    );
    expect(() => createConfig({ TIME_ZONE: 'Mars/Olympus' })).toThrowError(/TIME_ZONE: unknown time zone/);
    expect(() => createConfig({ WORKING_HOURS_START: '17:00', WORKING_HOURS_END: '08:00' })).toThrowError(
      /WORKING_HOURS_END/,
    );
    expect(() => createConfig({ WORKING_DAYS: '1,2,8' })).toThrowError(/WORKING_DAYS/);
    expect(() => createConfig({ DIGEST_UNIT_CRON: 'every monday' })).toThrowError(/DIGEST_UNIT_CRON: not a valid cron/);
  });

  it('sorts the reminder ladder', () => {
    expect(createConfig({ REMINDER_LADDER: '3,-1,0' }).domain.ladder).toEqual([-1, 0, 3]);
  });

  it('reads the bounce listener\'s STARTTLS files and client networks, and refuses half a pair or a bad block', () => {
    const mail = { SMTP_URL: 'smtp://relay.test:25', MAIL_FROM: 'nhacviec@snv.test.gov.vn', LINK_SECRET: 'x'.repeat(32), BOUNCE_SMTP_PORT: '2525' };
    expect(createConfig(mail).mail?.bounceListener).toEqual({ host: '127.0.0.1', port: 2525 });
    expect(createConfig({ ...mail, BOUNCE_SMTP_TLS_KEY: '/etc/nhacviec/key.pem', BOUNCE_SMTP_TLS_CERT: '/etc/nhacviec/cert.pem', BOUNCE_SMTP_ALLOW: '10.0.0.0/8, 192.0.2.7' }).mail?.bounceListener).toEqual({
      host: '127.0.0.1',
      port: 2525,
      tls: { keyFile: '/etc/nhacviec/key.pem', certFile: '/etc/nhacviec/cert.pem' },
      allow: [
        { address: '10.0.0.0', prefix: 8, family: 'ipv4' },
        { address: '192.0.2.7', prefix: 32, family: 'ipv4' },
      ],
    });
    expect(() => createConfig({ ...mail, BOUNCE_SMTP_TLS_KEY: '/etc/nhacviec/key.pem' })).toThrowError(/BOUNCE_SMTP_TLS_CERT: .*go together/);
    expect(() => createConfig({ ...mail, BOUNCE_SMTP_ALLOW: '10.0.0.0/8, relay.local' })).toThrowError(/BOUNCE_SMTP_ALLOW: "relay.local" is not an address or CIDR block/);
  });
});
