// Event filters → parameterised SQL. One definition serves the explorer, populations and sampling, so a
// population drawn from a filter is exactly the rows the auditor saw under that filter.
import type { EventFilter } from '../../shared/types';
import { parseRfc3339 } from '../../shared/time';

export interface SqlWhere {
  sql: string;
  params: (string | number)[];
}

const LIKE_ESCAPE = '\\';

function likeContains(s: string): string {
  return `%${s.replace(/[\\%_]/g, (c) => LIKE_ESCAPE + c)}%`;
}

function inList(column: string, values: readonly string[] | undefined, clauses: string[], params: (string | number)[]): void {
  if (!values || values.length === 0) return;
  clauses.push(`${column} IN (${values.map(() => '?').join(', ')})`);
  params.push(...values);
}

/** WHERE clause over `events e` (it never needs `streams s`, but may be used with it). Every value is bound, never spliced into SQL. */
export function whereFor(f: EventFilter): SqlWhere {
  if (f.exceptions)
    throw new RangeError('an exception list is not a filter: its events were fixed when its population was frozen (populationFromExceptions)');
  const clauses: string[] = [];
  const params: (string | number)[] = [];
  // Bundle and stream filters select stream ids first, so a count need not join every event to its stream
  // (on 10M events the join alone takes seconds).
  const streamClauses: string[] = [];
  if (f.bundleIds && f.bundleIds.length > 0) {
    streamClauses.push(`bundle_id IN (${f.bundleIds.map(() => '?').join(', ')})`);
    params.push(...f.bundleIds);
  }
  inList('stream_key', f.streams, streamClauses, params);
  if (streamClauses.length > 0) clauses.push(`e.stream_id IN (SELECT id FROM streams WHERE ${streamClauses.join(' AND ')})`);
  inList('e.category', f.categories, clauses, params);
  inList('e.action', f.actions, clauses, params);
  inList('e.actor_id', f.actors, clauses, params);
  if (f.outcome) {
    clauses.push('e.outcome = ?');
    params.push(f.outcome);
  }
  if (f.from) {
    const ms = parseRfc3339(f.from);
    if (ms === null) throw new RangeError(`"from" ${JSON.stringify(f.from)} is not an RFC 3339 timestamp`);
    clauses.push('e.ts_ms >= ?');
    params.push(ms);
  }
  if (f.to) {
    const ms = parseRfc3339(f.to);
    if (ms === null) throw new RangeError(`"to" ${JSON.stringify(f.to)} is not an RFC 3339 timestamp`);
    clauses.push('e.ts_ms < ?');
    params.push(ms);
  }
  if (f.text && f.text.trim() !== '') {
    clauses.push(`e.raw LIKE ? ESCAPE '${LIKE_ESCAPE}'`);
    params.push(likeContains(f.text.trim()));
  }
  return { sql: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', params };
}
