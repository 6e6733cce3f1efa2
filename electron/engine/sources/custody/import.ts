// A custody-only import (#15): the files of one kind read and framed (read.ts), then written in ONE
// transaction, so a refused record — or any failure — leaves the workspace as it was. Each file becomes a
// bundle row of its own under its own custody receipt, as the FHIR import always did:
//   bundles        kind = the source kind; source_kind 'file'; source_sha256 = manifest_sha256 = the file's
//                  SHA-256 (no manifest: the file is what was received, and the UNIQUE key tells a second
//                  import of the same bytes); tenant_id/name the file's name; window_start/end the earliest
//                  and latest record time (the span the file covers; the audit window is the auditor's)
//   bundle_files   the file by size and hash (its records live on as events.raw), and, when the kind needs
//                  one to map a leaf again, its context (a CSV header, a field mapping) as ':custody-context'
//   streams        one, kind.streamKey, origin "<file name> sha256:<file SHA-256>" (seq restarts at 0 in
//                  every file, and a population's digest names events by origin and seq)
//   events         seq = leaf index, file_no 0, line = where the record starts, the mapped fields, raw = leaf
//   custody_receipts  the file's SHA-256 and size, the record count and the RFC 9162 root over the leaves
//   activity_log   one 'import' entry per file with its receipt (the hash-chained trail check.ts compares)
// Duplicates and out-of-window records are counted over all the files (completeness.ts) and reported; they
// are imported all the same, since custody keeps every record as received.
import { createHash } from 'node:crypto';
import path from 'node:path';
import { InputError } from '../../io/source';
import { defaultActor, logActivity } from '../../activity';
import type { Workspace } from '../../store/workspace';
import { completenessOf, type Completeness } from './completeness';
import type { CustodySourceKind, FrameOptions } from './kind';
import { readCustodyFile, type CustodyFileRead } from './read';
import type { AuditWindow } from './window';
import { engagementWindow } from './window';

export const CONTEXT_PATH = ':custody-context';

export interface CustodyReceipt {
  fileName: string;
  fileSha256: string;
  bytes: number;
  records: number;
  merkleRoot: string;
  receivedAt: string;
}

export interface CustodyFileResult {
  file: string;
  sha256: string;
  bytes: number;
  records: number;
  merkleRoot: string;
  /** records framed but not of the kind (covered by the file's hash only) */
  skipped: number;
  /** the bundle it became, or null when these bytes were already imported */
  bundleId: number | null;
  /** when already imported: the bundle that holds it */
  alreadyIn: { bundleId: number; importedAt: string; sourcePath: string } | null;
  receipt: CustodyReceipt | null;
}

export interface CustodyImportResult extends Completeness {
  status: 'imported' | 'duplicate';
  kind: string;
  files: CustodyFileResult[];
  /** records imported, over all files newly imported */
  records: number;
  bytes: number;
  seconds: number;
  message: string;
  /** the kind's warnings of records read all the same, each after its file's name */
  warnings: string[];
}

export interface CustodyImportOptions extends FrameOptions {
  actor?: string;
  /** else the engagement's */
  window?: AuditWindow | null;
}

/** Read every file, refusing the first with a problem (naming file and line) before anything is written. */
function readAll(kind: CustodySourceKind, files: readonly string[], opts: FrameOptions): CustodyFileRead[] {
  return files.map((file) => {
    const read = readCustodyFile(kind, file, opts);
    const first = read.frame.problems[0];
    if (first) {
      const more = read.frame.problems.length - 1;
      throw new InputError(
        `${file}: ${first.message}${more > 0 ? ` (and ${more} more refused record${more > 1 ? 's' : ''}: tickmark verify ${file} lists them all)` : ''}. Nothing was imported.`,
        file,
        first.line ?? undefined,
      );
    }
    if (read.frame.records.length === 0) throw new InputError(`${file} holds no ${kind.noun} record: nothing was imported.`, file);
    return read;
  });
}

