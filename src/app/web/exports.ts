/**
 * The web console's exports page (issue #14 §1 and §2): the report annex as .xlsx or .docx, and the private
 * calendar feed addresses of the signed-in person and unit.
 *
 * Who may export what: coordinators and leaders any unit of their province, or the whole plan; heads and focal
 * points their own unit only (whatever they ask for). A feed address is shown once, when made: only its hash is
 * stored (src/app/feeds/service.ts), so the page offers to make one, or a new one in place of the old.
 *
 * Use cases never read the clock themselves and never see HTTP.
 */
import type { CompletionScoreRule } from '../../../config/report-scoring.js';
import type { Clock } from '../../domain/clock.js';
import { issueFeed, type FeedOwner, type FeedStore } from '../feeds/service.js';
import { ReportError, planReport, type ReportStore } from '../report/service.js';
import type { WebSession } from './auth.js';

/** Plans and units offered on the page. */
export interface ExportsCatalog {
  /** Published (or archived) plans of the province, newest first. */
  reportablePlans(province: string): Promise<{ id: number; title: string; decisionNumber: string | null; periodStartYear: number; periodEndYear: number }[]>;
  units(province: string): Promise<{ id: number; code: string; name: string }[]>;
}

export interface WebExportsDeps {
  catalog: ExportsCatalog;
  reports: ReportStore;
  feeds: FeedStore;
  clock: Clock;
  zone: string;
  rule: CompletionScoreRule;
  webBaseUrl: string;
}

export type ReportFormat = 'xlsx' | 'docx';

export interface ExportsOverview {
  plans: Awaited<ReturnType<ExportsCatalog['reportablePlans']>>;
  /** Units the person may choose (coordinators and leaders); null: only their own unit. */
  units: { id: number; code: string; name: string }[] | null;
  unitFeed: { createdAt: Date | null };
  /** Null for a session without a person (a first sign-in from the CLI). */
  personFeed: { createdAt: Date | null } | null;
}

export type ExportFileOutcome =
  | { kind: 'file'; fileName: string; contentType: string; body: Buffer }
  | { kind: 'not_found' }
  | { kind: 'invalid'; message: string };

export type FeedOwnerKind = 'unit' | 'person';

export type IssueFeedOutcome = { kind: 'issued'; url: string; rotated: boolean; owner: FeedOwnerKind } | { kind: 'forbidden' };

const CONTENT_TYPES: Record<ReportFormat, string> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
};

/** Coordinators and leaders see the province; heads and focal points their unit. */
export function seesProvince(session: Pick<WebSession, 'role'>): boolean {
  return session.role === 'coordinator' || session.role === 'leader';
}

export interface WebExports {
  overview(session: WebSession): Promise<ExportsOverview>;
  /** The annex of a plan of the session's province; `unit` (a code) is replaced by the own unit for heads and focal points. */
  report(session: WebSession, request: { planId: number; unit?: string; format: ReportFormat; asOf?: string }): Promise<ExportFileOutcome>;
  /** Makes the unit's or the person's feed address (a new one replaces the old). */
  issueFeed(session: WebSession, owner: FeedOwnerKind): Promise<IssueFeedOutcome>;
}

export function createWebExports(deps: WebExportsDeps): WebExports {
  const ownerOf = (session: WebSession, kind: FeedOwnerKind): FeedOwner | null =>
    kind === 'unit' ? { kind: 'unit', unitId: session.unitId } : session.personId === null ? null : { kind: 'person', personId: session.personId };

  return {
    async overview(session) {
      const [plans, units, unitToken, personToken] = await Promise.all([
        deps.catalog.reportablePlans(session.province),
        seesProvince(session) ? deps.catalog.units(session.province) : Promise.resolve(null),
        deps.feeds.activeToken({ kind: 'unit', unitId: session.unitId }),
        session.personId === null ? Promise.resolve(undefined) : deps.feeds.activeToken({ kind: 'person', personId: session.personId }),
      ]);
      return {
        plans,
        units,
        unitFeed: { createdAt: unitToken?.createdAt ?? null },
        personFeed: personToken === undefined ? null : { createdAt: personToken?.createdAt ?? null },
      };
    },

    async report(session, request) {
      const plans = await deps.catalog.reportablePlans(session.province);
      // A plan of another province is "not found", as if it did not exist.
      if (!plans.some((p) => p.id === request.planId)) return { kind: 'not_found' };
      const unit = seesProvince(session) ? request.unit : session.unitCode;
      try {
        const report = await planReport(deps.reports, deps.clock, {
          planId: request.planId,
          ...(request.asOf ? { asOf: request.asOf } : {}),
          ...(unit ? { unit } : {}),
          zone: deps.zone,
          rule: deps.rule,
        });
        // Loaded on first use: exceljs and docx are heavy, and most console requests never need them.
        const body = request.format === 'xlsx' ? await (await import('../report/xlsx.js')).reportToXlsx(report) : await (await import('../report/docx.js')).reportToDocx(report);
        const fileName = `phu-luc-ke-hoach-${request.planId}${unit ? `-${unit}` : ''}-${report.asOf}.${request.format}`;
        return { kind: 'file', fileName, contentType: CONTENT_TYPES[request.format], body };
      } catch (err) {
        if (err instanceof ReportError) return err.code === 'plan-not-found' ? { kind: 'not_found' } : { kind: 'invalid', message: err.message };
        throw err;
      }
    },

    async issueFeed(session, kind) {
      const owner = ownerOf(session, kind);
      if (owner === null) return { kind: 'forbidden' };
      const r = await issueFeed(deps.feeds, deps.clock, { owner, rotate: true, actor: `web:${session.personId ?? `unit-${session.unitId}`}`, webBaseUrl: deps.webBaseUrl });
      if (r.status !== 'issued') return { kind: 'forbidden' };
      return { kind: 'issued', url: r.url, rotated: r.rotated, owner: kind };
    },
  };
}
