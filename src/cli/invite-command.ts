/**
 * `nhacviec units invite <unit> --role focal|head|leader|coordinator [--expires 7d] [--group] [--json]`: creates a
 * single-use, expiring invitation and prints its deep link `https://t.me/<bot>?start=<token>` (or `?startgroup=`
 * to bind a group chat). Only a SHA-256 hash of the token is stored; the token is shown once.
 */
import { CommanderError, type Command } from 'commander';
import type { Config } from '../../config/env.js';
import type { CreateInviteOutcome } from '../app/bot/onboarding.js';
import { MEMBER_ROLES, type MemberRole } from '../app/bot/store.js';
import type { Database } from '../plan-wiring.js';
import type { Clock } from '../domain/clock.js';
import { botUsernameFromTelegram, invitesOn } from '../units-wiring.js';

/** Dependencies of {@link registerInviteCommand} (a subset of the CLI's command dependencies). */
export interface InviteCommandDeps {
  openDatabase(): Promise<Pick<Database, 'sql'> & { close(): Promise<void> }>;
  clock: Clock;
  config: Config;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  /** Written to the audit log as `cli:<actor>`. Default `cli`. */
  actor?: string;
  /**
   * The bot's username for the link. Default: `getMe` with `TELEGRAM_BOT_TOKEN` when one is configured, else none
   * (a placeholder is printed and explained).
   */
  botUsername?: () => Promise<string | null>;
}

/** Longest lifetime of an invitation: 90 days. */
export const MAX_INVITE_TTL_MS = 90 * 24 * 3600 * 1000;
/** Placeholder printed for the bot's username when no token is configured. */
export const BOT_PLACEHOLDER = '<ten_bot>';

const ROLE_VI: Record<MemberRole, string> = {
  focal: 'cán bộ đầu mối',
  head: 'lãnh đạo đơn vị',
  leader: 'lãnh đạo tỉnh',
  coordinator: 'cán bộ điều phối',
};

/** Reads "7d", "12h", "2w" into milliseconds; null when malformed or beyond {@link MAX_INVITE_TTL_MS}. */
export function parseExpiry(text: string): number | null {
  const m = /^\s*(\d{1,4})\s*([hdw])\s*$/i.exec(text);
  if (m === null) return null;
  const unit = { h: 3600_000, d: 86_400_000, w: 7 * 86_400_000 }[m[2]!.toLowerCase() as 'h' | 'd' | 'w'];
  const ms = Number(m[1]) * unit;
  return ms > 0 && ms <= MAX_INVITE_TTL_MS ? ms : null;
}

/** The deep link of an invitation. */
export function inviteLink(username: string, token: string, group: boolean): string {
  return `https://t.me/${username}?${group ? 'startgroup' : 'start'}=${token}`;
}

function fail(deps: InviteCommandDeps, message: string, code = 1): never {
  deps.stderr.write(`Lỗi: ${message}\n`);
  throw new CommanderError(code, 'nhacviec.invite', message);
}

/** Adds `invite` to the `units` command (created when absent; register after `registerUnitsCommand`). */
export function registerInviteCommand(program: Command, deps: InviteCommandDeps): Command {
  const units = program.commands.find((c) => c.name() === 'units') ?? program.command('units').description('danh mục đơn vị');
  return units
    .command('invite')
    .description('tạo đường dẫn mời (dùng một lần, có hạn) để một người — hoặc một nhóm Telegram — nhận nhắc việc của đơn vị')
    .argument('<unit>', 'mã, số hiệu hoặc tên đơn vị (vd. so-noi-vu)')
    .option('--role <role>', `vai trò: ${MEMBER_ROLES.join(', ')}`, 'focal')
    .option('--expires <duration>', 'thời hạn của đường dẫn: 12h, 7d, 2w (tối đa 90d)', '7d')
    .option('--province <slug>', 'tỉnh (mặc định DEFAULT_PROVINCE)')
    .option('--group', 'đường dẫn để gắn một nhóm Telegram với đơn vị (thêm bot vào nhóm)', false)
    .option('--json', 'in dạng JSON', false)
    .action(async (unitRef: string, o: { role: string; expires: string; province?: string; group: boolean; json: boolean }) => {
      if (!(MEMBER_ROLES as readonly string[]).includes(o.role)) fail(deps, `Vai trò "${o.role}" không hợp lệ (${MEMBER_ROLES.join(', ')}).`, 2);
      const ttlMs = parseExpiry(o.expires);
      if (ttlMs === null) fail(deps, `Thời hạn "${o.expires}" không hợp lệ: dùng dạng 12h, 7d, 2w (tối đa 90d).`, 2);
      const role = o.role as MemberRole;
      const province = o.province ?? deps.config.domain.defaultProvince;
      const database = await deps.openDatabase();
      let created: CreateInviteOutcome;
      try {
        created = await invitesOn(database, deps.clock, deps.config)({ province, unitRef, role, ttlMs, createdBy: `cli:${deps.actor ?? 'cli'}` });
      } finally {
        await database.close();
      }
      if (created.kind === 'unknown_unit') fail(deps, `Không tìm thấy đơn vị "${unitRef}" của tỉnh ${province} (xem "nhacviec units list").`);
      let username: string | null = null;
      try {
        username = await (deps.botUsername ?? botUsernameFromTelegram(deps.config))();
      } catch (error) {
        // The invite exists; only the name in the link is missing. The token is never part of this message.
        deps.stderr.write(`Cảnh báo: không hỏi được tên bot từ Telegram (${(error as Error).message}).\n`);
      }
      const link = inviteLink(username ?? BOT_PLACEHOLDER, created.token, o.group);
      const expires = created.expiresAt.toISOString();
      if (o.json) {
        deps.stdout.write(
          `${JSON.stringify({ link, token: created.token, expiresAt: expires, unit: created.unit, role, group: o.group, botUsername: username }, null, 2)}\n`,
        );
      } else {
        deps.stdout.write(
          [
            `${o.group ? 'Đường dẫn gắn nhóm Telegram' : 'Đường dẫn mời'} (dùng một lần, hết hạn ${expires}):`,
            link,
            `Đơn vị: ${created.unit.name} (${created.unit.code}, ${created.unit.province}) · Vai trò: ${ROLE_VI[role]}`,
            '',
          ].join('\n'),
        );
      }
      if (username === null) {
        deps.stderr.write(
          `Chưa biết tên bot (${deps.config.telegram.token === undefined ? 'TELEGRAM_BOT_TOKEN chưa được đặt' : 'Telegram không trả lời'}): ` +
            `thay ${BOT_PLACEHOLDER} trong đường dẫn bằng tên người dùng của bot ` +
            `(không có @), hoặc gửi cho bot lệnh "/start <mã>" với <mã> là phần sau "${o.group ? 'startgroup' : 'start'}=".\n`,
        );
      }
    });
}
