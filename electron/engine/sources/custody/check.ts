// Workspace verification of a custody-only import (#15): there is no producer integrity to verify, so the
// check is custody — that the rows still are what was received. It recomputes the RFC 9162 root over the
// stored leaves (events.raw) in seq order and compares it, and their count, with the custody receipt
// (import.ts); it compares the receipt with the one the hash-chained activity log recorded at import; and it
// maps each leaf again with its kind (kind.ts remap) and compares the stored columns, so a row edited in
// the workspace file shows like an edited record. The result is a VerificationReport like a bundle's, so
// it is recorded as a run and reported by the same code; its verdict is never "verified": "unverifiable"
// (custody only) when it all holds, "failed" when anything differs.
import { createHash } from 'node:crypto';
import type { Finding, VerificationReport } from '../../../../shared/types';
import type { Workspace } from '../../store/workspace';
import { TOOL_VERSION } from '../../version';
import type { CustodySourceKind } from './kind';
import { CONTEXT_PATH } from './import';
import { custodyRoot } from './read';

/** findings of one kind listed before the rest are only counted */
const MAX_FIELD_FINDINGS = 100;

interface StoredRow {
  seq: number;
  line: number;
  ts: string;
  ts_ms: number;
  category: string;
  action: string;
  actor_id: string;
  actor_type: string;
  target: string | null;
  outcome: string;
  mfa: number | null;
  raw: string;
}

interface Logged {
  merkle_root: string;
  records: number;
  context_sha256: string | null;
}

export function verifyCustody(ws: Workspace, bundleId: number, kind: CustodySourceKind): VerificationReport {
  const startedAt = new Date().toISOString();
  const key = kind.streamKey;
  const bundle = ws.db
    .prepare('SELECT source_path, source_sha256, tenant_name, window_start, window_end FROM bundles WHERE id = ?')
    .get(bundleId) as {
    source_path: string;
    source_sha256: string | null;
    tenant_name: string;
    window_start: string;
    window_end: string;
  };
  const receipt = ws.db.prepare('SELECT file_name, records, merkle_root FROM custody_receipts WHERE bundle_id = ?').get(bundleId) as
    { file_name: string; records: number; merkle_root: string } | undefined;
  const stream = ws.db.prepare('SELECT id, origin, files FROM streams WHERE bundle_id = ? AND stream_key = ?').get(bundleId, key) as
    { id: number; origin: string; files: string } | undefined;
  const contextRow = ws.db.prepare('SELECT content FROM bundle_files WHERE bundle_id = ? AND path = ?').pluck().get(bundleId, CONTEXT_PATH) as
    Buffer | undefined;
  const findings: Finding[] = [];
  const file = receipt?.file_name ?? bundle.tenant_name;
  const err = (f: Omit<Finding, 'severity' | 'stream' | 'file'>): void => void findings.push({ severity: 'error', stream: key, file, ...f });
  const rows = stream
    ? (ws.db
        .prepare(
          'SELECT seq, line, ts, ts_ms, category, action, actor_id, actor_type, target, outcome, mfa, raw FROM events WHERE stream_id = ? ORDER BY seq, id',
        )
        .all(stream.id) as StoredRow[])
    : [];
  if (!receipt) {
    err({
      code: 'merkle-root-mismatch',
      message: `bundle #${bundleId} (${file}) is a ${kind.noun} import with no custody receipt in the workspace: its records cannot be shown unchanged since receipt.`,
    });
  }
  // the receipt as the activity log recorded it at import: that trail is hash-chained and its head kept in
  // the auditor's profile, so a receipt rewritten together with the rows it vouches for still shows
  const logged = loggedReceipt(ws, bundleId);
  if (receipt && logged && (logged.merkle_root !== receipt.merkle_root || logged.records !== receipt.records)) {
    err({
      code: 'merkle-root-mismatch',
      expected: logged.merkle_root,
      found: receipt.merkle_root,
      message: `${file}: the custody receipt in the workspace (${receipt.records} records, root ${receipt.merkle_root}) is not the one the activity log recorded at import (${logged.records} records, root ${logged.merkle_root}): the receipt was rewritten after receipt.`,
    });
  }
  // the context a leaf is mapped again with (a CSV header, a field mapping) as logged at import
  const contextText = contextRow === undefined ? null : contextRow.toString('utf8');
  if (
    logged?.context_sha256 &&
    createHash('sha256')
      .update(contextText ?? '')
      .digest('hex') !== logged.context_sha256
  ) {
    err({
      code: 'stored-field-mismatch',
      message: `${file}: the mapping context kept with the import (header or field mapping) is not the one the activity log recorded at import: it was changed after receipt.`,
    });
  }
  const root = custodyRoot(rows.map((r) => r.raw));
  if (receipt && rows.length !== receipt.records) {
    err({
      code: 'event-count-mismatch',
      expected: String(receipt.records),
      found: String(rows.length),
      message: `${file}: the custody receipt counts ${receipt.records} records received, the workspace holds ${rows.length}: records were removed or added after receipt.`,
    });
  }
  if (receipt && root !== receipt.merkle_root) {
    err({
      code: 'merkle-root-mismatch',
      expected: receipt.merkle_root,
      found: root,
      message: `${file}: the RFC 9162 root over the stored records differs from the one in the custody receipt: a record was changed, removed, added or reordered in the workspace after receipt.`,
    });
  }
  let context: unknown = null;
  try {
    context = contextText === null ? null : JSON.parse(contextText);
  } catch {
    context = null; // then every row's remap says what it cannot read
  }
  let fieldFindings = 0;
  rows.forEach((r, i) => {
    const problem = storedFieldProblem(kind, context, r, i);
    if (problem === null) return;
    if (++fieldFindings > MAX_FIELD_FINDINGS) return;
    err({ code: 'stored-field-mismatch', seq: r.seq, line: r.line, message: `${file} line ${r.line} (seq ${r.seq}): ${problem}.` });
  });
  const errors = findings.length;
  const verdict = errors > 0 ? 'failed' : 'unverifiable';
  const earliest = rows.reduce<StoredRow | null>((a, r) => (a === null || r.ts_ms < a.ts_ms ? r : a), null);
  const latest = rows.reduce<StoredRow | null>((a, r) => (a === null || r.ts_ms > a.ts_ms ? r : a), null);
  return {
    tool: { name: 'tickmark', version: TOOL_VERSION },
    format: 'tickmark-verification/1',
    bundle: {
      path: bundle.source_path,
      sha256: bundle.source_sha256,
      tenant: null,
      auditWindow: { start: bundle.window_start, end: bundle.window_end },
    },
    startedAt,
    finishedAt: new Date().toISOString(),
    verdict,
    pinnedKeys: [],
    manifest: { signature: 'missing', findings: [] },
    streams: [
      {
        id: key,
        origin: stream?.origin ?? file,
        files: stream ? (JSON.parse(stream.files) as string[]) : [file],
        verdict,
        eventsRead: rows.length,
        firstSeq: rows[0]?.seq ?? null,
        lastSeq: rows[rows.length - 1]?.seq ?? null,
        firstTs: earliest?.ts ?? null,
        lastTs: latest?.ts ?? null,
        chainHead: null,
        merkleRoot: root,
        treeSize: rows.length,
        checkpoints: [],
        findings,
        suppressed: fieldFindings > MAX_FIELD_FINDINGS ? { 'stored-field-mismatch': fieldFindings - MAX_FIELD_FINDINGS } : {},
      },
    ],
    evidence: [],
    findings: [],
    totals: { events: rows.length, bytes: 0, errors: errors + Math.max(0, fieldFindings - MAX_FIELD_FINDINGS), warnings: 0 },
  };
}

