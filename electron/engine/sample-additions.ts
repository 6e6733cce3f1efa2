// Replacing a not-applicable item and extending a sample, from the session's own seeded stream
// (docs/sampling-algorithm.md §4.5; shared/sampling/extend.ts). The replaced item stays listed, marked
// replaced with its reason, and leaves the evaluation; the new item links to it. Each addition is one
// transaction with its activity-log entry, which records the stream words it consumed.
import { drawMore, extensionShares, resumeStream, type AddedDraw } from '../../shared/sampling/extend';
import type { SessionView } from '../../shared/session';
import type { Stratum } from '../../shared/sampling/select';
import { SessionError, requireOpen, sessionView } from './sessions';
import { defaultActor, logActivity } from './activity';
import { reviewMark } from './review';
import type { Workspace } from './store/workspace';

/** The most items one extension may add. */
export const MAX_EXTENSION = 10_000;

interface SessionRow {
  id: number;
  name: string;
  population_id: number;
  seed: string;
  selection: string;
}

interface Continuation {
  row: SessionRow;
  selection: SessionView['selection'];
  position: number;
  taken: Set<number>;
  nextPosition: number;
}

function continuation(ws: Workspace, sessionId: number): Continuation {
  requireOpen(ws, sessionId);
  const row = ws.db.prepare('SELECT id, name, population_id, seed, selection FROM sampling_sessions WHERE id = ?').get(sessionId) as SessionRow;
  const selection = JSON.parse(row.selection) as SessionView['selection'];
  if (selection.method === 'all')
    throw new SessionError(`Session "${row.name}" tests every member of its population: there is no other member to draw.`);
  const drawnTo = (selection.details?.draws as { to?: number } | undefined)?.to;
  if (typeof drawnTo !== 'number')
    throw new SessionError(`Session "${row.name}" does not record where its draw stopped in the random stream, so it cannot be continued.`);
  const agg = ws.db.prepare('SELECT MAX(draw_to) AS at, MAX(position) AS last FROM sample_items WHERE session_id = ?').get(sessionId) as {
    at: number | null;
    last: number | null;
  };
  const taken = new Set(ws.db.prepare('SELECT population_index FROM sample_items WHERE session_id = ?').pluck().all(sessionId) as number[]);
  return { row, selection, position: Math.max(drawnTo, agg.at ?? 0), taken, nextPosition: (agg.last ?? 0) + 1 };
}

function populationSize(ws: Workspace, populationId: number): number {
  return ws.db.prepare('SELECT size FROM populations WHERE id = ?').pluck().get(populationId) as number;
}

function strataOf(c: Continuation): Stratum[] {
  const strata = c.selection.details?.strata;
  if (!Array.isArray(strata)) throw new SessionError(`Session "${c.row.name}" does not record its strata, so it cannot be continued.`);
  return (strata as { label: string; start: number; count: number }[]).map((s) => ({ label: s.label, start: s.start, count: s.count }));
}

/** Draws in the sampling core report too few members as SamplingError; say it in the session's terms. */
function draw(f: () => AddedDraw[]): AddedDraw[] {
  try {
    return f();
  } catch (e) {
    if (e instanceof Error && e.name === 'SamplingError') throw new SessionError(e.message);
    throw e;
  }
}

