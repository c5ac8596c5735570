/**
 * Reaching Telegram without holding up the rest of the service: the bot connects in the background, retrying with
 * backoff, while HTTP, the worker and the scheduler run; health reports whether Telegram answers.
 */
import { HttpError, type Transformer } from 'grammy';

/** What the service knows about Telegram, for health reports. */
export interface TelegramReachability {
  /** `null` until the first answer or failure; then whether Telegram's last answer came (any answer counts). */
  reachable: boolean | null;
  /** The last network failure, when unreachable. */
  error?: string;
}

/** A mutable {@link TelegramReachability} fed by {@link trackReachability} and {@link keepConnecting}. */
export class TelegramLink {
  #state: TelegramReachability = { reachable: null };

  get state(): TelegramReachability {
    return { ...this.#state };
  }

  reached(): void {
    this.#state = { reachable: true };
  }

  failed(error: unknown): void {
    this.#state = { reachable: false, error: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * A grammY transformer that records every Bot API call's fate on `link`: an answer (even an error answer) means
 * Telegram is reachable; a network failure (`HttpError`) that it is not. Aborted calls (shutdown) say nothing.
 */
export function trackReachability(link: TelegramLink): Transformer {
  return async (prev, method, payload, signal) => {
    try {
      const result = await prev(method, payload, signal);
      link.reached();
      return result;
    } catch (err) {
      if (err instanceof HttpError && !signal?.aborted) link.failed(err);
      throw err;
    }
  };
}

/** Options of {@link keepConnecting}. */
export interface KeepConnectingOptions {
  /** Stops the attempts (shutdown); an attempt under way gets the same signal. */
  signal: AbortSignal;
  /** First wait after a failure. Default 1000 ms. */
  initialDelayMs?: number;
  /** Longest wait between attempts; the wait doubles up to it. Default 60 000 ms. */
  maxDelayMs?: number;
  /** Told about each failure and the wait before the next attempt. */
  onFailure?: (error: unknown, retryInMs: number) => void;
}

/**
 * Runs `attempt` until it succeeds or `signal` aborts, waiting with exponential backoff between failures.
 * Resolves `true` once connected, `false` when stopped first. Never rejects.
 */
export async function keepConnecting(attempt: (signal: AbortSignal) => Promise<void>, options: KeepConnectingOptions): Promise<boolean> {
  const { signal } = options;
  const max = options.maxDelayMs ?? 60_000;
  let delay = options.initialDelayMs ?? 1000;
  while (!signal.aborted) {
    try {
      await attempt(signal);
      return !signal.aborted;
    } catch (err) {
      if (signal.aborted) return false;
      options.onFailure?.(err, delay);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, delay);
        signal.addEventListener('abort', done, { once: true });
        function done() {
          clearTimeout(timer);
          signal.removeEventListener('abort', done);
          resolve();
        }
      });
      delay = Math.min(max, delay * 2);
    }
  }
  return false;
}