/** The receipt in the activity log's 'import' entry for the bundle, or null when there is none readable. */
function loggedReceipt(ws: Workspace, bundleId: number): Logged | null {
  const details = ws.db
    .prepare("SELECT details FROM activity_log WHERE action = 'import' AND subject = ? ORDER BY seq LIMIT 1")
    .pluck()
    .get(`bundle #${bundleId}`) as string | undefined;
  if (details === undefined) return null;
  try {
    const r = (JSON.parse(details) as { receipt?: { merkle_root?: unknown; records?: unknown; context_sha256?: unknown } }).receipt;
    if (typeof r?.merkle_root !== 'string' || typeof r.records !== 'number') return null;
    return { merkle_root: r.merkle_root, records: r.records, context_sha256: typeof r.context_sha256 === 'string' ? r.context_sha256 : null };
  } catch {
    return null; // an unreadable entry is the activity log's own check to report (verify-workspace)
  }
}

/** What differs between a row's stored columns and its leaf mapped again, or null. */
function storedFieldProblem(kind: CustodySourceKind, context: unknown, r: StoredRow, index: number): string | null {
  if (r.seq !== index) return `is stored at seq ${r.seq} where seq ${index} belongs: the records are no longer those received, in order`;
  const f = kind.remap(r.raw, context);
  if ('problem' in f) return f.problem;
  const want: [string, unknown, unknown][] = [
    ['ts', f.ts, r.ts],
    ['ts_ms', f.tsMs, r.ts_ms],
    ['category', f.category, r.category],
    ['action', f.action, r.action],
    ['actor_id', f.actorId, r.actor_id],
    ['actor_type', f.actorType, r.actor_type],
    ['target', f.target, r.target],
    ['outcome', f.outcome, r.outcome],
    ['mfa', f.mfa === null ? null : f.mfa ? 1 : 0, r.mfa],
  ];
  const bad = want.find(([, expected, found]) => expected !== found);
  return bad ? `the stored ${bad[0]} is ${JSON.stringify(bad[2])}, the record gives ${JSON.stringify(bad[1])}` : null;
}
