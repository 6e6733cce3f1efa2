// Evidence tables in: a CSV or XLSX file the auditor names (or a file of an imported bundle) read as a table of
// one kind (../shared/formats/evidence-tables.md), and the tables a bundle's manifest declares, read during
// the bundle's import. Every file is read and typed before anything is written; the rows then go in with
// one transaction, so a refused file leaves the workspace as it was.
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { EvidenceKind } from '../../../shared/evidence/kinds';
import { isEvidenceKind, EVIDENCE_KINDS } from '../../../shared/evidence/kinds';
import {
  EvidenceTableError,
  MAX_PROBLEMS,
  readEvidenceTable,
  type ColumnMapping,
  type EvidenceGrid,
  type EvidenceProblem,
} from '../../../shared/evidence/table';
import type { Manifest } from '../../../shared/types';
import { InputError } from '../io/input-error';
import { readAll, type BundleSource } from '../io/source';
import { defaultActor } from '../activity';
import type { Workspace } from '../store/workspace';
import { EVIDENCE_LIMITS, readEvidenceGrid } from './grid';
import { listTables, storeTable, type EvidenceTableInfo, type PreparedTable, type StoredTable } from './store';

export type { EvidenceTableInfo, StoredTable } from './store';

/** The most bytes an evidence table's file may have, whatever its format. */
export const MAX_EVIDENCE_TABLE_BYTES = Math.max(EVIDENCE_LIMITS.csvBytes, EVIDENCE_LIMITS.workbook.fileBytes);

export interface EvidenceTableInput {
  /** a file to read */
  file?: string;
  /** or its bytes */
  bytes?: Uint8Array;
  /** how evidence references name it: for a file imported by hand, its base name (the default); for a file
   *  of a bundle (bundleId), its path in the bundle, whose stored bytes are then read */
  path?: string;
  kind: EvidenceKind;
  /** standard column → the file's header, where they differ */
  columns?: ColumnMapping;
  /** a workbook's sheet (default: the first) */
  sheet?: string;
  /** a file of this imported bundle, read from the bytes the workspace kept */
  bundleId?: number;
}

export interface EvidenceImportOptions {
  /** who imports, for the activity log */
  actor?: string;
}

/** Read one evidence file as a table and store it in one transaction. Throws EvidenceTableError (the file,
 *  row and column at fault) or InputError; the workspace is then unchanged. */
export async function importEvidenceTable(ws: Workspace, input: EvidenceTableInput, opts: EvidenceImportOptions = {}): Promise<StoredTable> {
  return (await importEvidenceTables(ws, [input], opts))[0]!;
}

/** Several files at once (e.g. two quarters' access reviews), all or none: files of one kind are read as one
 *  table, every problem of every file reported together. */
export async function importEvidenceTables(ws: Workspace, inputs: EvidenceTableInput[], opts: EvidenceImportOptions = {}): Promise<StoredTable[]> {
  const loaded = await Promise.all(inputs.map((i) => loadInput(ws, i)));
  const prepared = await prepareTables(loaded);
  const actor = opts.actor ?? defaultActor();
  return ws.db.transaction(() => prepared.map((p) => storeTable(ws, p, actor)))();
}

export function listEvidenceTables(ws: Workspace): EvidenceTableInfo[] {
  return listTables(ws);
}

/** A file and how to read it, before it is read. */
export interface LoadedFile {
  bytes: Buffer;
  path: string;
  kind: EvidenceKind;
  columns?: ColumnMapping;
  sheet?: string;
  bundleId: number | null;
}

