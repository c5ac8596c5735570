/**
 * The HTTP surface: health for orchestrators (`/healthz` the full report, `/livez` liveness, `/readyz` readiness),
 * and the Telegram webhook.
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

/** `/readyz`: this process can take work — every migration applied, the queue reachable. */
export interface ReadinessReport {
  ok: boolean;
  migrations: { ok: boolean; pending: string[]; error?: string };
  queue: { backend: 'postgres' | 'redis'; ok: boolean; error?: string };
  /**
   * Reported, never gating: a Telegram that cannot be reached (blocked networks, issue #16.11) must not take the
   * process out of rotation, since the API, the queue and the other channels still work; orchestrators and people
   * see it here and in `/healthz`.
   */
  telegram: { configured: boolean; reachable: boolean | null; error?: string };
}

export interface HttpAppDeps {
  health(): Promise<HealthReport>;
  /** Readiness for `/readyz`. Default: the health report's verdict. */
  ready?(): Promise<ReadinessReport | { ok: boolean }>;
  /** Extra routes (the Telegram webhook is mounted here when configured). */
  mount?: (app: Hono) => void;
}

export function createHttpApp(deps: HttpAppDeps): Hono {
  const app = new Hono();
  app.get('/healthz', async (c) => {
    const report = await deps.health();
    return c.json(report, report.ok ? 200 : 503);
  });
  // Liveness: the process answers. Nothing external is checked, so a database outage never restarts it.
  app.get('/livez', (c) => c.json({ ok: true }));
  app.get('/readyz', async (c) => {
    const report = deps.ready ? await deps.ready() : await deps.health();
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

/** Readiness: the database has every shipped migration and the queue answers (checked concurrently). */
export async function buildReadinessReport(input: {
  queueBackend: 'postgres' | 'redis';
  telegramConfigured?: boolean;
  /** What is known of Telegram's reachability (the bot's link); absent → `reachable: null`. */
  telegram?: () => { reachable: boolean | null; error?: string };
  pendingMigrations(): Promise<string[]>;
  pingQueue(): Promise<void>;
}): Promise<ReadinessReport> {
  const [migrations, queue] = await Promise.allSettled([input.pendingMigrations(), input.pingQueue()]);
  const message = (reason: unknown) => String((reason as Error)?.message ?? reason);
  const migrationsOk = migrations.status === 'fulfilled' && migrations.value.length === 0;
  return {
    ok: migrationsOk && queue.status === 'fulfilled',
    migrations:
      migrations.status === 'fulfilled'
        ? { ok: migrationsOk, pending: migrations.value }
        : { ok: false, pending: [], error: message(migrations.reason) },
    queue: { backend: input.queueBackend, ok: queue.status === 'fulfilled', ...(queue.status === 'rejected' ? { error: message(queue.reason) } : {}) },
    telegram: { configured: input.telegramConfigured ?? false, ...(input.telegram?.() ?? { reachable: null }) },
  };
}
