// The engine's public surface, used by the CLI, the tests, the benchmark and (later) the Electron shell.
// Nothing below this folder imports `electron`.
import { Workspace } from './store/workspace';
import { workspaceSource } from './store/workspace-source';
import { trustedPins } from './store/anchor-ledger';
import { saveRun, bundleIds } from './store/runs';
import { verifySource, PARALLEL_FROM_BYTES, type VerifyOptions } from './verify';
import { DigestPool } from './digest-pool';
import { StoredFieldsCheck, addStoredFindings } from './store/stored-fields';
import { openBundle, fileSha256 } from './open-bundle';
import { verifyCustody } from './sources/fhir/custody-check';
import { verifyStoredKit } from './sources/cloudtrail/workspace-check';
import type { CloudTrailPublicKey } from '../../shared/cloudtrail/public-keys';
import type { VerificationReport } from '../../shared/types';

export { Workspace, WorkspaceError, isSqliteFile } from './store/workspace';
export { pinKey, pinnedKeys } from './store/keys';
export { trustedPins, profileDir, ProfileError, type AnchorCheck, type AnchorState } from './store/anchor-ledger';
export { saveRun, latestRun, bundleIds } from './store/runs';
export { importBundle, ImportError, type ImportResult, type ImportOptions } from './import';
export { verifySource, CancelledError, DEFAULT_SILENT_INTERVAL_MS, type VerifyOptions } from './verify';
export { openBundle } from './open-bundle';
export { importCloudTrailKit } from './sources/cloudtrail/import-kit';
export { InputError } from './io/source';
export { generateBundle, TAMPER_KINDS, type TamperKind, type GenerateOptions } from './fixtures/generate';

/** Verify a bundle on disk (folder or .zip) without importing it. */
export async function verifyBundlePath(p: string, opts: VerifyOptions = {}): Promise<VerificationReport> {
  const source = await openBundle(p);
  try {
    const bundleSha256 = source.kind === 'zip' ? await fileSha256(p) : null;
    return await verifySource(source, { ...opts, bundleSha256 });
  } finally {
    await source.close();
  }
}

/**
 * Verify every bundle imported into a workspace from the bytes it kept, and record each run in the
 * workspace. Keys given in `pins` are the only anchors of the run (a key pinned inside the file is not
 * added: the file may have been rewritten together with its pins); without them, the engagement's pinned
 * keys as this machine recorded them (store/anchor-ledger.ts). The same reading of the rows checks that
 * every stored column is the one its verified line gives (store/stored-fields.ts): a row edited in the
 * workspace file fails the verification like an edited line. An imported export of a kind with no producer
 * integrity (a FHIR AuditEvent export) is checked against its custody receipt instead (sources/fhir/custody-check.ts);
 * an imported CloudTrail kit is verified again from its stored files with the CloudTrail keys pinned for the run.
 */
export interface WorkspaceVerifyOptions extends VerifyOptions {
  /** the CloudTrail keys the auditor pins for this run (list-public-keys output), for imported kits */
  cloudTrailPins?: readonly CloudTrailPublicKey[];
}

export async function verifyWorkspace(
  ws: Workspace,
  opts: WorkspaceVerifyOptions = {},
): Promise<{ bundleId: number; runId: number; report: VerificationReport }[]> {
  const eng = ws.engagement();
  const pins = opts.pins ?? trustedPins(ws);
  // one set of workers for the digests and for deriving the columns, as verification would start them
  const own = opts.pool === undefined;
  const streamBytes = ws.db.prepare("SELECT COALESCE(SUM(size), 0) FROM bundle_files WHERE role = 'stream'").pluck().get() as number;
  const pool = own ? ((opts.parallel ?? streamBytes > PARALLEL_FROM_BYTES) ? DigestPool.create() : null) : opts.pool!;
  const out = [];
  try {
    for (const bundleId of bundleIds(ws)) {
      // an export with no producer integrity (#15) has no manifest or chain to verify: its custody is checked
      const { kind } = ws.db.prepare('SELECT kind FROM bundles WHERE id = ?').get(bundleId) as { kind: string };
      if (kind === 'cloudtrail-kit') {
        const report = await verifyStoredKit(ws, bundleId, opts.cloudTrailPins ?? []);
        out.push({ bundleId, runId: saveRun(ws, bundleId, report), report });
        continue;
      }
      if (kind !== 'tickmark-bundle') {
        const report = verifyCustody(ws, bundleId);
        out.push({ bundleId, runId: saveRun(ws, bundleId, report), report });
        continue;
      }
      const check = new StoredFieldsCheck(ws, bundleId, pool);
      const src = workspaceSource(ws, bundleId, check);
      const row = ws.db.prepare('SELECT source_sha256 FROM bundles WHERE id = ?').get(bundleId) as { source_sha256: string | null };
      const report = await verifySource(src, {
        ...opts,
        pins,
        pool,
        silentIntervalMs: opts.silentIntervalMs ?? eng.silentIntervalMs ?? undefined,
        bundleSha256: row.source_sha256,
      });
      addStoredFindings(report, await check.finish());
      out.push({ bundleId, runId: saveRun(ws, bundleId, report), report });
    }
  } finally {
    if (own) await pool?.close();
  }
  return out;
}