function insertDraws(
  ws: Workspace,
  c: Continuation,
  draws: AddedDraw[],
  kind: 'replacement' | 'extension',
  reason: string,
  actor: string,
  replaces: number | null,
): { item: number; position: number; population_index: number; stratum: string | null; draws: [number, number] }[] {
  const memberAt = ws.db.prepare('SELECT event_id FROM population_members WHERE population_id = ? AND idx = ?').pluck();
  const ins = ws.db.prepare(
    'INSERT INTO sample_items (session_id, position, population_index, event_id, stratum, origin, replaces_item_id, added_reason, added_at, added_by, draw_from, draw_to) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const at = new Date().toISOString();
  return draws.map((d, i) => {
    const position = c.nextPosition + i;
    const id = Number(
      ins.run(
        c.row.id,
        position,
        d.index,
        memberAt.get(c.row.population_id, d.index) as number,
        d.stratum,
        kind,
        replaces,
        reason,
        at,
        actor,
        d.from,
        d.to,
      ).lastInsertRowid,
    );
    return { item: id, position, population_index: d.index, stratum: d.stratum, draws: [d.from, d.to] };
  });
}

/** Replace the item at `position`, which is not applicable, by the next member of the stream (its stratum's, if stratified). */
export function replaceItem(ws: Workspace, sessionId: number, position: number, reason: string, actor = defaultActor()): SessionView {
  if (reason.trim() === '')
    throw new SessionError('Replacing an item needs the reason it is not applicable (for example "voided before processing"), for the record.');
  const c = continuation(ws, sessionId);
  const item = ws.db
    .prepare('SELECT id, population_index, stratum, replaced_reason FROM sample_items WHERE session_id = ? AND position = ?')
    .get(sessionId, position) as { id: number; population_index: number; stratum: string | null; replaced_reason: string | null } | undefined;
  if (!item) throw new SessionError(`Session "${c.row.name}" has no item ${position}.`);
  if (item.replaced_reason !== null) throw new SessionError(`Item ${position} of session "${c.row.name}" is already replaced.`);
  const deviations = ws.db
    .prepare("SELECT a.name FROM item_results r JOIN session_attributes a ON a.id = r.attribute_id WHERE r.item_id = ? AND r.result = 'deviation'")
    .pluck()
    .all(item.id) as string[];
  if (deviations.length > 0) {
    throw new SessionError(
      `Item ${position} is a deviation for ${deviations.map((d) => `"${d}"`).join(', ')}: a deviation is evaluated, never replaced. Only an item that is not applicable (voided, out of scope) can be replaced; extend the sample instead if more evidence is needed.`,
    );
  }
  const rng = resumeStream(c.row.seed, c.position);
  let range: { label: string | null; start: number; count: number };
  if (c.selection.method === 'stratified') {
    const s = strataOf(c).find((x) => x.label === item.stratum);
    if (!s) throw new SessionError(`Item ${position} has no stratum of session "${c.row.name}" (${JSON.stringify(item.stratum)}).`);
    range = s;
  } else {
    range = { label: null, start: 0, count: populationSize(ws, c.row.population_id) };
  }
  const drawn = draw(() => drawMore(rng, range, 1, c.taken));
  ws.db.transaction(() => {
    const [added] = insertDraws(ws, c, drawn, 'replacement', reason.trim(), actor, item.id);
    ws.db.prepare('UPDATE sample_items SET replaced_reason = ? WHERE id = ?').run(reason.trim(), item.id);
    logActivity(ws, actor, 'replace-item', `item ${position}`, {
      session: sessionId,
      item: item.id,
      position,
      reason: reason.trim(),
      replacement: added,
      stream_from: c.position,
      ...reviewMark(ws, sessionId),
    });
  })();
  return sessionView(ws, sessionId);
}

/** Add `count` more members of the stream to the sample (stratified: shared among strata by size). */
export function extendSample(ws: Workspace, sessionId: number, count: number, reason: string, actor = defaultActor()): SessionView {
  if (reason.trim() === '')
    throw new SessionError(
      'Extending a sample needs a reason (for example "2 deviations found; extended to test whether the rate exceeds the tolerable rate"), for the record.',
    );
  if (!Number.isInteger(count) || count < 1 || count > MAX_EXTENSION)
    throw new SessionError(`An extension adds from 1 to ${MAX_EXTENSION.toLocaleString('en-US')} items (got ${String(count)}).`);
  const c = continuation(ws, sessionId);
  const rng = resumeStream(c.row.seed, c.position);
  let drawn: AddedDraw[];
  if (c.selection.method === 'stratified') {
    const strata = strataOf(c);
    const shares = extensionShares(strata, count);
    drawn = draw(() => strata.flatMap((s, h) => (shares[h]! > 0 ? drawMore(rng, s, shares[h]!, c.taken) : [])));
  } else {
    drawn = draw(() => drawMore(rng, { label: null, start: 0, count: populationSize(ws, c.row.population_id) }, count, c.taken));
  }
  ws.db.transaction(() => {
    const added = insertDraws(ws, c, drawn, 'extension', reason.trim(), actor, null);
    logActivity(ws, actor, 'extend-sample', c.row.name, {
      session: sessionId,
      reason: reason.trim(),
      count,
      items: added,
      stream_from: c.position,
      stream_to: rng.drawsUsed,
      ...reviewMark(ws, sessionId),
    });
  })();
  return sessionView(ws, sessionId);
}