export function importCustody(
  ws: Workspace,
  kind: CustodySourceKind,
  files: readonly string[],
  opts: CustodyImportOptions = {},
): CustodyImportResult {
  const t0 = Date.now();
  if (files.length === 0) throw new InputError(`no file to import as ${kind.noun}.`);
  const reads = readAll(kind, files, opts);
  const db = ws.db;
  const findDup = db.prepare('SELECT id, imported_at, source_path FROM bundles WHERE manifest_sha256 = ?');
  const results: CustodyFileResult[] = reads.map((r) => {
    const dup = findDup.get(r.sha256) as { id: number; imported_at: string; source_path: string } | undefined;
    return {
      file: r.file,
      sha256: r.sha256,
      bytes: r.bytes,
      records: r.frame.records.length,
      merkleRoot: r.merkleRoot,
      skipped: r.frame.skipped,
      bundleId: null,
      alreadyIn: dup ? { bundleId: dup.id, importedAt: dup.imported_at, sourcePath: dup.source_path } : null,
      receipt: null,
    };
  });
  const actor = opts.actor ?? defaultActor();
  let completeness: Completeness | undefined;
  db.transaction(() => {
    const eng = ws.engagement(); // made here when the workspace is new: inside the one transaction
    const window = opts.window === undefined ? engagementWindow(eng) : opts.window;
    completeness = completenessOf(
      reads.map((r) => ({ file: r.file, records: r.frame.records })),
      window,
    );
    const seenNow = new Set<string>(); // the same bytes twice in one folder: imported once
    reads.forEach((r, i) => {
      const res = results[i]!;
      if (res.alreadyIn !== null || seenNow.has(r.sha256)) return;
      seenNow.add(r.sha256);
      const w = writeFile(ws, kind, eng.id, r, actor, completeness!.perFile[i]!, window !== null);
      res.receipt = w.receipt;
      res.bundleId = w.bundleId;
    });
  })();
  const imported = results.filter((r) => r.receipt !== null);
  const records = imported.reduce((a, r) => a + r.records, 0);
  const bytes = imported.reduce((a, r) => a + r.bytes, 0);
  return {
    status: imported.length === 0 ? 'duplicate' : 'imported',
    kind: kind.id,
    files: results,
    records,
    bytes,
    seconds: (Date.now() - t0) / 1000,
    message: messageOf(kind, results, imported.length, records),
    warnings: reads.flatMap((r) => (r.frame.warnings ?? []).map((w) => `${path.basename(r.file)}: ${w}`)),
    ...completeness!,
  };
}

function messageOf(kind: CustodySourceKind, results: CustodyFileResult[], importedFiles: number, records: number): string {
  if (results.length === 1) {
    const r = results[0]!;
    if (r.alreadyIn !== null)
      return `This export (SHA-256 ${r.sha256.slice(0, 16)}…) was already imported as bundle #${r.alreadyIn.bundleId} from ${r.alreadyIn.sourcePath} on ${r.alreadyIn.importedAt}; nothing was added.`;
    return `Imported ${records} ${kind.noun} records as bundle #${r.bundleId} under a custody receipt (file SHA-256 ${r.sha256}, RFC 9162 root ${r.merkleRoot}); custody only: the producer gave no integrity to verify.`;
  }
  if (importedFiles === 0)
    return `All ${results.length} files were already imported (as bundles ${results.map((r) => `#${r.alreadyIn?.bundleId ?? '?'}`).join(', ')}); nothing was added.`;
  const ids = results.filter((r) => r.receipt !== null).map((r) => `#${r.bundleId}`);
  const skipped = results.length - importedFiles;
  return `Imported ${records} ${kind.noun} records from ${importedFiles} of ${results.length} files${ids.length > 0 ? ` as bundles ${ids.join(', ')}` : ''}, each under a custody receipt${skipped > 0 ? ` (${skipped} already imported, nothing added for ${skipped > 1 ? 'them' : 'it'})` : ''}; custody only: the producer gave no integrity to verify.`;
}

const sha256Hex = (s: string): string => createHash('sha256').update(s).digest('hex');

