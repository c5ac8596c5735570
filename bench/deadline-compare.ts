/**
 * Parse speed, old grammar vs this one, side by side in one process: `npx tsx bench/deadline-compare.ts <old-root>`
 * where <old-root> holds an older checkout's `src/` (e.g. `git archive <commit> src | tar -x -C /tmp/old`).
 *
 * On a shared, loaded machine two separate runs are not comparable; here the two parsers alternate run by run over
 * the same phrases (the seed cells, and long random cells up to the cap), and the ratio of their medians is printed.
 */
import os from 'node:os';
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { DEFAULT_SEED_DIR, extractSeedDeadlineCells } from '../scripts/extract-seed-deadlines.js';
import { MAX_DEADLINE_CHARS, parseDeadline } from '../src/domain/deadline.js';
import { median } from './stats.js';

type Parse = typeof parseDeadline;
const oldRoot = process.argv[2];
if (!oldRoot || !existsSync(`${oldRoot}/src/domain/deadline.ts`)) {
  console.error('usage: npx tsx bench/deadline-compare.ts <old-root with src/domain/deadline.ts>');
  process.exit(2);
}
const oldParse = ((await import(pathToFileURL(`${oldRoot}/src/domain/deadline.ts`).href)) as { parseDeadline: Parse }).parseDeadline;

const cells = extractSeedDeadlineCells(DEFAULT_SEED_DIR);
const phrases = cells.map((c) => ({ text: c.text, ctx: { from: c.period.from, to: c.period.to } }));

// Long cells: words of deadline phrases in random order (fixed seed), 100–2,000 characters.
const WORDS = 'trước ngày 15/12 hằng năm đối với báo cáo 6 tháng; chậm nhất ngày 06 (sáu) của tháng cuối quý, quý I/2024 và tháng 7 kể từ ngày nhận được văn bản theo Kế hoạch số 160/KH-UBND ngày 28/10/2022 - thường xuyên định kỳ'.split(' ');
let seed = 16;
const rand = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
const long: string[] = [];
for (let n = 0; n < 400; n++) {
  const target = 100 + Math.floor(rand() * (MAX_DEADLINE_CHARS - 100));
  let t = '';
  while (t.length < target) t += `${WORDS[Math.floor(rand() * WORDS.length)]} `;
  long.push(t.slice(0, target));
}

function throughput(parse: Parse, reps: number): number {
  const c0 = process.cpuUsage();
  for (let r = 0; r < reps; r++) for (const p of phrases) parse(p.text, p.ctx);
  const c = process.cpuUsage(c0);
  return (reps * phrases.length) / ((c.user + c.system) / 1e6);
}

function longP99(parse: Parse): number {
  const ms: number[] = [];
  for (const t of long) {
    const c0 = process.cpuUsage();
    parse(t, { from: '2024-01-01', to: '2024-12-31' });
    const c = process.cpuUsage(c0);
    ms.push((c.user + c.system) / 1000);
  }
  ms.sort((a, b) => a - b);
  return ms[Math.min(ms.length - 1, Math.floor(0.99 * ms.length))]!;
}

const RUNS = 7;
const tp = { old: [] as number[], new: [] as number[] };
const p99 = { old: [] as number[], new: [] as number[] };
throughput(oldParse, 50);
throughput(parseDeadline, 50);
for (let r = 0; r < RUNS; r++) {
  tp.old.push(throughput(oldParse, 200));
  tp.new.push(throughput(parseDeadline, 200));
  p99.old.push(longP99(oldParse));
  p99.new.push(longP99(parseDeadline));
}
const f = (x: number) => Math.round(x).toLocaleString('en-US');
console.log(`node ${process.version}, ${os.cpus()[0]?.model ?? 'CPU'} (${os.cpus().length} cores, load average ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}), ${RUNS} alternating runs, medians, CPU time of this process`);
console.log(`parse, ${phrases.length} seed cells: old ${f(median(tp.old))} phrases/s, new ${f(median(tp.new))} phrases/s, new/old ${(median(tp.new) / median(tp.old)).toFixed(2)}`);
console.log(`long cells (${long.length}, 100–${MAX_DEADLINE_CHARS} chars), p99 per phrase: old ${median(p99.old).toFixed(2)} ms, new ${median(p99.new).toFixed(2)} ms, new/old ${(median(p99.new) / median(p99.old)).toFixed(2)}`);
