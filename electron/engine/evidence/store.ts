// Writing typed evidence tables into the workspace (schema 8: evidence_tables and et_<kind>), and reading the
// list back. Synchronous, and always called inside the caller's transaction (a hand import's, or a bundle
// import's), so a refused table leaves nothing behind and its activity-log entry lands with it.
//
// Identity: a table is its file (path and SHA-256) read as a kind, with a sheet and a mapping. The same file
// again with the same reading is not stored twice (status 'duplicate'); the same file read differently is
// refused, since the rows would then count twice in every rule. Two different files imported by hand under
// one name are refused too: a reference {"evidence": name, "row": n} must find one row.
import type { EvidenceKind } from '../../../shared/evidence/kinds';
import { dbColumns, type ColumnMapping, type TypedTable } from '../../../shared/evidence/table';
import { InputError } from '../io/input-error';
import { logActivity } from '../activity';
import type { Workspace } from '../store/workspace';

/** One evidence table as the workspace holds it. */
export interface EvidenceTableInfo {
  id: number;
  kind: EvidenceKind;
  /** how evidence references name the file: its path in the bundle, or the base name of a file imported by hand */
  path: string;
  sha256: string;
  size: number;
  /** the workbook's sheet read, or null for CSV */
  sheet: string | null;
  /** the mapping as applied: standard column → the file's header */
  columns: ColumnMapping;
  rowCount: number;
  /** the bundle whose file it is, or null for a file imported by hand (its bytes are then kept with the table) */
  bundleId: number | null;
  importedAt: string;
  importedBy: string;
}

/** A file read and typed, ready to be stored. */
export interface PreparedTable {
  table: TypedTable;
  sha256: string;
  size: number;
  sheet: string | null;
  /** the bytes, kept in evidence_tables.content when they are not in bundle_files */
  bytes: Buffer;
  bundleId: number | null;
}

export interface StoredTable {
  status: 'imported' | 'duplicate';
  table: EvidenceTableInfo;
}

interface Row {
  id: number;
  kind: string;
  path: string;
  sha256: string;
  size: number;
  sheet: string | null;
  columns: string;
  row_count: number;
  bundle_id: number | null;
  imported_at: string;
  imported_by: string;
}

function info(r: Row): EvidenceTableInfo {
  return {
    id: r.id,
    kind: r.kind as EvidenceKind,
    path: r.path,
    sha256: r.sha256,
    size: r.size,
    sheet: r.sheet,
    columns: JSON.parse(r.columns) as ColumnMapping,
    rowCount: r.row_count,
    bundleId: r.bundle_id,
    importedAt: r.imported_at,
    importedBy: r.imported_by,
  };
}

const SELECT = 'SELECT id, kind, path, sha256, size, sheet, columns, row_count, bundle_id, imported_at, imported_by FROM evidence_tables';

export function listTables(ws: Workspace): EvidenceTableInfo[] {
  return (ws.db.prepare(`${SELECT} ORDER BY id`).all() as Row[]).map(info);
}

/** Store one prepared table (inside a transaction), logging it; or find it already stored. */
export function storeTable(ws: Workspace, p: PreparedTable, actor: string): StoredTable {
  if (!ws.db.inTransaction) throw new Error('storeTable runs inside the caller’s transaction');
  const { table } = p;
  const eng = ws.engagement();
  const columns = JSON.stringify(table.columns);
  const same = ws.db.prepare(`${SELECT} WHERE engagement_id = ? AND path = ? AND sha256 = ?`).get(eng.id, table.file, p.sha256) as Row | undefined;
  if (same) {
    if (same.kind === table.kind && same.sheet === p.sheet && same.columns === columns) return { status: 'duplicate', table: info(same) };
    throw new InputError(
      `${table.file} (SHA-256 ${p.sha256.slice(0, 16)}…) is already in the workspace as evidence table #${same.id}, read as ${same.kind}${same.sheet ? ` from sheet "${same.sheet}"` : ''} with the columns ${same.columns}; reading it again as ${table.kind}${p.sheet ? ` from sheet "${p.sheet}"` : ''} with ${columns} would count its rows twice. Nothing was added.`,
      table.file,
    );
  }
  if (p.bundleId === null) {
    const clash = ws.db
      .prepare(`${SELECT} WHERE engagement_id = ? AND path = ? AND bundle_id IS NULL AND sha256 <> ?`)
      .get(eng.id, table.file, p.sha256) as Row | undefined;
    if (clash)
      throw new InputError(
        `Another file named ${table.file} is already evidence table #${clash.id} (SHA-256 ${clash.sha256.slice(0, 16)}…, imported ${clash.imported_at}); this one has SHA-256 ${p.sha256.slice(0, 16)}…. Rename one of them so that a reference to "${table.file}" row n names one row. Nothing was added.`,
        table.file,
      );
  }
  const now = new Date().toISOString();
  const id = Number(
    ws.db
      .prepare(
        'INSERT INTO evidence_tables (engagement_id, bundle_id, kind, path, sha256, size, sheet, columns, row_count, content, imported_at, imported_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      )
      .run(
        eng.id,
        p.bundleId,
        table.kind,
        table.file,
        p.sha256,
        p.size,
        p.sheet,
        columns,
        table.rows.length,
        p.bundleId === null ? p.bytes : null,
        now,
        actor,
      ).lastInsertRowid,
  );
  insertRows(ws, id, table);
  logActivity(ws, actor, 'import-evidence-table', table.file, {
    table: id,
    kind: table.kind,
    sha256: p.sha256,
    size: p.size,
    sheet: p.sheet,
    columns: table.columns,
    rows: table.rows.length,
    bundle: p.bundleId,
  });
  return { status: 'imported', table: info(ws.db.prepare(`${SELECT} WHERE id = ?`).get(id) as Row) };
}

function insertRows(ws: Workspace, tableId: number, table: TypedTable): void {
  // the table and column names are Tickmark's own (kinds.ts), never read from the file
  const cols = dbColumns(table.kind);
  const ins = ws.db.prepare(
    `INSERT INTO et_${table.kind} (table_id, row_no, ${cols.join(', ')}, extra) VALUES (?, ?, ${cols.map(() => '?').join(', ')}, ?)`,
  );
  for (const r of table.rows) ins.run(tableId, r.row, ...cols.map((c) => r.values[c] ?? null), JSON.stringify(r.extra));
}
