// Populations: a named, saved filter over the engagement's events, frozen at definition time as an ordered
// member list (so index i means the same event to everyone, forever) with a digest a reviewer can recompute.
import { createHash } from 'node:crypto';
import type { EventFilter, Finding, StreamReport, Verdict } from '../../shared/types';
import type { PopulationInfo, PopulationSource, PopulationStream } from '../../shared/session';
import { whereFor, type SqlWhere } from './query';
import { currentVerification, latestRun } from './store/runs';
import { defaultActor, logActivity } from './activity';
import type { Workspace } from './store/workspace';
import { completenessOf } from '../../shared/completeness';

export const POPULATION_ORDER = 'timestamp ascending, then bundle, stream and seq ascending (index 0 is the earliest event)';

export class PopulationError extends Error {
  override name = 'PopulationError';
}

export function definePopulation(ws: Workspace, name: string, filter: EventFilter, actor = defaultActor()): PopulationInfo {
  const where = whereFor(filter);
  return freezePopulation(ws, name, filter, where, actor);
}

/**
 * Define a population whose members are the events `members` selects (a WHERE clause over `events e`, which
 * may also read `streams s`, with its bound values; '' for all events), frozen in population order with the digest below. `filter` is what the population is
 * said to be (shown with it and on the workpaper). definePopulation gives a filter's events; analytics gives
 * the events an exception list references (analytics/exception-population.ts).
 */
export function freezePopulation(ws: Workspace, name: string, filter: EventFilter, members: SqlWhere, actor = defaultActor()): PopulationInfo {
  const trimmed = name.trim();
  if (trimmed === '') throw new PopulationError('A population needs a name.');
  const eng = ws.engagement();
  if (ws.db.prepare('SELECT 1 FROM populations WHERE engagement_id = ? AND name = ?').get(eng.id, trimmed)) {
    throw new PopulationError(`A population named "${trimmed}" already exists; populations are frozen once defined, so choose another name.`);
  }
  const id = ws.db.transaction(() => {
    // the verification the population is drawn under, kept with it: a reviewer sees whether its events
    // had been verified, and how, when it was frozen
    const under = currentVerification(ws);
    const popId = Number(
      ws.db
        .prepare(
          "INSERT INTO populations (engagement_id, name, filter, size, digest, created_at, created_by, verification_run_id, verification_verdict, verification_finished_at) VALUES (?, ?, ?, 0, '', ?, ?, ?, ?, ?)",
        )
        .run(eng.id, trimmed, JSON.stringify(filter), new Date().toISOString(), actor, under.runId, under.verdict, under.finishedAt).lastInsertRowid,
    );
    ws.db
      .prepare(
        `INSERT INTO population_members (population_id, idx, event_id, ts_ms)
       SELECT ?, ROW_NUMBER() OVER (ORDER BY e.ts_ms, s.bundle_id, s.stream_key, e.seq, e.id) - 1, e.id, e.ts_ms
       FROM events e JOIN streams s ON s.id = e.stream_id ${members.sql}`,
      )
      .run(popId, ...members.params);
    // The digest: SHA-256 over "<origin> <seq>\n" per member in order.
    const origins = new Map((ws.db.prepare('SELECT id, origin FROM streams').all() as { id: number; origin: string }[]).map((r) => [r.id, r.origin]));
    const h = createHash('sha256');
    let size = 0;
    let first: number | null = null;
    let last: number | null = null;
    const it = ws.db
      .prepare(
        'SELECT e.stream_id AS sid, e.seq, m.ts_ms FROM population_members m JOIN events e ON e.id = m.event_id WHERE m.population_id = ? ORDER BY m.idx',
      )
      .raw()
      .iterate(popId) as IterableIterator<[number, number, number]>;
    let buf = '';
    const perStream = new Map<number, number>();
    for (const [sid, seq, ts] of it) {
      buf += `${origins.get(sid)} ${seq}\n`;
      perStream.set(sid, (perStream.get(sid) ?? 0) + 1);
      if (buf.length > 1 << 16) {
        h.update(buf, 'utf8');
        buf = '';
      }
      if (first === null) first = ts;
      last = ts;
      size++;
    }
    h.update(buf, 'utf8');
    const insStream = ws.db.prepare('INSERT INTO population_streams (population_id, stream_id, count) VALUES (?, ?, ?)');
    for (const [sid, n] of perStream) insStream.run(popId, sid, n);
    ws.db
      .prepare('UPDATE populations SET size = ?, first_ts = ?, last_ts = ?, digest = ? WHERE id = ?')
      .run(size, first === null ? null : new Date(first).toISOString(), last === null ? null : new Date(last).toISOString(), h.digest('hex'), popId);
    logActivity(ws, actor, 'define-population', trimmed, {
      population: popId,
      filter,
      size,
      verification_run: under.runId,
      verification_verdict: under.verdict,
    });
    return popId;
  })();
  return populationInfo(ws, id);
}

