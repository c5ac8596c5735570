/**
 * `nhacviec api token create --name N --scope read|write`, `api token list [--all]`, `api token revoke <name|id>`:
 * bearer tokens of the JSON API, one per integration. The token is printed once; only its hash is stored. Thin:
 * parses options, calls src/app/api/tokens.ts, prints.
 */
import { Option, type Command } from 'commander';
import type { ApiScope, ApiTokenRecord, ApiTokenStore } from '../app/api/ports.js';
import { createApiToken, listApiTokens, revokeApiToken } from '../app/api/tokens.js';
import { apiTokensOn } from '../api-wiring.js';
import { type CommandDeps, fail } from './plan-command.js';

const when = (d: Date | null) => (d === null ? '—' : d.toISOString().replace('T', ' ').slice(0, 16));

export function registerApiCommand(program: Command, deps: CommandDeps): Command {
  const api = program.command('api').description('API JSON cho hệ thống của tỉnh (/api/v1): token truy cập');
  const token = api.command('token').description('token truy cập API (mỗi hệ thống tích hợp một token)');

  const withStore = async <T>(run: (store: ApiTokenStore) => Promise<T>): Promise<T> => {
    const database = await deps.openDatabase();
    try {
      return await run(apiTokensOn(database));
    } finally {
      await database.close();
    }
  };

  token
    .command('create')
    .description('tạo token (in ra một lần duy nhất; chỉ lưu mã băm)')
    .requiredOption('--name <name>', 'tên hệ thống tích hợp (chữ, số, . _ -)')
    .addOption(new Option('--scope <scope>', 'quyền: read (chỉ đọc) hoặc write (đọc và ghi sự kiện)').choices(['read', 'write']).makeOptionMandatory())
    .option('--json', 'in dạng JSON', false)
    .action(async (o: { name: string; scope: ApiScope; json: boolean }) => {
      const r = await withStore((store) => createApiToken(store, deps.clock, { name: o.name, scope: o.scope, actor: deps.actor ?? 'cli' }));
      if (r.status === 'invalid_name') fail(deps, o.json, 'invalid_name', `Tên "${o.name}" không hợp lệ: chỉ chữ, số, dấu . _ - (tối đa 64 ký tự).`);
      if (r.status === 'name_taken') fail(deps, o.json, 'name_taken', `"${o.name}" đã có token đang hoạt động; thu hồi trước (nhacviec api token revoke ${o.name}).`);
      if (o.json) deps.stdout.write(`${JSON.stringify({ id: r.record.id, name: r.record.name, scope: r.record.scope, token: r.token })}\n`);
      else
        deps.stdout.write(
          `Đã tạo token "${r.record.name}" (quyền ${r.record.scope}). Token chỉ hiện một lần — lưu ngay vào hệ thống tích hợp:\n${r.token}\n` +
            `Dùng: Authorization: Bearer <token>; tài liệu: /api/openapi.json\n`,
        );
    });

  token
    .command('list')
    .description('các token (không in token, chỉ tên, quyền và thời điểm)')
    .option('--all', 'gồm cả token đã thu hồi', false)
    .option('--json', 'in dạng JSON', false)
    .action(async (o: { all: boolean; json: boolean }) => {
      const rows = await withStore((store) => listApiTokens(store, { includeRevoked: o.all }));
      if (o.json) {
        deps.stdout.write(`${JSON.stringify(rows)}\n`);
        return;
      }
      if (rows.length === 0) {
        deps.stdout.write('Chưa có token nào. / No tokens.\n');
        return;
      }
      const line = (t: ApiTokenRecord) =>
        `${String(t.id).padStart(4)}  ${t.name.padEnd(24)} ${t.scope.padEnd(5)}  tạo ${when(t.createdAt)}  dùng ${when(t.lastUsedAt)}${t.revokedAt ? `  THU HỒI ${when(t.revokedAt)}` : ''}\n`;
      deps.stdout.write(`  id  tên                      quyền\n${rows.map(line).join('')}`);
    });

  token
    .command('revoke')
    .description('thu hồi token (theo tên hoặc id); yêu cầu dùng nó bị từ chối ngay (401)')
    .argument('<ref>', 'tên hoặc id')
    .option('--json', 'in dạng JSON', false)
    .action(async (ref: string, o: { json: boolean }) => {
      const revoked = await withStore((store) => revokeApiToken(store, deps.clock, ref));
      if (revoked === null) fail(deps, o.json, 'not_found', `Không có token đang hoạt động "${ref}".`);
      deps.stdout.write(o.json ? `${JSON.stringify({ revoked: revoked.id, name: revoked.name })}\n` : `Đã thu hồi token "${revoked.name}".\n`);
    });
  return api;
}
