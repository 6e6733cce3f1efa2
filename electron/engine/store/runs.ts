// Verification runs are kept in the workspace: the full report as JSON (exportable as is) and its
// findings as rows the UI can filter.
import type { VerificationReport } from '../../../shared/types';
import type { Workspace } from './workspace';
import { defaultActor, logActivity } from '../activity';

export function saveRun(ws: Workspace, bundleId: number, r: VerificationReport, actor = defaultActor()): number {
  return ws.db.transaction(() => {
    const runId = Number(
      ws.db.prepare('INSERT INTO verification_runs (bundle_id, started_at, finished_at, verdict, pinned_keys, tool_version, report) VALUES (?, ?, ?, ?, ?, ?, ?)')
        .run(bundleId, r.startedAt, r.finishedAt, r.verdict, JSON.stringify(r.pinnedKeys), r.tool.version, JSON.stringify(r)).lastInsertRowid,
    );
    const ins = ws.db.prepare('INSERT INTO findings (run_id, code, severity, stream_key, seq, file, line, expected, found, message) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
    const all = [...r.findings, ...r.manifest.findings, ...r.streams.flatMap((s) => s.findings), ...r.evidence.flatMap((e) => e.findings)];
    for (const f of all) ins.run(runId, f.code, f.severity, f.stream ?? null, f.seq ?? null, f.file ?? null, f.line ?? null, f.expected ?? null, f.found ?? null, f.message);
    logActivity(ws, actor, 'verify', `bundle #${bundleId}`, { run: runId, verdict: r.verdict, errors: r.totals.errors, warnings: r.totals.warnings, pinned_keys: r.pinnedKeys });
    return runId;
  })();
}

export function latestRun(ws: Workspace, bundleId: number): { id: number; report: VerificationReport } | null {
  const row = ws.db.prepare('SELECT id, report FROM verification_runs WHERE bundle_id = ? ORDER BY id DESC LIMIT 1').get(bundleId) as { id: number; report: string } | undefined;
  return row ? { id: row.id, report: JSON.parse(row.report) as VerificationReport } : null;
}

export function bundleIds(ws: Workspace): number[] {
  return (ws.db.prepare('SELECT id FROM bundles ORDER BY id').all() as { id: number }[]).map((r) => r.id);
}
