// TEST-ONLY: evidence table rows written straight into evidence_tables and et_<kind> (workspace schema 8),
// standing in for h-evidence's importer (electron/engine/evidence/) until it lands on main. Values are
// given as the importer would store them (evidence-tables.md reading rules): a time column as its text
// plus the instants it covers (a YYYY-MM-DD date: its UTC day [00:00, next 00:00); a timestamp: [t, t]);
// booleans 0/1; enumerations in the spec's case. Row numbers are spreadsheet rows: the first data row is 2.
import { createHash } from 'node:crypto';
import type { EvidenceTableKind } from '../../shared/analytics';
import type { Workspace } from '../../electron/engine/store/workspace';

type Value = string | number | boolean | null | undefined;

/** The time columns of each kind: the text column and the prefix of its _from_ms/_to_ms columns. */
const TIME_COLUMNS: Record<EvidenceTableKind, [string, string][]> = {
  hr_roster: [
    ['hired_on', 'hired'],
    ['terminated_on', 'terminated'],
  ],
  access_review: [
    ['reviewed_on', 'reviewed'],
    ['actioned_on', 'actioned'],
  ],
  approved_access: [
    ['approved_on', 'approved'],
    ['expires_on', 'expires'],
  ],
  change_log: [
    ['change_ts', 'change'],
    ['approved_ts', 'approved'],
  ],
  restore_test: [['performed_on', 'performed']],
  identity_map: [],
};

const DAY = 86_400_000;

/** The instants a time text covers, as the importer reads it (null, null when empty). */
export function instants(text: string | null | undefined): [number | null, number | null] {
  if (text === null || text === undefined || text.trim() === '') return [null, null];
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) {
    const from = Date.parse(`${text}T00:00:00Z`);
    return [from, from + DAY];
  }
  const t = Date.parse(text);
  if (Number.isNaN(t)) throw new Error(`test helper: ${text} is not a date or timestamp`);
  return [t, t];
}

/**
 * Insert one evidence table of `kind` with these rows (standard column names), as if imported from `path`.
 * `bundleId`: the bundle it came with (null: imported by the auditor outside a bundle). Returns the table id.
 */
export function insertEvidenceRowsDirectly(
  ws: Workspace,
  kind: EvidenceTableKind,
  path: string,
  rows: Record<string, Value>[],
  bundleId: number | null = null,
): number {
  const sha = createHash('sha256')
    .update(`${kind}:${path}:${JSON.stringify(rows)}`)
    .digest('hex');
  return ws.db.transaction(() => {
    const tableId = Number(
      ws.db
        .prepare(
          `INSERT INTO evidence_tables (engagement_id, bundle_id, kind, path, sha256, size, sheet, columns, row_count, content, imported_at, imported_by)
           VALUES (?, ?, ?, ?, ?, 0, NULL, '{}', ?, NULL, ?, 'test-helper')`,
        )
        .run(ws.engagement().id, bundleId, kind, path, sha, rows.length, new Date().toISOString()).lastInsertRowid,
    );
    rows.forEach((r, i) => {
      const cols: Record<string, Value> = { table_id: tableId, row_no: i + 2 };
      for (const [k, v] of Object.entries(r)) cols[k] = typeof v === 'boolean' ? (v ? 1 : 0) : v;
      for (const [text, prefix] of TIME_COLUMNS[kind]) {
        const [from, to] = instants(r[text] as string | null | undefined);
        cols[`${prefix}_from_ms`] = from;
        cols[`${prefix}_to_ms`] = to;
      }
      const names = Object.keys(cols);
      ws.db
        .prepare(`INSERT INTO et_${kind} (${names.join(', ')}) VALUES (${names.map(() => '?').join(', ')})`)
        .run(...names.map((n) => (cols[n] === undefined ? null : cols[n])));
    });
    return tableId;
  })();
}
