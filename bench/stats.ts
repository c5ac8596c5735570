/** Small statistics shared by the benchmark scripts. */

/** The median (the mean of the two middle values for an even count); NaN for none. */
export function median(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}

/** Drops a benchmark's scratch database, or keeps it (and says where) when BENCH_KEEP=1, for a look afterwards. */
export async function releaseBenchDatabase(db: { url: string; close(): Promise<void>; drop(): Promise<void> }): Promise<void> {
  if (process.env.BENCH_KEEP) {
    process.stdout.write(`kept ${db.url}\n`);
    await db.close();
  } else await db.drop();
}
