// The coverage of a workspace (#15 Completeness): every source — a bundle's stream, or a custody-only import
// — counted per UTC day over the audit window (day-counts.ts), with its duplicates (duplicates.ts) and what
// its latest verification found about completeness, then handed to shared/coverage for the silent days,
// silences and retention. The window: one given, else the engagement's, else the span of the records.
import { computeCoverage, CoverageError, type CoverageReport, type SourceCoverageInput } from '../../../shared/coverage/coverage';
import type { CoverageWindow } from '../../../shared/coverage/counts';
import { completenessOf } from '../../../shared/completeness';
import { gradeOf, sourceKindOf } from '../../../shared/source-grade';
import { parseRfc3339 } from '../../../shared/time';
import type { StreamReport } from '../../../shared/types';
import { latestRun } from '../store/runs';
import type { Workspace } from '../store/workspace';
import { dayCountsByStream, eventSpan } from './day-counts';
import { bundleDuplicates, fhirDuplicates } from './duplicates';

export { CoverageError } from '../../../shared/coverage/coverage';

export interface CoverageOptions {
  /** RFC 3339 instants, both included; else the engagement's window */
  window?: { start: string; end: string };
  longest?: number;
}

function instant(text: string, what: string): number {
  const ms = parseRfc3339(text);
  if (ms === null) throw new CoverageError(`${what} "${text}" is not an RFC 3339 instant (such as 2026-01-01T00:00:00Z).`);
  return ms;
}

function windowOf(ws: Workspace, o: CoverageOptions): { window: CoverageWindow; basis: 'engagement' | 'given' | 'records' } | null {
  if (o.window)
    return { window: { startMs: instant(o.window.start, 'The window start'), endMs: instant(o.window.end, 'The window end') }, basis: 'given' };
  const e = ws.engagement();
  if (e.windowStart && e.windowEnd)
    return {
      window: { startMs: instant(e.windowStart, "The engagement's window start"), endMs: instant(e.windowEnd, "The engagement's window end") },
      basis: 'engagement',
    };
  const span = eventSpan(ws.db);
  return span ? { window: span, basis: 'records' } : null;
}

interface StreamRow {
  id: number;
  bundle_id: number;
  stream_key: string;
  tenant_name: string;
  kind: string;
}

/** Coverage of every source of the workspace; null when there is no window to count over (no window and no event). */
export function workspaceCoverage(ws: Workspace, o: CoverageOptions = {}): CoverageReport | null {
  const w = windowOf(ws, o);
  if (w === null) return null;
  const streams = ws.db
    .prepare(
      'SELECT s.id, s.bundle_id, s.stream_key, b.tenant_name, b.kind FROM streams s JOIN bundles b ON b.id = s.bundle_id ORDER BY s.bundle_id, s.stream_key',
    )
    .all() as StreamRow[];
  const counts = dayCountsByStream(ws.db, w.window);
  const runs = new Map<number, ReturnType<typeof latestRun>>();
  const sources: SourceCoverageInput[] = streams.map((s) => {
    const kind = sourceKindOf(s.kind);
    if (!runs.has(s.bundle_id)) runs.set(s.bundle_id, latestRun(ws, s.bundle_id));
    const report: StreamReport | null = runs.get(s.bundle_id)?.report.streams.find((r) => r.id === s.stream_key) ?? null;
    const custodyOnly = gradeOf(kind) === 'custody-only';
    return {
      source: {
        bundleId: s.bundle_id,
        stream: s.stream_key,
        label: custodyOnly ? `${s.tenant_name} (bundle #${s.bundle_id})` : `${s.tenant_name} · ${s.stream_key} (bundle #${s.bundle_id})`,
        kind,
        grade: gradeOf(kind),
        verdict: report?.verdict ?? 'not-verified',
      },
      counts: counts.get(s.id) ?? [],
      duplicates: kind === 'fhir-audit-event' ? fhirDuplicates(ws.db, s.id, s.tenant_name) : bundleDuplicates(report),
      verification: report ? completenessOf(report.findings) : [],
    };
  });
  return computeCoverage({ window: w.window, windowBasis: w.basis, framework: ws.engagement().framework, sources, longest: o.longest });
}