async function loadInput(ws: Workspace, i: EvidenceTableInput): Promise<LoadedFile> {
  if (!isEvidenceKind(i.kind))
    throw new InputError(`${JSON.stringify(i.kind)} is not a kind of evidence table (the kinds: ${EVIDENCE_KINDS.join(', ')})`);
  const common = { kind: i.kind, ...(i.columns ? { columns: i.columns } : {}), ...(i.sheet !== undefined ? { sheet: i.sheet } : {}) };
  if (i.bundleId !== undefined) {
    if (i.file !== undefined || i.bytes !== undefined || !i.path)
      throw new InputError('A table from a bundle names the file by its path in the bundle only: its bytes are those the workspace kept');
    const f = ws.db.prepare('SELECT content FROM bundle_files WHERE bundle_id = ? AND path = ?').get(i.bundleId, i.path) as
      { content: Buffer | null } | undefined;
    if (!f) throw new InputError(`Bundle #${i.bundleId} has no file ${i.path}`, i.path);
    if (!f.content) throw new InputError(`${i.path} of bundle #${i.bundleId} is a stream file, not an evidence file`, i.path);
    return { bytes: f.content, path: i.path, bundleId: i.bundleId, ...common };
  }
  if ((i.file === undefined) === (i.bytes === undefined))
    throw new InputError('An evidence table is read from a file or from bytes (one of the two)');
  const name = i.path ?? (i.file !== undefined ? path.basename(i.file) : undefined);
  if (!name) throw new InputError('Evidence given as bytes needs the path its references will name');
  if (i.bytes !== undefined) return { bytes: Buffer.from(i.bytes), path: name, bundleId: null, ...common };
  const file = i.file!;
  let size: number;
  try {
    const st = await stat(file);
    if (!st.isFile()) throw new InputError(`${file} is not a file`, file);
    size = st.size;
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError(`There is no file ${file} (${(e as NodeJS.ErrnoException).code ?? String(e)})`, file);
  }
  // bounded before it is read: the format's own limit is checked again on the bytes
  if (size > MAX_EVIDENCE_TABLE_BYTES)
    throw new EvidenceTableError([
      { file: name, message: `${name} is ${size} bytes, more than an evidence table's file may be (${MAX_EVIDENCE_TABLE_BYTES} bytes)` },
    ]);
  return { bytes: await readFile(file), path: name, bundleId: null, ...common };
}

/** Read and type every file, files of one kind together; throws EvidenceTableError listing every problem. */
export async function prepareTables(files: LoadedFile[]): Promise<PreparedTable[]> {
  const grids: (EvidenceGrid & { sheet: string | null })[] = [];
  const problems: EvidenceProblem[] = [];
  const unread = new Set<number>();
  for (const [i, f] of files.entries()) {
    try {
      grids.push(await readEvidenceGrid(f.bytes, f.path, f.sheet !== undefined ? { sheet: f.sheet } : {}));
    } catch (e) {
      if (!(e instanceof EvidenceTableError)) throw e;
      problems.push(...e.problems);
      grids.push({ file: f.path, rows: [], sheet: null });
      unread.add(i);
    }
  }
  const out: PreparedTable[] = new Array<PreparedTable>(files.length);
  for (const kind of new Set(files.map((f) => f.kind))) {
    const at = files.flatMap((f, i) => (f.kind === kind && !unread.has(i) ? [i] : []));
    try {
      const tables = readEvidenceTable(
        kind,
        at.map((i) => ({ grid: grids[i]!, ...(files[i]!.columns ? { columns: files[i]!.columns } : {}) })),
      );
      at.forEach((i, k) => {
        const f = files[i]!;
        out[i] = {
          table: tables[k]!,
          sha256: createHash('sha256').update(f.bytes).digest('hex'),
          size: f.bytes.length,
          sheet: grids[i]!.sheet,
          bytes: f.bytes,
          bundleId: f.bundleId,
        };
      });
    } catch (e) {
      if (!(e instanceof EvidenceTableError)) throw e;
      problems.push(...e.problems);
    }
  }
  if (problems.length > 0) throw new EvidenceTableError(problems.slice(0, MAX_PROBLEMS));
  return out;
}

/**
 * The evidence tables a bundle's manifest declares ("table" on an evidence entry), read from the bundle
 * before its import writes anything. A declared file the bundle lacks is not read here: verification reports
 * it missing. Returns each table's bytes too, so the import stores exactly the bytes that were read.
 */
export async function readDeclaredTables(source: BundleSource, manifest: Manifest): Promise<{ tables: PreparedTable[]; bytes: Map<string, Buffer> }> {
  const files: LoadedFile[] = [];
  const bytes = new Map<string, Buffer>();
  for (const ev of manifest.evidence) {
    if (!ev.table || !source.has(ev.path)) continue;
    const b = await readAll(source, ev.path, MAX_EVIDENCE_TABLE_BYTES);
    bytes.set(ev.path, b);
    files.push({
      bytes: b,
      path: ev.path,
      kind: ev.table.kind,
      bundleId: null, // set once the bundle has its id
      ...(ev.table.columns ? { columns: ev.table.columns } : {}),
      ...(ev.table.sheet !== undefined ? { sheet: ev.table.sheet } : {}),
    });
  }
  return { tables: files.length > 0 ? await prepareTables(files) : [], bytes };
}
