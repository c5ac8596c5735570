/**
 * The service when Telegram cannot be reached (issue #16, point 11): everything else starts, HTTP answers and
 * reports Telegram as unreachable, the bot keeps trying in the background, and SIGINT stops the service within
 * 10 s whatever Telegram does.
 */
import net from 'node:net';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { bareEnv, startChildService, type ChildService } from '../helpers/child-service.js';
import { createTestDatabase } from '../helpers/db.js';
import { FakeTelegram } from '../helpers/fake-telegram.js';
import { eventually } from '../helpers/reminder-harness.js';
import { TEST_REDIS_URL, uniqueSuffix } from '../helpers/services.js';

/** The bound issue #16 sets on shutdown. */
const SHUTDOWN_LIMIT_MS = 10_000;

let svc: ChildService | undefined;
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  await svc?.stop('SIGKILL');
  svc = undefined;
});
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

async function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

async function baseEnv(apiRoot: string, token: string) {
  const db = await createTestDatabase('tgdown');
  cleanups.push(() => db.drop());
  return bareEnv({
    DATABASE_URL: db.url,
    REDIS_URL: TEST_REDIS_URL,
    QUEUE_PREFIX: `u${uniqueSuffix()}`,
    TELEGRAM_BOT_TOKEN: token,
    TELEGRAM_API_ROOT: apiRoot,
    PORT: '0',
  });
}

interface Health {
  ok: boolean;
  telegram: { configured: boolean; reachable: boolean | null; error?: string };
}

async function health(url: string): Promise<Health> {
  return (await (await fetch(`${url}/healthz`)).json()) as Health;
}

async function timedStop(service: ChildService): Promise<number> {
  const started = performance.now();
  await service.stop('SIGINT');
  return performance.now() - started;
}

describe('nhacviec serve with Telegram unreachable', () => {
  it('starts HTTP, worker and scheduler on a closed port, reports Telegram unreachable, and connects once it is back', async () => {
    const port = await closedPort();
    const fake = new FakeTelegram({ limits: false });
    svc = await startChildService(['serve'], await baseEnv(`http://127.0.0.1:${port}`, fake.token), 40_000);
    expect(svc.log()).toMatch(/worker: started/);
    expect(svc.log()).toMatch(/scheduler: started/);
    const url = svc.url;
    const down = await eventually(async () => {
      const h = await health(url);
      return h.telegram.reachable === false ? h : undefined;
    }, 20_000, 'telegram reported unreachable');
    // The rest of the service is healthy; Telegram's state is reported, with the reason.
    expect(down.ok).toBe(true);
    expect(down.telegram.configured).toBe(true);
    expect(down.telegram.error).toBeTruthy();
    const service = svc;
    await eventually(async () => /bot: Telegram unreachable .*next try in/.test(service.log()), 10_000, 'the failure logged');

    // Telegram comes back on the same address: the bot connects in the background and answers.
    await fake.start(port);
    cleanups.push(() => fake.close());
    await eventually(async () => (await health(url)).telegram.reachable === true, 30_000, 'telegram reachable again');
    fake.pushText({ id: 616161, first_name: 'Lan' }, '/start');
    const [reply] = await fake.waitForMessages(1, 616161, 30_000);
    expect(reply!.text).toContain('đường dẫn mời');

    expect(await timedStop(svc)).toBeLessThan(SHUTDOWN_LIMIT_MS);
    svc = undefined;
  });

  it('stops within 10 s on SIGINT when the Bot API accepts connections but never answers', async () => {
    const fake = new FakeTelegram({ limits: false });
    await fake.start();
    cleanups.push(() => fake.close());
    // An emulated Bot API that went away: every call is held without an answer.
    fake.inject(() => ({ kind: 'timeout' }));
    svc = await startChildService(['serve'], await baseEnv(fake.apiRoot, fake.token), 40_000);
    await fake.waitForCalls('getMe', 1, 20_000);
    const h = await health(svc.url);
    expect(h.ok).toBe(true);
    expect(h.telegram.reachable).not.toBe(true);
    expect(await timedStop(svc)).toBeLessThan(SHUTDOWN_LIMIT_MS);
    svc = undefined;
  });
});
