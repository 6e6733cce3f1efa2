// Workpaper export and round trip against the workspace: the export is logged first so the workbook
// carries the activity-log head that includes its own export; an import applies every change from the
// workbook in one transaction, or none.
import type { SessionView } from '../../../shared/session';
import { writeWorkpaper } from './write';
import { readWorkpaperResults } from './read-results';
import { sessionView, recordResult, updateItem, SessionError } from '../sessions';
import { defaultActor, logActivity } from '../activity';
import type { Workspace } from '../store/workspace';

export async function exportWorkpaper(ws: Workspace, sessionId: number, file: string, actor = defaultActor()): Promise<SessionView> {
  const before = sessionView(ws, sessionId);
  logActivity(ws, actor, 'export-workpaper', before.name, { session: sessionId, file, items: before.items.length, status: before.status });
  const view = sessionView(ws, sessionId);
  await writeWorkpaper(view, file);
  return view;
}

export async function applyWorkpaper(
  ws: Workspace,
  sessionId: number,
  file: string,
  actor = defaultActor(),
): Promise<{ resultsChanged: number; itemsAnnotated: number }> {
  const view = sessionView(ws, sessionId);
  if (view.status !== 'open') throw new SessionError(`Session "${view.name}" is signed off (${view.status}); reopen it before importing results.`);
  const wb = await readWorkpaperResults(file, view);
  let resultsChanged = 0;
  let itemsAnnotated = 0;
  ws.db.transaction(() => {
    for (const row of wb.items) {
      const item = view.items.find((i) => i.id === row.itemId)!;
      for (const a of view.attributes) {
        const now = item.results[a.id] ?? null;
        const next = row.results[a.id] ?? null;
        if (now !== next) {
          recordResult(ws, item.id, a.id, next, actor);
          resultsChanged++;
        }
      }
      const tickmarksChanged = JSON.stringify(row.tickmarks) !== JSON.stringify(item.tickmarks);
      if (tickmarksChanged || row.notes !== item.notes) {
        updateItem(
          ws,
          item.id,
          { ...(tickmarksChanged ? { tickmarks: row.tickmarks } : {}), ...(row.notes !== item.notes ? { notes: row.notes } : {}) },
          actor,
        );
        itemsAnnotated++;
      }
    }
    logActivity(ws, actor, 'import-workpaper', view.name, {
      session: sessionId,
      file,
      results_changed: resultsChanged,
      items_annotated: itemsAnnotated,
    });
  })();
  return { resultsChanged, itemsAnnotated };
}
