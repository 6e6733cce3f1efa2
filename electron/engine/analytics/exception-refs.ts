// What a rule row must return, checked row by row: `refs` a JSON array (of at least one) of exactly
// {"stream": text, "seq": integer}, {"evidence": text, "row": integer} or {"period": "YYYY-Www"}, and
// `message` text. A rule returning anything else is refused by name; nothing of the run is stored.
// The exception's key: SHA-256 over exceptionKeyText (rule id, "\n", RFC 8785 of refs; shared/analytics.ts).
import { createHash } from 'node:crypto';
import { exceptionKeyText, type RuleRef } from '../../../shared/analytics';
import { AnalyticsError } from './errors';

const PERIOD = /^\d{4}-W(0[1-9]|[1-4]\d|5[0-3])$/;

function isRef(x: unknown): x is RuleRef {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) return false;
  const o = x as Record<string, unknown>;
  const keys = Object.keys(o).sort().join(',');
  if (keys === 'seq,stream') return typeof o.stream === 'string' && Number.isSafeInteger(o.seq);
  if (keys === 'evidence,row') return typeof o.evidence === 'string' && Number.isSafeInteger(o.row);
  if (keys === 'period') return typeof o.period === 'string' && PERIOD.test(o.period);
  return false;
}

/** The refs and message of one row of a rule's result (`n`: 1-based row of the result, for the error). */
export function readRow(rule: string, n: number, row: { refs: unknown; message: unknown }): { refs: RuleRef[]; message: string } {
  const bad = (why: string): AnalyticsError =>
    new AnalyticsError(`Rule ${rule}, result row ${n}: ${why}. A rule returns refs (a JSON array of references) and message (text).`);
  if (typeof row.refs !== 'string') throw bad('refs is not JSON text (build it with json_array and json_object)');
  let refs: unknown;
  try {
    refs = JSON.parse(row.refs);
  } catch {
    throw bad(`refs is not valid JSON: ${row.refs.slice(0, 200)}`);
  }
  if (!Array.isArray(refs) || refs.length === 0) throw bad('refs is not a non-empty JSON array');
  refs.forEach((r, i) => {
    if (!isRef(r))
      throw bad(`reference ${i + 1} ${JSON.stringify(r).slice(0, 200)} is none of {"stream", "seq"}, {"evidence", "row"} or {"period": "YYYY-Www"}`);
  });
  if (typeof row.message !== 'string' || row.message.trim() === '') throw bad('message is not text');
  return { refs: refs as RuleRef[], message: row.message };
}

export function exceptionKey(rule: string, refs: readonly RuleRef[]): string {
  return createHash('sha256').update(exceptionKeyText(rule, refs), 'utf8').digest('hex');
}
