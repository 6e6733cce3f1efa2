// Review notes on a session or one of its items: a reviewer raises a note, the preparer answers it, and a
// reviewer clears it once satisfied — never the person who answered it. Notes can be raised, answered and
// cleared whatever the session's status (review happens on a prepared session); a reviewer cannot sign off
// while a note is not cleared (sessions.ts signOff). Each step is logged in the activity log.
import type { SessionView } from '../../shared/session';
import { SessionError, sessionView } from './sessions';
import { logActivity } from './activity';
import type { Workspace } from './store/workspace';

interface NoteRow {
  id: number;
  session_id: number;
  item_id: number | null;
  raised_by: string;
  answered_by: string | null;
  answered_at: string | null;
  cleared_at: string | null;
}

function noteRow(ws: Workspace, noteId: number): NoteRow {
  const r = ws.db
    .prepare('SELECT id, session_id, item_id, raised_by, answered_by, answered_at, cleared_at FROM review_notes WHERE id = ?')
    .get(noteId) as NoteRow | undefined;
  if (!r) throw new SessionError(`There is no review note #${noteId}.`);
  return r;
}

function need(value: string, what: string): string {
  const v = value.trim();
  if (v === '') throw new SessionError(`${what} is empty.`);
  return v;
}

/** A reviewer raises a note on the session (itemPosition null) or on the item at that position. */
export function raiseReviewNote(ws: Workspace, sessionId: number, input: { itemPosition?: number | null; text: string; by: string }): SessionView {
  const by = need(input.by, 'The name of the reviewer raising the note');
  const text = need(input.text, 'The review note');
  const s = ws.db.prepare('SELECT name FROM sampling_sessions WHERE id = ?').get(sessionId) as { name: string } | undefined;
  if (!s) throw new SessionError(`There is no sampling session #${sessionId}.`);
  let itemId: number | null = null;
  if (input.itemPosition !== undefined && input.itemPosition !== null) {
    itemId =
      (ws.db.prepare('SELECT id FROM sample_items WHERE session_id = ? AND position = ?').pluck().get(sessionId, input.itemPosition) as
        number | undefined) ?? null;
    if (itemId === null) throw new SessionError(`Session "${s.name}" has no item ${input.itemPosition}.`);
  }
  ws.db.transaction(() => {
    const at = new Date().toISOString();
    const id = Number(
      ws.db
        .prepare('INSERT INTO review_notes (session_id, item_id, text, raised_by, raised_at) VALUES (?, ?, ?, ?, ?)')
        .run(sessionId, itemId, text, by, at).lastInsertRowid,
    );
    logActivity(ws, by, 'raise-review-note', itemId === null ? s.name : `item ${input.itemPosition}`, {
      session: sessionId,
      note: id,
      ...(itemId === null ? {} : { item: itemId }),
      text,
    });
  })();
  return sessionView(ws, sessionId);
}

/** The preparer answers a note (again, to revise the answer, until it is cleared). */
export function answerReviewNote(ws: Workspace, noteId: number, input: { text: string; by: string }): SessionView {
  const by = need(input.by, 'The name of the preparer answering');
  const text = need(input.text, 'The answer');
  const n = noteRow(ws, noteId);
  if (n.cleared_at !== null) throw new SessionError(`Review note #${noteId} is already cleared; raise a new note to reopen the point.`);
  if (by === n.raised_by)
    throw new SessionError(`Review note #${noteId} was raised by ${by}; the preparer answers it, not the reviewer who raised it.`);
  ws.db.transaction(() => {
    ws.db
      .prepare('UPDATE review_notes SET answer = ?, answered_by = ?, answered_at = ? WHERE id = ?')
      .run(text, by, new Date().toISOString(), noteId);
    logActivity(ws, by, 'answer-review-note', `note ${noteId}`, { session: n.session_id, note: noteId, text });
  })();
  return sessionView(ws, n.session_id);
}

/** A reviewer clears an answered note; the person who answered it cannot. */
export function clearReviewNote(ws: Workspace, noteId: number, by: string): SessionView {
  const name = need(by, 'The name of the reviewer clearing the note');
  const n = noteRow(ws, noteId);
  if (n.cleared_at !== null) throw new SessionError(`Review note #${noteId} is already cleared.`);
  if (n.answered_at === null)
    throw new SessionError(`Review note #${noteId} has not been answered yet; the preparer answers it before a reviewer clears it.`);
  if (name === n.answered_by)
    throw new SessionError(`Review note #${noteId} was answered by ${name}; a reviewer other than the person who answered clears it.`);
  ws.db.transaction(() => {
    ws.db.prepare('UPDATE review_notes SET cleared_by = ?, cleared_at = ? WHERE id = ?').run(name, new Date().toISOString(), noteId);
    logActivity(ws, name, 'clear-review-note', `note ${noteId}`, { session: n.session_id, note: noteId });
  })();
  return sessionView(ws, n.session_id);
}
