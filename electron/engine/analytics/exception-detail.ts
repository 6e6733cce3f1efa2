// One exception of a run with every reference resolved for the auditor, side by side (#16 item 3, the
// Analytics screen): a stream ref → the event(s) with that stream key and seq in the bundles in scope, each
// with its raw line and its bundle's latest verification; an evidence ref → the evidence table of that path
// (in scope first) and the row of that spreadsheet row number, its cells under the file's own headers; a
// period ref → the ISO 8601 week's bounds (Monday 00:00 UTC to the next Monday). Also the disposition history
// and the activity-log entries that recorded it.
import { describeRef, isEvidenceRef, isStreamRef, type RuleRef } from '../../../shared/analytics';
import type { EvidenceCell, ExceptionDetail, RefEvent, ResolvedRef } from '../../../shared/analytics-view';
import { KIND_COLUMNS, isEvidenceKind } from '../../../shared/evidence/kinds';
import type { Verdict } from '../../../shared/types';
import { eventRowOf } from '../store/event-rows';
import type { Workspace } from '../store/workspace';
import { dispositionHistory } from './dispositions';
import { AnalyticsError } from './errors';
import { analyticsRunReport, listExceptions } from './listing';

const DAY_MS = 86_400_000;

export function exceptionDetail(ws: Workspace, runId: number, key: string): ExceptionDetail {
  const rule = ws.db.prepare('SELECT rule FROM analytics_exceptions WHERE run_id = ? AND key = ?').pluck().get(runId, key) as string | undefined;
  if (rule === undefined) throw new AnalyticsError(`Analytics run #${runId} found no exception with key ${key}.`);
  const exception = listExceptions(ws, runId, { rule }).find((x) => x.key === key)!;
  const outcome = analyticsRunReport(ws, runId).rules.find((r) => r.rule === rule);
  const def = ruleTextOf(ws, runId, rule);
  return {
    exception,
    ruleTitle: outcome?.title ?? rule,
    ruleRefs: def.refs,
    refs: exception.refs.map((r) => resolveRef(ws, r)),
    history: dispositionHistory(ws, key),
    activity: activityOf(ws, key),
  };
}

export function resolveRef(ws: Workspace, ref: RuleRef): ResolvedRef {
  const label = describeRef(ref);
  if (isStreamRef(ref)) return { kind: 'event', ref, label, events: refEvents(ws, ref.stream, ref.seq) };
  if (isEvidenceRef(ref)) return { kind: 'evidence', ref, label, rowNo: ref.row, ...evidenceRow(ws, ref.evidence, ref.row) };
  const { start, end } = isoWeekBounds(ref.period);
  return { kind: 'period', ref, label, start: new Date(start).toISOString(), end: new Date(end).toISOString() };
}

function refEvents(ws: Workspace, stream: string, seq: number): RefEvent[] {
  const rows = ws.db
    .prepare(
      `SELECT e.id, s.bundle_id, s.stream_key, s.files, e.file_no, e.line, e.seq, e.ts, e.category, e.action, e.actor_id, e.actor_type,
         e.target, e.outcome, e.raw, b.verdict, b.verification_run_id
       FROM streams s JOIN bundle_scope b ON b.bundle_id = s.bundle_id JOIN events e ON e.stream_id = s.id
       WHERE s.stream_key = ? AND e.seq = ? ORDER BY b.in_scope DESC, s.bundle_id, e.file_no, e.line`,
    )
    .all(stream, seq) as Record<string, unknown>[];
  return rows.map((r) => ({
    event: eventRowOf(r),
    raw: r.raw as string,
    verdict: r.verdict as Verdict | 'not-verified',
    verificationRunId: (r.verification_run_id as number | null) ?? null,
  }));
}

