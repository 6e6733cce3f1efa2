// What verifying a vendor export under a profile reports (format tickmark-vendor-chain-verification/1).
// Pure data. `firstBreak` is the earliest record (file, line, seq) at which integrity fails; `reason` says
// why a chain with no failure is still not "verified".
import type { IntegrityGrade } from '../source-kinds';
import type { Finding, Verdict } from '../types';
import type { HeadAlgorithm } from './public-key';

/** Why nothing failed and yet the export is not verified. */
export type UnverifiedReason =
  /** HMAC: the record hashes cannot be recomputed without the vendor's secret */
  | 'hmac'
  /** no signed head: records cut from the end cannot be detected */
  | 'no-signed-head'
  /** the head signature is valid only under the key the head itself names, which the auditor did not pin */
  | 'unpinned-key'
  /** no key to check the head signature with */
  | 'no-pinned-key';

export type HeadSignatureStatus = 'pinned' | 'unpinned' | 'invalid' | 'no-key';

export interface HeadReport {
  file: string;
  algorithm: HeadAlgorithm;
  seq: number;
  hash: string;
  signature: HeadSignatureStatus;
  /** fingerprint of the key the signature verified under (pinned or claimed), else null */
  keyFingerprint: string | null;
  /** fingerprint of the key the head names for itself, if any (a claim, never trusted by itself) */
  claimedKeyFingerprint: string | null;
}

export interface VendorChainReport {
  tool: { name: 'tickmark'; version: string };
  format: 'tickmark-vendor-chain-verification/1';
  kind: 'vendor-chain';
  export: { path: string; files: { name: string; records: number }[] };
  profile: { file: string; name: string; recipe: string; canonical: string; anchor: string };
  verdict: Verdict;
  /** producer-signed only when verified under a pinned key; otherwise producer-chained */
  integrity: IntegrityGrade;
  reason: UnverifiedReason | null;
  /** the grade in words, with the reason: what the auditor may rely on */
  statement: string;
  records: number;
  firstSeq: number | null;
  lastSeq: number | null;
  firstTime: string | null;
  lastTime: string | null;
  /** records whose hash was recomputed (0 for HMAC) */
  recomputed: number;
  head: HeadReport | null;
  /** fingerprints of the keys pinned for this run */
  pinnedKeys: string[];
  firstBreak: Finding | null;
  findings: Finding[];
  totals: { errors: number; warnings: number };
}
