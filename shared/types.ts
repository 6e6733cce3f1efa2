// Domain types shared by the engine, the CLI and the UI. Pure data: no behaviour here.
import type { EvidenceKind } from './evidence/kinds';

/** The six event categories of tickmark-bundle/1 §3. */
export const CATEGORIES = ['auth', 'phi_access', 'admin', 'config_change', 'third_party', 'system'] as const;
export type Category = (typeof CATEGORIES)[number];

export const OUTCOMES = ['success', 'failure'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export interface AuditWindow {
  start: string; // RFC 3339 UTC
  end: string;
}

export interface ManifestStream {
  id: string;
  description?: string;
  files: string[];
  origin: string;
  first_seq: number;
  event_count: number;
  chain: { prev_hash: string; head: string };
  merkle: { tree_size: number; root: string; prior_frontier: string[] };
  checkpoints: string[];
}

export interface ManifestEvidence {
  path: string;
  sha256: string;
  size: number;
  media_type?: string;
  controls?: string[];
  description?: string;
  /** the file is an evidence table of this kind (evidence-tables.md) */
  table?: ManifestEvidenceTable;
}

export interface ManifestEvidenceTable {
  kind: EvidenceKind;
  /** standard column → the file's header, where they differ */
  columns?: Record<string, string>;
  /** a workbook's sheet (default: the first) */
  sheet?: string;
}

export interface Manifest {
  format: 'tickmark-bundle/1';
  producer: { name: string; version: string };
  tenant: { id: string; name: string };
  audit_window: AuditWindow;
  generated_at: string;
  signing_keys: string[];
  streams: ManifestStream[];
  evidence: ManifestEvidence[];
}

/** The fields an auditor filters on, taken from one event line. */
export interface EventFields {
  seq: number;
  ts: string;
  tsMs: number;
  category: string;
  action: string;
  actorId: string;
  actorType: string;
  target: string | null;
  outcome: string;
  mfa: boolean | null;
}

export type Severity = 'error' | 'warning' | 'info';

export type FindingCode =
  | 'input-unreadable'
  | 'manifest-invalid'
  | 'manifest-mismatch'
  | 'manifest-signature-missing'
  | 'manifest-signature-invalid'
  | 'manifest-signature-unpinned'
  | 'content-altered'
  | 'link-broken'
  | 'chain-genesis-mismatch'
  | 'chain-head-mismatch'
  | 'event-count-mismatch'
  | 'seq-gap'
  | 'seq-duplicate'
  | 'seq-out-of-order'
  | 'ts-out-of-order'
  | 'ts-outside-window'
  | 'silent-interval'
  | 'merkle-root-mismatch'
  | 'frontier-invalid'
  | 'checkpoint-malformed'
  | 'checkpoint-signature-invalid'
  | 'checkpoint-unsigned'
  | 'checkpoint-unpinned'
  | 'checkpoint-inconsistent'
  | 'checkpoint-unverifiable'
  | 'evidence-missing'
  | 'evidence-altered'
  | 'evidence-unlisted'
  // a workspace's stored column differs from its verified line; rows no verification reads (stored-fields.ts)
  | 'stored-field-mismatch'
  | 'stored-row-unverified'
  // CloudTrail export kits (docs/cloudtrail-kit.md)
  | 'cloudtrail-region-missing'
  | 'cloudtrail-region-unclaimed'
  | 'cloudtrail-object-unrecognized'
  | 'cloudtrail-digest-unreadable'
  | 'cloudtrail-signature-missing'
  | 'cloudtrail-signature-invalid'
  | 'cloudtrail-signature-unpinned'
  | 'cloudtrail-key-unknown'
  | 'cloudtrail-vendor-key-mismatch'
  | 'cloudtrail-digest-moved'
  | 'cloudtrail-digest-copy'
  | 'cloudtrail-digest-missing'
  | 'cloudtrail-chain-restarted'
  | 'cloudtrail-chain-link-broken'
  | 'cloudtrail-trail-stopped'
  | 'cloudtrail-log-missing'
  | 'cloudtrail-log-altered'
  | 'cloudtrail-log-unreadable'
  | 'cloudtrail-log-unlisted'
  | 'cloudtrail-coverage-gap'
  | 'cloudtrail-coverage-tail'
  | 'cloudtrail-lake-file-missing'
  | 'cloudtrail-lake-file-altered'
  | 'cloudtrail-lake-file-unlisted'
  // vendor chains read under a profile (docs/vendor-chain-profiles.md)
  | 'vendor-head-signature-invalid'
  | 'vendor-head-signature-unpinned'
  | 'vendor-head-no-key'
  | 'vendor-chain-not-independently-verifiable';

/** One thing the verifier found, located as precisely as the input allows. */
export interface Finding {
  code: FindingCode;
  severity: Severity;
  message: string;
  stream?: string;
  /** the AWS Region a CloudTrail finding concerns */
  region?: string;
  seq?: number;
  file?: string;
  line?: number;
  expected?: string;
  found?: string;
}

export type Verdict = 'verified' | 'failed' | 'unverifiable';

export interface StreamReport {
  id: string;
  origin: string;
  files: string[];
  verdict: Verdict;
  eventsRead: number;
  firstSeq: number | null;
  lastSeq: number | null;
  firstTs: string | null;
  lastTs: string | null;
  chainHead: string | null;
  merkleRoot: string | null;
  treeSize: number;
  checkpoints: CheckpointReport[];
  findings: Finding[];
  /** Findings of each code beyond those listed (a fully broken stream must not exhaust memory). */
  suppressed: Partial<Record<FindingCode, number>>;
}

export interface CheckpointReport {
  file: string;
  line: number;
  origin: string;
  treeSize: number;
  root: string;
  /** 'consistent' when the events reproduce its root; 'unknown' when the bundle cannot say (an earlier size). */
  consistency: 'consistent' | 'inconsistent' | 'unknown';
  signatures: { name: string; keyId: string; status: 'verified' | 'valid-unpinned' | 'invalid' | 'unknown-key' }[];
}

export interface EvidenceReport {
  path: string;
  verdict: Verdict;
  expectedSha256: string | null;
  foundSha256: string | null;
  size: number | null;
  findings: Finding[];
}

export interface VerificationReport {
  tool: { name: 'tickmark'; version: string };
  format: 'tickmark-verification/1';
  bundle: { path: string; sha256: string | null; tenant: string | null; auditWindow: AuditWindow | null };
  startedAt: string;
  finishedAt: string;
  verdict: Verdict;
  pinnedKeys: string[];
  manifest: { signature: 'verified' | 'valid-unpinned' | 'invalid' | 'missing'; findings: Finding[] };
  streams: StreamReport[];
  evidence: EvidenceReport[];
  /** Findings not tied to one stream or evidence file (unreadable manifest, unlisted files, ...). */
  findings: Finding[];
  totals: { events: number; bytes: number; errors: number; warnings: number };
}

export interface Progress {
  phase: string;
  file?: string;
  bytesDone: number;
  bytesTotal: number | null;
  eventsDone: number;
  /** events per second since the start of the job */
  rate: number;
}

/** A filter over one engagement's events: the explorer's filter and a population's definition. */
export interface EventFilter {
  bundleIds?: number[];
  streams?: string[];
  categories?: string[];
  actions?: string[];
  actors?: string[];
  outcome?: 'success' | 'failure';
  /** inclusive, RFC 3339 */
  from?: string;
  /** exclusive, RFC 3339 */
  to?: string;
  /** free text over the original line */
  text?: string;
  /** a population made from an analytics run's exception list: the events its exceptions of this rule
   *  reference, resolved once when the population is frozen (analytics/exception-population.ts); not a
   *  query the explorer can run */
  exceptions?: { runId: number; rule: string };
}

/** One event as the explorer and the sample show it: the filter columns and where it sits in its file. */
export interface EventRow {
  id: number;
  bundleId: number;
  stream: string;
  seq: number;
  ts: string;
  category: string;
  action: string;
  actorId: string;
  actorType: string;
  target: string | null;
  outcome: string;
  file: string;
  line: number;
}

/** What an import reports when it ends. */
export interface ImportResult {
  status: 'imported' | 'duplicate';
  bundleId: number;
  events: number;
  streams: number;
  evidenceFiles: number;
  /** evidence files the manifest declares tables, read into typed tables (absent when it declares none) */
  evidenceTables?: number;
  bytes: number;
  seconds: number;
  message: string;
  /** when the import also verified the bundle in the same reading: the recorded run and its verdict */
  verification?: { runId: number; verdict: Verdict };
}
