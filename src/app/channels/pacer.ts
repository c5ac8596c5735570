/**
 * Per-key pacing for a channel (per-domain pacing for e-mail, per-user for Zalo): at most one send per `intervalMs`
 * for each key, slots handed out in order. In this process only: channels other than Telegram carry the fallback
 * traffic, far below what one worker sends, and their servers (an agency's SMTP relay) answer an excess with a
 * temporary refusal that the pipeline retries anyway (`rate_limited`).
 */
export class KeyedPacer {
  readonly #next = new Map<string, number>();
  constructor(private readonly intervalMs: number) {}

  /** Reserves the key's next slot; the milliseconds to wait from `now`. */
  reserve(key: string, now: Date): number {
    const t = now.getTime();
    const slot = Math.max(this.#next.get(key) ?? 0, t);
    this.#next.set(key, slot + this.intervalMs);
    if (this.#next.size > 10_000) for (const [k, v] of this.#next) if (v <= t) this.#next.delete(k);
    return slot - t;
  }
}
