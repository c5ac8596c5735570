/**
 * Digests: the leadership's weekly overdue report (ranked units, oldest items, trend, a bar chart), the
 * coordinator's daily summary and each unit's Monday list. One message (or a few pages) per recipient, sent
 * through the reminder pipeline as `digest` rows; empty digests are not sent.
 */
import { DateTime } from 'luxon';
import type { WorkingCalendar } from '../../domain/calendar/working-calendar.js';
import type { Clock } from '../../domain/clock.js';
import type { Translate } from '../../i18n/translator.js';
import { barChartSvg } from './chart.js';
import { coordinatorDigest, leadershipDigest, unitDigest } from './compose.js';
import type { DigestStore } from './store.js';

export type DigestKind = 'leadership' | 'coordinator' | 'unit';

export interface DigestServiceDeps {
  store: DigestStore;
  calendar: WorkingCalendar;
  clock: Clock;
  t: Translate;
  zone: string;
  /** SVG → PNG (src/infra/png.ts); without it digests are text only. */
  renderPng?: (svg: string) => Uint8Array;
  /** When digest rows go out: the next send window (working day, working hours) from `now`. */
  sendWindow(now: Date): Date;
  /** Puts the new rows into the queue (the reminder service's enqueueHorizon). */
  enqueue(): Promise<unknown>;
  /**
   * Delivers the rows with these dedupe keys at once, in order, outside the queue (the reminder service's
   * `deliver(id, { unpaced: true })`); returns how many went out. Used for `/baocao`: without it, the rows wait in
   * the queue behind every row of the chat. Rows it could not send stay planned for the queue.
   */
  deliverNow?(dedupeKeys: readonly string[]): Promise<number>;
}

export interface DigestRunReport {
  kind: DigestKind;
  periodKey: string;
  messages: number;
  recipients: number;
  /** Messages already delivered when the call returned (on demand only); the rest go through the queue. */
  deliveredNow?: number;
  /** When the queued messages are planned to go out. */
  plannedAt?: Date;
}

interface RunOptions {
  /** Only this chat's digest (on demand). */
  onlyChat?: string;
  /** Planned now, whatever the hour, and delivered at once: the recipient asked for it. */
  now?: boolean;
}

export class DigestService {
  constructor(private readonly d: DigestServiceDeps) {}

  /** Builds the digest of `kind` for every province with a published plan. Idempotent per (kind, period). */
  async run(kind: DigestKind, periodKey: string, options: RunOptions = {}): Promise<DigestRunReport> {
    const { store, clock, zone } = this.d;
    const { onlyChat } = options;
    const now = clock.now();
    const today = DateTime.fromJSDate(now, { zone }).toISODate()!;
    const rows: { chatId: string; dedupeKey: string; step: string; text: string; pngBase64?: string }[] = [];
    const add = (chatId: string, pages: string[], png?: Uint8Array) => {
      if (onlyChat && chatId !== onlyChat) return;
      pages.forEach((text, i) =>
        rows.push({
          chatId,
          step: `${kind}:${periodKey}:p${i + 1}`,
          dedupeKey: `digest|${kind}|${periodKey}|${chatId}|${i + 1}`,
          text,
          ...(i === 0 && png ? { pngBase64: Buffer.from(png).toString('base64') } : {}),
        }),
      );
    };
    for (const province of await store.provinces()) {
      if (kind === 'unit') {
        const weekEnd = DateTime.fromISO(today, { zone }).endOf('week').toISODate()!;
        for (const w of await store.unitWeeks(province, today, weekEnd)) {
          const pages = unitDigest(w, { t: this.d.t, locale: 'vi', today, weekEnd });
          if (!pages) continue;
          for (const r of await store.unitRecipients(w.unitId)) add(r.chatId, pages);
        }
        continue;
      }
      const overview = await store.overview(province, today, 5);
      if (kind === 'leadership') {
        const total = overview.overdueByUnit.reduce((a, u) => a + u.count, 0);
        const run: { previous?: Record<string, unknown> } = onlyChat ? {} : await store.recordRun(kind, periodKey, province, { total });
        const previousTotal = typeof run.previous?.total === 'number' ? run.previous.total : undefined;
        const pages = leadershipDigest(overview, previousTotal, { t: this.d.t, locale: 'vi', today, calendar: this.d.calendar });
        if (!pages) continue;
        const png =
          this.d.renderPng && overview.overdueByUnit.length > 1
            ? this.d.renderPng(
                barChartSvg(
                  this.d.t('vi', 'digest-units-ranked'),
                  overview.overdueByUnit.map((u) => ({ label: u.unitName, value: u.count })),
                ),
              )
            : undefined;
        for (const r of await store.provinceRecipients(province, ['leader', 'coordinator'])) add(r.chatId, pages, png);
      } else {
        const pages = coordinatorDigest(overview, { t: this.d.t, locale: 'vi', today });
        if (!pages) continue;
        for (const r of await store.provinceRecipients(province, ['coordinator'])) add(r.chatId, pages);
      }
    }
    // Quiet hours protect people from messages they did not ask for; an answer to `/baocao` is not one.
    const plannedAt = options.now ? now : this.d.sendWindow(now);
    const inserted = await store.insertDigestRows(rows, plannedAt);
    const report: DigestRunReport = { kind, periodKey, messages: inserted, recipients: new Set(rows.map((r) => r.chatId)).size, plannedAt };
    if (inserted === 0) return report;
    // Delivered before they are queued: a queued job could claim a row first and then wait behind the chat's
    // pacing slots (escalations of every overdue item can hold that chat's slots for hours).
    if (options.now && this.d.deliverNow) report.deliveredNow = await this.d.deliverNow(rows.map((r) => r.dedupeKey));
    await this.d.enqueue();
    return report;
  }

  /**
   * `/baocao`: the digest of `kind` now, for one chat only (a period key of its own, so it is always built),
   * delivered at once when the service can (`deliverNow`), else queued for now.
   */
  async sendNow(kind: DigestKind, chatId: string): Promise<DigestRunReport> {
    const stamp = DateTime.fromJSDate(this.d.clock.now(), { zone: this.d.zone }).toFormat("yyyy-LL-dd'T'HHmmss");
    return this.run(kind, `now-${stamp}`, { onlyChat: chatId, now: true });
  }
}
