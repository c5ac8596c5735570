import { describe, expect, it } from 'vitest';
import { foldKeyword, parseReplyCommand } from '../../../../src/app/bot/reply-commands.js';

describe('parseReplyCommand', () => {
  it('reads xong with the evidence as written', () => {
    expect(parseReplyCommand('xong 123 QĐ 15/QĐ-SNV 03/01/2024')).toEqual({ kind: 'done', itemId: 123, evidence: 'QĐ 15/QĐ-SNV 03/01/2024' });
  });

  it('reads giahan with date and reason', () => {
    expect(parseReplyCommand('giahan 123 31/01/2024 chờ ý kiến Sở Tài chính')).toEqual({
      kind: 'extend',
      itemId: 123,
      dateText: '31/01/2024',
      reason: 'chờ ý kiến Sở Tài chính',
    });
  });

  it('accepts case, diacritics, two-word keywords, #ids and extra spaces', () => {
    expect(parseReplyCommand('  XONG   #7   báo cáo 45/BC-UBND ngày 2/4/2024 ')).toEqual({ kind: 'done', itemId: 7, evidence: 'báo cáo 45/BC-UBND ngày 2/4/2024' });
    expect(parseReplyCommand('Gia hạn 9 30-6-2024 thiếu kinh phí')).toMatchObject({ kind: 'extend', itemId: 9, dateText: '30-6-2024' });
    expect(parseReplyCommand('gia_han 9 2024-06-30 lý do')).toMatchObject({ kind: 'extend', dateText: '2024-06-30' });
    expect(parseReplyCommand('Hoàn thành 5 QĐ 1/QĐ-UBND')).toMatchObject({ kind: 'done', itemId: 5 });
  });

  it('answers bad input with the precise problem', () => {
    expect(parseReplyCommand('xong')).toEqual({ kind: 'invalid', command: 'done', problem: 'missing_item' });
    expect(parseReplyCommand('xong abc QĐ 1')).toEqual({ kind: 'invalid', command: 'done', problem: 'bad_item' });
    expect(parseReplyCommand('xong 0 QĐ 1')).toEqual({ kind: 'invalid', command: 'done', problem: 'bad_item' });
    expect(parseReplyCommand('xong -3 QĐ 1')).toEqual({ kind: 'invalid', command: 'done', problem: 'bad_item' });
    expect(parseReplyCommand('xong 99999999999999999 QĐ 1')).toEqual({ kind: 'invalid', command: 'done', problem: 'bad_item' });
    expect(parseReplyCommand('xong 12')).toEqual({ kind: 'invalid', command: 'done', problem: 'missing_evidence' });
    expect(parseReplyCommand('giahan 12')).toEqual({ kind: 'invalid', command: 'extend', problem: 'missing_date' });
    expect(parseReplyCommand('giahan 12 sớm thôi')).toEqual({ kind: 'invalid', command: 'extend', problem: 'missing_date' });
    expect(parseReplyCommand('giahan 12 31/01/2024')).toEqual({ kind: 'invalid', command: 'extend', problem: 'missing_reason' });
  });

  it('reads help words and invite codes', () => {
    for (const w of ['huongdan', 'Hướng dẫn', '/help', 'help', '?', 'trợ giúp']) expect(parseReplyCommand(w)).toEqual({ kind: 'help' });
    const code = 'aB3_xY9-kL2mN4pQ6rS8tU0v';
    expect(parseReplyCommand(code)).toEqual({ kind: 'invite', token: code });
    expect(parseReplyCommand(`/start ${code}`)).toEqual({ kind: 'invite', token: code });
    expect(parseReplyCommand('/start')).toEqual({ kind: 'help' });
  });

  it('leaves anything else unknown', () => {
    for (const w of ['', '   ', 'xin chào', 'xongxuoi 1 a', '1234567890123456789']) expect(parseReplyCommand(w)).toEqual({ kind: 'unknown' });
  });

  it('folds keywords', () => {
    expect(foldKeyword('Gia Hạn')).toBe('giahan');
    expect(foldKeyword('ĐÃ_XONG')).toBe('daxong');
  });
});
