// The engine entry point: export the workpaper of an analytics run. The export is logged first (in the
// activity log, like the sampling workpaper's), so the workbook carries the activity-log head that includes
// its own export; then the data is read and the workbook written atomically.
import { defaultActor, logActivity } from '../activity';
import { analyticsRunReport } from '../analytics/index';
import type { Workspace } from '../store/workspace';
import type { AnalyticsWorkpaperData } from './format';
import { gatherAnalyticsWorkpaper } from './gather';
import { writeAnalyticsWorkpaper } from './write';

/** The latest analytics run of the workspace (of `packId`, when given), or null. */
export function latestAnalyticsRun(ws: Workspace, packId?: string): number | null {
  const r = ws.db.prepare('SELECT max(id) AS id FROM analytics_runs WHERE ? IS NULL OR pack_id = ?').get(packId ?? null, packId ?? null) as {
    id: number | null;
  };
  return r.id;
}

export async function exportAnalyticsWorkpaper(ws: Workspace, runId: number, file: string, actor = defaultActor()): Promise<AnalyticsWorkpaperData> {
  const report = analyticsRunReport(ws, runId); // refuses an unknown run before anything is logged
  logActivity(ws, actor, 'export-analytics-workpaper', `${report.pack.id} run #${runId}`, {
    run: runId,
    pack: report.pack.id,
    pack_sha256: report.pack.sha256,
    file,
  });
  const data = gatherAnalyticsWorkpaper(ws, runId, actor);
  await writeAnalyticsWorkpaper(data, file);
  return data;
}
