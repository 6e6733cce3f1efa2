// `tickmark import <CloudTrail kit> --workspace WS --pin-file <keys.json>…`: the records go into the workspace
// as events and the kit is verified in the same step against the keys pinned for the run (#14). Exit codes
// as for verify when --verify is given: 0 verified with pinned keys, 1 integrity failed, 3 unpinned.
import { Workspace } from '../engine/store/workspace';
import { latestRun } from '../engine/store/runs';
import { importCloudTrailKit } from '../engine/sources/cloudtrail/import-kit';
import { readPinFiles } from '../engine/sources/cloudtrail/keys';
import type { CloudTrailVerificationReport } from '../../shared/cloudtrail/as-verification';
import { describeCloudTrail } from './cloudtrail-output';
import { UsageError } from './sampling-commands';

export interface KitImportFlags {
  workspace?: string;
  pin?: string[];
  'pin-file'?: string[];
  verify?: boolean;
  json?: boolean;
  'silent-hours'?: string;
}

export async function importKitCommand(
  kit: string,
  values: KitImportFlags,
  io: { out: (s: string) => void; err: (s: string) => void },
): Promise<number> {
  if (values.pin?.length || values['silent-hours'])
    throw new UsageError(
      'a CloudTrail kit takes its pinned keys with --pin-file <list-public-keys output>; --pin and --silent-hours are for bundles',
    );
  if (values.json && !values.verify) throw new UsageError('--json goes with --verify');
  const pins = readPinFiles(values['pin-file'] ?? []); // a bad key file: refused before the workspace is made
  const ws = Workspace.open(values.workspace!, { create: true });
  try {
    const r = await importCloudTrailKit(ws, kit, { pins });
    if (!values.json) io.out(r.status === 'duplicate' ? `Already imported: ${r.message}` : `${r.message} (${r.seconds.toFixed(1)} s)`);
    if (pins.length === 0 && !values.json)
      io.err('Note: no key is pinned, so the kit cannot be "verified". Pin the CloudTrail public keys you fetched yourself with --pin-file.');
    if (!values.verify) return 0;
    const report = latestRun(ws, r.bundleId)!.report as CloudTrailVerificationReport;
    if (values.json) io.out(JSON.stringify(report, null, 2));
    else describeCloudTrail(report.cloudtrail, io.out);
    return report.verdict === 'verified' ? 0 : report.verdict === 'failed' ? 1 : 3;
  } finally {
    ws.close();
  }
}
