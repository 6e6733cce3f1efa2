// Binds the stored columns to the verified lines. Verifying a workspace re-verifies the raw lines it kept
// (workspace-source.ts), but filters, populations and samples read the columns taken from those lines at
// import (category, actor_id, outcome, …): an edit of a column alone would change them unseen. So, in the
// same reading of the rows, every stored column is derived again from its row's line by the one definition
// of the fields (shared/event.ts, read the fast way — import-batch.ts fieldsFast, held to the reference
// parser by the tests — on the verification's worker threads when it has them) and every difference is an
// error finding.
// Also checked: a row's line number is its position in its file, every row belongs to a stream file the
// manifest names (rows anywhere else would never be verified), and the stream rows say what the manifest
// says.
import { isUtf8 } from 'node:buffer';
import { parseEventLine, EventLineError } from '../../../shared/event';
import { FindingList } from '../../../shared/findings';
import type { EventFields, Finding, FindingCode, VerificationReport } from '../../../shared/types';
import { fieldsAt, type PackedFields } from '../batch-fields';
import { fieldsFast } from '../import-batch';
import type { DigestPool } from '../digest-pool';
import { batchOf, type RawLineBatch } from '../io/lines';
import type { Workspace } from './workspace';

/** The columns of an event row taken from its line, in the order the row query gives them after `line, raw`. */
export const STORED_COLUMNS = ['seq', 'ts', 'ts_ms', 'category', 'action', 'actor_id', 'actor_type', 'target', 'outcome', 'mfa'] as const;

/** The row query's columns: line number, the line's bytes, then STORED_COLUMNS. */
export const ROW_SELECT = `line, CAST(raw AS BLOB) AS raw, ${STORED_COLUMNS.join(', ')}`;

/** A row as the query gives it (better-sqlite3 raw mode): [line, raw, ...STORED_COLUMNS]. */
export type StoredRow = unknown[];

/** What each stored column should hold for the fields of its line, in STORED_COLUMNS order. */
function storedValues(f: EventFields): unknown[] {
  return [f.seq, f.ts, f.tsMs, f.category, f.action, f.actorId, f.actorType, f.target, f.outcome, f.mfa === null ? null : f.mfa ? 1 : 0];
}

/** batches of one file being compared at once at most, before the reading waits for the oldest */
const MAX_PENDING = 4;

/** A value as the finding shows it: strings quoted, NULL as null, a blob by its bytes. */
function shown(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (Buffer.isBuffer(v)) return `x'${v.toString('hex')}'`;
  return typeof v === 'string' ? JSON.stringify(v) : String(v);
}

interface StreamRow {
  id: number;
  key: string;
  origin: string;
  files: string;
  firstSeq: number;
  declaredCount: number;
  importedCount: number;
}

interface ManifestStream {
  id: string;
  origin?: unknown;
  files?: unknown;
  first_seq?: unknown;
  event_count?: unknown;
}

/** One stream file's reading: its rows, in line order, batch after batch. */
export class FileCheck {
  /** the line number the next row should have */
  private nextLine = 1;
  private pending: Promise<void>[] = [];
  private tail: Promise<void> = Promise.resolve();
  /** the last line number compared, and whether the reading got to the file's end */
  lastLine = 0;
  complete = false;
  rows = 0;

  constructor(
    private readonly check: StoredFieldsCheck,
    readonly streamKey: string,
    readonly file: string,
  ) {}

  /** Compare a batch of rows (`b` holds their lines; it is not kept nor handed on). */
  async batch(rows: readonly StoredRow[], b: RawLineBatch): Promise<void> {
    this.positions(rows);
    this.rows += rows.length;
    // the verification hands `b` to its own workers: the derivation works on a copy
    const buf = new Uint8Array(b.buf.subarray(0, b.spans[2 * b.n - 1] ?? 0));
    const spans = b.spans.slice(0, 2 * b.n);
    const fields = this.check.derive(buf, spans, b.n);
    // compared in reading order, so that the findings come in line order
    this.tail = Promise.all([fields, this.tail]).then(([p]) => this.compare(rows, p));
    this.pending.push(this.tail);
    while (this.pending.length > MAX_PENDING) await this.pending.shift();
  }

  end(): void {
    this.complete = true;
  }

  async done(): Promise<void> {
    await this.tail;
    this.pending = [];
  }

  /** A row's line number is its position in the file; after a difference, counting goes on from it. */
  private positions(rows: readonly StoredRow[]): void {
    for (const r of rows) {
      const line = r[0] as number;
      if (line !== this.nextLine) {
        this.check.add(this.streamKey, 'stored-field-mismatch', {
          seq: typeof r[2] === 'number' ? r[2] : undefined,
          file: this.file,
          line,
          expected: `line = ${this.nextLine}`,
          found: `line = ${shown(line)}`,
          message:
            `${this.file}: the row stored as line ${shown(line)} ${this.nextLine === 1 ? 'is the first in line order' : `comes after line ${this.nextLine - 1}`}, so its line number should be ${this.nextLine}. ` +
            `Rows were added, removed or renumbered in the workspace after import.`,
        });
      }
      if (typeof line === 'number') {
        this.nextLine = line + 1;
        this.lastLine = line;
      }
    }
  }

