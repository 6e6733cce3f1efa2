// A CloudTrail export kit imported into a workspace (#14): its records become events an auditor filters,
// samples and puts in workpapers, each with its log file and index; the kit is verified against the
// auditor's pinned keys in the same step and the run recorded. Every file of the kit is kept byte for byte
// (bundle_files.content), so verifying the workspace later runs the very same kit verification over the
// bytes the workspace kept (workspace-check.ts), and every stored column is re-derived from them.
//
// How a kit fills the rows a Tickmark bundle fills (the NOT NULL columns of migrations.ts):
//   bundles   kind 'cloudtrail-kit'; manifest_sha256 the SHA-256 of kit.json (what the vendor declared; a
//             second import of the same kit is told by it); tenant and window from kit.json
//   streams   one per account and Region of the log files ("<account>/<region>", organization id first for an
//             organization trail); files = its log files in key order (their names carry the time)
//   events    seq = the record's position in the stream, file_no = its log file, line = its index in
//             Records[] plus one (record 1 is Records[0]); raw = the record as JSON text, members in the
//             file's order; category and MFA as shared/cloudtrail/category.ts reads them
import { createHash } from 'node:crypto';
import type { ImportResult } from '../../../../shared/types';
import { parseCloudTrailObject } from '../../../../shared/cloudtrail/paths';
import { recordsOf } from '../../../../shared/cloudtrail/records';
import { cloudTrailCategory, cloudTrailMfa } from '../../../../shared/cloudtrail/category';
import { asVerificationReport } from '../../../../shared/cloudtrail/as-verification';
import type { CloudTrailPublicKey } from '../../../../shared/cloudtrail/public-keys';
import { parseKitManifest, KitManifestError } from '../../../../shared/cloudtrail/kit-manifest';
import { iJsonProblem } from '../../../../shared/i-json';
import { InputError, readAll, type BundleSource } from '../../io/source';
import { defaultActor, logActivity } from '../../activity';
import { saveRun } from '../../store/runs';
import { storageError } from '../../store/errors';
import type { Workspace } from '../../store/workspace';
import { gunzipExact, MAX_UNCOMPRESSED } from './gunzip-exact';
import { KIT_FILE, openKitSource } from './kit-source';
import { verifyKit } from './verify-kit';

/** A kit file is at most a log file's compressed size; anything larger is not part of a kit. */
const MAX_KIT_FILE = MAX_UNCOMPRESSED;

export interface KitRecordRow {
  streamKey: string;
  fileNo: number;
  line: number;
  ts: string;
  tsMs: number;
  category: string;
  action: string;
  actorId: string;
  actorType: string;
  target: string | null;
  outcome: 'success' | 'failure';
  mfa: number | null;
  raw: string;
}

/** The stream a log file's records go to: its account and Region (organization id first, if any). */
export function kitStreamKey(o: { orgId: string | null; account: string; region: string }): string {
  return `${o.orgId ? `${o.orgId}/` : ''}${o.account}/${o.region}`;
}

/** Log files by stream, in key order; each stream's files are numbered in that order. */
export function kitStreams(paths: readonly string[]): Map<string, string[]> {
  const byStream = new Map<string, string[]>();
  for (const p of [...paths].sort()) {
    const o = parseCloudTrailObject(p);
    if (o?.kind !== 'log') continue;
    const key = kitStreamKey(o);
    byStream.set(key, [...(byStream.get(key) ?? []), p]);
  }
  return byStream;
}

/**
 * The rows one log file's bytes (as stored: gzip) give. A file that is not gzip, not I-JSON or not a
 * CloudTrail log is unusable input, named by file (and record).
 */
export function logFileRows(path: string, stored: Buffer, streamKey: string, fileNo: number): KitRecordRow[] {
  const g = gunzipExact(stored);
  if (!g.ok) throw new InputError(`${path} ${g.problem}`, path);
  const text = g.bytes.toString('utf8');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new InputError(`${path} is not valid JSON (${(e as Error).message})`, path);
  }
  const problem = iJsonProblem(text);
  if (problem) throw new InputError(`${path} ${problem}`, path);
  const { records, problems } = recordsOf(parsed);
  const first = problems[0];
  if (first) throw new InputError(`${path} ${first.message}`, path, first.index === null ? undefined : first.index + 1);
  return records.map((r) => {
    const mfa = cloudTrailMfa(r.record);
    return {
      streamKey,
      fileNo,
      line: r.index + 1,
      ts: r.ts,
      tsMs: r.tsMs,
      category: cloudTrailCategory(r.record),
      action: r.action,
      actorId: r.actorId,
      actorType: r.actorType,
      target: r.target,
      outcome: r.outcome,
      mfa: mfa === null ? null : mfa ? 1 : 0,
      raw: JSON.stringify(r.record),
    };
  });
}

export interface KitImportOptions {
  /** the auditor's pinned CloudTrail keys (list-public-keys output); none: the run is at best unpinned */
  pins: readonly CloudTrailPublicKey[];
  actor?: string;
}

export async function importCloudTrailKit(ws: Workspace, location: string, opts: KitImportOptions): Promise<ImportResult> {
  const source = await openKitSource(location);
  try {
    return await importKitSource(ws, source, opts);
  } catch (e) {
    throw storageError(e, ws.file, 'The import was rolled back: nothing was added and the workspace is as it was');
  } finally {
    await source.close();
  }
}

