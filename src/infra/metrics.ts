/**
 * `/metrics` in the Prometheus text format (prom-client). Counters and the lateness histogram are fed by the
 * reminder service ({@link ReminderMetrics}); queue depth and the open and overdue items per plan are read when
 * scraped, from BullMQ (`getJobCounts`) and PostgreSQL, so every process answers with the shared truth. BullMQ's own
 * exporter (`Queue.exportPrometheusMetrics`, series `bullmq_*`) is appended when the queue backend offers it.
 *
 * Counters count what this process did: sum them over processes (`sum(rate(nhacviec_reminders_sent_total[5m]))`).
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { ReminderMetrics } from '../app/reminders/metrics.js';

/** Where the scrape-time gauges read from. */
export interface MetricsSources {
  /** Jobs per queue and state. */
  queueDepth?(): Promise<{ queue: string; state: string; count: number }[]>;
  /** Open (chased) and overdue due items per published plan. */
  items?(): Promise<{ planId: number; open: number; overdue: number }[]>;
  /** BullMQ's own exposition text, per queue. */
  bullmq?(): Promise<string[]>;
}

/** Lateness buckets, in seconds: on time is within a second; minutes late is a problem. */
const LATENESS_BUCKETS_S = [0.1, 0.5, 1, 2, 5, 10, 30, 60, 300, 900, 3600];

export class Metrics implements ReminderMetrics {
  readonly registry = new Registry();
  readonly #planned: Counter;
  readonly #sent: Counter;
  readonly #failed: Counter<'reason'>;
  readonly #duplicated: Counter;
  readonly #rateLimited: Counter;
  readonly #apiRateLimited: Counter<'token'>;
  readonly #lateness: Histogram;
  readonly #sources: MetricsSources;

  constructor(sources: MetricsSources = {}, options: { defaultMetrics?: boolean } = {}) {
    this.#sources = sources;
    const registers = [this.registry];
    this.#planned = new Counter({ name: 'nhacviec_reminders_planned_total', help: 'Reminder rows written by replanning', registers });
    this.#sent = new Counter({ name: 'nhacviec_reminders_sent_total', help: 'Reminders sent (Telegram accepted the message)', registers });
    this.#failed = new Counter({ name: 'nhacviec_reminders_failed_total', help: 'Reminder sends failed for good or with an unknown outcome, by failure kind', labelNames: ['reason'], registers });
    this.#duplicated = new Counter({ name: 'nhacviec_reminders_duplicated_total', help: 'Reminders sent again after an unknown outcome (the recipient may see them twice)', registers });
    this.#apiRateLimited = new Counter({ name: 'nhacviec_api_429_total', help: 'JSON API requests refused with 429 (per-token limit), by token name', labelNames: ['token'], registers });
    this.#rateLimited = new Counter({ name: 'nhacviec_telegram_429_total', help: 'Telegram 429 answers to sends, also those retried in-process', registers });
    this.#lateness = new Histogram({ name: 'nhacviec_delivery_lateness_seconds', help: 'Seconds from a reminder’s planned instant to its sending', buckets: LATENESS_BUCKETS_S, registers });
    if (sources.queueDepth) {
      const read = sources.queueDepth;
      new Gauge({
        name: 'nhacviec_queue_depth',
        help: 'Jobs in the queue by state (read when scraped)',
        labelNames: ['queue', 'state'],
        registers,
        async collect() {
          this.reset();
          for (const r of await read()) this.set({ queue: r.queue, state: r.state }, r.count);
        },
      });
    }
    if (sources.items) {
      const read = sources.items;
      // One read per scrape for both gauges: the first gauge collected caches it for the second.
      let pending: Promise<{ planId: number; open: number; overdue: number }[]> | null = null;
      const rows = () => (pending ??= read().finally(() => setTimeout(() => (pending = null), 0)));
      for (const [name, help, field] of [
        ['nhacviec_items_open', 'Open due items (open, overdue, extended) per published plan', 'open'],
        ['nhacviec_items_overdue', 'Due items past their due day and not done, per published plan', 'overdue'],
      ] as const) {
        new Gauge({
          name,
          help,
          labelNames: ['plan'],
          registers,
          async collect() {
            this.reset();
            for (const r of await rows()) this.set({ plan: String(r.planId) }, r[field]);
          },
        });
      }
    }
    if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: this.registry, prefix: 'nhacviec_process_' });
  }

  planned(count: number): void {
    if (count > 0) this.#planned.inc(count);
  }

  sent(o: { latenessMs: number | null; possibleDuplicate: boolean }): void {
    this.#sent.inc();
    if (o.possibleDuplicate) this.#duplicated.inc();
    if (o.latenessMs !== null) this.#lateness.observe(Math.max(0, o.latenessMs) / 1000);
  }

  failed(reason: string): void {
    this.#failed.inc({ reason });
  }

  rateLimited(): void {
    this.#rateLimited.inc();
  }

  /** The JSON API refused a request of `token` (an integration's name) with 429. */
  apiRateLimited(token: string): void {
    this.#apiRateLimited.inc({ token });
  }

  /** The exposition text: this registry, then BullMQ's series (each family's HELP and TYPE once). */
  async text(): Promise<string> {
    let out = await this.registry.metrics();
    if (this.#sources.bullmq) {
      const seen = new Set<string>();
      const lines: string[] = [];
      for (const block of await this.#sources.bullmq().catch(() => [])) {
        for (const line of block.split('\n')) {
          if (line.trim() === '') continue;
          if (line.startsWith('#')) {
            if (seen.has(line)) continue;
            seen.add(line);
          }
          lines.push(line);
        }
      }
      if (lines.length > 0) out += `${lines.join('\n')}\n`;
    }
    return out;
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
