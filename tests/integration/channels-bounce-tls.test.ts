/**
 * The bounce listener's transport options (src/mail/bounce.ts), over real SMTP on loopback: STARTTLS with a
 * self-signed certificate made for the test (openssl), upgraded to by nodemailer with verification against that
 * certificate; and the client allow-list, refusing others with 554 at connect.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import nodemailer from 'nodemailer';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createConfig } from '../../config/env.js';
import type { BounceReport } from '../../src/app/channels/bounce.js';
import { startBounceIntake } from '../../src/channels-wiring.js';
import { parseCidrList } from '../../src/infra/cidr.js';
import { silentLogger } from '../../src/infra/logger.js';
import { startBounceServer, type BounceServer } from '../../src/mail/bounce.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';

const DSN = [
  'From: MAILER-DAEMON@mx.test.gov.vn',
  'To: bounces+r9@snv.test.gov.vn',
  'Subject: failure notice',
  'MIME-Version: 1.0',
  'Content-Type: multipart/report; report-type=delivery-status; boundary="X"',
  '',
  '--X',
  'Content-Type: message/delivery-status',
  '',
  'Reporting-MTA: dns; mx.test.gov.vn',
  '',
  'Final-Recipient: rfc822; a@test.gov.vn',
  'Action: failed',
  'Status: 5.1.1',
  '',
  '--X--',
  '',
].join('\r\n');
const envelope = { from: 'MAILER-DAEMON@mx.test.gov.vn', to: ['bounces+r9@snv.test.gov.vn'] };

let dir: string;
let key: Buffer;
let cert: Buffer;
let server: BounceServer | undefined;
const recorded: BounceReport[] = [];

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'bounce-tls-'));
  // A self-signed certificate for 127.0.0.1, valid one day.
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
    '-subj', '/CN=bounces.test', '-addext', 'subjectAltName=IP:127.0.0.1',
    '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem'),
  ], { stdio: 'ignore' });
  key = readFileSync(path.join(dir, 'key.pem'));
  cert = readFileSync(path.join(dir, 'cert.pem'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(async () => {
  await server?.close();
  server = undefined;
  recorded.length = 0;
});

function start(options: { tls?: boolean; allow?: string }): Promise<BounceServer> {
  const allow = options.allow === undefined ? undefined : parseCidrList(options.allow);
  return startBounceServer({
    host: '127.0.0.1',
    port: 0,
    bounceAddress: 'bounces@snv.test.gov.vn',
    logger: silentLogger,
    ...(options.tls ? { tls: { key, cert } } : {}),
    ...(allow?.ok ? { allow: allow.cidrs } : {}),
    async record(report) {
      recorded.push(report);
      return [];
    },
  });
}

/** A client that refuses to go on without STARTTLS and checks the server's certificate against ours. */
function tlsClient(port: number) {
  return nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, requireTLS: true, tls: { ca: [cert], rejectUnauthorized: true } });
}

/** The first reply line of the server to a bare TCP connection. */
function greeting(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let text = '';
    socket.on('data', (chunk: Buffer) => {
      text += chunk.toString('utf8');
      if (text.includes('\r\n')) {
        socket.destroy();
        resolve(text.split('\r\n')[0]!);
      }
    });
    socket.on('error', reject);
  });
}

