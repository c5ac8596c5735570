/**
 * What the reminder pipeline reports to monitoring (src/infra/metrics.ts implements it with prom-client). Optional
 * in the service's deps: without it nothing is counted.
 */
export interface ReminderMetrics {
  /** Reminder rows written by a replanning pass (inserted). */
  planned(count: number): void;
  /** A row sent: how late after its planned instant, and whether it may be a duplicate (a resend after an unknown outcome). */
  sent(options: { latenessMs: number | null; possibleDuplicate: boolean }): void;
  /** A send that failed for good, or whose outcome is unknown; `reason` is the failure kind. */
  failed(reason: string): void;
  /** Telegram answered 429: every answer, also those the notifier retried in-process. */
  rateLimited(): void;
}