  private compare(rows: readonly StoredRow[], p: PackedFields): void {
    const bad = p.errors[0]?.[0] ?? p.n;
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i]!;
      const f = i < bad ? fieldsAt(p, i) : deriveOne(p, i);
      const line = row[0] as number;
      if (typeof f === 'string') {
        this.check.add(this.streamKey, 'stored-field-mismatch', {
          file: this.file,
          line,
          message: `${this.file} line ${line}: the stored line ${f}, so the columns stored with it cannot be derived from it and are not bound to verified content.`,
        });
        continue;
      }
      const want = storedValues(f);
      for (let k = 0; k < STORED_COLUMNS.length; k++) {
        const found = row[k + 2];
        if (found === want[k]) continue;
        const column = STORED_COLUMNS[k]!;
        this.check.add(this.streamKey, 'stored-field-mismatch', {
          seq: f.seq,
          file: this.file,
          line,
          expected: `${column} = ${shown(want[k])}`,
          found: `${column} = ${shown(found)}`,
          message:
            `Stream ${this.streamKey} seq ${f.seq} (${this.file} line ${line}): the workspace stores ${column} ${shown(found)}, but the verified line says ${shown(want[k])}. ` +
            `The row was changed after import; filters, populations and samples that use ${column} would be wrong.`,
        });
      }
    }
  }
}

/** Fields of record i of a batch, or what keeps its line from being an event. */
function deriveOne(p: PackedFields, i: number): EventFields | string {
  const line = Buffer.from(p.buf.buffer, p.buf.byteOffset + p.spans[2 * i]!, p.spans[2 * i + 1]! - p.spans[2 * i]!);
  if (!isUtf8(line)) return 'is not valid UTF-8';
  try {
    return parseEventLine(line.toString('utf8')).fields;
  } catch (e) {
    if (!(e instanceof EventLineError)) throw e;
    return e.message;
  }
}

/**
 * The check of one bundle's rows. workspace-source.ts feeds it the rows it reads for the verification;
 * finish() then compares what that reading did not reach (a verification stops at an unreadable line),
 * looks for rows outside the manifest's files, and returns the findings by stream.
 */
export class StoredFieldsCheck {
  private readonly lists = new Map<string, FindingList>();
  private readonly topLevel: Finding[] = [];
  private readonly files = new Map<string, FileCheck>();
  private readonly streams: StreamRow[];
  private readonly manifest: ManifestStream[] | null;

  constructor(
    private readonly ws: Workspace,
    private readonly bundleId: number,
    private readonly pool: DigestPool | null = null,
  ) {
    this.streams = ws.db
      .prepare(
        'SELECT id, stream_key AS key, origin, files, first_seq AS firstSeq, declared_count AS declaredCount, imported_count AS importedCount FROM streams WHERE bundle_id = ? ORDER BY id',
      )
      .all(bundleId) as StreamRow[];
    const m = ws.db.prepare("SELECT content FROM bundle_files WHERE bundle_id = ? AND path = 'manifest.json'").pluck().get(bundleId) as
      Buffer | null | undefined;
    let streams: ManifestStream[] | null = null;
    try {
      const parsed = m ? (JSON.parse(m.toString('utf8')) as { streams?: unknown }) : null;
      if (parsed && Array.isArray(parsed.streams))
        streams = (parsed.streams as ManifestStream[]).filter((s) => s !== null && typeof s === 'object' && typeof s.id === 'string');
    } catch {
      // an unreadable manifest is the verification's finding; nothing here can be derived from it
    }
    this.manifest = streams;
  }

  /** The fields of a batch's lines (the fast scan, held to the reference parser; on a worker when there are any). */
  derive(buf: Uint8Array, spans: Int32Array, n: number): Promise<PackedFields> {
    return this.pool ? this.pool.fields(buf, spans, n) : Promise.resolve(fieldsFast(buf, spans, n));
  }

  /** The check of a stream file as it is read (one per file; reading it again starts over). */
  file(streamId: number, fileNo: number, path: string): FileCheck {
    const key = this.streams.find((s) => s.id === streamId)?.key ?? `#${streamId}`;
    const f = new FileCheck(this, key, path);
    this.files.set(`${streamId}/${fileNo}`, f);
    return f;
  }

  add(stream: string | null, code: FindingCode, f: Omit<Finding, 'code' | 'severity' | 'stream'>): void {
    const finding: Finding = { code, severity: 'error', ...(stream !== null ? { stream } : {}), ...f };
    if (stream === null) {
      this.topLevel.push(finding);
      return;
    }
    let list = this.lists.get(stream);
    if (!list) this.lists.set(stream, (list = new FindingList()));
    list.add(finding);
  }

