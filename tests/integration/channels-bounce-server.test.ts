/**
 * The bounce listener's SMTP answers (src/mail/bounce.ts), over real SMTP on loopback: 250 only once the report is
 * recorded, 451 when recording fails (the forwarding server keeps the DSN and retries), and a message that is not
 * a DSN is accepted and dropped without recording anything.
 */
import nodemailer from 'nodemailer';
import { afterEach, describe, expect, it } from 'vitest';
import type { BounceReport } from '../../src/app/channels/bounce.js';
import { silentLogger } from '../../src/infra/logger.js';
import { startBounceServer, type BounceServer } from '../../src/mail/bounce.js';

let server: BounceServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

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
  'Status: 5.2.1',
  '',
  '--X--',
  '',
].join('\r\n');

describe('bounce listener', () => {
  it('answers 451 when recording fails, then 250 once it works; drops what is not a DSN', async () => {
    const recorded: BounceReport[] = [];
    let failNext = true;
    server = await startBounceServer({
      host: '127.0.0.1',
      port: 0,
      bounceAddress: 'bounces@snv.test.gov.vn',
      logger: silentLogger,
      async record(report) {
        if (failNext) {
          failNext = false;
          throw new Error('database unavailable');
        }
        recorded.push(report);
        return [];
      },
    });
    const mta = nodemailer.createTransport({ host: '127.0.0.1', port: server.port, secure: false, ignoreTLS: true });
    const envelope = { from: 'MAILER-DAEMON@mx.test.gov.vn', to: ['bounces+r9@snv.test.gov.vn'] };
    const first = await mta.sendMail({ envelope, raw: DSN }).then(
      () => null,
      (err: { responseCode?: number }) => err,
    );
    expect(first?.responseCode).toBe(451);
    expect(recorded).toEqual([]);

    const second = await mta.sendMail({ envelope, raw: DSN });
    expect(second.response).toMatch(/^250/);
    expect(recorded).toEqual([{ reminderIds: [9], reportingMta: 'mx.test.gov.vn', recipients: [{ finalRecipient: 'a@test.gov.vn', action: 'failed', status: '5.2.1' }] }]);

    const reply = await mta.sendMail({ envelope, raw: 'From: a@test.gov.vn\r\nSubject: Re: x\r\n\r\nthanks\r\n' });
    expect(reply.response).toMatch(/^250/);
    expect(recorded).toHaveLength(1);
    mta.close();
  });
});
