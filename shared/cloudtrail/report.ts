// What verifying a CloudTrail export kit reports (format tickmark-cloudtrail-verification/1): one entry per
// chain of digests (bucket, prefix, organization, account, trail, Region), with its signatures, the time it
// covers and the uncovered spans; CloudTrail Lake result sets beside it. Pure data.
import type { AuditWindow, Finding, Verdict } from '../types';

/** A time span as an auditor reads it; `from` null means "from before anything in the kit". */
export interface SpanReport {
  from: string | null;
  to: string;
}

export interface SignatureTally {
  /** valid under a key the auditor pinned */
  pinned: number;
  /** valid only under a key from the vendor's public-keys file */
  unpinned: number;
  invalid: number;
  /** no key with the digest's fingerprint valid at its end time, pinned or listed */
  unknownKey: number;
  /** the kit carries no signature (no head.json) */
  missing: number;
}

export interface CloudTrailChainReport {
  bucket: string;
  prefix: string;
  organizationId: string | null;
  account: string;
  trail: string;
  region: string;
  /** listed in kit.json */
  claimed: boolean;
  verdict: Verdict;
  digests: number;
  backfillDigests: number;
  signatures: SignatureTally;
  /** walks needed to visit every regular digest: 1 when the chain is whole */
  segments: number;
  newest: { key: string; end: string } | null;
  oldest: { key: string; start: string } | null;
  covered: SpanReport[];
  /** parts of the audit window no verified digest covers */
  uncovered: SpanReport[];
  logFiles: { listed: number; verified: number };
  findings: Finding[];
}

export interface LakeResultReport {
  /** the folder holding result_sign.json */
  folder: string;
  region: string | null;
  verdict: Verdict;
  signature: 'verified' | 'valid-unpinned' | 'invalid' | 'unknown-key';
  files: { name: string; verified: boolean }[];
  findings: Finding[];
}

export interface CloudTrailKitReport {
  tool: { name: 'tickmark'; version: string };
  format: 'tickmark-cloudtrail-verification/1';
  kit: { path: string; tenant: string | null; auditWindow: AuditWindow | null };
  startedAt: string;
  finishedAt: string;
  verdict: Verdict;
  /** fingerprints of the keys the auditor pinned */
  pinnedKeys: string[];
  chains: CloudTrailChainReport[];
  lake: LakeResultReport[];
  /** findings not tied to one chain (vendor key files, objects outside any chain, …) */
  findings: Finding[];
  totals: { digests: number; logFiles: number; errors: number; warnings: number };
}
