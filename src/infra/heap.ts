/**
 * The heap policy of a long batch run in a process of its own (`nhacviec simulate`).
 *
 * After each full collection V8 lets the old generation grow to a multiple of what survived before the next one:
 * up to 4× on a machine with a large heap limit. A simulated year keeps about 80 MB alive but allocates gigabytes
 * of short-lived messages, so its heap swelled to 3–4× its live size (peak RSS 290–334 MB for seed 000 from
 * dist/, depending on when the collector ran). `--heap-growing-percent=50` caps that multiple at 1.5×: the peak
 * follows what is alive, for no measurable CPU (8.4–8.8 s of CPU for seed 000 either way; BENCHMARKS.md,
 * "Simulate memory and publish marks").
 *
 * Process-wide and read by V8 at every collection, so it is set only by a command that owns its process, never by
 * the server, the workers or the tests.
 */
import v8 from 'node:v8';

export const BATCH_HEAP_GROWING_PERCENT = 50;

export function limitHeapGrowth(percent = BATCH_HEAP_GROWING_PERCENT): void {
  v8.setFlagsFromString(`--heap-growing-percent=${percent}`);
}
