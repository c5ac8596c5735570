/**
 * `nhacviec evidence export <due item>`: writes the stored copies of the files a unit sent as evidence of
 * completion (see src/app/evidence/archive.ts) into a folder, and lists those not stored (yet).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { evidenceExport } from '../app/evidence/export.js';
import { evidenceFilesOn } from '../evidence-wiring.js';
import { type CommandDeps, fail } from './plan-command.js';

const STATUS_VI = { pending: 'chưa tải về (bản sao được tạo ở lượt đối soát kế tiếp)', stored: 'đã lưu', too_large: 'quá 20 MB, Telegram không cho bot tải', failed: 'không tải được' } as const;

export function registerEvidenceCommand(program: Command, deps: CommandDeps): Command {
  const evidence = program.command('evidence').description('bản sao các tệp minh chứng hoàn thành');
  evidence
    .command('export')
    .description('ghi các tệp minh chứng đã lưu của một mục nhiệm vụ ra thư mục')
    .argument('<item>', 'mã mục nhiệm vụ (due item id, như trong /viec và nhật ký)')
    .option('--out <dir>', 'thư mục ghi ra', '.')
    .option('--json', 'in dạng JSON', false)
    .action(async (itemArg: string, o: { out: string; json: boolean }) => {
      if (!/^\d+$/.test(itemArg)) fail(deps, o.json, 'bad-item', `Mã mục "${itemArg}" phải là số.`);
      const database = await deps.openDatabase();
      try {
        const files = await evidenceExport(evidenceFilesOn(database), Number(itemArg));
        if (files.length === 0) fail(deps, o.json, 'no-evidence', `Mục ${itemArg} không có tệp minh chứng nào.`);
        mkdirSync(o.out, { recursive: true });
        const out = files.map(({ content, writeAs, ...f }) => {
          let written: string | null = null;
          if (writeAs !== null && content !== null) {
            written = path.join(o.out, writeAs);
            writeFileSync(written, content);
          }
          return { id: f.id, fileName: f.fileName, status: f.status, sizeBytes: f.sizeBytes, sha256: f.sha256, written, lastError: f.lastError };
        });
        if (o.json) deps.stdout.write(`${JSON.stringify({ item: Number(itemArg), files: out }, null, 2)}\n`);
        else
          for (const f of out)
            deps.stdout.write(
              f.written
                ? `Đã ghi ${f.written} (${f.sizeBytes} byte, sha256 ${f.sha256})\n`
                : `${f.fileName}: ${STATUS_VI[f.status]}${f.lastError ? ` — ${f.lastError}` : ''}\n`,
            );
      } finally {
        await database.close();
      }
    });
  return evidence;
}
