/**
 * `npm run bench:import-limits` (issue #16.3): how long, and with how much memory, hostile files take to be
 * refused or read. Each case runs in a child process of its own (peak RSS is per process):
 * - a ~1 MB .docx and .xlsx that inflate to 1 GiB (declared honestly, and lying in the directory);
 * - an .xlsx holding 5,001 extra empty entries;
 * - text files just under the 20 MB limit: one 19.9 MB line, and 19.9 MB of tab-separated task rows (read and
 *   built into a draft, as `plan import --dry-run` does before touching the database).
 * Targets: a bomb is refused within 2 s using ≤ 200 MB.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeDocx, makeXlsx } from '../tests/fixtures/import/build-fixtures.js';
import { entriesOf, writeZip, zerosEntry } from '../tests/fixtures/import/zip-bomb.js';
import { readFixture } from '../tests/unit/import/helpers.js';

const self = fileURLToPath(import.meta.url);

if (process.argv[2] === '--child') {
  const file = process.argv[3]!;
  const { readSourceFile } = await import('../src/import/read-file.js');
  const { draftOf } = await import('../tests/unit/import/helpers.js');
  const t0 = performance.now();
  let outcome: string;
  try {
    const read = await readSourceFile(file);
    const draft = draftOf(read.document, path.basename(file), read.format);
    outcome = `read: ${read.document.blocks.length} blocks, ${draft.stats.tasks} tasks`;
  } catch (err) {
    const e = err as { code?: string; message?: string };
    outcome = `refused: ${e.code ?? 'error'} — ${String(e.message).slice(0, 90)}`;
  }
  const ms = performance.now() - t0;
  console.log(JSON.stringify({ ms, maxRssMb: process.resourceUsage().maxRSS / 1024, outcome }));
  process.exit(0);
}

const dir = mkdtempSync(path.join(os.tmpdir(), 'nhacviec-limits-'));
try {
  const doc = readFixture('ke-hoach-mau.txt');
  const docx = await makeDocx(doc.blocks);
  const xlsx = await makeXlsx(doc.blocks);
  const files: Array<[string, string]> = [];
  const add = (name: string, label: string, bytes: Uint8Array | string) => {
    const file = path.join(dir, name);
    writeFileSync(file, bytes);
    files.push([label, file]);
  };
  add('sample.txt', 'text: the sample plan (process baseline)', readFileSync(path.join(path.dirname(self), '../tests/fixtures/import/ke-hoach-mau.txt')));
  add('bom.docx', '.docx inflating to 1 GiB', writeZip([...entriesOf(docx), zerosEntry('word/media/image1.bin', 1024)]));
  add('bom.xlsx', '.xlsx inflating to 1 GiB', writeZip([...entriesOf(xlsx), zerosEntry('xl/media/image1.bin', 1024)]));
  add('bom-lying.docx', '.docx, 1 GiB declared as 1 KB', writeZip([...entriesOf(docx), zerosEntry('word/media/image1.bin', 1024, 1000)]));
  const empty = { method: 0, data: Buffer.alloc(0), crc32: 0, uncompressedSize: 0 };
  add('flood.xlsx', '.xlsx with 5,001 extra entries', writeZip([...entriesOf(xlsx), ...Array.from({ length: 5001 }, (_, i) => ({ ...empty, name: `xl/x/${i}.xml` }))]));
  const SIZE = 19.9 * 1024 * 1024;
  add('line.txt', 'text: one 19.9 MB line', 'Rà soát thủ tục hành chính, '.repeat(Math.floor(SIZE / 'Rà soát thủ tục hành chính, '.length / 1.3)));
  const head = 'KẾ HOẠCH\nCải cách hành chính tỉnh Nghệ An năm 2024\nTT\tNhiệm vụ\tSản phẩm\tCơ quan chủ trì\tCơ quan phối hợp\tThời gian hoàn thành\nI\tCẢI CÁCH THỂ CHẾ\t\t\t\t\n';
  const rows: string[] = [];
  let bytes = Buffer.byteLength(head);
  for (let i = 1; bytes < SIZE; i++) {
    const row = `${i}\tNhiệm vụ thử số ${i} ${'rà soát '.repeat(8)}\tBáo cáo\tSở Tư pháp\t\tQuý ${['I', 'II', 'III', 'IV'][i % 4]}/2024\n`;
    rows.push(row);
    bytes += Buffer.byteLength(row);
  }
  add('rows.txt', `text: 19.9 MB of task rows (${rows.length.toLocaleString('en-US')} rows)`, head + rows.join(''));

  console.log(`node ${process.version}, ${os.cpus()[0]?.model ?? 'unknown CPU'} (${os.cpus().length} cores, load average ${os.loadavg()[0]!.toFixed(1)}); one child process per case`);
  for (const [label, file] of files) {
    const r = spawnSync(process.execPath, ['--import', 'tsx', self, '--child', file], { encoding: 'utf8', maxBuffer: 1 << 20 });
    const line = r.stdout.trim().split('\n').at(-1) ?? '';
    let shown = `failed: ${r.stderr.trim().split('\n').at(-1) ?? ''}`;
    try {
      const o = JSON.parse(line) as { ms: number; maxRssMb: number; outcome: string };
      shown = `${(o.ms / 1000).toFixed(2)} s, peak RSS ${o.maxRssMb.toFixed(0)} MB — ${o.outcome}`;
    } catch {
      // keep the failure text
    }
    console.log(`${label.padEnd(44)} ${(statSync(file).size / 1024 / 1024).toFixed(1).padStart(5)} MB  ${shown}`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
