import { describe, expect, it } from 'vitest';
import { buildHealthReport, buildReadinessReport, createHttpApp } from '../../../src/http/app.js';

const ok = async () => {};
const down = async () => {
  throw new Error('connect ECONNREFUSED 127.0.0.1:6379');
};

describe('GET /healthz', () => {
  it('answers 200 with the runtime shape when every dependency answers', async () => {
    const app = createHttpApp({
      health: () =>
        buildHealthReport({ databaseMode: 'embedded', queueBackend: 'postgres', telegramConfigured: false, pingDatabase: ok, pingQueue: ok }),
    });
    const res = await app.request('/healthz');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      ok: true,
      database: { mode: 'embedded', ok: true },
      queue: { backend: 'postgres', ok: true },
      telegram: { configured: false, reachable: null },
    });
  });

  it('answers 503 naming the dependency that is down', async () => {
    const app = createHttpApp({
      health: () =>
        buildHealthReport({ databaseMode: 'external', queueBackend: 'redis', telegramConfigured: true, pingDatabase: ok, pingQueue: down }),
    });
    const res = await app.request('/healthz');
    expect(res.status).toBe(503);
    const body = (await res.json()) as { ok: boolean; queue: { ok: boolean; error: string } };
    expect(body.ok).toBe(false);
    expect(body.queue).toEqual({ backend: 'redis', ok: false, error: 'connect ECONNREFUSED 127.0.0.1:6379' });
  });

  it('reports Telegram unreachable with the reason, without failing the health of the rest', async () => {
    const app = createHttpApp({
      health: () =>
        buildHealthReport({
          databaseMode: 'external',
          queueBackend: 'redis',
          telegramConfigured: true,
          telegram: () => ({ reachable: false, error: 'connect ECONNREFUSED 127.0.0.1:9' }),
          pingDatabase: ok,
          pingQueue: ok,
        }),
    });
    const res = await app.request('/healthz');
    expect(res.status).toBe(200);
    expect(((await res.json()) as { telegram: unknown }).telegram).toEqual({ configured: true, reachable: false, error: 'connect ECONNREFUSED 127.0.0.1:9' });
  });
});

describe('GET /livez and /readyz (#16.16)', () => {
  const health = () => buildHealthReport({ databaseMode: 'external', queueBackend: 'redis', telegramConfigured: false, pingDatabase: down, pingQueue: down });

  it('/livez answers 200 even when every dependency is down (a restart would not help)', async () => {
    const res = await createHttpApp({ health }).request('/livez');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
  });

  it('/readyz answers 200 only when every migration is applied and the queue answers', async () => {
    const ready = (pending: string[], pingQueue = ok) => () => buildReadinessReport({ queueBackend: 'postgres', pendingMigrations: async () => pending, pingQueue });
    const up = await createHttpApp({ health, ready: ready([]) }).request('/readyz');
    expect(up.status).toBe(200);
    expect(await up.json()).toEqual({
      ok: true,
      migrations: { ok: true, pending: [] },
      queue: { backend: 'postgres', ok: true },
      telegram: { configured: false, reachable: null },
    });

    const behind = await createHttpApp({ health, ready: ready(['0009_next']) }).request('/readyz');
    expect(behind.status).toBe(503);
    expect(((await behind.json()) as { migrations: unknown }).migrations).toEqual({ ok: false, pending: ['0009_next'] });

    const noQueue = await createHttpApp({ health, ready: ready([], down) }).request('/readyz');
    expect(noQueue.status).toBe(503);
    expect(((await noQueue.json()) as { queue: unknown }).queue).toEqual({ backend: 'postgres', ok: false, error: 'connect ECONNREFUSED 127.0.0.1:6379' });
  });

  it('/readyz reports an unreachable Telegram without leaving rotation (#16.11)', async () => {
    const ready = () =>
      buildReadinessReport({
        queueBackend: 'redis',
        telegramConfigured: true,
        telegram: () => ({ reachable: false, error: 'connect ECONNREFUSED 127.0.0.1:9' }),
        pendingMigrations: async () => [],
        pingQueue: ok,
      });
    const res = await createHttpApp({ health, ready }).request('/readyz');
    expect(res.status).toBe(200);
    expect(((await res.json()) as { telegram: unknown }).telegram).toEqual({ configured: true, reachable: false, error: 'connect ECONNREFUSED 127.0.0.1:9' });
  });
});
