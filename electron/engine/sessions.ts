// Sampling sessions: plan the size, draw the sample reproducibly, record results per attribute, evaluate,
// sign off. Every change is one transaction with its activity-log entry; a signed-off session is read-only
// until it is reopened, and the reopening is recorded.
import { planAttributeSample, applyOverride, type PlanInput, type SamplePlan } from '../../shared/sampling/plan';
import { evaluateAttributeSample } from '../../shared/sampling/evaluate';
import { evaluateStratified, type StratumTally } from '../../shared/sampling/stratified-evaluation';
import { SeededRandom, deriveSeed, seedMaterial } from '../../shared/sampling/prng';
import { simpleRandom, systematic, stratified, all, periodStrata, type Stratum } from '../../shared/sampling/select';
import {
  ATTRIBUTE_RESULTS,
  DEFAULT_LEGEND,
  type AttributeEvaluation,
  type AttributeResult,
  type DeviationAnalysis,
  type DeviationNature,
  type SampleItem,
  type SelectionSpec,
  type SessionAttribute,
  type SessionStatus,
  type SessionSummary,
  type SessionView,
  type TickmarkDef,
} from '../../shared/session';
import { populationInfo } from './population';
import { activityHead, defaultActor, logActivity } from './activity';
import { editsAfterReview, lastReviewerSignOff, reviewMark, reviewNotesOf } from './review';
import { TOOL_VERSION } from './version';
import type { Workspace } from './store/workspace';
import { eventRowOf } from './store/event-rows';

export const ALGORITHM_REFERENCE =
  'Tickmark selection algorithm v1: SHA-256 counter-mode stream over the seed, nextBelow by rejection; see docs/sampling-algorithm.md (README "Re-performing a sample")';
const MAX_ALL_ITEMS = 100_000;

export class SessionError extends Error {
  override name = 'SessionError';
}

export interface CreateSessionInput {
  populationId: number;
  name: string;
  control?: { id?: string; description?: string; objective?: string };
  attributes: { name: string; description?: string }[];
  plan: Omit<PlanInput, 'populationSize'>;
  override?: { size: number; reason: string };
  selection: SelectionSpec;
  /** the auditor's own value, mixed with the verified chain heads into the seed */
  auditorValue: string;
  actor?: string;
}

export function requireOpen(ws: Workspace, sessionId: number): void {
  const row = ws.db.prepare('SELECT status, name FROM sampling_sessions WHERE id = ?').get(sessionId) as
    { status: SessionStatus; name: string } | undefined;
  if (!row) throw new SessionError(`There is no sampling session #${sessionId}.`);
  if (row.status !== 'open')
    throw new SessionError(`Session "${row.name}" is signed off (${row.status}); reopen it, with a reason, before changing it.`);
}

