// What the UI and the workpaper list: the runs, a run's full report, its exceptions with their current
// disposition, and the records an exception's references point at (the verified event, the evidence row).
import type {
  AnalyticsRunReport,
  AnalyticsRunSummary,
  Disposition,
  DispositionKind,
  ListedException,
  RuleRef,
  RuleSeverity,
} from '../../../shared/analytics';
import { EVIDENCE_TABLE_KINDS, isEvidenceRef, isStreamRef } from '../../../shared/analytics';
import type { Workspace } from '../store/workspace';
import { AnalyticsError } from './errors';

export function listAnalyticsRuns(ws: Workspace): AnalyticsRunSummary[] {
  const rows = ws.db
    .prepare(
      `SELECT r.id, r.pack_id, r.pack_version, r.pack_sha256, r.started_at, r.finished_at, r.run_by,
         json_extract(r.report, '$.pack.title') AS title,
         (SELECT count(*) FROM analytics_exceptions x WHERE x.run_id = r.id AND x.severity = 'exception') AS exceptions,
         (SELECT count(*) FROM analytics_exceptions x WHERE x.run_id = r.id AND x.severity = 'info') AS info
       FROM analytics_runs r ORDER BY r.id`,
    )
    .all() as Record<string, unknown>[];
  return rows.map((r) => ({
    runId: r.id as number,
    pack: { id: r.pack_id as string, title: (r.title as string | null) ?? '', version: r.pack_version as string, sha256: r.pack_sha256 as string },
    startedAt: r.started_at as string,
    finishedAt: r.finished_at as string,
    by: r.run_by as string,
    exceptions: r.exceptions as number,
    info: r.info as number,
  }));
}

export function analyticsRunReport(ws: Workspace, runId: number): AnalyticsRunReport {
  const r = ws.db.prepare('SELECT report FROM analytics_runs WHERE id = ?').get(runId) as { report: string } | undefined;
  if (!r) throw new AnalyticsError(`There is no analytics run #${runId} in this workspace.`);
  return JSON.parse(r.report) as AnalyticsRunReport;
}

/** The pack file's text exactly as the run used it, and its SHA-256 (for the workpaper's "rules as run"). */
export function analyticsRunPack(ws: Workspace, runId: number): { text: string; sha256: string } {
  const r = ws.db.prepare('SELECT pack, pack_sha256 FROM analytics_runs WHERE id = ?').get(runId) as
    { pack: string; pack_sha256: string } | undefined;
  if (!r) throw new AnalyticsError(`There is no analytics run #${runId} in this workspace.`);
  return { text: r.pack, sha256: r.pack_sha256 };
}

/** A run's exceptions (of one rule, when given) in the run's order, each with its current disposition. */
export function listExceptions(ws: Workspace, runId: number, opts: { rule?: string } = {}): ListedException[] {
  const report = analyticsRunReport(ws, runId);
  const criteria = new Map(report.rules.map((r) => [r.rule, r.criteria]));
  const rows = ws.db
    .prepare(
      `SELECT x.key, x.rule, x.severity, x.refs, x.message, d.kind, d.note, d.disposed_by, d.disposed_at
       FROM analytics_exceptions x LEFT JOIN current_dispositions d ON d.key = x.key
       WHERE x.run_id = ? AND (? IS NULL OR x.rule = ?) ORDER BY x.idx`,
    )
    .all(runId, opts.rule ?? null, opts.rule ?? null) as {
    key: string;
    rule: string;
    severity: RuleSeverity;
    refs: string;
    message: string;
    kind: DispositionKind | null;
    note: string | null;
    disposed_by: string | null;
    disposed_at: string | null;
  }[];
  return rows.map((r) => {
    const disposition: Disposition | null =
      r.kind === null ? null : { kind: r.kind, note: r.note ?? '', by: r.disposed_by ?? '', at: r.disposed_at ?? '' };
    return {
      runId,
      key: r.key,
      rule: r.rule,
      criteria: criteria.get(r.rule) ?? [],
      severity: r.severity,
      refs: JSON.parse(r.refs) as RuleRef[],
      message: r.message,
      disposition,
    };
  });
}

/** The record a reference points at, for showing side by side: the verified event (its raw line) or the
 *  evidence row (every column of its kind's view); a period has none. Read from the in-scope views. */
export type RefRecord =
  | { ref: RuleRef; kind: 'event'; events: { bundleId: number; eventId: number; ts: string; raw: string }[] }
  | { ref: RuleRef; kind: 'evidence'; table: string | null; sha256: string | null; row: Record<string, unknown> | null }
  | { ref: RuleRef; kind: 'period' };

export function refRecord(ws: Workspace, ref: RuleRef): RefRecord {
  if (isStreamRef(ref)) {
    // one pass over the stream's events (events_stream_line); a stream key held by two bundles in scope
    // can name two events
    const events = ws.db
      .prepare(
        `SELECT e.id AS eventId, s.bundle_id AS bundleId, e.ts, e.raw FROM events e JOIN streams s ON s.id = e.stream_id
         WHERE e.stream_id IN (SELECT id FROM streams WHERE stream_key = ? AND bundle_id IN (SELECT bundle_id FROM bundle_scope WHERE in_scope))
           AND e.seq = ? ORDER BY s.bundle_id`,
      )
      .all(ref.stream, ref.seq) as { eventId: number; bundleId: number; ts: string; raw: string }[];
    return { ref, kind: 'event', events };
  }
  if (isEvidenceRef(ref)) {
    const t = ws.db
      .prepare('SELECT kind, sha256 FROM evidence_scope WHERE path = ? AND in_scope ORDER BY table_id DESC LIMIT 1')
      .get(ref.evidence) as { kind: string; sha256: string } | undefined;
    if (!t || !(EVIDENCE_TABLE_KINDS as readonly string[]).includes(t.kind)) return { ref, kind: 'evidence', table: null, sha256: null, row: null };
    // the kind is one of the known names (checked above), each a view of that name (migration 9)
    const row = ws.db.prepare(`SELECT * FROM ${t.kind} WHERE evidence = ? AND row = ?`).get(ref.evidence, ref.row) as
      Record<string, unknown> | undefined;
    return { ref, kind: 'evidence', table: t.kind, sha256: t.sha256, row: row ?? null };
  }
  return { ref, kind: 'period' };
}
