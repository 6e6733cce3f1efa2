// Verification runs are kept in the workspace: the full report as JSON (exportable as is) and its
// findings as rows the UI can filter.
import type { Verdict, VerificationReport } from '../../../shared/types';
import type { DrawnUnder } from '../../../shared/session';
import type { Workspace } from './workspace';
import { defaultActor, logActivity } from '../activity';

export function saveRun(ws: Workspace, bundleId: number, r: VerificationReport, actor = defaultActor()): number {
  return ws.db.transaction(() => {
    const runId = Number(
      ws.db
        .prepare(
          'INSERT INTO verification_runs (bundle_id, started_at, finished_at, verdict, pinned_keys, tool_version, report) VALUES (?, ?, ?, ?, ?, ?, ?)',
        )
        .run(bundleId, r.startedAt, r.finishedAt, r.verdict, JSON.stringify(r.pinnedKeys), r.tool.version, JSON.stringify(r)).lastInsertRowid,
    );
    const ins = ws.db.prepare(
      'INSERT INTO findings (run_id, code, severity, stream_key, seq, file, line, expected, found, message) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    const all = [...r.findings, ...r.manifest.findings, ...r.streams.flatMap((s) => s.findings), ...r.evidence.flatMap((e) => e.findings)];
    for (const f of all)
      ins.run(
        runId,
        f.code,
        f.severity,
        f.stream ?? null,
        f.seq ?? null,
        f.file ?? null,
        f.line ?? null,
        f.expected ?? null,
        f.found ?? null,
        f.message,
      );
    logActivity(ws, actor, 'verify', `bundle #${bundleId}`, {
      run: runId,
      verdict: r.verdict,
      errors: r.totals.errors,
      warnings: r.totals.warnings,
      pinned_keys: r.pinnedKeys,
    });
    return runId;
  })();
}

export function latestRun(ws: Workspace, bundleId: number): { id: number; report: VerificationReport } | null {
  const row = ws.db.prepare('SELECT id, report FROM verification_runs WHERE bundle_id = ? ORDER BY id DESC LIMIT 1').get(bundleId) as
    { id: number; report: string } | undefined;
  return row ? { id: row.id, report: JSON.parse(row.report) as VerificationReport } : null;
}

export function bundleIds(ws: Workspace): number[] {
  return (ws.db.prepare('SELECT id FROM bundles ORDER BY id').all() as { id: number }[]).map((r) => r.id);
}

const RANK: Record<Verdict | 'not-verified', number> = { verified: 0, unverifiable: 1, 'not-verified': 2, failed: 3 };

/** The workspace's verification now: its latest run, and the worst of each bundle's latest verdict. */
export function currentVerification(ws: Workspace): DrawnUnder {
  const bundles = bundleIds(ws);
  const latest = ws.db
    .prepare(
      'SELECT r.bundle_id AS bundleId, r.id, r.verdict, r.finished_at AS finishedAt FROM verification_runs r WHERE r.id = (SELECT MAX(id) FROM verification_runs WHERE bundle_id = r.bundle_id)',
    )
    .all() as { bundleId: number; id: number; verdict: Verdict; finishedAt: string }[];
  const last = latest.reduce<(typeof latest)[number] | null>((a, r) => (a === null || r.id > a.id ? r : a), null);
  if (last === null) return { runId: null, verdict: 'not-verified', finishedAt: null };
  const verdicts = bundles.map((b) => latest.find((r) => r.bundleId === b)?.verdict ?? 'not-verified');
  const verdict = verdicts.reduce<Verdict | 'not-verified'>((w, v) => (RANK[v] > RANK[w] ? v : w), 'verified');
  return { runId: last.id, verdict, finishedAt: last.finishedAt };
}
