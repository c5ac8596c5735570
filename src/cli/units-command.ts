/**
 * `nhacviec units list|add|alias|import|resolve|members`. Thin: parses options, calls the use cases, renders.
 */
import type { Command } from 'commander';
import { DateTime } from 'luxon';
import { addUnit, addUnitAlias, importUnits, listUnits, resolveUnitCell, UnitCommandError, unitCoverage, type UnitMember } from '../app/units.js';
import { unitDirectoryOn } from '../units-wiring.js';
import { UNIT_KINDS, type UnitKind } from '../domain/units/directory.js';
import { type CommandDeps, fail } from './plan-command.js';

const KIND_VI: Record<UnitKind, string> = { province: 'tỉnh', department: 'sở/ngành', district: 'cấp huyện', commune: 'cấp xã', other: 'khác' };

/** Registers the `units` commands on `program`. */
export function registerUnitsCommand(program: Command, deps: CommandDeps): Command {
  const units = program.command('units').description('danh mục đơn vị: liệt kê, thêm, tên gọi khác, nạp từ tệp');
  const province = (p?: string) => p ?? deps.config.domain.defaultProvince;
  const run = async <T>(json: boolean, fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (err) {
      if (err instanceof UnitCommandError) fail(deps, json, 'units', err.message);
      throw err;
    }
  };

  units
    .command('list')
    .description('liệt kê đơn vị và nhóm của một tỉnh')
    .option('--province <slug>', 'tỉnh (mặc định DEFAULT_PROVINCE)')
    .option('--at <date>', 'chỉ các đơn vị tồn tại vào ngày này (YYYY-MM-DD)')
    .option('--kind <kind>', `chỉ một loại: ${UNIT_KINDS.join(', ')}`)
    .option('--json', 'in dạng JSON', false)
    .action(async (o: { province?: string; at?: string; kind?: string; json: boolean }) => {
      if (o.kind && !UNIT_KINDS.includes(o.kind as UnitKind)) fail(deps, o.json, 'units', `Loại "${o.kind}" không hợp lệ (${UNIT_KINDS.join(', ')}).`);
      if (o.at && !/^\d{4}-\d{2}-\d{2}$/.test(o.at)) fail(deps, o.json, 'units', `Ngày "${o.at}" phải có dạng YYYY-MM-DD.`);
      const database = await deps.openDatabase();
      try {
        const r = await run(o.json, () =>
          listUnits(unitDirectoryOn(database), {
            province: province(o.province),
            today: DateTime.fromJSDate(deps.clock.now(), { zone: deps.config.domain.timeZone }).toISODate()!,
            ...(o.at ? { at: o.at } : {}),
            ...(o.kind ? { kind: o.kind as UnitKind } : {}),
          }),
        );
        if (o.json) deps.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
        else {
          const lines = [`${r.units.length} đơn vị${o.at ? ` tồn tại ngày ${o.at}` : ''}:`];
          for (const u of r.units)
            lines.push(
              `  ${u.code.padEnd(30)} ${KIND_VI[u.kind].padEnd(10)} ${u.name}${u.effectiveFrom || u.effectiveTo ? ` [${u.effectiveFrom ?? '…'} → ${u.effectiveTo ?? '…'}]` : ''}`,
            );
          lines.push(`${r.groups.length} nhóm:`);
          for (const g of r.groups) lines.push(`  ${g.code.padEnd(30)} ${g.name} (${g.members} đơn vị)`);
          lines.push(`Theo cấp (tồn tại ngày ${r.counts.at} / cả danh mục): ${r.counts.byKind.map((k) => `${KIND_VI[k.kind]} ${k.inForce}/${k.total}`).join(', ')}`);
          lines.push('Theo ngày:');
          for (const d of r.counts.byDate)
            lines.push(`  ${d.date}  ${KIND_VI[d.kind].padEnd(10)}${d.starting ? ` ${d.starting} bắt đầu` : ''}${d.ending ? ` ${d.ending} kết thúc (ngày cuối)` : ''}`);
          deps.stdout.write(`${lines.join('\n')}\n`);
        }
      } finally {
        await database.close();
      }
    });

  units
    .command('add')
    .description('thêm một đơn vị')
    .argument('<code>', 'mã (chữ thường, gạch nối), vd. huyen-nghi-loc')
    .argument('<name>', 'tên chính thức')
    .requiredOption('--kind <kind>', `loại: ${UNIT_KINDS.join(', ')}`)
    .option('--province <slug>', 'tỉnh (mặc định DEFAULT_PROVINCE)')
    .option('--parent <code>', 'mã đơn vị cấp trên (xã → huyện)')
    .option('--from <date>', 'tồn tại từ ngày (YYYY-MM-DD)')
    .option('--to <date>', 'tồn tại đến ngày (YYYY-MM-DD)')
    .option('--alias <alias...>', 'tên gọi khác, viết tắt')
    .option('--json', 'in dạng JSON', false)
    .action(async (code: string, name: string, o: { kind: string; province?: string; parent?: string; from?: string; to?: string; alias?: string[]; json: boolean }) => {
      const database = await deps.openDatabase();
      try {
        const r = await run(o.json, () =>
          addUnit(unitDirectoryOn(database), deps.clock, {
            province: province(o.province),
            code,
            name,
            kind: o.kind as UnitKind,
            ...(o.parent ? { parent: o.parent } : {}),
            ...(o.from ? { effectiveFrom: o.from } : {}),
            ...(o.to ? { effectiveTo: o.to } : {}),
            aliases: o.alias ?? [],
            actor: deps.actor ?? 'cli',
          }),
        );
        deps.stdout.write(o.json ? `${JSON.stringify({ added: code, id: r.id })}\n` : `Đã thêm đơn vị ${code} (${name}).\n`);
      } finally {
        await database.close();
      }
    });

  units
    .command('alias')
    .description('thêm tên gọi khác cho một đơn vị hoặc một nhóm')
    .argument('<code>', 'mã đơn vị hoặc nhóm')
    .argument('<alias>', 'tên gọi khác như kế hoạch viết, vd. "Sở KH và ĐT"')
    .option('--province <slug>', 'tỉnh (mặc định DEFAULT_PROVINCE)')
    .option('--short', 'tên rút gọn chỉ dùng trong liệt kê ("Các Sở: Xây dựng, Y tế")', false)
    .option('--json', 'in dạng JSON', false)
    .action(async (code: string, alias: string, o: { province?: string; short: boolean; json: boolean }) => {
      const database = await deps.openDatabase();
      try {
        const r = await run(o.json, () =>
          addUnitAlias(unitDirectoryOn(database), deps.clock, { province: province(o.province), code, alias, short: o.short, actor: deps.actor ?? 'cli' }),
        );
        deps.stdout.write(o.json ? `${JSON.stringify({ code, alias, result: r })}\n` : r === 'added' ? `Đã thêm "${alias}" cho ${code}.\n` : `${code} đã có tên gọi "${alias}".\n`);
      } finally {
        await database.close();
      }
    });

  units
    .command('import')
    .description('nạp danh mục đơn vị từ tệp JSON (mẫu: config/units/README.md) hoặc từ config/units/<tỉnh>.json')
    .argument('[file]', 'tệp danh mục; bỏ trống = danh mục có sẵn của tỉnh')
    .option('--province <slug>', 'tỉnh (mặc định DEFAULT_PROVINCE khi không có tệp)')
    .option('--json', 'in dạng JSON', false)
    .action(async (file: string | undefined, o: { province?: string; json: boolean }) => {
      const database = await deps.openDatabase();
      try {
        const r = await run(o.json, () =>
          importUnits(unitDirectoryOn(database), deps.clock, { ...(file ? { file } : { province: province(o.province) }), ...(file && o.province ? { province: o.province } : {}), actor: deps.actor ?? 'cli' }),
        );
        deps.stdout.write(
          o.json
            ? `${JSON.stringify(r)}\n`
            : `Đã nạp danh mục ${r.province}: thêm ${r.unitsAdded} đơn vị, cập nhật ${r.unitsUpdated}, thêm ${r.aliasesAdded} tên gọi, ${r.groupsAdded} nhóm mới, ${r.membersAdded} thành viên nhóm.\n`,
        );
      } finally {
        await database.close();
      }
    });

  units
    .command('resolve')
    .description('thử đọc một ô "cơ quan chủ trì/phối hợp" như khi nhập kế hoạch')
    .argument('<text>', 'nội dung ô')
    .option('--province <slug>', 'tỉnh (mặc định DEFAULT_PROVINCE)')
    .option('--year <year>', 'năm kế hoạch (đơn vị tồn tại trong năm đó)')
    .option('--column <column>', 'lead | support | assignment', 'lead')
    .option('--json', 'in dạng JSON', false)
    .action(async (text: string, o: { province?: string; year?: string; column: string; json: boolean }) => {
      if (!['lead', 'support', 'assignment'].includes(o.column)) fail(deps, o.json, 'units', '--column phải là lead, support hoặc assignment.');
      const database = await deps.openDatabase();
      try {
        const year = Number(o.year ?? deps.clock.now().getUTCFullYear());
        const r = await run(o.json, () => resolveUnitCell(unitDirectoryOn(database), { province: province(o.province), year, text, column: o.column as 'lead' }));
        if (o.json) deps.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
        else
          for (const m of r.mentions)
            deps.stdout.write(
              `${m.role === 'lead' ? 'chủ trì ' : 'phối hợp'}  ${m.kind.padEnd(12)} "${m.text}"${m.name ? ` → ${m.name}` : ''}${m.kind === 'group' ? ` (${m.units.length} đơn vị)` : ''}${m.suggestions?.length ? ` — gợi ý: ${m.suggestions.map((s) => s.name).join(' / ')}` : ''}\n`,
            );
      } finally {
        await database.close();
      }
    });

  units
    .command('members')
    .description('ai nhận nhắc việc của từng đơn vị; các đơn vị còn việc mà chưa có ai nhận')
    .option('--province <slug>', 'tỉnh (mặc định DEFAULT_PROVINCE)')
    .option('--unit <code>', 'chỉ một đơn vị')
    .option('--missing', 'chỉ các đơn vị còn việc mà chưa có ai nhận nhắc', false)
    .option('--json', 'in dạng JSON', false)
    .action(async (o: { province?: string; unit?: string; missing: boolean; json: boolean }) => {
      const database = await deps.openDatabase();
      try {
        const all = await run(o.json, () => unitCoverage(unitDirectoryOn(database), { province: province(o.province), ...(o.unit ? { unit: o.unit } : {}) }));
        const rows = o.missing ? all.filter((u) => u.openItems > 0 && !u.covered) : all.filter((u) => o.unit || u.openItems > 0 || u.members.length > 0 || u.groupChat);
        if (o.json) deps.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
        else {
          const uncovered = all.filter((u) => u.openItems > 0 && !u.covered);
          const lines = [
            `${uncovered.length} đơn vị còn việc mà chưa có ai nhận nhắc${uncovered.length > 0 ? ' (mời đầu mối: nhacviec units invite <mã> --role focal)' : ''}.`,
          ];
          for (const u of rows) {
            const who = u.members.map((m) => `${m.name} (${ROLE_VI[m.role] ?? m.role}${m.reachable ? '' : ', không liên lạc được'}${channelNote(m)})`);
            if (u.groupChat) who.push('nhóm Telegram của đơn vị');
            lines.push(`  ${u.covered ? '✓' : u.openItems > 0 ? '✗' : '·'} ${u.code.padEnd(30)} ${u.name} — ${u.openItems} mục đang theo dõi; ${who.length > 0 ? who.join(', ') : 'chưa có ai'}`);
          }
          deps.stdout.write(`${lines.join('\n')}\n`);
        }
      } finally {
        await database.close();
      }
    });

  return units;
}

/** `; kênh: telegram, email a@b.gov.vn ✗ (bounced); gần nhất: email 03/12/2026` — only for people with channels of their own or a delivery on record. */
function channelNote(m: UnitMember): string {
  if (m.channels.length === 0 && m.lastWorked === null) return '';
  const list = [...(m.telegram === null ? [] : [`telegram${m.telegram === 'ok' ? '' : ` ✗ (${m.telegram})`}`]), ...m.channels.map((c) => `${c.kind} ${c.address}${c.usable ? '' : ` ✗ (${c.reason ?? '?'})`}`)];
  const last = m.lastWorked ? `; gần nhất: ${m.lastWorked.kind} ${viDay(m.lastWorked.at)}` : '';
  return `; kênh: ${list.join(', ')}${last}`;
}

function viDay(iso: string): string {
  const local = new Date(new Date(iso).getTime() + 7 * 3600 * 1000).toISOString();
  return `${local.slice(8, 10)}/${local.slice(5, 7)}/${local.slice(0, 4)}`;
}

const ROLE_VI: Record<string, string> = { focal: 'đầu mối', head: 'thủ trưởng', leader: 'lãnh đạo', coordinator: 'điều phối' };