describe('bounce listener STARTTLS', () => {
  it('offers STARTTLS with the configured certificate; a DSN sent after the upgrade is recorded', async () => {
    server = await start({ tls: true });
    const mta = tlsClient(server.port);
    const info = await mta.sendMail({ envelope, raw: DSN });
    expect(info.response).toMatch(/^250/);
    expect(recorded).toEqual([{ reminderIds: [9], reportingMta: 'mx.test.gov.vn', recipients: [{ finalRecipient: 'a@test.gov.vn', action: 'failed', status: '5.1.1' }] }]);
    // The upgrade really happened: the same client verifying against another certificate authority fails.
    const other = nodemailer.createTransport({ host: '127.0.0.1', port: server.port, secure: false, requireTLS: true, tls: { rejectUnauthorized: true } });
    const failure = await other.sendMail({ envelope, raw: DSN }).then(() => null, (err: Error & { code?: string }) => err);
    expect(failure?.message).toMatch(/self[- ]signed|unable to verify|certificate/i);
    expect(recorded).toHaveLength(1);
    mta.close();
    other.close();
  });

  it('does not offer STARTTLS without a certificate: a client requiring TLS gives up, nothing recorded', async () => {
    server = await start({});
    const failure = await tlsClient(server.port).sendMail({ envelope, raw: DSN }).then(() => null, (err: Error) => err);
    expect(failure?.message).toMatch(/STARTTLS/i);
    expect(recorded).toEqual([]);
  });
});

describe('bounce listener allow-list', () => {
  it('refuses a client outside BOUNCE_SMTP_ALLOW with 554 at connect, before the greeting', async () => {
    server = await start({ allow: '10.0.0.0/8, 192.0.2.7' });
    expect(await greeting(server.port)).toMatch(/^554 5\.7\.1 /);
    const mta = nodemailer.createTransport({ host: '127.0.0.1', port: server.port, secure: false, ignoreTLS: true });
    const failure = await mta.sendMail({ envelope, raw: DSN }).then(() => null, (err: Error & { responseCode?: number }) => err);
    expect(failure?.responseCode).toBe(554);
    expect(recorded).toEqual([]);
  });

  it('accepts a client inside it (with STARTTLS as well)', async () => {
    server = await start({ allow: '10.0.0.0/8,127.0.0.0/8', tls: true });
    expect(await greeting(server.port)).toMatch(/^220 /);
    const info = await tlsClient(server.port).sendMail({ envelope, raw: DSN });
    expect(info.response).toMatch(/^250/);
    expect(recorded).toHaveLength(1);
  });
});

describe('bounce intake wiring', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase('bounce_tls');
  });
  afterAll(async () => {
    await db?.drop();
  });

  const configWith = (extra: Record<string, string>) =>
    createConfig({
      DATABASE_URL: db.url,
      SMTP_URL: 'smtp://127.0.0.1:1',
      MAIL_FROM: 'nhacviec@snv.test.gov.vn',
      LINK_SECRET: 'k'.repeat(32),
      BOUNCE_SMTP_PORT: '0',
      ...extra,
    });
  const intakeDeps = { clock: { now: () => new Date('2024-03-11T02:00:00Z') }, adapters: {}, sendWindow: (now: Date) => now, logger: silentLogger };

  it('reads BOUNCE_SMTP_TLS_KEY / _CERT from their files and applies BOUNCE_SMTP_ALLOW', async () => {
    const config = configWith({ BOUNCE_SMTP_TLS_KEY: path.join(dir, 'key.pem'), BOUNCE_SMTP_TLS_CERT: path.join(dir, 'cert.pem'), BOUNCE_SMTP_ALLOW: '127.0.0.1' });
    server = (await startBounceIntake({ config, database: db, ...intakeDeps }))!;
    // Not a DSN: accepted and dropped, after the upgrade the client insists on.
    const info = await tlsClient(server.port).sendMail({ envelope, raw: 'From: a@test.gov.vn\r\nSubject: hello\r\n\r\nhi\r\n' });
    expect(info.response).toMatch(/^250/);
    await server.close();
    server = (await startBounceIntake({ config: configWith({ BOUNCE_SMTP_ALLOW: '::1' }), database: db, ...intakeDeps }))!;
    expect(await greeting(server.port)).toMatch(/^554 /);
  });

  it('fails at start with the name of a missing file', async () => {
    const config = configWith({ BOUNCE_SMTP_TLS_KEY: path.join(dir, 'nope.pem'), BOUNCE_SMTP_TLS_CERT: path.join(dir, 'cert.pem') });
    await expect(startBounceIntake({ config, database: db, ...intakeDeps })).rejects.toThrow(/nope\.pem/);
  });
});
