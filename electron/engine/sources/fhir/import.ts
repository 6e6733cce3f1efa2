// A FHIR AuditEvent export imported into a workspace (#15), so its events are filtered, sampled and put in
// workpapers like a bundle's, under a custody receipt: the producer gave no integrity, so what Tickmark
// keeps is what it received — the file's SHA-256 and size, the record count, and the RFC 9162 root over
// the records as received (custody.ts) — and workspace verification recomputes that root from the rows
// (custody-check.ts). One transaction: a refused record, or any failure, leaves the workspace as it was.
//
// How the export fills the rows a Tickmark bundle fills (the NOT NULL columns of migrations.ts):
//   bundles   kind 'fhir-audit-event'; source_kind 'file'; source_sha256 and manifest_sha256 both the file's
//             SHA-256 (there is no manifest: the file itself is what was received, and the UNIQUE key then
//             tells a second import of the same file); tenant_id and tenant_name the file's name (a FHIR
//             export names no tenant); window_start/end the earliest and latest `recorded` (the span the
//             file covers, not an audit window: the engagement's window is left to the auditor)
//   streams   one, 'fhir-audit', origin "<file name> sha256:<file SHA-256>" (unique to these bytes, since
//             seq restarts at 0 in every export and a population's digest names events by origin and seq)
//   events    seq = the record's index (the leaf index), file_no 0, line = its NDJSON line (Bundle: the
//             line its entry starts on), the mapped fields, mfa null (AuditEvent does not say), raw = the
//             custody leaf: the line as received, or the RFC 8785 form of the Bundle entry's resource
import path from 'node:path';
import type { ImportResult } from '../../../../shared/types';
import { InputError } from '../../io/source';
import { defaultActor, logActivity } from '../../activity';
import type { Workspace } from '../../store/workspace';
import { custodyRoot, readFhirExport } from './custody';

export const FHIR_STREAM_KEY = 'fhir-audit';

export interface CustodyReceipt {
  fileName: string;
  fileSha256: string;
  bytes: number;
  records: number;
  merkleRoot: string;
  receivedAt: string;
}

export function importFhirAuditEvents(ws: Workspace, file: string, opts: { actor?: string } = {}): ImportResult & { receipt?: CustodyReceipt } {
  const t0 = Date.now();
  const { framing, sha256, bytes, read, leaves } = readFhirExport(file);
  const first = read.problems[0];
  if (first) {
    const more = read.problems.length - 1;
    throw new InputError(
      `${file}: ${first.message}${more > 0 ? ` (and ${more} more refused record${more > 1 ? 's' : ''}: tickmark verify ${file} lists them all)` : ''}. Nothing was imported.`,
      file,
      first.line ?? undefined,
    );
  }
  if (read.records.length === 0) throw new InputError(`${file} holds no AuditEvent record: nothing was imported.`, file);
  const fileName = path.basename(file);
  const db = ws.db;
  const dup = db.prepare('SELECT id, imported_at, source_path FROM bundles WHERE manifest_sha256 = ?').get(sha256) as
    { id: number; imported_at: string; source_path: string } | undefined;
  if (dup) {
    return {
      status: 'duplicate',
      bundleId: dup.id,
      events: 0,
      streams: 0,
      evidenceFiles: 0,
      bytes: 0,
      seconds: 0,
      message: `This export (SHA-256 ${sha256.slice(0, 16)}…) was already imported as bundle #${dup.id} from ${dup.source_path} on ${dup.imported_at}; nothing was added.`,
    };
  }
  // by reduce, not Math.min(...): an export may hold millions of records
  const earliest = read.records.reduce((a, r) => (r.tsMs < a.tsMs ? r : a)).ts;
  const latest = read.records.reduce((a, r) => (r.tsMs > a.tsMs ? r : a)).ts;
  const receipt: CustodyReceipt = {
    fileName,
    fileSha256: sha256,
    bytes,
    records: read.records.length,
    merkleRoot: custodyRoot(leaves),
    receivedAt: new Date().toISOString(),
  };
  const actor = opts.actor ?? defaultActor();
  const bundleId = db.transaction(() => {
    const eng = ws.engagement();
    const id = Number(
      db
        .prepare(
          "INSERT INTO bundles (engagement_id, source_path, source_kind, source_sha256, manifest_sha256, tenant_id, tenant_name, window_start, window_end, event_count, imported_at, kind) VALUES (?, ?, 'file', ?, ?, ?, ?, ?, ?, ?, ?, 'fhir-audit-event')",
        )
        .run(eng.id, file, sha256, sha256, fileName, fileName, earliest, latest, read.records.length, receipt.receivedAt).lastInsertRowid,
    );
    // the file as received, by size and hash (its records live on as events.raw, like a bundle's stream files)
    db.prepare("INSERT INTO bundle_files (bundle_id, path, role, size, sha256, content) VALUES (?, ?, 'stream', ?, ?, NULL)").run(
      id,
      fileName,
      bytes,
      sha256,
    );
    const streamId = Number(
      db
        .prepare(
          'INSERT INTO streams (bundle_id, stream_key, origin, description, files, first_seq, declared_count, imported_count) VALUES (?, ?, ?, ?, ?, 0, ?, ?)',
        )
        .run(
          id,
          FHIR_STREAM_KEY,
          `${fileName} sha256:${sha256}`,
          `FHIR AuditEvent export (${framing})`,
          JSON.stringify([fileName]),
          read.records.length,
          read.records.length,
        ).lastInsertRowid,
    );
    const ins = db.prepare(
      'INSERT INTO events (stream_id, file_no, line, seq, ts, ts_ms, category, action, actor_id, actor_type, target, outcome, mfa, raw) VALUES (?, 0, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?)',
    );
    read.records.forEach((r, seq) =>
      ins.run(streamId, r.line, seq, r.ts, r.tsMs, r.category, r.action, r.actorId, r.actorType, r.target, r.outcome, leaves[seq]!),
    );
    db.prepare(
      'INSERT INTO custody_receipts (bundle_id, file_name, file_sha256, bytes, records, merkle_root, received_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ).run(id, fileName, sha256, bytes, receipt.records, receipt.merkleRoot, receipt.receivedAt);
    logActivity(ws, actor, 'import', `bundle #${id}`, {
      kind: 'fhir-audit-event',
      source: file,
      source_sha256: sha256,
      events: receipt.records,
      receipt: {
        file_name: fileName,
        file_sha256: sha256,
        bytes,
        records: receipt.records,
        merkle_root: receipt.merkleRoot,
        received_at: receipt.receivedAt,
      },
    });
    return id;
  })();
  return {
    status: 'imported',
    bundleId,
    events: receipt.records,
    streams: 1,
    evidenceFiles: 0,
    bytes,
    seconds: (Date.now() - t0) / 1000,
    message: `Imported ${receipt.records} FHIR AuditEvent records as bundle #${bundleId} under a custody receipt (file SHA-256 ${sha256}, RFC 9162 root ${receipt.merkleRoot}); custody only: the producer gave no integrity to verify.`,
    receipt,
  };
}
