// An exception list as a population, for a follow-up sample (#16 item 3): the events that the exceptions of
// one rule in one run reference ({"stream", "seq"} refs, read among the bundles in scope), frozen as any
// population is (population.ts: population order and digest unchanged). Exceptions that reference no event
// (an evidence row, a week) add no member; a list with no event at all is refused.
import type { PopulationInfo } from '../../../shared/session';
import { isStreamRef, type RuleRef } from '../../../shared/analytics';
import { defaultActor } from '../activity';
import { freezePopulation } from '../population';
import type { Workspace } from '../store/workspace';
import { AnalyticsError } from './errors';

export function populationFromExceptions(ws: Workspace, runId: number, ruleId: string, name: string, actor = defaultActor()): PopulationInfo {
  if (!ws.db.prepare('SELECT 1 FROM analytics_runs WHERE id = ?').get(runId))
    throw new AnalyticsError(`There is no analytics run #${runId} in this workspace.`);
  const rows = ws.db.prepare('SELECT refs FROM analytics_exceptions WHERE run_id = ? AND rule = ? ORDER BY idx').all(runId, ruleId) as {
    refs: string;
  }[];
  if (rows.length === 0)
    throw new AnalyticsError(`Analytics run #${runId} found no exceptions of rule ${ruleId}: there is nothing to make a population of.`);
  const byStream = new Map<string, Set<number>>();
  for (const r of rows)
    for (const ref of JSON.parse(r.refs) as RuleRef[])
      if (isStreamRef(ref)) {
        const seqs = byStream.get(ref.stream) ?? new Set<number>();
        seqs.add(ref.seq);
        byStream.set(ref.stream, seqs);
      }
  if (byStream.size === 0)
    throw new AnalyticsError(
      `The exceptions of rule ${ruleId} in run #${runId} reference evidence rows or weeks, no event: a population is made of events.`,
    );
  // one pass per stream over its events (events_stream_line), keeping the referenced seqs; bundles in scope only
  const refs = JSON.stringify([...byStream].map(([stream, seqs]) => ({ stream, seqs: [...seqs] })));
  const sql = `WHERE e.id IN (
      SELECT x.id FROM json_each(?) j
      JOIN streams st ON st.stream_key = json_extract(j.value, '$.stream') AND st.bundle_id IN (SELECT bundle_id FROM bundle_scope WHERE in_scope)
      CROSS JOIN events x ON x.stream_id = st.id
      WHERE x.seq IN (SELECT value FROM json_each(json_extract(j.value, '$.seqs'))))`;
  return freezePopulation(ws, name, { exceptions: { runId, rule: ruleId } }, { sql, params: [refs] }, actor);
}
