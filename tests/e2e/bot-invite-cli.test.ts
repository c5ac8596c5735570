/**
 * `nhacviec units invite`: the link it prints onboards a person through the running bot; the bot's username comes
 * from getMe; without a token a placeholder is printed and explained; bad input fails with a message.
 */
import { Command, CommanderError } from 'commander';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConfig } from '../../config/env.js';
import { parseExpiry, registerInviteCommand } from '../../src/cli/invite-command.js';
import { createBotHarness, USERS, type BotHarness } from './bot-harness.js';

function capture(): { stream: PassThrough; text(): string } {
  const stream = new PassThrough();
  let out = '';
  stream.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
  return { stream, text: () => out };
}

describe('nhacviec units invite', () => {
  let h: BotHarness;
  beforeAll(async () => {
    h = await createBotHarness('invite_cli');
  });
  afterAll(async () => {
    await h?.close();
  });

  const run = async (args: string[], withToken = true) => {
    const stdout = capture();
    const stderr = capture();
    const program = new Command().exitOverride();
    program.command('units').description('danh mục đơn vị');
    const config = withToken ? h.config : createConfig({});
    registerInviteCommand(program, {
      openDatabase: async () => ({ sql: h.db.sql, close: async () => {} }),
      clock: h.clock,
      config,
      stdout: stdout.stream,
      stderr: stderr.stream,
      actor: 'tester',
    });
    let code = 0;
    try {
      await program.parseAsync(['node', 'nhacviec', 'units', 'invite', ...args]);
    } catch (error) {
      if (!(error instanceof CommanderError)) throw error;
      code = error.exitCode;
    }
    return { code, stdout: stdout.text(), stderr: stderr.text() };
  };

  it('prints a t.me deep link with the username from getMe; the link onboards through the bot', async () => {
    const result = await run(['so-b', '--role', 'head', '--expires', '3d', '--province', h.world.province]);
    expect(result.code).toBe(0);
    const link = /https:\/\/t\.me\/nhacviec_test_bot\?start=([A-Za-z0-9_-]{32})/.exec(result.stdout);
    expect(link).not.toBeNull();
    expect(result.stdout).toContain('Đơn vị: Sở Tài chính (so-b, bot-test) · Vai trò: lãnh đạo đơn vị');
    expect(result.stdout).toContain(new Date(h.clock.now().getTime() + 3 * 86_400_000).toISOString());
    const [audit] = await h.db.sql<{ actor: string; outcome: string }[]>`select actor, outcome from audit_log where action = 'invite.create'`;
    expect(audit).toEqual({ actor: 'cli:tester', outcome: 'ok' });

    await h.say(USERS.newcomer, `/start ${link![1]}`);
    expect(h.last(USERS.newcomer.id).text).toContain('lãnh đạo của Sở Tài chính');
  });

  it('prints a placeholder and explains it when no bot token is configured; --group gives a startgroup link', async () => {
    const result = await run(['Sở Tư pháp', '--province', h.world.province, '--group', '--json'], false);
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout) as { link: string; role: string; botUsername: string | null };
    expect(json.link).toMatch(/^https:\/\/t\.me\/<ten_bot>\?startgroup=[A-Za-z0-9_-]{32}$/);
    expect(json).toMatchObject({ role: 'focal', botUsername: null });
    expect(result.stderr).toContain('TELEGRAM_BOT_TOKEN chưa được đặt');
  });

  it('refuses unknown units, roles and durations', async () => {
    expect(await run(['so-khong-co', '--province', h.world.province])).toMatchObject({ code: 1, stderr: expect.stringContaining('Không tìm thấy đơn vị') });
    expect(await run(['so-a', '--role', 'boss', '--province', h.world.province])).toMatchObject({ code: 2 });
    expect(await run(['so-a', '--expires', '1y', '--province', h.world.province])).toMatchObject({ code: 2 });
    expect(parseExpiry('12h')).toBe(12 * 3600_000);
    expect(parseExpiry('2w')).toBe(14 * 86_400_000);
    expect(parseExpiry('91d')).toBeNull();
    const [count] = await h.db.sql<{ n: number }[]>`select count(*)::int as n from invites`;
    expect(count!.n).toBe(2);
  });
});