async function importKitSource(ws: Workspace, source: BundleSource, opts: KitImportOptions): Promise<ImportResult> {
  const t0 = Date.now();
  const kitText = (await readAll(source, KIT_FILE, MAX_KIT_FILE)).toString('utf8');
  let kit;
  try {
    kit = parseKitManifest(kitText);
  } catch (e) {
    if (e instanceof KitManifestError) throw new InputError(e.message, KIT_FILE, e.line);
    throw e;
  }
  const kitSha256 = createHash('sha256').update(kitText).digest('hex');
  const dup = ws.db.prepare('SELECT id, imported_at, source_path FROM bundles WHERE manifest_sha256 = ?').get(kitSha256) as
    { id: number; imported_at: string; source_path: string } | undefined;
  if (dup)
    return {
      status: 'duplicate',
      bundleId: dup.id,
      events: 0,
      streams: 0,
      evidenceFiles: 0,
      bytes: 0,
      seconds: 0,
      message: `This kit (kit.json SHA-256 ${kitSha256.slice(0, 16)}…) was already imported as bundle #${dup.id} from ${dup.source_path} on ${dup.imported_at}; nothing was added.`,
    };

  // every file as received, kept whole: the workspace's own verification reads them again
  const files: { path: string; bytes: Buffer; sha256: string; role: string }[] = [];
  for (const e of source.entries()) {
    const bytes = await readAll(source, e.path, MAX_KIT_FILE);
    const o = parseCloudTrailObject(e.path);
    const role = o?.kind === 'log' ? 'cloudtrail-log' : o?.kind === 'digest' ? 'cloudtrail-digest' : 'kit-file';
    files.push({ path: e.path, bytes, sha256: createHash('sha256').update(bytes).digest('hex'), role });
  }
  const byPath = new Map(files.map((f) => [f.path, f]));
  const streams = kitStreams(files.map((f) => f.path));
  const rows: KitRecordRow[] = [];
  for (const [key, paths] of streams) paths.forEach((p, fileNo) => rows.push(...logFileRows(p, byPath.get(p)!.bytes, key, fileNo)));

  const verification = await verifyKit(source, opts.pins);
  const bytes = files.reduce((n, f) => n + f.bytes.length, 0);
  const report = asVerificationReport(verification, { events: rows.length, bytes });
  const actor = opts.actor ?? defaultActor();
  const db = ws.db;
  const { bundleId, runId } = db.transaction(() => {
    const eng = ws.engagement();
    const id = Number(
      db
        .prepare(
          "INSERT INTO bundles (engagement_id, source_path, source_kind, source_sha256, manifest_sha256, tenant_id, tenant_name, window_start, window_end, event_count, imported_at, kind) VALUES (?, ?, ?, NULL, ?, ?, ?, ?, ?, ?, ?, 'cloudtrail-kit')",
        )
        .run(
          eng.id,
          source.location,
          source.kind,
          kitSha256,
          kit.tenant.id,
          kit.tenant.name,
          kit.audit_window.start,
          kit.audit_window.end,
          rows.length,
          new Date().toISOString(),
        ).lastInsertRowid,
    );
    const insFile = db.prepare('INSERT INTO bundle_files (bundle_id, path, role, size, sha256, content) VALUES (?, ?, ?, ?, ?, ?)');
    for (const f of files) insFile.run(id, f.path, f.role, f.bytes.length, f.sha256, f.bytes);
    const streamIds = new Map<string, number>();
    for (const [key, paths] of streams) {
      const count = rows.filter((r) => r.streamKey === key).length;
      streamIds.set(
        key,
        Number(
          db
            .prepare(
              'INSERT INTO streams (bundle_id, stream_key, origin, description, files, first_seq, declared_count, imported_count) VALUES (?, ?, ?, ?, ?, 0, ?, ?)',
            )
            .run(id, key, `aws-cloudtrail:${key}`, `CloudTrail records, account and Region ${key}`, JSON.stringify(paths), count, count)
            .lastInsertRowid,
        ),
      );
    }
    const ins = db.prepare(
      'INSERT INTO events (stream_id, file_no, line, seq, ts, ts_ms, category, action, actor_id, actor_type, target, outcome, mfa, raw) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    const seqs = new Map<string, number>();
    for (const r of rows) {
      const seq = seqs.get(r.streamKey) ?? 0;
      seqs.set(r.streamKey, seq + 1);
      ins.run(
        streamIds.get(r.streamKey),
        r.fileNo,
        r.line,
        seq,
        r.ts,
        r.tsMs,
        r.category,
        r.action,
        r.actorId,
        r.actorType,
        r.target,
        r.outcome,
        r.mfa,
        r.raw,
      );
    }
    logActivity(ws, actor, 'import', `bundle #${id}`, {
      kind: 'cloudtrail-kit',
      source: source.location,
      kit_sha256: kitSha256,
      files: files.length,
      events: rows.length,
    });
    return { bundleId: id, runId: saveRun(ws, id, report, actor) };
  })();
  return {
    status: 'imported',
    bundleId,
    events: rows.length,
    streams: streams.size,
    evidenceFiles: 0,
    bytes,
    seconds: (Date.now() - t0) / 1000,
    message: `Imported ${rows.length} CloudTrail records from ${files.filter((f) => f.role === 'cloudtrail-log').length} log files in ${streams.size} account/Region stream${streams.size === 1 ? '' : 's'} as bundle #${bundleId}; the kit verified ${report.verdict}`,
    verification: { runId, verdict: report.verdict },
  };
}
