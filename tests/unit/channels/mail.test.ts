import { describe, expect, it } from 'vitest';
import { classifySmtpError, composeMail } from '../../../src/mail/channel.js';
import { createTranslator } from '../../../src/i18n/translator.js';

const t = createTranslator();
const links = { done: 'https://c.test/t/done.1', extend: 'https://c.test/t/extend.1', details: 'https://c.test/t/details.1' };

describe('classifySmtpError', () => {
  it('maps refused recipients, temporary refusals, connection failures and lost answers', () => {
    expect(classifySmtpError({ responseCode: 550, command: 'RCPT TO', response: '550 5.1.1 User unknown' }).kind).toBe('chat_not_found');
    expect(classifySmtpError({ responseCode: 554, command: 'RCPT TO', response: '554 5.7.1 Relay access denied' }).kind).toBe('blocked');
    expect(classifySmtpError({ responseCode: 451, command: 'RCPT TO', response: '451 4.7.1 Greylisted' })).toEqual({ kind: 'rate_limited', retryAfterS: 60 });
    expect(classifySmtpError({ responseCode: 552, command: 'DATA', response: '552 Message too big' }).kind).toBe('permanent');
    expect(classifySmtpError(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:25'), { code: 'ESOCKET' })).kind).toBe('not_sent');
    expect(classifySmtpError(Object.assign(new Error('Timeout'), { code: 'ETIMEDOUT' })).kind).toBe('unknown');
    expect(classifySmtpError(Object.assign(new Error('Invalid login'), { code: 'EAUTH', responseCode: undefined })).kind).toBe('permanent');
  });
});

describe('composeMail', () => {
  it('a reminder: subject, text and HTML with the one-tap links, a Message-ID from the row, no List-Unsubscribe', () => {
    const m = composeMail({ to: 'a@b.gov.vn', ref: 'r12', class: 'reminder', subject: '[Nhắc việc] Nhiệm vụ 7 — hạn 31/03/2026', text: 'NHẮC VIỆC <Sở A>\nHạn: 31/03/2026', links }, { t, fromDomain: 'snv.gov.vn' });
    expect(m.subject).toBe('[Nhắc việc] Nhiệm vụ 7 — hạn 31/03/2026');
    expect(m.messageId).toBe('<nhacviec-r12@snv.gov.vn>');
    expect(m.text).toContain('✅ Hoàn thành: https://c.test/t/done.1');
    expect(m.text).toContain('⏳ Xin gia hạn: https://c.test/t/extend.1');
    expect(m.html).toContain('NHẮC VIỆC &lt;Sở A&gt;<br>');
    expect(m.html).toContain('href="https://c.test/t/details.1"');
    expect('list' in m).toBe(false);
    expect('attachments' in m).toBe(false);
  });

  it('a digest: the chart inline by cid and List-Unsubscribe with one-click post', () => {
    const png = new Uint8Array([137, 80, 78, 71]);
    const m = composeMail(
      { to: 'a@b.gov.vn', class: 'digest', text: 'Bản tin', photo: { png, fileName: 'bieu-do.png' }, unsubscribeUrl: 'https://c.test/u/x' },
      { t, fromDomain: 'snv.gov.vn' },
    );
    expect(m.attachments).toEqual([{ filename: 'bieu-do.png', content: Buffer.from(png), contentType: 'image/png', cid: 'bieu-do@nhacviec' }]);
    expect(m.html).toContain('src="cid:bieu-do@nhacviec"');
    expect(m.list).toEqual({ unsubscribe: { url: 'https://c.test/u/x', comment: 'Unsubscribe' } });
    expect(m.headers).toEqual({ 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' });
  });

  it('never puts List-Unsubscribe on a reminder, even when given a URL', () => {
    const m = composeMail({ to: 'a@b.gov.vn', class: 'reminder', text: 'x', unsubscribeUrl: 'https://c.test/u/x' }, { t, fromDomain: 'snv.gov.vn' });
    expect('list' in m).toBe(false);
  });
});