function evidenceRow(ws: Workspace, path: string, rowNo: number): Pick<Extract<ResolvedRef, { kind: 'evidence' }>, 'table' | 'cells'> {
  const t = ws.db
    .prepare(
      `SELECT t.id, t.kind, t.path, t.sha256, t.bundle_id, t.sheet, t.columns FROM evidence_tables t JOIN evidence_scope s ON s.table_id = t.id
       WHERE t.path = ? ORDER BY s.in_scope DESC, t.id DESC LIMIT 1`,
    )
    .get(path) as
    { id: number; kind: string; path: string; sha256: string; bundle_id: number | null; sheet: string | null; columns: string } | undefined;
  if (!t || !isEvidenceKind(t.kind)) return { table: null, cells: null };
  const table = { kind: t.kind, path: t.path, sha256: t.sha256, bundleId: t.bundle_id, sheet: t.sheet };
  // the kind is one of the six known names (checked above), each a table et_<kind> (migration 8)
  const row = ws.db.prepare(`SELECT * FROM et_${t.kind} WHERE table_id = ? AND row_no = ?`).get(t.id, rowNo) as Record<string, unknown> | undefined;
  if (!row) return { table, cells: null };
  const mapping = parseObject(t.columns);
  const cells: EvidenceCell[] = KIND_COLUMNS[t.kind].map((c) => ({
    column: c.name,
    header: typeof mapping[c.name] === 'string' ? (mapping[c.name] as string) : c.name,
    value: cellText(row[c.name], c.type === 'bool'),
  }));
  for (const [header, v] of Object.entries(parseObject(row.extra as string))) cells.push({ column: '', header, value: cellText(v, false) });
  return { table, cells };
}

function cellText(v: unknown, bool: boolean): string {
  if (v === null || v === undefined) return '';
  if (bool) return v === 1 ? 'true' : 'false';
  return typeof v === 'string' ? v : String(v);
}

function parseObject(text: string | null | undefined): Record<string, unknown> {
  try {
    const v = JSON.parse(text ?? '{}') as unknown;
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** [Monday 00:00 UTC, next Monday 00:00 UTC) of an ISO 8601 week "YYYY-Www": week 1 holds January 4th. */
export function isoWeekBounds(period: string): { start: number; end: number } {
  const m = /^(\d{4})-W(\d{2})$/.exec(period);
  if (!m) throw new AnalyticsError(`"${period}" is not an ISO week (YYYY-Www).`);
  const jan4 = Date.UTC(Number(m[1]), 0, 4);
  const monday = jan4 - ((new Date(jan4).getUTCDay() + 6) % 7) * DAY_MS;
  const start = monday + (Number(m[2]) - 1) * 7 * DAY_MS;
  return { start, end: start + 7 * DAY_MS };
}

/** The rule's words as the run's own pack text has them (the pack may have changed since). */
function ruleTextOf(ws: Workspace, runId: number, rule: string): { refs: string } {
  const text = ws.db.prepare('SELECT pack FROM analytics_runs WHERE id = ?').pluck().get(runId) as string | undefined;
  const rules = (parseObject(text?.replace(/^\uFEFF/, '')).rules ?? []) as { id?: unknown; refs?: unknown }[];
  const r = Array.isArray(rules) ? rules.find((x) => x.id === rule) : undefined;
  return { refs: typeof r?.refs === 'string' ? r.refs : '' };
}

function activityOf(ws: Workspace, key: string): ExceptionDetail['activity'] {
  return (
    ws.db
      .prepare(
        `SELECT seq, ts, actor, json_extract(details, '$.kind') AS kind, json_extract(details, '$.note') AS note FROM activity_log
         WHERE action = 'dispose-exception' AND json_extract(details, '$.key') = ? ORDER BY seq`,
      )
      .all(key) as { seq: number; ts: string; actor: string; kind: string | null; note: string | null }[]
  ).map((r) => ({ seq: r.seq, ts: r.ts, actor: r.actor, kind: r.kind ?? '', note: r.note ?? '' }));
}