/** Plan, seed and draw; store the session, its attributes and its items. */
export function createSession(ws: Workspace, input: CreateSessionInput): SessionView {
  const actor = input.actor ?? defaultActor();
  const pop = populationInfo(ws, input.populationId);
  if (input.name.trim() === '') throw new SessionError('A sampling session needs a name.');
  if (input.attributes.length === 0 || input.attributes.some((a) => a.name.trim() === ''))
    throw new SessionError('A sampling session needs at least one named test attribute.');
  if (new Set(input.attributes.map((a) => a.name.trim())).size !== input.attributes.length)
    throw new SessionError('Test attribute names must be distinct.');
  if (pop.size === 0) throw new SessionError(`Population "${pop.name}" is empty: there is nothing to sample.`);
  // a stream's head for the seed: its verified chain head; for evidence with custody only (no producer chain),
  // the RFC 9162 root of its custody receipt, provided its latest custody check did not fail
  // (docs/sampling-algorithm.md §1)
  const kindOf = ws.db.prepare('SELECT kind FROM bundles WHERE id = ?').pluck();
  const receiptRoot = ws.db.prepare('SELECT merkle_root FROM custody_receipts WHERE bundle_id = ?').pluck();
  const headOf = (s: (typeof pop.streams)[number]): string | null => {
    if (s.chainHead !== null) return s.chainHead;
    if (kindOf.get(s.bundleId) === 'tickmark-bundle' || s.runId === null || s.verdict === 'failed') return null;
    return (receiptRoot.get(s.bundleId) as string | undefined) ?? null;
  };
  const unverified = pop.streams.filter((s) => headOf(s) === null);
  const failedCustody = unverified.filter((s) => kindOf.get(s.bundleId) !== 'tickmark-bundle' && s.verdict === 'failed');
  if (failedCustody.length > 0) {
    throw new SessionError(
      `Population "${pop.name}" draws from ${failedCustody.map((s) => `"${s.stream}"`).join(', ')}, whose custody check failed: the records are no longer what was received, so no sample is drawn from them.`,
    );
  }
  if (unverified.length > 0) {
    throw new SessionError(
      `Verify the workspace before drawing: stream ${unverified.map((s) => `"${s.stream}"`).join(', ')} of population "${pop.name}" has no verification run, so its chain head (part of the seed) is unknown.`,
    );
  }

  const N = pop.size;
  let plan: SamplePlan = planAttributeSample({ ...input.plan, populationSize: N });
  if (input.override)
    plan = applyOverride(plan, { size: input.override.size, reason: input.override.reason, by: actor, at: new Date().toISOString() });
  const heads = [...new Set(pop.streams.map((s) => headOf(s)!))];
  const material = seedMaterial({ chainHeads: heads, auditorValue: input.auditorValue });
  const seed = deriveSeed({ chainHeads: heads, auditorValue: input.auditorValue });
  const rng = new SeededRandom(seed);
  const n = input.selection.method === 'all' ? N : Math.min(plan.size, N);

  let picks: { index: number; stratum: string | null }[];
  let details: Record<string, unknown>;
  switch (input.selection.method) {
    case 'simple-random': {
      const s = simpleRandom(rng, N, n);
      picks = s.indices.map((index) => ({ index, stratum: null }));
      details = { drawsUsed: s.drawsUsed, draws: s.draws };
      break;
    }
    case 'systematic': {
      const s = systematic(rng, N, n);
      picks = s.indices.map((index) => ({ index, stratum: null }));
      details = { interval: s.interval, start: s.start, startOffset: s.startOffset, drawsUsed: s.drawsUsed, draws: s.draws };
      break;
    }
    case 'stratified': {
      const strata = periodStrataOf(ws, input.populationId, N, input.selection.period ?? 'month');
      const s = stratified(rng, strata, n, input.selection.allocation ?? 'at-least-one');
      picks = s.strata.flatMap((st) => st.indices.map((index) => ({ index, stratum: st.label })));
      details = {
        strata: s.strata.map((st) => ({ label: st.label, start: st.start, count: st.count, quota: st.quota, allocated: st.allocated })),
        requestedSize: s.requestedSize,
        sizeRaised: s.sizeRaised,
        notes: s.notes,
        drawsUsed: s.drawsUsed,
        draws: s.draws,
      };
      break;
    }
    case 'all': {
      if (N > MAX_ALL_ITEMS)
        throw new SessionError(
          `100% selection lists every item; population "${pop.name}" has ${N.toLocaleString('en-US')}, more than ${MAX_ALL_ITEMS.toLocaleString('en-US')}. Narrow the population (for example to privileged actions) or sample it.`,
        );
      const s = all(N, { maxListed: MAX_ALL_ITEMS });
      picks = s.indices!.map((index) => ({ index, stratum: null }));
      details = { range: s.range };
      break;
    }
    default:
      throw new SessionError(`Unknown selection method "${String((input.selection as SelectionSpec).method)}".`);
  }

  const memberAt = ws.db.prepare('SELECT event_id FROM population_members WHERE population_id = ? AND idx = ?').pluck();
  const id = ws.db.transaction(() => {
    const sid = Number(
      ws.db
        .prepare(
          'INSERT INTO sampling_sessions (population_id, name, control_id, control_description, objective, plan, selection, seed, seed_material, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
        )
        .run(
          input.populationId,
          input.name.trim(),
          input.control?.id ?? '',
          input.control?.description ?? '',
          input.control?.objective ?? '',
          JSON.stringify(plan),
          JSON.stringify({ ...input.selection, details }),
          seed,
          material,
          new Date().toISOString(),
          actor,
        ).lastInsertRowid,
    );
    const insAttr = ws.db.prepare('INSERT INTO session_attributes (session_id, position, name, description) VALUES (?, ?, ?, ?)');
    input.attributes.forEach((a, i) => insAttr.run(sid, i + 1, a.name.trim(), a.description ?? ''));
    const insItem = ws.db.prepare('INSERT INTO sample_items (session_id, position, population_index, event_id, stratum) VALUES (?, ?, ?, ?, ?)');
    picks.forEach((p, i) => insItem.run(sid, i + 1, p.index, memberAt.get(input.populationId, p.index) as number, p.stratum));
    const eng = ws.engagement();
    const insLegend = ws.db.prepare('INSERT OR IGNORE INTO tickmark_legend (engagement_id, symbol, meaning) VALUES (?, ?, ?)');
    if (!ws.db.prepare('SELECT 1 FROM tickmark_legend WHERE engagement_id = ?').get(eng.id))
      for (const t of DEFAULT_LEGEND) insLegend.run(eng.id, t.symbol, t.meaning);
    logActivity(ws, actor, 'draw-sample', input.name.trim(), {
      session: sid,
      population: input.populationId,
      population_digest: pop.digest,
      method: input.selection.method,
      size: picks.length,
      computed_size: plan.computedSize,
      override: plan.override,
      seed,
      population_indices: picks.map((p) => p.index),
    });
    return sid;
  })();
  return sessionView(ws, id);
}

