/**
 * What digests read. Implemented on PostgreSQL by src/db/digest-store.ts.
 */
import type { DueItemState, Recipient } from '../../domain/reminders/plan.js';

export interface DigestItem {
  unitName: string;
  taskNumber: string;
  taskTitle: string;
  dueDate: string;
  state: DueItemState;
}

export interface ProvinceOverview {
  province: string;
  overdueByUnit: { unitId: number; unitName: string; count: number }[];
  /** Longest overdue first. */
  oldest: DigestItem[];
  totals: { open: number; overdue: number; doneToday: number; pending: number; waiting: number };
}

export interface UnitWeek {
  unitId: number;
  unitName: string;
  dueThisWeek: DigestItem[];
  overdue: DigestItem[];
}

export interface DigestStore {
  provinces(): Promise<string[]>;
  overview(province: string, today: string, oldestLimit: number): Promise<ProvinceOverview>;
  unitWeeks(province: string, today: string, weekEnd: string): Promise<UnitWeek[]>;
  /** Leaders and coordinators, or coordinators only. */
  provinceRecipients(province: string, roles: readonly ('leader' | 'coordinator')[]): Promise<Recipient[]>;
  unitRecipients(unitId: number): Promise<Recipient[]>;
  /** The stats stored by the previous run of `kind` in `province` (for trends), then records this run's. */
  recordRun(kind: string, periodKey: string, province: string, stats: Record<string, unknown>): Promise<{ previous?: Record<string, unknown>; fresh: boolean }>;
  /** Inserts digest rows planned at `at`; a row already there for the same key is left alone. */
  insertDigestRows(rows: readonly { chatId: string; dedupeKey: string; step: string; text: string; pngBase64?: string }[], at: Date): Promise<number>;
}