export function listPopulations(ws: Workspace): PopulationInfo[] {
  return (ws.db.prepare('SELECT id FROM populations ORDER BY id').all() as { id: number }[]).map((r) => populationInfo(ws, r.id));
}

export function findPopulation(ws: Workspace, idOrName: string | number): PopulationInfo {
  const row = (
    typeof idOrName === 'number' || /^\d+$/.test(idOrName)
      ? ws.db.prepare('SELECT id FROM populations WHERE id = ?').get(Number(idOrName))
      : ws.db.prepare('SELECT id FROM populations WHERE name = ?').get(idOrName)
  ) as { id: number } | undefined;
  if (!row) throw new PopulationError(`There is no population ${JSON.stringify(idOrName)} in this workspace.`);
  return populationInfo(ws, row.id);
}

const VERDICT_RANK: Record<Verdict | 'not-verified', number> = { verified: 0, unverifiable: 1, 'not-verified': 2, failed: 3 };

export function populationInfo(ws: Workspace, id: number): PopulationInfo {
  const p = ws.db.prepare('SELECT * FROM populations WHERE id = ?').get(id) as Record<string, unknown> | undefined;
  if (!p) throw new PopulationError(`There is no population #${id}.`);
  const filter = JSON.parse(p.filter as string) as EventFilter;
  // Streams the population draws from, with the member counts recorded when it was defined.
  const counts = ws.db
    .prepare(
      `SELECT s.bundle_id AS bundleId, s.stream_key AS stream, s.origin AS origin, ps.count AS n
     FROM population_streams ps JOIN streams s ON s.id = ps.stream_id
     WHERE ps.population_id = ? ORDER BY s.bundle_id, s.stream_key`,
    )
    .all(id) as { bundleId: number; stream: string; origin: string; n: number }[];
  const runs = new Map<number, ReturnType<typeof latestRun>>();
  const streams: PopulationStream[] = counts.map((c) => {
    if (!runs.has(c.bundleId)) runs.set(c.bundleId, latestRun(ws, c.bundleId));
    const run = runs.get(c.bundleId) ?? null;
    const sr: StreamReport | undefined = run?.report.streams.find((s) => s.id === c.stream);
    const findings: Finding[] = sr ? sr.findings.filter((f) => f.severity === 'error').slice(0, 50) : [];
    const completeness = sr ? completenessOf(sr.findings) : [];
    return {
      bundleId: c.bundleId,
      stream: c.stream,
      origin: c.origin,
      count: c.n,
      verdict: sr ? sr.verdict : 'not-verified',
      chainHead: sr?.chainHead ?? null,
      runId: run?.id ?? null,
      findings,
      completeness,
    };
  });
  const bundleIds = [...new Set(streams.map((s) => s.bundleId))];
  const sources: PopulationSource[] = bundleIds.map((b) => {
    const r = ws.db.prepare('SELECT source_path, source_sha256, manifest_sha256 FROM bundles WHERE id = ?').get(b) as {
      source_path: string;
      source_sha256: string | null;
      manifest_sha256: string;
    };
    return { bundleId: b, sourcePath: r.source_path, sourceSha256: r.source_sha256, manifestSha256: r.manifest_sha256 };
  });
  const integrity = streams.reduce<Verdict | 'not-verified'>((w, s) => (VERDICT_RANK[s.verdict] > VERDICT_RANK[w] ? s.verdict : w), 'verified');
  return {
    id,
    name: p.name as string,
    filter,
    size: p.size as number,
    firstTs: (p.first_ts as string | null) ?? null,
    lastTs: (p.last_ts as string | null) ?? null,
    digest: p.digest as string,
    order: POPULATION_ORDER,
    createdAt: p.created_at as string,
    createdBy: p.created_by as string,
    streams,
    sources,
    integrity: streams.length === 0 ? 'not-verified' : integrity,
    drawnUnder:
      p.verification_verdict === null || p.verification_verdict === undefined
        ? null
        : {
            runId: (p.verification_run_id as number | null) ?? null,
            verdict: p.verification_verdict as Verdict | 'not-verified',
            finishedAt: (p.verification_finished_at as string | null) ?? null,
          },
  };
}
