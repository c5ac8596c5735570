/**
 * The whole service with a bot token, against the fake Telegram Bot API: the bot answers by long polling, and
 * in webhook mode behind the HTTP server (requests without the secret are refused).
 */
import net from 'node:net';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { bareEnv, startChildService, type ChildService } from '../helpers/child-service.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { FakeTelegram } from '../helpers/fake-telegram.js';
import { TEST_REDIS_URL, uniqueSuffix } from '../helpers/services.js';

let svc: ChildService | undefined;
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  await svc?.stop();
  svc = undefined;
});
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

async function setup() {
  const db: TestDatabase = await createTestDatabase('servebot');
  const fake = new FakeTelegram({ limits: false });
  await fake.start();
  cleanups.push(() => fake.close(), () => db.drop());
  const env = {
    DATABASE_URL: db.url,
    REDIS_URL: TEST_REDIS_URL,
    QUEUE_PREFIX: `b${uniqueSuffix()}`,
    TELEGRAM_BOT_TOKEN: fake.token,
    TELEGRAM_API_ROOT: fake.apiRoot,
  };
  return { db, fake, env };
}

describe('nhacviec serve with a bot token', () => {
  it('answers /start by long polling and reports telegram as configured', async () => {
    const { fake, env } = await setup();
    svc = await startChildService(['serve'], bareEnv({ ...env, PORT: '0' }));
    expect(svc.log()).toMatch(/telegram: configured \(long polling\)/);
    const health = (await (await fetch(`${svc.url}/healthz`)).json()) as { telegram: { configured: boolean } };
    expect(health.telegram.configured).toBe(true);
    fake.pushText({ id: 424242, first_name: 'Lan' }, '/start');
    const [reply] = await fake.waitForMessages(1, 424242);
    expect(reply!.text).toContain('đường dẫn mời');
    // The token never appears in the log.
    expect(svc.log()).not.toContain(fake.token);
  });

  it('takes updates by webhook with the secret token and refuses them without it', async () => {
    const { fake, env } = await setup();
    const port = await freePort();
    const secret = `s${uniqueSuffix()}${uniqueSuffix()}`;
    const url = `http://127.0.0.1:${port}/telegram/webhook`;
    svc = await startChildService(
      ['serve'],
      bareEnv({ ...env, PORT: String(port), TELEGRAM_WEBHOOK_URL: url, TELEGRAM_WEBHOOK_SECRET: secret }),
    );
    // The bot connects in the background once HTTP is up.
    await fake.waitForCalls('setWebhook', 1, 20_000);
    expect(fake.calls('setWebhook').at(-1)?.params).toMatchObject({ url, secret_token: secret });
    const refused = await fake.postWebhook(url, fake.textMessageUpdate({ id: 515151 }, '/start'), null);
    expect(refused.status).toBe(401);
    const accepted = await fake.postWebhook(url, fake.textMessageUpdate({ id: 515151 }, '/start'), secret);
    expect(accepted.status).toBe(200);
    const [reply] = await fake.waitForMessages(1, 515151);
    expect(reply!.text).toContain('đường dẫn mời');
    expect(svc.log()).not.toContain(secret);
  });
});
