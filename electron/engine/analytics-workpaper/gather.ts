// Everything the analytics workpaper prints, read from the workspace once: the run's stored report, the
// rules as run (parsed from the pack text the run kept, so the SQL is exactly what ran), every exception of
// the run with its current disposition and its references resolved, and the C&A memo's sources and evidence.
import { createHash } from 'node:crypto';
import type { VerificationReport } from '../../../shared/types';
import { analyticsRunPack, analyticsRunReport, listExceptions, parseRulePack } from '../analytics/index';
import { activityHead } from '../activity';
import type { Workspace } from '../store/workspace';
import { TOOL_VERSION } from '../version';
import type { AnalyticsWorkpaperData, EvidenceMemo } from './format';
import { RefRenderer } from './refs';
import { sourceMemos } from './sources';

export function gatherAnalyticsWorkpaper(ws: Workspace, runId: number, exportedBy: string, exportedAt = new Date()): AnalyticsWorkpaperData {
  const report = analyticsRunReport(ws, runId);
  const pack = analyticsRunPack(ws, runId);
  const parsed = parseRulePack(Buffer.from(pack.text, 'utf8'), report.pack.source);
  const refs = new RefRenderer(ws);
  const exceptions = listExceptions(ws, runId).map((x) => ({ ...x, records: x.refs.map((r) => refs.render(r)) }));
  return {
    report,
    rules: parsed.pack.rules,
    packDescription: parsed.pack.description,
    engagement: ws.engagement(),
    workspaceFile: ws.file,
    exceptions,
    sources: sourceMemos(ws, report.data.bundles, report.window),
    evidence: evidenceMemos(ws, report),
    toolVersion: TOOL_VERSION,
    activityHead: activityHead(ws),
    exportedAt,
    exportedBy,
  };
}

const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

/** Each evidence table of the run: how it was obtained, and its bytes re-hashed now against the SHA-256 kept. */
function evidenceMemos(ws: Workspace, report: AnalyticsWorkpaperData['report']): EvidenceMemo[] {
  return report.data.evidence.map((e) => {
    const t = ws.db
      .prepare('SELECT id, content, imported_at, imported_by FROM evidence_tables WHERE path = ? AND sha256 = ? ORDER BY id DESC LIMIT 1')
      .get(e.path, e.sha256) as { id: number; content: Buffer | null; imported_at: string; imported_by: string } | undefined;
    let bytes = t?.content ?? null;
    if (!bytes && e.bundleId !== null)
      bytes =
        (
          ws.db.prepare('SELECT content FROM bundle_files WHERE bundle_id = ? AND path = ?').get(e.bundleId, e.path) as
            { content: Buffer | null } | undefined
        )?.content ?? null;
    const rehash = bytes
      ? sha256(bytes) === e.sha256
        ? 'The bytes the workspace keeps were hashed again for this workpaper: the SHA-256 matches.'
        : `The bytes the workspace keeps now hash to ${sha256(bytes)}, NOT the SHA-256 recorded at import: the table must not be relied on.`
      : 'The workspace keeps no copy of the bytes to hash again.';
    let obtained: string;
    if (e.bundleId === null) {
      obtained =
        `Imported by the auditor outside a bundle${t ? ` (${t.imported_by}, ${t.imported_at})` : ''}; its SHA-256 was computed on receipt. ` +
        "Custody only: Tickmark shows it is unchanged since receipt, not who produced it; the auditor establishes its source (e.g. obtained directly from the client system in the auditor's presence).";
    } else {
      const vr = ws.db
        .prepare('SELECT r.id, r.report FROM verification_runs r WHERE r.id = (SELECT max(id) FROM verification_runs WHERE bundle_id = ?)')
        .get(e.bundleId) as { id: number; report: string } | undefined;
      const vrep = vr ? (JSON.parse(vr.report) as VerificationReport) : undefined;
      const ev = vrep?.evidence.find((x) => x.path === e.path);
      obtained =
        `A file of bundle #${e.bundleId}, declared in its manifest with its SHA-256` +
        (ev
          ? ev.foundSha256 !== null && ev.foundSha256 === ev.expectedSha256
            ? `; verification run #${vr!.id} found the file with that SHA-256 (${ev.verdict}); the manifest's signature: ${vrep!.manifest.signature}.`
            : `; verification run #${vr!.id} found SHA-256 ${ev.foundSha256 ?? '(no file)'} where the manifest lists ${ev.expectedSha256 ?? '(none)'}: ${ev.verdict}.`
          : vr
            ? `; verification run #${vr.id} lists no evidence check for it.`
            : '; the bundle was never verified.');
    }
    return { ...e, obtained: `${obtained} ${rehash}`, importedAt: t?.imported_at ?? null, importedBy: t?.imported_by ?? null };
  });
}
