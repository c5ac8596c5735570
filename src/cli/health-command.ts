/**
 * `nhacviec health [--role <roles>] [--json]`: the container health check for every role (Dockerfile HEALTHCHECK).
 * - A process with the `api` role serves HTTP: its own `/readyz` is asked (migrations applied, queue reachable,
 *   as that process sees them).
 * - Other roles (worker, scheduler, bot) serve no HTTP: the command checks what they need to work — the database
 *   answers and has every migration, and the queue answers.
 * Exit code 0 when ready, 1 otherwise, with one Vietnamese line per check. It never migrates anything.
 */
import { CommanderError, type Command } from 'commander';
import { ROLES, type Config, type Role } from '../../config/env.js';
import { buildReadinessReport, type ReadinessReport } from '../http/app.js';
import { silentLogger } from '../infra/logger.js';
import { createQueueRuntime } from '../queue/runtime.js';

export interface HealthCommandDeps {
  config: Config;
  /** Opens the configured database without migrating it; `pendingMigrations` lists the shipped ones not applied. */
  openDatabase(): Promise<{ url: string; pendingMigrations(): Promise<string[]>; close(): Promise<void> }>;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

/** Time allowed to each check, well inside Docker's 5 s HEALTHCHECK timeout. */
export const HEALTH_CHECK_TIMEOUT_MS = 3000;

function withTimeout<T>(p: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: không trả lời trong ${HEALTH_CHECK_TIMEOUT_MS} ms`)), HEALTH_CHECK_TIMEOUT_MS);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

async function viaHttp(config: Config): Promise<{ ok: boolean; lines: string[]; report: unknown }> {
  const host = ['0.0.0.0', '::', ''].includes(config.http.host) ? '127.0.0.1' : config.http.host;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${config.http.port}/readyz`;
  try {
    const res = await withTimeout(fetch(url), url);
    const report = (await res.json()) as Partial<ReadinessReport>;
    return { ok: res.status === 200, lines: [`HTTP ${url}: ${res.status === 200 ? 'sẵn sàng' : `chưa sẵn sàng (${res.status})`}`, ...describe(report)], report };
  } catch (err) {
    return { ok: false, lines: [`HTTP ${url}: không kết nối được (${(err as Error).message})`], report: null };
  }
}

async function direct(deps: HealthCommandDeps): Promise<{ ok: boolean; lines: string[]; report: ReadinessReport }> {
  const { config } = deps;
  type Opened = Awaited<ReturnType<HealthCommandDeps['openDatabase']>>;
  // One connection for both checks (the PostgreSQL queue backend lives in the same database).
  let opening: Promise<Opened> | undefined;
  const open = () => (opening ??= withTimeout(deps.openDatabase(), 'cơ sở dữ liệu'));
  let queue: ReturnType<typeof createQueueRuntime> | undefined;
  try {
    const report = await buildReadinessReport({
      queueBackend: config.queue.backend,
      pendingMigrations: async () => withTimeout((await open()).pendingMigrations(), 'cơ sở dữ liệu'),
      pingQueue: async () => {
        queue =
          config.queue.backend === 'redis'
            ? createQueueRuntime({ backend: 'redis', url: config.queue.url, prefix: config.queue.prefix, logger: silentLogger })
            : createQueueRuntime({ backend: 'postgres', databaseUrl: (await open()).url, logger: silentLogger });
        await queue.ping(HEALTH_CHECK_TIMEOUT_MS);
      },
    });
    return { ok: report.ok, lines: describe(report), report };
  } finally {
    await queue?.close().catch(() => {});
    if (opening) await opening.then((db) => db.close()).catch(() => {});
  }
}

function describe(r: Partial<ReadinessReport>): string[] {
  const lines: string[] = [];
  if (r.migrations) {
    const m = r.migrations;
    lines.push(
      m.ok
        ? 'Cơ sở dữ liệu: sẵn sàng (đã áp dụng mọi migration)'
        : m.error
          ? `Cơ sở dữ liệu: lỗi (${m.error})`
          : `Cơ sở dữ liệu: còn ${m.pending.length} migration chưa áp dụng (${m.pending.join(', ')}) — chạy "nhacviec migrate"`,
    );
  }
  if (r.queue) lines.push(`Hàng đợi (${r.queue.backend}): ${r.queue.ok ? 'sẵn sàng' : `lỗi (${r.queue.error ?? '?'})`}`);
  return lines;
}

export function registerHealthCommand(program: Command, deps: HealthCommandDeps): Command {
  return program
    .command('health')
    .description('kiểm tra sức khỏe cho Docker HEALTHCHECK: vai trò api hỏi /readyz; worker, scheduler, bot kiểm tra cơ sở dữ liệu và hàng đợi')
    .option('--role <roles>', `vai trò của tiến trình cần kiểm tra: all hoặc danh sách ${ROLES.join(',')} (mặc định: NHACVIEC_ROLE)`)
    .option('--json', 'kết quả dạng JSON')
    .action(async (opts: { role?: string; json?: boolean }) => {
      const roles: readonly Role[] =
        opts.role === undefined ? deps.config.roles : opts.role === 'all' ? ROLES : (opts.role.split(',').map((r) => r.trim()) as Role[]);
      const unknown = roles.filter((r) => !ROLES.includes(r));
      if (unknown.length > 0) throw new CommanderError(2, 'nhacviec.health', `vai trò không hợp lệ: ${unknown.join(', ')}`);
      const result = roles.includes('api') ? await viaHttp(deps.config) : await direct(deps);
      if (opts.json) deps.stdout.write(`${JSON.stringify({ ok: result.ok, roles, report: result.report }, null, 2)}\n`);
      else deps.stdout.write(`${result.ok ? 'Sẵn sàng' : 'CHƯA SẴN SÀNG'} (vai trò: ${roles.join(', ')})\n${result.lines.map((l) => `  ${l}\n`).join('')}`);
      if (!result.ok) throw new CommanderError(1, 'nhacviec.health', 'not ready');
    });
}
