/**
 * `nhacviec units feed [unit] [--person <id>] [--rotate | --revoke]`: the private calendar feed of a unit or a
 * person. Thin: parses options, calls the feed use cases, prints the address.
 */
import type { Command } from 'commander';
import { findFeedOwner, issueFeed, revokeFeed } from '../app/feeds/service.js';
import { feedStoreOn } from '../feeds-wiring.js';
import { type CommandDeps, fail } from './plan-command.js';

interface FeedOptions {
  person?: string;
  province?: string;
  rotate: boolean;
  revoke: boolean;
  json: boolean;
}

/** Registers `feed` under the `units` command. */
export function registerFeedCommand(units: Command, deps: CommandDeps): Command {
  return units
    .command('feed')
    .description('liên kết lịch riêng (ICS) của một đơn vị hoặc một người: tạo, đổi (--rotate) hoặc thu hồi (--revoke)')
    .argument('[unit]', 'mã hoặc tên đơn vị')
    .option('--person <id>', 'lịch của một người (số id), gồm việc của mọi đơn vị người đó là thành viên')
    .option('--province <slug>', 'tỉnh (mặc định DEFAULT_PROVINCE)')
    .option('--rotate', 'tạo liên kết mới; liên kết cũ ngừng hoạt động', false)
    .option('--revoke', 'thu hồi liên kết hiện có', false)
    .option('--json', 'in dạng JSON', false)
    .action(async (unitRef: string | undefined, o: FeedOptions) => {
      if ((unitRef === undefined) === (o.person === undefined)) fail(deps, o.json, 'feed', 'Cần đúng một trong hai: mã đơn vị, hoặc --person <id>.');
      if (o.rotate && o.revoke) fail(deps, o.json, 'feed', 'Chọn --rotate hoặc --revoke, không cả hai.');
      if (o.person !== undefined && !/^\d+$/.test(o.person)) fail(deps, o.json, 'feed', `Id người "${o.person}" không hợp lệ.`);
      const database = await deps.openDatabase();
      try {
        const store = feedStoreOn(database);
        const province = o.province ?? deps.config.domain.defaultProvince;
        const found = await findFeedOwner(store, unitRef !== undefined ? { province, unit: unitRef } : { personId: Number(o.person) });
        if (found === null)
          fail(deps, o.json, 'feed', unitRef !== undefined ? `Không tìm thấy đơn vị "${unitRef}" của tỉnh ${province}.` : `Không có người với id ${o.person}.`);
        const { owner, name } = found;
        if (o.revoke) {
          const n = await revokeFeed(store, deps.clock, owner);
          deps.stdout.write(o.json ? `${JSON.stringify({ revoked: n })}\n` : n > 0 ? `Đã thu hồi liên kết lịch của ${name}.\n` : `${name} không có liên kết lịch nào đang hoạt động.\n`);
          return;
        }
        const r = await issueFeed(store, deps.clock, { owner, rotate: o.rotate, actor: deps.actor ?? 'cli', webBaseUrl: deps.config.web.baseUrl });
        if (o.json) deps.stdout.write(`${JSON.stringify(r)}\n`);
        else if (r.status === 'exists')
          deps.stdout.write(
            `${name} đã có liên kết lịch (tạo lúc ${r.createdAt.toISOString()}). Liên kết chỉ được hiển thị một lần khi tạo;\n` +
              `dùng --rotate để tạo liên kết mới (liên kết cũ ngừng hoạt động) hoặc --revoke để thu hồi.\n`,
          );
        else
          deps.stdout.write(
            `${r.rotated ? 'Đã đổi' : 'Đã tạo'} liên kết lịch của ${name} (giữ riêng tư; ai có liên kết đều xem được):\n${r.url}\n` +
              `Thêm vào Google Calendar / Outlook / Lịch iPhone bằng "Thêm lịch từ URL".\n`,
          );
      } finally {
        await database.close();
      }
    });
}
