/**
 * CLI start-up benchmark: `npm run bench:cli`.
 *
 * Wall time of one command, `nhacviec deadline explain "Quý I/2024" --year 2024`, run as a person runs it
 * (a new `node bin/nhacviec.js` process each time), in up to three ways, interleaved run by run so that the
 * machine's load falls on all of them alike:
 * - "dist": the compiled JavaScript (`npm run build`), what bin runs;
 * - "sources": the same sources through tsx (NHACVIEC_FROM_SOURCES=1), the way bin ran every command before;
 * - "baseline" (when BENCH_CLI_BASELINE names a git commit, e.g. the one before the build existed): that commit's
 *   tree, extracted to a temporary folder beside this checkout's node_modules, run with its own bin.
 *
 * Prints the median wall time of each, the ratios to "dist", and the load average before and after; with GNU time
 * (/usr/bin/time) also the median CPU time (user + system) of the process, which a loaded machine inflates far less
 * than wall time: on an idle machine the wall time of this single-threaded start is close to it.
 * BENCH_RUNS (default 9) measured runs of each, after one warm-up run of each.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { median } from './stats.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const RUNS = Number(process.env.BENCH_RUNS ?? 9);
const ARGS = ['deadline', 'explain', 'Quý I/2024', '--year', '2024'];
const EXPECTED = 'Hạn 31/03/2024';

interface Variant {
  name: string;
  bin: string;
  env: NodeJS.ProcessEnv;
}

const load = () => os.loadavg().map((x) => x.toFixed(2)).join(', ');

const GNU_TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
const scratch = mkdtempSync(path.join(os.tmpdir(), 'nhacviec-bench-cli-time-'));
const timeFile = path.join(scratch, 'cpu');

/** One run: wall milliseconds, and CPU milliseconds of the child when GNU time is there. */
function runOnce(v: Variant): { wall: number; cpu: number } {
  const [cmd, args] = GNU_TIME
    ? [GNU_TIME, ['-f', '%U %S', '-o', timeFile, process.execPath, v.bin, ...ARGS]]
    : [process.execPath, [v.bin, ...ARGS]];
  const t0 = performance.now();
  const r = spawnSync(cmd, args, { encoding: 'utf8', env: { PATH: process.env.PATH, HOME: process.env.HOME, ...v.env } });
  const wall = performance.now() - t0;
  if (r.status !== 0 || !r.stdout.includes(EXPECTED)) throw new Error(`${v.name}: exit ${r.status}\n${r.stdout}\n${r.stderr}`);
  if (v.name === 'dist' && r.stderr !== '') throw new Error(`dist/ is missing or stale; run npm run build first:\n${r.stderr}`);
  const cpu = GNU_TIME ? readFileSync(timeFile, 'utf8').trim().split(/\s+/).reduce((s, x) => s + Number(x) * 1000, 0) : NaN;
  return { wall, cpu };
}

const variants: Variant[] = [
  { name: 'dist', bin: path.join(ROOT, 'bin/nhacviec.js'), env: {} },
  { name: 'sources', bin: path.join(ROOT, 'bin/nhacviec.js'), env: { NHACVIEC_FROM_SOURCES: '1' } },
];

let baselineDir: string | undefined;
const baselineRef = process.env.BENCH_CLI_BASELINE;
if (baselineRef) {
  baselineDir = mkdtempSync(path.join(os.tmpdir(), 'nhacviec-bench-cli-'));
  const tar = path.join(baselineDir, 'tree.tar');
  execFileSync('git', ['-C', ROOT, 'archive', `--output=${tar}`, baselineRef, 'bin', 'src', 'jobs', 'config', 'migrations', 'package.json', 'tsconfig.json']);
  execFileSync('tar', ['-xf', tar, '-C', baselineDir]);
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(baselineDir, 'node_modules'), 'dir');
  variants.push({ name: `baseline (${baselineRef})`, bin: path.join(baselineDir, 'bin/nhacviec.js'), env: {} });
}

try {
  if (!existsSync(path.join(ROOT, 'dist/src/cli/main.js'))) throw new Error('dist/ has not been built: run npm run build first');
  const loadBefore = load();
  console.log(`bench:cli — node bin/nhacviec.js ${ARGS.map((a) => (a.includes(' ') ? `"${a}"` : a)).join(' ')}`);
  console.log(`node ${process.version}, ${os.cpus().length} CPUs, ${RUNS} runs each after a warm-up, interleaved; load average before: ${loadBefore}`);
  for (const v of variants) runOnce(v);
  const times = new Map(variants.map((v) => [v.name, [] as { wall: number; cpu: number }[]]));
  for (let i = 0; i < RUNS; i++) for (const v of variants) times.get(v.name)!.push(runOnce(v));
  const distWall = median(times.get('dist')!.map((t) => t.wall));
  const distCpu = median(times.get('dist')!.map((t) => t.cpu));
  for (const v of variants) {
    const walls = times.get(v.name)!.map((t) => t.wall);
    const wall = median(walls);
    const cpu = median(times.get(v.name)!.map((t) => t.cpu));
    const ratio = v.name === 'dist' ? '' : `  wall ${(wall / distWall).toFixed(1)}× dist, CPU ${(cpu / distCpu).toFixed(1)}× dist`;
    console.log(
      `${v.name.padEnd(28)} wall median ${wall.toFixed(0).padStart(6)} ms (min ${Math.min(...walls).toFixed(0)}, max ${Math.max(...walls).toFixed(0)}), ` +
        `CPU median ${cpu.toFixed(0).padStart(5)} ms${ratio}`,
    );
  }
  console.log(`load average after: ${load()}`);
} finally {
  if (baselineDir) rmSync(baselineDir, { recursive: true, force: true });
  rmSync(scratch, { recursive: true, force: true });
}
