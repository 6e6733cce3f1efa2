// What a run reads, for its report: every bundle with its latest verification verdict and whether it is in
// scope (and why), every evidence table with its SHA-256 and row count, and the audit window. All of it is
// read from migration 9's views (bundle_scope, evidence_scope, audit_window), the same ones the rules read.
import type Database from 'better-sqlite3';
import type { AnalyticsBundleData, AnalyticsEvidenceData, AnalyticsWindow } from '../../../shared/analytics';
import type { Verdict } from '../../../shared/types';
import { isoFromMs } from '../../../shared/time';

export const SCOPE_RULE =
  "A bundle's events and evidence tables are in scope when the bundle's latest verification run (its highest run id) has the verdict 'verified'. " +
  'A bundle never verified, or whose latest run failed or was unverifiable (an export under a custody receipt only), is out of scope and listed here as excluded. ' +
  'Evidence tables the auditor imported outside a bundle are in scope (their SHA-256 is kept as received).';

function bundleWhy(verdict: Verdict | 'not-verified', runId: number | null): string {
  if (verdict === 'verified') return `latest verification run #${runId} verified it`;
  if (verdict === 'not-verified') return 'never verified: run verification first';
  if (verdict === 'failed') return `latest verification run #${runId} FAILED: its data is not used`;
  return `latest verification run #${runId} was unverifiable (no pinned key or custody only): its data is not used`;
}

export function bundlesOf(db: Database.Database): AnalyticsBundleData[] {
  const rows = db
    .prepare('SELECT bundle_id, kind, source_path, tenant, event_count, verification_run_id, verdict, in_scope FROM bundle_scope ORDER BY bundle_id')
    .all() as {
    bundle_id: number;
    kind: string;
    source_path: string;
    tenant: string;
    event_count: number;
    verification_run_id: number | null;
    verdict: Verdict | 'not-verified';
    in_scope: number;
  }[];
  return rows.map((r) => ({
    bundleId: r.bundle_id,
    kind: r.kind,
    sourcePath: r.source_path,
    tenant: r.tenant,
    verdict: r.verdict,
    verificationRunId: r.verification_run_id,
    included: r.in_scope === 1,
    why: bundleWhy(r.verdict, r.verification_run_id),
    events: r.event_count,
  }));
}

export function evidenceOf(db: Database.Database, bundles: AnalyticsBundleData[]): AnalyticsEvidenceData[] {
  const rows = db.prepare('SELECT path, kind, sha256, row_count, bundle_id, in_scope FROM evidence_scope ORDER BY kind, path, table_id').all() as {
    path: string;
    kind: string;
    sha256: string;
    row_count: number;
    bundle_id: number | null;
    in_scope: number;
  }[];
  return rows.map((r) => ({
    path: r.path,
    kind: r.kind,
    sha256: r.sha256,
    rows: r.row_count,
    bundleId: r.bundle_id,
    included: r.in_scope === 1,
    why:
      r.bundle_id === null
        ? 'imported by the auditor outside a bundle'
        : r.in_scope === 1
          ? `with bundle #${r.bundle_id}, which is in scope`
          : `with bundle #${r.bundle_id}, which is out of scope (${bundles.find((b) => b.bundleId === r.bundle_id)?.why ?? 'unknown bundle'})`,
  }));
}

export function windowOf(db: Database.Database): AnalyticsWindow | null {
  const w = db.prepare('SELECT source, start_ms, end_ms FROM audit_window').get() as
    { source: 'engagement' | 'bundles'; start_ms: number | null; end_ms: number | null } | undefined;
  if (!w || w.start_ms === null || w.end_ms === null) return null;
  return { start: isoFromMs(w.start_ms), end: isoFromMs(w.end_ms), startMs: w.start_ms, endMs: w.end_ms, source: w.source };
}

export function eventsInScope(bundles: AnalyticsBundleData[]): number {
  return bundles.filter((b) => b.included).reduce((n, b) => n + b.events, 0);
}
