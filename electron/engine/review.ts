// What the review of a session reads from the workspace: its review notes, the latest reviewer sign-off
// (from the activity log, so it survives a reopening) and the changes made after it. A change after a
// reviewer sign-off is flagged twice: its activity-log entry carries `edited_after_review` (reviewMark), and
// the session view lists it (editsAfterReview) and marks the items it touched, until the next reviewer
// sign-off. Raising, answering and clearing notes is in review-notes.ts.
import type { ReviewNote, SessionView } from '../../shared/session';
import type { Workspace } from './store/workspace';

/** Actions that change what a reviewer signed (review notes themselves are not changes to the work). */
export const EDIT_ACTIONS: ReadonlySet<string> = new Set([
  'record-result',
  'annotate-item',
  'replace-item',
  'extend-sample',
  'set-attribute-judgement',
  'analyse-deviation',
  'conclude-session',
  'import-workpaper',
]);

export function lastReviewerSignOff(ws: Workspace, sessionId: number): { seq: number; name: string; at: string } | null {
  const r = ws.db
    .prepare(
      "SELECT seq, actor, ts FROM activity_log WHERE action = 'sign-off-reviewer' AND json_extract(details, '$.session') = ? ORDER BY seq DESC LIMIT 1",
    )
    .get(sessionId) as { seq: number; actor: string; ts: string } | undefined;
  return r ? { seq: r.seq, name: r.actor, at: r.ts } : null;
}

/** Details to add to the log entry of a change: names the review it follows, when there was one. */
export function reviewMark(ws: Workspace, sessionId: number): { edited_after_review?: { reviewer: string; reviewed_at: string } } {
  const last = lastReviewerSignOff(ws, sessionId);
  return last ? { edited_after_review: { reviewer: last.name, reviewed_at: last.at } } : {};
}

/** The session's changes after its latest reviewer sign-off, and the items they touched. */
export function editsAfterReview(
  activity: SessionView['activity'],
  last: { seq: number } | null,
): { edits: SessionView['editsAfterReview']; itemIds: Set<number> } {
  const itemIds = new Set<number>();
  if (!last) return { edits: [], itemIds };
  const edits = activity.filter((a) => a.seq > last.seq && EDIT_ACTIONS.has(a.action));
  for (const e of edits) {
    if (typeof e.details.item === 'number') itemIds.add(e.details.item);
    const rep = e.details.replacement as { item?: unknown } | undefined;
    if (typeof rep?.item === 'number') itemIds.add(rep.item);
    if (Array.isArray(e.details.items)) for (const i of e.details.items as { item?: unknown }[]) if (typeof i.item === 'number') itemIds.add(i.item);
  }
  return { edits: edits.map(({ seq, ts, actor, action, subject }) => ({ seq, ts, actor, action, subject })), itemIds };
}

export function reviewNotesOf(ws: Workspace, sessionId: number): ReviewNote[] {
  const rows = ws.db
    .prepare('SELECT n.*, i.position FROM review_notes n LEFT JOIN sample_items i ON i.id = n.item_id WHERE n.session_id = ? ORDER BY n.id')
    .all(sessionId) as Record<string, unknown>[];
  return rows.map((r) => ({
    id: r.id as number,
    item: r.item_id === null ? null : { itemId: r.item_id as number, position: r.position as number },
    text: r.text as string,
    raised: { name: r.raised_by as string, at: r.raised_at as string },
    answer: r.answered_at === null ? null : { text: r.answer as string, name: r.answered_by as string, at: r.answered_at as string },
    cleared: r.cleared_at === null ? null : { name: r.cleared_by as string, at: r.cleared_at as string },
  }));
}