/** Strata of a population by calendar period: contiguous index ranges, because members are in time order. */
function periodStrataOf(ws: Workspace, populationId: number, N: number, period: 'month' | 'quarter' | 'week'): Stratum[] {
  const eng = ws.engagement();
  const p = populationInfo(ws, populationId);
  const start = eng.windowStart ?? p.firstTs!;
  // the window's end second is inclusive in bundles; periods take exclusive ends
  const end = new Date(Date.parse(eng.windowEnd ?? p.lastTs!) + 1000).toISOString();
  const periods = periodStrata(start, end, period);
  const tsAt = ws.db.prepare('SELECT ts_ms FROM population_members WHERE population_id = ? AND idx = ?').pluck();
  // first index with ts >= t, by binary search over the time-ordered members: O(log N) point reads
  const firstAtOrAfter = (t: number): number => {
    let lo = 0;
    let hi = N;
    while (lo < hi) {
      const mid = Math.floor((lo + hi) / 2);
      if ((tsAt.get(populationId, mid) as number) < t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  // members before the window join the first period, members after it the last
  const bounds = periods.map((x, i) => (i === 0 ? 0 : firstAtOrAfter(x.startMs)));
  return periods.map((x, i) => ({ label: x.label, start: bounds[i]!, count: (i + 1 < bounds.length ? bounds[i + 1]! : N) - bounds[i]! }));
}

export function listSessions(ws: Workspace): SessionSummary[] {
  return (
    ws.db
      .prepare(
        'SELECT s.id, s.name, s.population_id, s.status, s.control_id, s.created_at, (SELECT COUNT(*) FROM sample_items i WHERE i.session_id = s.id) AS size FROM sampling_sessions s ORDER BY s.id',
      )
      .all() as Record<string, unknown>[]
  ).map((r) => ({
    id: r.id as number,
    name: r.name as string,
    populationId: r.population_id as number,
    status: r.status as SessionStatus,
    controlId: r.control_id as string,
    size: r.size as number,
    createdAt: r.created_at as string,
  }));
}

export function findSession(ws: Workspace, idOrName: string | number): number {
  const row = (
    typeof idOrName === 'number' || /^\d+$/.test(idOrName)
      ? ws.db.prepare('SELECT id FROM sampling_sessions WHERE id = ?').get(Number(idOrName))
      : ws.db.prepare('SELECT id FROM sampling_sessions WHERE name = ? ORDER BY id DESC').get(idOrName)
  ) as { id: number } | undefined;
  if (!row) throw new SessionError(`There is no sampling session ${JSON.stringify(idOrName)} in this workspace.`);
  return row.id;
}

export function sessionView(ws: Workspace, id: number): SessionView {
  const s = ws.db.prepare('SELECT * FROM sampling_sessions WHERE id = ?').get(id) as Record<string, unknown> | undefined;
  if (!s) throw new SessionError(`There is no sampling session #${id}.`);
  const eng = ws.engagement();
  const attributes = (
    ws.db
      .prepare(
        'SELECT id, position, name, description, deviation_definition, conclusion FROM session_attributes WHERE session_id = ? ORDER BY position',
      )
      .all(id) as Record<string, unknown>[]
  ).map((a) => ({
    id: a.id as number,
    position: a.position as number,
    name: a.name as string,
    description: a.description as string,
    deviationDefinition: a.deviation_definition as string,
    conclusion: a.conclusion as string,
  })) satisfies SessionAttribute[];
  const results = ws.db
    .prepare('SELECT r.item_id, r.attribute_id, r.result FROM item_results r JOIN sample_items i ON i.id = r.item_id WHERE i.session_id = ?')
    .all(id) as { item_id: number; attribute_id: number; result: AttributeResult }[];
  const byItem = new Map<number, Record<number, AttributeResult>>();
  for (const r of results) {
    const m = byItem.get(r.item_id) ?? {};
    m[r.attribute_id] = r.result;
    byItem.set(r.item_id, m);
  }
  const items: SampleItem[] = (
    ws.db
      .prepare(
        `SELECT i.id, i.position, i.population_index, i.stratum, i.tickmarks, i.notes, i.evidence,
            i.origin, i.replaces_item_id, i.added_reason, i.added_at, i.added_by, i.draw_from, i.draw_to, i.replaced_reason,
            e.id AS event_id, st.bundle_id, st.stream_key, st.files, e.file_no, e.line, e.seq, e.ts, e.category, e.action, e.actor_id, e.actor_type, e.target, e.outcome, e.raw
     FROM sample_items i JOIN events e ON e.id = i.event_id JOIN streams st ON st.id = e.stream_id
     WHERE i.session_id = ? ORDER BY i.position`,
      )
      .all(id) as Record<string, unknown>[]
  ).map((r) => ({
    id: r.id as number,
    position: r.position as number,
    populationIndex: r.population_index as number,
    stratum: (r.stratum as string | null) ?? null,
    event: { ...eventRowOf(r, r.event_id as number), raw: r.raw as string },
    results: byItem.get(r.id as number) ?? {},
    tickmarks: JSON.parse(r.tickmarks as string) as string[],
    notes: r.notes as string,
    evidence: JSON.parse(r.evidence as string) as string[],
    ...(r.origin === 'draw'
      ? {}
      : {
          addition: {
            kind: r.origin as 'replacement' | 'extension',
            reason: r.added_reason as string,
            replaces: r.replaces_item_id === null ? null : { itemId: r.replaces_item_id as number, position: 0 },
            draws: { from: r.draw_from as number, to: r.draw_to as number },
            at: r.added_at as string,
            by: r.added_by as string,
          },
        }),
    ...(r.replaced_reason === null ? {} : { replaced: { reason: r.replaced_reason as string, byItemId: 0, byPosition: 0 } }),
  }));
  linkAdditions(ws, items);
  const plan = JSON.parse(s.plan as string) as SamplePlan;
  const population = populationInfo(ws, s.population_id as number);
  const selection = JSON.parse(s.selection as string) as SessionView['selection'];
  const legend = ws.db.prepare('SELECT symbol, meaning FROM tickmark_legend WHERE engagement_id = ? ORDER BY rowid').all(eng.id) as TickmarkDef[];
  const activity = (
    ws.db
      .prepare(
        "SELECT seq, ts, actor, action, subject, details, hash FROM activity_log WHERE json_extract(details, '$.session') = ? OR (action = 'define-population' AND json_extract(details, '$.population') = ?) ORDER BY seq",
      )
      .all(id, s.population_id) as Record<string, unknown>[]
  ).map((r) => ({
    seq: r.seq as number,
    ts: r.ts as string,
    actor: r.actor as string,
    action: r.action as string,
    subject: r.subject as string,
    details: JSON.parse(r.details as string) as Record<string, unknown>,
    hash: r.hash as string,
  }));
  const lastReview = lastReviewerSignOff(ws, id);
  const afterReview = editsAfterReview(activity, lastReview);
  for (const it of items) if (afterReview.itemIds.has(it.id)) it.editedAfterReview = true;
  return {
    id,
    name: s.name as string,
    status: s.status as SessionStatus,
    engagement: {
      name: eng.name,
      client: eng.client,
      system: eng.system,
      framework: eng.framework,
      windowStart: eng.windowStart,
      windowEnd: eng.windowEnd,
    },
    control: { id: s.control_id as string, description: s.control_description as string, objective: s.objective as string },
    population,
    plan,
    selection,
    seed: s.seed as string,
    seedMaterial: s.seed_material as string,
    algorithm: ALGORITHM_REFERENCE,
    attributes,
    items,
    // a replaced item (not applicable, replaced by the next of the stream) leaves the evaluation
    evaluation: evaluate(
      plan,
      population.size,
      attributes,
      items.filter((it) => !it.replaced),
      strataOf(selection),
    ),
    preparer: s.preparer ? { name: s.preparer as string, at: s.prepared_at as string } : null,
    reviewer: s.reviewer ? { name: s.reviewer as string, at: s.reviewed_at as string } : null,
    conclusion: { text: s.conclusion as string, by: (s.conclusion_by as string | null) ?? null, at: (s.conclusion_at as string | null) ?? null },
    reviewNotes: reviewNotesOf(ws, id),
    lastReview,
    editsAfterReview: afterReview.edits,
    legend,
    activity,
    activityHead: activityHead(ws),
    createdAt: s.created_at as string,
    createdBy: s.created_by as string,
    toolVersion: TOOL_VERSION,
  };
}

/** Links replaced and replacing items both ways, and attaches the analyses of deviations. */
function linkAdditions(ws: Workspace, items: SampleItem[]): void {
  const byId = new Map(items.map((it) => [it.id, it]));
  for (const it of items) {
    const rep = it.addition?.replaces;
    if (!rep) continue;
    const old = byId.get(rep.itemId);
    if (!old) continue;
    rep.position = old.position;
    if (old.replaced) old.replaced = { ...old.replaced, byItemId: it.id, byPosition: it.position };
  }
  if (items.length === 0) return;
  const rows = ws.db
    .prepare(
      'SELECT d.item_id, d.attribute_id, d.cause, d.nature, d.effect FROM deviation_analyses d JOIN sample_items i ON i.id = d.item_id WHERE i.session_id = (SELECT session_id FROM sample_items WHERE id = ?)',
    )
    .all(items[0]!.id) as { item_id: number; attribute_id: number; cause: string; nature: DeviationNature; effect: string }[];
  for (const r of rows) {
    const it = byId.get(r.item_id);
    if (!it) continue;
    const analyses: Record<number, DeviationAnalysis> = it.deviationAnalyses ?? {};
    analyses[r.attribute_id] = { cause: r.cause, nature: r.nature, effect: r.effect };
    it.deviationAnalyses = analyses;
  }
}

/** The strata of a stratified selection as recorded at the draw (label and member count), else null. */
function strataOf(selection: SessionView['selection']): { label: string; count: number }[] | null {
  if (selection.method !== 'stratified') return null;
  return (selection.details.strata as { label: string; count: number }[] | undefined) ?? null;
}

/** Per attribute: deviations among the items tested, and the statistical evaluation once all are tested. */
function evaluate(
  plan: SamplePlan,
  N: number,
  attributes: SessionAttribute[],
  items: SampleItem[],
  strata: { label: string; count: number }[] | null,
): AttributeEvaluation[] {
  const method = plan.method === 'hypergeometric' ? 'hypergeometric' : plan.method === 'poisson' ? 'poisson' : 'binomial';
  return attributes.map((a) => {
    let deviations = 0;
    let na = 0;
    let untested = 0;
    for (const it of items) {
      const r = it.results[a.id];
      if (r === 'deviation') deviations++;
      else if (r === 'na') na++;
      else if (r === undefined) untested++;
    }
    const tested = items.length - na - untested;
    const tally = { attributeId: a.id, name: a.name, tested, notApplicable: na, untested, deviations };
    if (untested > 0 || tested === 0) return { ...tally, evaluation: null, stratified: null };
    if (strata) {
      const stratified = evaluateStratified(strataTallies(strata, items, a.id), {
        confidence: plan.confidence,
        tolerableRate: plan.tolerableRate,
        method,
      });
      return { ...tally, evaluation: stratified.overall, stratified };
    }
    // Every member drawn (a 100% selection, or a plan at least the population's size) is a census: the
    // members the attribute does not apply to leave the population, and there is no sampling risk.
    const census = items.length === N;
    const evaluation = evaluateAttributeSample({
      sampleSize: tested,
      deviations,
      confidence: plan.confidence,
      tolerableRate: plan.tolerableRate,
      populationSize: census ? N - na : N,
      method,
    });
    return { ...tally, evaluation, stratified: null };
  });
}

function strataTallies(strata: { label: string; count: number }[], items: SampleItem[], attributeId: number): StratumTally[] {
  const byLabel = new Map(strata.map((s) => [s.label, { label: s.label, populationSize: s.count, tested: 0, deviations: 0, notApplicable: 0 }]));
  for (const it of items) {
    const t = byLabel.get(it.stratum ?? '');
    const r = it.results[attributeId];
    if (!t) continue;
    if (r === 'na') t.notApplicable++;
    else if (r !== undefined) {
      t.tested++;
      if (r === 'deviation') t.deviations++;
    }
  }
  return [...byLabel.values()].filter((t) => t.populationSize > 0);
}

export function recordResult(ws: Workspace, itemId: number, attributeId: number, result: AttributeResult | null, actor = defaultActor()): void {
  const item = ws.db.prepare('SELECT session_id, position, replaced_reason FROM sample_items WHERE id = ?').get(itemId) as
    { session_id: number; position: number; replaced_reason: string | null } | undefined;
  if (!item) throw new SessionError(`There is no sample item #${itemId}.`);
  requireOpen(ws, item.session_id);
  if (item.replaced_reason !== null) throw new SessionError(`Item ${item.position} was replaced (${item.replaced_reason}); it is no longer tested.`);
  const attr = ws.db.prepare('SELECT name FROM session_attributes WHERE id = ? AND session_id = ?').get(attributeId, item.session_id) as
    { name: string } | undefined;
  if (!attr) throw new SessionError(`Attribute #${attributeId} does not belong to this session.`);
  if (result !== null && !ATTRIBUTE_RESULTS.includes(result))
    throw new SessionError(`"${String(result)}" is not a result: use pass, deviation or na.`);
  ws.db.transaction(() => {
    if (result === null) ws.db.prepare('DELETE FROM item_results WHERE item_id = ? AND attribute_id = ?').run(itemId, attributeId);
    else
      ws.db
        .prepare(
          'INSERT INTO item_results (item_id, attribute_id, result) VALUES (?, ?, ?) ON CONFLICT (item_id, attribute_id) DO UPDATE SET result = excluded.result',
        )
        .run(itemId, attributeId, result);
    logActivity(ws, actor, 'record-result', `item ${item.position}`, {
      session: item.session_id,
      item: itemId,
      attribute: attr.name,
      result,
      ...reviewMark(ws, item.session_id),
    });
  })();
}

export function updateItem(
  ws: Workspace,
  itemId: number,
  change: { tickmarks?: string[]; notes?: string; evidence?: string[] },
  actor = defaultActor(),
): void {
  const item = ws.db.prepare('SELECT session_id, position FROM sample_items WHERE id = ?').get(itemId) as
    { session_id: number; position: number } | undefined;
  if (!item) throw new SessionError(`There is no sample item #${itemId}.`);
  requireOpen(ws, item.session_id);
  ws.db.transaction(() => {
    if (change.tickmarks) ws.db.prepare('UPDATE sample_items SET tickmarks = ? WHERE id = ?').run(JSON.stringify(change.tickmarks), itemId);
    if (change.notes !== undefined) ws.db.prepare('UPDATE sample_items SET notes = ? WHERE id = ?').run(change.notes, itemId);
    if (change.evidence) ws.db.prepare('UPDATE sample_items SET evidence = ? WHERE id = ?').run(JSON.stringify(change.evidence), itemId);
    logActivity(ws, actor, 'annotate-item', `item ${item.position}`, {
      session: item.session_id,
      item: itemId,
      ...change,
      ...reviewMark(ws, item.session_id),
    });
  })();
}

/** Preparer signs an open session complete; a reviewer signs a prepared one. */
export function signOff(ws: Workspace, sessionId: number, role: 'preparer' | 'reviewer', name: string): SessionView {
  if (name.trim() === '') throw new SessionError('A sign-off needs the name of the person signing.');
  const s = ws.db.prepare('SELECT status, name, preparer FROM sampling_sessions WHERE id = ?').get(sessionId) as
    { status: SessionStatus; name: string; preparer: string | null } | undefined;
  if (!s) throw new SessionError(`There is no sampling session #${sessionId}.`);
  const at = new Date().toISOString();
  ws.db.transaction(() => {
    if (role === 'preparer') {
      if (s.status !== 'open') throw new SessionError(`Session "${s.name}" is already signed off by its preparer.`);
      const v = sessionView(ws, sessionId);
      const untested = v.evaluation.reduce((n, a) => n + a.untested, 0);
      if (untested > 0)
        throw new SessionError(
          `Session "${s.name}" still has ${untested} untested result${untested === 1 ? '' : 's'}; record every attribute of every item (pass, deviation or n/a) before signing off.`,
        );
      ws.db.prepare("UPDATE sampling_sessions SET status = 'prepared', preparer = ?, prepared_at = ? WHERE id = ?").run(name.trim(), at, sessionId);
    } else {
      if (s.status !== 'prepared') throw new SessionError(`Session "${s.name}" must be signed off by its preparer before review.`);
      if (s.preparer === name.trim()) throw new SessionError('The reviewer must be someone other than the preparer.');
      const open = reviewNotesOf(ws, sessionId).filter((n) => n.cleared === null).length;
      if (open > 0)
        throw new SessionError(
          `Session "${s.name}" has ${open} review note${open === 1 ? '' : 's'} not cleared; clear ${open === 1 ? 'it' : 'them'} before signing off as reviewer.`,
        );
      ws.db.prepare("UPDATE sampling_sessions SET status = 'reviewed', reviewer = ?, reviewed_at = ? WHERE id = ?").run(name.trim(), at, sessionId);
    }
    logActivity(ws, name.trim(), `sign-off-${role}`, s.name, { session: sessionId });
  })();
  return sessionView(ws, sessionId);
}

/** Reopen a signed-off session for changes; sign-offs are cleared and the reason recorded. */
export function reopenSession(ws: Workspace, sessionId: number, reason: string, actor = defaultActor()): SessionView {
  if (reason.trim() === '') throw new SessionError('Reopening a signed-off session needs a reason, for the record.');
  const s = ws.db.prepare('SELECT status, name, preparer, reviewer FROM sampling_sessions WHERE id = ?').get(sessionId) as
    { status: SessionStatus; name: string; preparer: string | null; reviewer: string | null } | undefined;
  if (!s) throw new SessionError(`There is no sampling session #${sessionId}.`);
  if (s.status === 'open') throw new SessionError(`Session "${s.name}" is already open.`);
  ws.db.transaction(() => {
    ws.db
      .prepare("UPDATE sampling_sessions SET status = 'open', preparer = NULL, prepared_at = NULL, reviewer = NULL, reviewed_at = NULL WHERE id = ?")
      .run(sessionId);
    logActivity(ws, actor, 'reopen', s.name, {
      session: sessionId,
      reason: reason.trim(),
      previous_status: s.status,
      preparer: s.preparer,
      reviewer: s.reviewer,
    });
  })();
  return sessionView(ws, sessionId);
}
