// Control analytics (#16): rule packs, the exceptions a run finds, the run's report and the auditor's
// dispositions. Pure data shared by the engine (electron/engine/analytics/), the CLI and the UI.
//
// A rule is one read-only SQL statement over the workspace's analytics views (migration 9; docs/rule-packs.md):
// it returns one row per exception with two columns, `refs` (a JSON array of RuleRef) and `message`.
// An exception's key is stable across runs, so a disposition made on one run applies to the same exception
// found again later:
//   key = lowercase hex SHA-256 of the UTF-8 bytes of  rule id + "\n" + RFC 8785 (JCS) form of refs
import { canonicalize } from './jcs';
import type { Verdict } from './types';

export const RULE_PACK_FORMAT = 'tickmark-rule-pack/1';
export const ANALYTICS_RUN_FORMAT = 'tickmark-analytics-run/1';

export type RuleSeverity = 'exception' | 'info';

/** The evidence table kinds of ../shared/formats/evidence-tables.md; each is a view of the same name. */
export const EVIDENCE_TABLE_KINDS = ['hr_roster', 'access_review', 'approved_access', 'change_log', 'restore_test', 'identity_map'] as const;
export type EvidenceTableKind = (typeof EVIDENCE_TABLE_KINDS)[number];

/** A rule as loaded (the pack file may write `sql` as an array of lines; it is joined with "\n"). */
export interface RuleDef {
  /** stable id, e.g. "cc6.3-access-after-termination"; names the rule in exceptions and keys */
  id: string;
  title: string;
  /** the criteria it tests, e.g. ["CC6.3", "HIPAA §164.308(a)(3)(ii)(C)"] */
  criteria: string[];
  /** "exception": a finding the auditor must disposition; "info": listed for the auditor's attention */
  severity: RuleSeverity;
  /** what the rule tests, in words an auditor reads in the workpaper */
  description: string;
  /** evidence kinds without which the rule cannot be performed: with no table of one of them in scope the
   *  rule is reported "not performed" (never "no exceptions") */
  requires: EvidenceTableKind[];
  /** values bound to the SQL's named parameters (`:grace_ms` for "grace_ms") */
  parameters: Record<string, number | string>;
  /** one sentence per parameter: what it means and its unit (every parameter has one) */
  parameterDocs: Record<string, string>;
  /** what each exception references, in words ("the user's first event after ..., and the roster row") */
  refs: string;
  /** one read-only SQL statement returning columns `refs` (JSON array of RuleRef) and `message` */
  sql: string;
}

export interface RulePack {
  format: typeof RULE_PACK_FORMAT;
  id: string;
  title: string;
  version: string;
  description: string;
  rules: RuleDef[];
}

/** What an exception points at: an event of a stream, a row of an evidence table, or an ISO week (UTC). */
export type RuleRef = { stream: string; seq: number } | { evidence: string; row: number } | { period: string };

export function isStreamRef(r: RuleRef): r is { stream: string; seq: number } {
  return 'stream' in r;
}
export function isEvidenceRef(r: RuleRef): r is { evidence: string; row: number } {
  return 'evidence' in r;
}
export function isPeriodRef(r: RuleRef): r is { period: string } {
  return 'period' in r;
}

/** A reference in words: "stream auth seq 42", "evidence/hr-roster.csv row 7", "week 2026-W07". */
export function describeRef(r: RuleRef): string {
  if (isStreamRef(r)) return `stream ${r.stream} seq ${r.seq}`;
  if (isEvidenceRef(r)) return `${r.evidence} row ${r.row}`;
  return `week ${r.period}`;
}

/** The text whose SHA-256 is an exception's key (see the header). */
export function exceptionKeyText(rule: string, refs: readonly RuleRef[]): string {
  return `${rule}\n${canonicalize(refs)}`;
}

export interface AnalyticsException {
  /** lowercase hex SHA-256 of exceptionKeyText(rule, refs): the same exception has the same key in every run */
  key: string;
  rule: string;
  criteria: string[];
  severity: RuleSeverity;
  refs: RuleRef[];
  message: string;
}

export interface RuleOutcome {
  rule: string;
  title: string;
  criteria: string[];
  severity: RuleSeverity;
  /** exceptions (or info items) the rule found */
  count: number;
  /** wall-clock time of the rule's query, milliseconds */
  ms: number;
  /** the parameters as bound, window bounds included (null: no audit window) */
  parameters: Record<string, number | string | null>;
  /** "not-performed": a required evidence kind had no table in scope (count is then 0 and means nothing) */
  status: 'performed' | 'not-performed';
  /** why it was not performed, in words */
  note?: string;
}

/** A bundle as the run saw it: in scope only when its latest verification run's verdict is "verified". */
export interface AnalyticsBundleData {
  bundleId: number;
  kind: string;
  sourcePath: string;
  tenant: string;
  /** verdict of the bundle's latest verification run; "not-verified" when it has none */
  verdict: Verdict | 'not-verified';
  verificationRunId: number | null;
  included: boolean;
  /** why it is included or excluded, in words */
  why: string;
  /** events the bundle holds (all of them count when included, none when excluded) */
  events: number;
}

export interface AnalyticsEvidenceData {
  path: string;
  kind: string;
  sha256: string;
  rows: number;
  /** the bundle it came with; null when the auditor imported it outside a bundle */
  bundleId: number | null;
  included: boolean;
  why: string;
}

export interface AnalyticsWindow {
  /** RFC 3339 */
  start: string;
  end: string;
  /** bound as :window_start_ms and :window_end_ms (both inclusive) */
  startMs: number;
  endMs: number;
  /** "engagement": the engagement's window; "bundles": no engagement window, the span of the bundles in scope */
  source: 'engagement' | 'bundles';
}

export interface AnalyticsRunReport {
  format: typeof ANALYTICS_RUN_FORMAT;
  runId: number;
  pack: { id: string; title: string; version: string; sha256: string; source: string };
  startedAt: string;
  finishedAt: string;
  by: string;
  window: AnalyticsWindow | null;
  data: {
    bundles: AnalyticsBundleData[];
    evidence: AnalyticsEvidenceData[];
    /** events the rules ran over (the events of the bundles in scope) */
    eventsInScope: number;
    /** how scope is decided, in words (the same text as docs/rule-packs.md) */
    scopeRule: string;
  };
  rules: RuleOutcome[];
  exceptions: AnalyticsException[];
  totals: { exceptions: number; info: number; ms: number; notPerformed: number };
}

export const DISPOSITION_KINDS = ['confirmed_deviation', 'explained', 'false_positive'] as const;
export type DispositionKind = (typeof DISPOSITION_KINDS)[number];

/** The auditor's judgement on an exception; the latest one for a key wins, earlier ones are kept. */
export interface Disposition {
  kind: DispositionKind;
  /** required (non-blank) for "explained" and "false_positive"; may be empty for a confirmed deviation */
  note: string;
  by: string;
  /** RFC 3339 */
  at: string;
}

export const DISPOSITION_LABELS: Readonly<Record<DispositionKind, string>> = {
  confirmed_deviation: 'confirmed deviation',
  explained: 'explained',
  false_positive: 'false positive',
};

/** A run as listed (the UI's run picker, the workpaper's index). */
export interface AnalyticsRunSummary {
  runId: number;
  pack: { id: string; title: string; version: string; sha256: string };
  startedAt: string;
  finishedAt: string;
  by: string;
  exceptions: number;
  info: number;
}

/** An exception of a run with its current disposition (null: not yet dispositioned). */
export interface ListedException extends AnalyticsException {
  runId: number;
  disposition: Disposition | null;
}