  /** Everything the reading did not compare, then the findings: per stream key, and those of no stream. */
  async finish(): Promise<{ byStream: Map<string, FindingList>; other: Finding[] }> {
    for (const f of this.files.values()) await f.done();
    const rowsOf = new Map<number, number>();
    for (const s of this.streams) {
      const listed = this.manifest?.find((m) => m.id === s.key);
      const files = parseFiles(s.files);
      let rows = 0;
      for (let fileNo = 0; fileNo < files.length; fileNo++) rows += await this.rest(s, fileNo, files[fileNo]!);
      rowsOf.set(s.id, rows);
      this.outside(s, listed ? files.length : 0);
      if (listed) this.streamRow(s, listed, rows);
    }
    return { byStream: this.lists, other: this.topLevel };
  }

  /** The rows of a file the verification's reading did not get to, compared the same way; its row count. */
  private async rest(s: StreamRow, fileNo: number, path: string): Promise<number> {
    const seen = this.files.get(`${s.id}/${fileNo}`);
    if (seen?.complete) return seen.rows;
    const f = seen ?? this.file(s.id, fileNo, path);
    const stmt = this.ws.db.prepare(`SELECT ${ROW_SELECT} FROM events WHERE stream_id = ? AND file_no = ? AND line > ? ORDER BY line`).raw();
    let rows: StoredRow[] = [];
    let bytes = 0;
    const flush = async (): Promise<void> => {
      await f.batch(
        rows,
        batchOf(
          rows.map((r) => r[1] as Buffer),
          rows[0]![0] as number,
          0,
        ),
      );
      rows = [];
      bytes = 0;
    };
    for (const r of stmt.iterate(s.id, fileNo, seen ? seen.lastLine : Number.MIN_SAFE_INTEGER) as IterableIterator<StoredRow>) {
      rows.push(r);
      bytes += (r[1] as Buffer).length;
      if (bytes >= 1 << 20) await flush();
    }
    if (rows.length > 0) await flush();
    f.end();
    await f.done();
    return f.rows;
  }

  /** Rows of the stream that no file of the manifest holds: the verification never reads them. */
  private outside(s: StreamRow, files: number): void {
    const groups = this.ws.db
      .prepare(
        'SELECT file_no AS fileNo, COUNT(*) AS n, MIN(line) AS line FROM events WHERE stream_id = ? AND (file_no < 0 OR file_no >= ?) GROUP BY file_no ORDER BY file_no',
      )
      .all(s.id, files) as { fileNo: number; n: number; line: number }[];
    for (const g of groups) {
      this.add(s.key, 'stored-row-unverified', {
        found: `${g.n} row${g.n === 1 ? '' : 's'} with file_no ${shown(g.fileNo)}`,
        message:
          files === 0
            ? `Stream ${s.key} is not in the bundle's manifest, yet the workspace holds ${g.n} event row${g.n === 1 ? '' : 's'} for it: no verification covers them. They were added after import.`
            : `The workspace holds ${g.n} event row${g.n === 1 ? '' : 's'} of stream ${s.key} in file number ${shown(g.fileNo)} (from line ${g.line}), which the manifest does not have: no verification covers them. They were added after import.`,
      });
    }
  }

  /** The stream's row against the manifest entry it was made from (the manifest's bytes are verified). */
  private streamRow(s: StreamRow, m: ManifestStream, rows: number): void {
    const checks: [string, unknown, unknown][] = [
      ['origin', s.origin, m.origin],
      ['files', s.files, JSON.stringify(m.files)],
      ['first_seq', s.firstSeq, m.first_seq],
      ['declared_count', s.declaredCount, m.event_count],
      ['imported_count', s.importedCount, rows],
    ];
    for (const [column, found, expected] of checks) {
      if (found === expected) continue;
      this.add(s.key, 'stored-field-mismatch', {
        expected: `${column} = ${shown(expected)}`,
        found: `${column} = ${shown(found)}`,
        message: `Stream ${s.key}: the workspace's stream row stores ${column} ${shown(found)}, but ${column === 'imported_count' ? 'it has' : 'the verified manifest says'} ${shown(expected)}. The row was changed after import.`,
      });
    }
  }
}

function parseFiles(json: string): string[] {
  try {
    const v = JSON.parse(json) as unknown;
    return Array.isArray(v) ? v.map(String) : [];
  } catch {
    return [];
  }
}

/** The check's findings put in the verification's report: each stream's with its own (capped as the
 *  verifier caps them), and the stream and the report failed wherever there is one. */
export function addStoredFindings(report: VerificationReport, found: { byStream: Map<string, FindingList>; other: Finding[] }): void {
  let added = found.other.length;
  report.findings.push(...found.other);
  for (const [key, list] of found.byStream) {
    const s = report.streams.find((x) => x.id === key);
    added += list.items.length;
    if (!s) {
      report.findings.push(...list.items);
      continue;
    }
    s.findings.push(...list.items);
    for (const [code, n] of Object.entries(list.suppressed) as [FindingCode, number][]) s.suppressed[code] = (s.suppressed[code] ?? 0) + n;
    s.verdict = 'failed';
  }
  if (added === 0) return;
  report.verdict = 'failed';
  report.totals.errors += added;
}
