// Duplicates per source, by the identity the source itself gives a record (#15):
//   FHIR AuditEvent  the same resource `id`, read from the raw record as stored (events.raw is the record as
//                    received: its NDJSON line, or the RFC 8785 form of a Bundle entry's resource)
//   Tickmark bundle  the same seq twice in a stream: already a finding of verification ('seq-duplicate'),
//                    counted from the latest run rather than found again
import type { Duplicates } from '../../../shared/coverage/coverage';
import type { StreamReport } from '../../../shared/types';
import type { DB } from '../store/workspace';

const EXAMPLES = 5;

// the first line of an NDJSON export may keep its byte-order mark; json_valid guards json_extract, which
// throws on text that is not JSON (custody-check.ts reports such a row for what it is)
const FHIR_DUPLICATES_SQL = `
WITH r AS (
  SELECT line, CASE WHEN substr(raw, 1, 1) = char(65279) THEN substr(raw, 2) ELSE raw END AS j
  FROM events WHERE stream_id = ?
), ids AS (
  SELECT CASE WHEN json_valid(j) THEN json_extract(j, '$.id') END AS rid, line FROM r
)
SELECT rid, COUNT(*) AS n, MIN(line) AS first, MAX(line) AS last FROM ids
WHERE rid IS NOT NULL GROUP BY rid HAVING COUNT(*) > 1 ORDER BY MIN(line)`;

export function fhirDuplicates(db: DB, streamId: number, fileName: string): Duplicates {
  const rows = db.prepare(FHIR_DUPLICATES_SQL).all(streamId) as { rid: unknown; n: number; first: number; last: number }[];
  return {
    basis: 'resource id',
    checked: true,
    extra: rows.reduce((a, r) => a + r.n - 1, 0),
    examples: rows
      .slice(0, EXAMPLES)
      .map((r) => ({ key: String(r.rid), where: `${fileName}: ${r.n} records, the first at line ${r.first}, the last at line ${r.last}` })),
  };
}

/** From the stream's latest verification (null: never verified, so not known). */
export function bundleDuplicates(report: StreamReport | null): Duplicates {
  if (report === null) return { basis: 'seq', checked: false, extra: 0, examples: [] };
  const found = report.findings.filter((f) => f.code === 'seq-duplicate');
  return {
    basis: 'seq',
    checked: true,
    extra: found.length + (report.suppressed['seq-duplicate'] ?? 0),
    examples: found.slice(0, EXAMPLES).map((f) => ({
      key: `seq ${f.seq ?? '?'}`,
      where: f.file ? `${f.file}${f.line !== undefined ? ` line ${f.line}` : ''}` : report.id,
    })),
  };
}
