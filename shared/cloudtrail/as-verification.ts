// A CloudTrail kit's verification, told in the shape every imported source's run is stored and shown in
// (shared/types.ts VerificationReport): one "stream" per chain of digests (account, trail, Region), its
// verdict and findings, the time its verified digests cover; kit-wide findings at the top. The kit's own
// report travels with it unchanged (`cloudtrail`), so nothing CloudTrail says is lost in the telling.
import type { StreamReport, VerificationReport } from '../types';
import type { CloudTrailChainReport, CloudTrailKitReport } from './report';

/** The name a chain goes by: account, trail and Region (and the organization, for an organization trail). */
export function chainName(c: Pick<CloudTrailChainReport, 'organizationId' | 'account' | 'trail' | 'region'>): string {
  return `${c.organizationId ? `${c.organizationId}/` : ''}${c.account}/${c.trail}/${c.region}`;
}

function chainStream(c: CloudTrailChainReport): StreamReport {
  return {
    id: chainName(c),
    origin: `s3://${c.bucket}/${c.prefix}`,
    files: [],
    verdict: c.verdict,
    eventsRead: 0,
    firstSeq: null,
    lastSeq: null,
    firstTs: c.oldest?.start ?? null,
    lastTs: c.newest?.end ?? null,
    chainHead: c.newest?.key ?? null,
    merkleRoot: null,
    treeSize: 0,
    checkpoints: [],
    findings: c.findings,
    suppressed: {},
  };
}

export interface CloudTrailVerificationReport extends VerificationReport {
  cloudtrail: CloudTrailKitReport;
}

export function asVerificationReport(k: CloudTrailKitReport, totals: { events: number; bytes: number }): CloudTrailVerificationReport {
  const lakeFindings = k.lake.flatMap((l) => l.findings);
  return {
    tool: k.tool,
    format: 'tickmark-verification/1',
    bundle: { path: k.kit.path, sha256: null, tenant: k.kit.tenant, auditWindow: k.kit.auditWindow },
    startedAt: k.startedAt,
    finishedAt: k.finishedAt,
    verdict: k.verdict,
    pinnedKeys: k.pinnedKeys,
    // a kit has no manifest signature of its own: its digests carry the signatures (per stream above)
    manifest: { signature: 'missing', findings: [] },
    streams: k.chains.map(chainStream),
    evidence: [],
    findings: [...k.findings, ...lakeFindings],
    totals: { events: totals.events, bytes: totals.bytes, errors: k.totals.errors, warnings: k.totals.warnings },
    cloudtrail: k,
  };
}
