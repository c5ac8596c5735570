import { describe, expect, it } from 'vitest';
import { buildHealthReport, createHttpApp } from '../../../src/http/app.js';

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
