/**
 * The HTTP surface: health for orchestrators, and (with the bot issue) the Telegram webhook.
 */
import { Hono } from 'hono';

export interface HealthReport {
  ok: boolean;
  database: { mode: 'embedded' | 'external'; ok: boolean; error?: string };
  queue: { backend: 'postgres' | 'redis'; ok: boolean; error?: string };
  /**
   * `reachable`: whether Telegram answered the bot's last call (`null` before the first one, or without a token).
   * Telegram being unreachable does not make the service unhealthy: everything else keeps working and the bot
   * keeps trying in the background.
   */
  telegram: { configured: boolean; reachable: boolean | null; error?: string };
}

export interface HttpAppDeps {
  health(): Promise<HealthReport>;
  /** Extra routes (the Telegram webhook is mounted here when configured). */
  mount?: (app: Hono) => void;
}

export function createHttpApp(deps: HttpAppDeps): Hono {
  const app = new Hono();
  app.get('/healthz', async (c) => {
    const report = await deps.health();
    return c.json(report, report.ok ? 200 : 503);
  });
  deps.mount?.(app);
  app.notFound((c) => c.json({ ok: false, error: 'not found' }, 404));
  return app;
}

/** Runs every check concurrently; a failing check marks the report unhealthy with its message. */
export async function buildHealthReport(input: {
  databaseMode: 'embedded' | 'external';
  queueBackend: 'postgres' | 'redis';
  telegramConfigured: boolean;
  /** What is known of Telegram's reachability (the bot's link); absent → `reachable: null`. */
  telegram?: () => { reachable: boolean | null; error?: string };
  pingDatabase(): Promise<void>;
  pingQueue(): Promise<void>;
}): Promise<HealthReport> {
  const [db, queue] = await Promise.allSettled([input.pingDatabase(), input.pingQueue()]);
  const err = (r: PromiseSettledResult<void>) => (r.status === 'rejected' ? { error: String((r.reason as Error)?.message ?? r.reason) } : {});
  return {
    ok: db.status === 'fulfilled' && queue.status === 'fulfilled',
    database: { mode: input.databaseMode, ok: db.status === 'fulfilled', ...err(db) },
    queue: { backend: input.queueBackend, ok: queue.status === 'fulfilled', ...err(queue) },
    telegram: { configured: input.telegramConfigured, ...(input.telegram?.() ?? { reachable: null }) },
  };
}
