// An evidence file's cells → a typed table of one kind (../shared/formats/evidence-tables.md). The cells come
// from the engine's CSV or XLSX reader (electron/engine/evidence/grid.ts) as text, each row with the number a
// spreadsheet shows (header = row 1, first data row = 2); this file does everything else, without I/O:
//
// 1. Header: each cell trimmed; names are matched without regard to case. A standard column is read from the
//    header the mapping names for it (standard name → the file's header), else from the header of its own
//    name. A required column found nowhere is an error naming the file and the column. Two headers with one
//    name (in any case) are an error: which one is meant cannot be told.
// 2. Rows: a row whose cells are all empty is skipped (it keeps its number; the rows after it keep theirs).
//    A CSV record must have the header's number of fields (RFC 4180 §2.4; a different count is nearly always
//    a quoting slip); an XLSX row may be shorter, but may not have a value under no header.
// 3. Cells of standard columns are trimmed and read by type (values.ts); every other column is kept as
//    written, in `extra` (header → text).
// Problems are collected (up to MAX_PROBLEMS) so that the auditor sees them together; any problem refuses
// the whole table, and a table read from several files is refused if any of them is.
import { KIND_COLUMNS, timePrefix, type ColumnSpec, type EvidenceKind } from './kinds';
import { quoted, readBool, readEnum, readNumber, readTime } from './values';

export interface GridRow {
  /** the row number a spreadsheet shows: the header is 1 */
  row: number;
  cells: string[];
}

/** An evidence file's cells as text, header first. */
export interface EvidenceGrid {
  /** the file as messages and evidence references name it (its path in the bundle, or its base name) */
  file: string;
  rows: GridRow[];
  /** every row has the header's width (CSV); else rows may be shorter (XLSX) */
  fixedWidth?: boolean;
}

/** standard column name → the file's header it is read from */
export type ColumnMapping = Record<string, string>;

export interface EvidenceProblem {
  file: string;
  row?: number;
  column?: string;
  /** the whole sentence, starting with the file */
  message: string;
}

/** Why an evidence table was refused: the first problem, naming the file (and row and column), and all of them. */
export class EvidenceTableError extends Error {
  override name = 'EvidenceTableError';
  readonly file: string;
  readonly row?: number;
  readonly column?: string;
  constructor(readonly problems: EvidenceProblem[]) {
    const first = problems[0]!;
    const more = problems.length - 1;
    super(`${first.message}${more > 0 ? ` (and ${more} more problem${more === 1 ? '' : 's'}${more >= MAX_PROBLEMS - 1 ? ' at least' : ''})` : ''}`);
    this.file = first.file;
    if (first.row !== undefined) this.row = first.row;
    if (first.column !== undefined) this.column = first.column;
  }
  /** spelled like the engine's InputError, so that the CLI and the UI show the row */
  get line(): number | undefined {
    return this.row;
  }
}

export const MAX_PROBLEMS = 20;

export type CellValue = string | number | null;

export interface TypedRow {
  file: string;
  row: number;
  /** workspace column → value (see dbColumns) */
  values: Record<string, CellValue>;
  /** the other columns: header as written → cell as written */
  extra: Record<string, string>;
}

export interface TypedTable {
  kind: EvidenceKind;
  file: string;
  /** the mapping as applied: each standard column found → the header (as written) it was read from */
  columns: ColumnMapping;
  /** headers kept in `extra` */
  extraColumns: string[];
  rows: TypedRow[];
}

export interface TableInput {
  grid: EvidenceGrid;
  columns?: ColumnMapping;
}

/** The workspace columns of a kind's et_<kind> table besides table_id, row_no and extra, in order. */
export function dbColumns(kind: EvidenceKind): string[] {
  return KIND_COLUMNS[kind].flatMap((c) => (c.type === 'time' ? [c.name, `${timePrefix(c.name)}_from_ms`, `${timePrefix(c.name)}_to_ms`] : [c.name]));
}

