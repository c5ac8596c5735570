import { describe, expect, it } from 'vitest';
import { bounceSeverity, parseDeliveryStatus, reminderIdOfMessageId, reminderIdOfVerp, verpAddress } from '../../../src/app/channels/bounce.js';
import { parseBounce } from '../../../src/mail/bounce.js';

const STATUS = [
  'Reporting-MTA: dns; mx.soc.test.gov.vn',
  'Arrival-Date: Thu,  3 Dec 2026 08:00:00 +0700',
  '',
  'Final-Recipient: rfc822; Daumoi.C@soc.test.gov.vn',
  'Original-Recipient: rfc822;daumoi.c@soc.test.gov.vn',
  'Action: failed',
  'Status: 5.1.1',
  'Diagnostic-Code: smtp; 550 5.1.1 <daumoi.c@soc.test.gov.vn>: Recipient address',
  ' rejected: User unknown',
  '',
  'Final-Recipient: rfc822; other@soc.test.gov.vn',
  'Action: delayed',
  'Status: 4.4.1',
  '',
].join('\r\n');

function dsn(opts: { status?: string; headers?: string; type?: string } = {}): string {
  return [
    'From: MAILER-DAEMON@mx.soc.test.gov.vn',
    'To: bounces+r42@snv.test.gov.vn',
    'Subject: Undelivered Mail Returned to Sender',
    'MIME-Version: 1.0',
    'Content-Type: multipart/report; report-type=delivery-status; boundary="BB"',
    '',
    '--BB',
    'Content-Type: text/plain; charset=us-ascii',
    '',
    'This is the mail system.',
    '',
    '--BB',
    `Content-Type: ${opts.type ?? 'message/delivery-status'}`,
    '',
    opts.status ?? STATUS,
    '--BB',
    'Content-Type: text/rfc822-headers',
    '',
    opts.headers ?? 'Message-ID: <nhacviec-r42@snv.test.gov.vn>\r\nSubject: =?UTF-8?Q?Nh=E1=BA=AFc?=',
    '',
    '--BB--',
    '',
  ].join('\r\n');
}

describe('parseDeliveryStatus (RFC 3464 §2)', () => {
  it('reads the per-message and per-recipient groups, unfolds continuation lines, strips address types', () => {
    const parsed = parseDeliveryStatus(STATUS);
    expect(parsed.reportingMta).toBe('mx.soc.test.gov.vn');
    expect(parsed.recipients).toEqual([
      {
        finalRecipient: 'daumoi.c@soc.test.gov.vn',
        originalRecipient: 'daumoi.c@soc.test.gov.vn',
        action: 'failed',
        status: '5.1.1',
        diagnostic: 'smtp; 550 5.1.1 <daumoi.c@soc.test.gov.vn>: Recipient address rejected: User unknown',
      },
      { finalRecipient: 'other@soc.test.gov.vn', action: 'delayed', status: '4.4.1' },
    ]);
  });

  it('skips groups without Final-Recipient or Action and never throws on garbage', () => {
    expect(parseDeliveryStatus('Final-Recipient: rfc822; a@b.vn\n\nAction: failed\nStatus: 5.0.0').recipients).toEqual([]);
    expect(parseDeliveryStatus('').recipients).toEqual([]);
    expect(parseDeliveryStatus('\u0000\n: :\n\n\t x').recipients).toEqual([]);
  });
});

describe('bounceSeverity', () => {
  it('5.x.x failed is permanent; 4.x.x and delayed are temporary; delivered/relayed are ignored', () => {
    expect(bounceSeverity({ action: 'failed', status: '5.1.1' })).toBe('permanent');
    expect(bounceSeverity({ action: 'failed', status: '5.7.1' })).toBe('permanent');
    expect(bounceSeverity({ action: 'failed', status: '' })).toBe('permanent');
    expect(bounceSeverity({ action: 'failed', status: '4.2.2' })).toBe('temporary');
    expect(bounceSeverity({ action: 'delayed', status: '4.4.7' })).toBe('temporary');
    expect(bounceSeverity({ action: 'delivered', status: '2.0.0' })).toBe('ignored');
    expect(bounceSeverity({ action: 'relayed', status: '2.0.0' })).toBe('ignored');
  });
});

describe('references to our messages', () => {
  it('Message-IDs and VERP addresses name the reminder; others do not', () => {
    expect(reminderIdOfMessageId('<nhacviec-r42@snv.test.gov.vn>')).toBe(42);
    expect(reminderIdOfMessageId('<abc@snv.test.gov.vn>')).toBeNull();
    expect(verpAddress('bounces@snv.test.gov.vn', 'r42')).toBe('bounces+r42@snv.test.gov.vn');
    expect(reminderIdOfVerp('bounces@snv.test.gov.vn', 'Bounces+r42@SNV.test.gov.vn')).toBe(42);
    expect(reminderIdOfVerp('bounces@snv.test.gov.vn', 'bounces+r42@other.gov.vn')).toBeNull();
    expect(reminderIdOfVerp('bounces@snv.test.gov.vn', 'someone+r42@snv.test.gov.vn')).toBeNull();
  });
});

describe('parseBounce (mailparser)', () => {
  it('a multipart/report DSN: recipients, the reporting MTA, the reminder from the returned headers and the VERP recipient', async () => {
    const report = await parseBounce(dsn({ headers: 'Message-ID: <nhacviec-r42@snv.test.gov.vn>\r\nReferences: <nhacviec-r7@snv.test.gov.vn>' }), {
      envelopeTo: ['bounces+r43@snv.test.gov.vn'],
      bounceAddress: 'bounces@snv.test.gov.vn',
    });
    expect(report?.reminderIds).toEqual([43, 42, 7]);
    expect(report?.reportingMta).toBe('mx.soc.test.gov.vn');
    expect(report?.recipients.map((r) => [r.finalRecipient, r.action, r.status])).toEqual([
      ['daumoi.c@soc.test.gov.vn', 'failed', '5.1.1'],
      ['other@soc.test.gov.vn', 'delayed', '4.4.1'],
    ]);
  });

  it('the RFC 6533 form (message/global-delivery-status) too', async () => {
    const report = await parseBounce(dsn({ type: 'message/global-delivery-status' }), { envelopeTo: [] });
    expect(report?.reminderIds).toEqual([42]);
    expect(report?.recipients).toHaveLength(2);
  });

  it('an ordinary message (a reply, an auto-responder) is not a DSN', async () => {
    const report = await parseBounce('From: a@b.vn\r\nTo: bounces@snv.test.gov.vn\r\nSubject: Re: Nhắc việc\r\n\r\nĐã nhận.\r\n', { envelopeTo: ['bounces@snv.test.gov.vn'] });
    expect(report).toBeNull();
  });
});
