/**
 * `nhacviec web link --unit <code> --role coordinator|leader|head|focal [--province <slug>] [--json]`: prints a
 * single-use sign-in link to the web console (valid 10 minutes), for the first sign-in of a fresh install, before
 * anyone has joined the bot. Afterwards people ask the bot (`/dangnhap`). Only a hash of the token is stored.
 */
import { CommanderError, type Command } from 'commander';
import { MEMBER_ROLES, type MemberRole } from '../app/bot/store.js';
import { LOGIN_LINK_TTL_MS } from '../app/web/auth.js';
import { webAuthOn } from '../web-wiring.js';
import type { CommandDeps } from './plan-command.js';

const ROLE_VI: Record<MemberRole, string> = {
  focal: 'cán bộ đầu mối',
  head: 'lãnh đạo đơn vị',
  leader: 'lãnh đạo tỉnh',
  coordinator: 'cán bộ điều phối',
};

function fail(deps: Pick<CommandDeps, 'stderr'>, message: string, code = 1): never {
  deps.stderr.write(`Lỗi: ${message}\n`);
  throw new CommanderError(code, 'nhacviec.web', message);
}

export function registerWebCommand(program: Command, deps: CommandDeps): Command {
  const web = program.command('web').description('trang quản lý trên trình duyệt (web console)');
  web
    .command('link')
    .description('in đường dẫn đăng nhập trang quản lý (dùng một lần, hiệu lực 10 phút) — cho lần đăng nhập đầu tiên')
    .requiredOption('--unit <code>', 'mã hoặc số hiệu đơn vị (vd. so-noi-vu)')
    .option('--role <role>', `vai trò: ${MEMBER_ROLES.join(', ')}`, 'coordinator')
    .option('--province <slug>', 'tỉnh (mặc định DEFAULT_PROVINCE)')
    .option('--json', 'in dạng JSON', false)
    .action(async (o: { unit: string; role: string; province?: string; json: boolean }) => {
      if (!(MEMBER_ROLES as readonly string[]).includes(o.role)) fail(deps, `Vai trò "${o.role}" không hợp lệ (${MEMBER_ROLES.join(', ')}).`, 2);
      const role = o.role as MemberRole;
      const province = o.province ?? deps.config.domain.defaultProvince;
      const database = await deps.openDatabase();
      try {
        const auth = webAuthOn(database, deps.clock);
        const unit = await auth.findUnit(o.unit, province);
        if (unit === null) fail(deps, `Không tìm thấy đơn vị "${o.unit}" của tỉnh ${province} (xem "nhacviec units list"; tỉnh khác: --province).`);
        const { token, expiresAt } = await auth.issueLoginToken({ personId: null, unitId: unit.id, role }, `cli:${deps.actor ?? 'cli'}`);
        const url = `${deps.config.web.baseUrl}/login/${token}`;
        if (o.json) {
          deps.stdout.write(`${JSON.stringify({ url, expiresAt: expiresAt.toISOString(), unit, role }, null, 2)}\n`);
        } else {
          deps.stdout.write(
            [
              `Đường dẫn đăng nhập trang quản lý (dùng một lần, hiệu lực ${LOGIN_LINK_TTL_MS / 60_000} phút, đến ${expiresAt.toISOString()}):`,
              url,
              `Đơn vị: ${unit.name} (${unit.code}, ${unit.province}) · Vai trò: ${ROLE_VI[role]}`,
              'Mở đường dẫn trong trình duyệt rồi bấm "Đăng nhập". Sau đó, mỗi người gửi /dangnhap cho bot để nhận đường dẫn của mình.',
              '',
            ].join('\n'),
          );
        }
      } finally {
        await database.close();
      }
    });
  return web;
}