/** The rows of one file, inside the caller's transaction. */
function writeFile(
  ws: Workspace,
  kind: CustodySourceKind,
  engagementId: number,
  r: CustodyFileRead,
  actor: string,
  counts: { duplicates: number; outOfWindow: number },
  windowed: boolean,
): { receipt: CustodyReceipt; bundleId: number } {
  const db = ws.db;
  const recs = r.frame.records;
  const fileName = path.basename(r.file);
  // by reduce, not Math.min(...): an export may hold millions of records
  const earliest = recs.reduce((a, x) => (x.fields.tsMs < a.fields.tsMs ? x : a)).fields.ts;
  const latest = recs.reduce((a, x) => (x.fields.tsMs > a.fields.tsMs ? x : a)).fields.ts;
  const receipt: CustodyReceipt = {
    fileName,
    fileSha256: r.sha256,
    bytes: r.bytes,
    records: recs.length,
    merkleRoot: r.merkleRoot,
    receivedAt: new Date().toISOString(),
  };
  const id = Number(
    db
      .prepare(
        "INSERT INTO bundles (engagement_id, source_path, source_kind, source_sha256, manifest_sha256, tenant_id, tenant_name, window_start, window_end, event_count, imported_at, kind) VALUES (?, ?, 'file', ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      )
      .run(engagementId, r.file, r.sha256, r.sha256, fileName, fileName, earliest, latest, recs.length, receipt.receivedAt, kind.id).lastInsertRowid,
  );
  db.prepare("INSERT INTO bundle_files (bundle_id, path, role, size, sha256, content) VALUES (?, ?, 'stream', ?, ?, NULL)").run(
    id,
    fileName,
    r.bytes,
    r.sha256,
  );
  let contextSha256: string | null = null;
  if (r.frame.context !== null && r.frame.context !== undefined) {
    const text = JSON.stringify(r.frame.context);
    contextSha256 = sha256Hex(text);
    db.prepare("INSERT INTO bundle_files (bundle_id, path, role, size, sha256, content) VALUES (?, ?, 'custody-context', ?, ?, ?)").run(
      id,
      CONTEXT_PATH,
      Buffer.byteLength(text),
      contextSha256,
      Buffer.from(text),
    );
  }
  const streamId = Number(
    db
      .prepare(
        'INSERT INTO streams (bundle_id, stream_key, origin, description, files, first_seq, declared_count, imported_count) VALUES (?, ?, ?, ?, ?, 0, ?, ?)',
      )
      .run(
        id,
        kind.streamKey,
        `${fileName} sha256:${r.sha256}`,
        `${kind.noun} export (${r.frame.framing})`,
        JSON.stringify([fileName]),
        recs.length,
        recs.length,
      ).lastInsertRowid,
  );
  const ins = db.prepare(
    'INSERT INTO events (stream_id, file_no, line, seq, ts, ts_ms, category, action, actor_id, actor_type, target, outcome, mfa, raw) VALUES (?, 0, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  recs.forEach((x, seq) => {
    const f = x.fields;
    ins.run(
      streamId,
      x.line,
      seq,
      f.ts,
      f.tsMs,
      f.category,
      f.action,
      f.actorId,
      f.actorType,
      f.target,
      f.outcome,
      f.mfa === null ? null : f.mfa ? 1 : 0,
      x.leaf,
    );
  });
  db.prepare(
    'INSERT INTO custody_receipts (bundle_id, file_name, file_sha256, bytes, records, merkle_root, received_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
  ).run(id, fileName, r.sha256, r.bytes, receipt.records, receipt.merkleRoot, receipt.receivedAt);
  logActivity(ws, actor, 'import', `bundle #${id}`, {
    kind: kind.id,
    source: r.file,
    source_sha256: r.sha256,
    events: receipt.records,
    receipt: {
      file_name: fileName,
      file_sha256: r.sha256,
      bytes: r.bytes,
      records: receipt.records,
      merkle_root: receipt.merkleRoot,
      received_at: receipt.receivedAt,
      ...(contextSha256 === null ? {} : { context_sha256: contextSha256 }),
    },
    skipped: r.frame.skipped,
    duplicates: counts.duplicates,
    out_of_window: windowed ? counts.outOfWindow : null,
  });
  return { receipt, bundleId: id };
}