/** Problems with a mapping itself, whatever the file: each completes "the mapping …". */
export function mappingProblems(kind: EvidenceKind, columns: ColumnMapping): string[] {
  const specs = KIND_COLUMNS[kind];
  const out: string[] = [];
  const seen = new Map<string, string>();
  for (const [std, header] of Object.entries(columns)) {
    if (!specs.some((c) => c.name === std))
      out.push(`names ${quoted(std)}, which is not a column of kind ${kind} (its columns: ${specs.map((c) => c.name).join(', ')})`);
    const h = header.trim().toLowerCase();
    if (h === '') out.push(`gives ${std} an empty header`);
    const other = seen.get(h);
    if (other !== undefined) out.push(`reads both ${other} and ${std} from the header ${quoted(header)}`);
    seen.set(h, std);
  }
  return out;
}

/** A column's letter as a spreadsheet shows it: 0 → A, 26 → AA. */
export function columnLetter(i: number): string {
  let s = '';
  for (let n = i + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

class Problems {
  readonly list: EvidenceProblem[] = [];
  get full(): boolean {
    return this.list.length >= MAX_PROBLEMS;
  }
  add(p: EvidenceProblem): void {
    if (!this.full) this.list.push(p);
  }
}

/**
 * Read files of one kind as one table: each file's rows keep their file and row number. Throws
 * EvidenceTableError naming every problem (file, row, column) when any file cannot be read as `kind`.
 */
export function readEvidenceTable(kind: EvidenceKind, inputs: TableInput[]): TypedTable[] {
  const problems = new Problems();
  const out: TypedTable[] = [];
  for (const input of inputs) {
    const t = readOne(kind, input, problems);
    if (t) out.push(t);
  }
  if (problems.list.length > 0) throw new EvidenceTableError(problems.list);
  return out;
}

interface Bound {
  spec: ColumnSpec;
  /** index of its cell, or undefined when an optional column is absent */
  at: number | undefined;
  /** how messages name it: the standard name, with the file's header when it differs */
  label: string;
}

function readOne(kind: EvidenceKind, { grid, columns = {} }: TableInput, problems: Problems): TypedTable | null {
  const file = grid.file;
  const before = problems.list.length;
  for (const p of mappingProblems(kind, columns)) problems.add({ file, message: `${file}: the column mapping ${p}` });
  const head = grid.rows[0];
  if (!head || head.row !== 1 || head.cells.every((c) => c.trim() === '')) {
    problems.add({ file, row: 1, message: `${file} has no header in row 1: the first row names the columns` });
    return null;
  }
  const headers = head.cells.map((c) => c.trim());
  // header (lower case) → its index; a name twice is refused
  const index = new Map<string, number>();
  headers.forEach((h, i) => {
    if (h === '') return;
    const k = h.toLowerCase();
    const first = index.get(k);
    if (first !== undefined)
      problems.add({
        file,
        row: 1,
        column: h,
        message: `${file} row 1: columns ${columnLetter(first)} and ${columnLetter(i)} are both named ${quoted(h)} (names are compared without regard to case)`,
      });
    else index.set(k, i);
  });

  const specs = KIND_COLUMNS[kind];
  const bound: Bound[] = [];
  const used = new Set<number>();
  for (const spec of specs) {
    const header = columns[spec.name] ?? spec.name;
    const at = index.get(header.trim().toLowerCase());
    if (at === undefined) {
      if (columns[spec.name] !== undefined)
        problems.add({
          file,
          column: spec.name,
          message: `${file} has no column ${quoted(header)}, from which the mapping reads ${spec.name} (its columns: ${listed(headers)})`,
        });
      else if (spec.required)
        problems.add({
          file,
          column: spec.name,
          message: `${file} has no column ${spec.name}, which a table of kind ${kind} requires (its columns: ${listed(headers)}; map another header to it if it is named differently)`,
        });
      bound.push({ spec, at: undefined, label: spec.name });
      continue;
    }
    used.add(at);
    bound.push({ spec, at, label: headers[at]!.toLowerCase() === spec.name ? spec.name : `${spec.name} (${quoted(headers[at]!)})` });
  }
  const extras = headers.map((h, i) => ({ h, i })).filter(({ h, i }) => h !== '' && !used.has(i));
  if (problems.list.length > before) return null;

  const rows: TypedRow[] = [];
  for (const r of grid.rows.slice(1)) {
    if (problems.full) break;
    if (r.cells.every((c) => c.trim() === '')) continue;
    const at = `${file} row ${r.row}`;
    if (grid.fixedWidth && r.cells.length !== headers.length) {
      problems.add({
        file,
        row: r.row,
        message: `${at} has ${r.cells.length} field${r.cells.length === 1 ? '' : 's'} where the header has ${headers.length}: check its quoting (a value with a comma, quote or line break must be in double quotes)`,
      });
      continue;
    }
    const stray = r.cells.findIndex((c, i) => c.trim() !== '' && (i >= headers.length || headers[i] === ''));
    if (stray >= 0) {
      problems.add({
        file,
        row: r.row,
        column: columnLetter(stray),
        message: `${at}, column ${columnLetter(stray)}: ${quoted(r.cells[stray]!)} is under no header (name the column in row 1, or remove the value)`,
      });
      continue;
    }
    const values: Record<string, CellValue> = {};
    let bad = false;
    for (const b of bound) {
      const problem = readCell(b, b.at === undefined ? null : (r.cells[b.at] ?? '').trim(), values, kind);
      if (problem) {
        bad = true;
        problems.add({ file, row: r.row, column: b.spec.name, message: `${at}, column ${b.label}: ${problem}` });
      }
    }
    if (bad) continue;
    const extra: Record<string, string> = {};
    for (const { h, i } of extras) extra[h] = r.cells[i] ?? '';
    rows.push({ file, row: r.row, values, extra });
  }
  const mapping: ColumnMapping = {};
  for (const b of bound) if (b.at !== undefined) mapping[b.spec.name] = headers[b.at]!;
  return { kind, file, columns: mapping, extraColumns: extras.map((e) => e.h), rows };
}

function listed(headers: string[]): string {
  const named = headers.filter((h) => h !== '');
  return named.length === 0 ? 'none' : named.map((h) => quoted(h, 40)).join(', ');
}

/**
 * One standard cell into `values` (its workspace columns); returns a problem or null. `raw` is null when an
 * optional column is absent. An empty cell is '' in a required text or time column (the text as written)
 * and NULL in an optional one; booleans are 0; a time's instants are NULL when it is empty.
 */
function readCell(b: Bound, raw: string | null, values: Record<string, CellValue>, kind: EvidenceKind): string | null {
  const { spec } = b;
  const text = raw ?? '';
  const empty = text === '';
  if (empty && spec.filled) return `is empty; every ${kind} row needs its ${spec.name}`;
  const blank = spec.required ? '' : null;
  switch (spec.type) {
    case 'text':
      values[spec.name] = empty ? blank : text;
      return null;
    case 'time': {
      const p = timePrefix(spec.name);
      values[spec.name] = empty ? blank : text;
      values[`${p}_from_ms`] = null;
      values[`${p}_to_ms`] = null;
      if (empty) return null;
      const t = readTime(text);
      if (!t.ok) return t.problem;
      values[`${p}_from_ms`] = t.value.fromMs;
      values[`${p}_to_ms`] = t.value.toMs;
      return null;
    }
    case 'bool': {
      const v = readBool(text);
      if (!v.ok) return v.problem;
      values[spec.name] = v.value;
      return null;
    }
    case 'enum': {
      if (empty) {
        values[spec.name] = null;
        return null;
      }
      const v = readEnum(text, spec.values ?? []);
      if (!v.ok) return v.problem;
      values[spec.name] = v.value;
      return null;
    }
    case 'number': {
      if (empty) {
        values[spec.name] = null;
        return null;
      }
      const v = readNumber(text);
      if (!v.ok) return v.problem;
      values[spec.name] = v.value;
      return null;
    }
  }
}
