// What the Analytics screen is shown through the contract (shared/api.ts): the packs it can run, a run with
// its rules and counts, a rule's exceptions, and one exception with every reference resolved to the record
// it names (the verified event with its raw line and its bundle's verification, the evidence row with its
// file, row number and cells), so the auditor sees the log and the evidence side by side. Plain data.
import type { AnalyticsRunSummary, AnalyticsWindow, Disposition, ListedException, RuleOutcome, RuleRef } from './analytics';
import type { EventRow, Verdict } from './types';

/** A rule pack the engine can run (a built-in one, by id). */
export interface RulePackSummary {
  id: string;
  title: string;
  version: string;
  description: string;
  rules: number;
}

/** A rule as the screen lists it: the run's outcome, what the rule tests, and how far its exceptions are dispositioned. */
export interface RuleView extends RuleOutcome {
  description: string;
  /** what each exception references, in words */
  refs: string;
  /** exceptions (or info items) of this rule with a current disposition */
  dispositioned: number;
}

/** A run of a pack: its summary, the window and scope it ran on, and its rules in the pack's order. */
export interface AnalyticsRunView {
  run: AnalyticsRunSummary;
  window: AnalyticsWindow | null;
  /** events the rules ran over, and the bundles left out (never silently) */
  eventsInScope: number;
  excludedBundles: { bundleId: number; sourcePath: string; why: string }[];
  evidenceTables: { path: string; kind: string; sha256: string; rows: number; included: boolean }[];
  rules: RuleView[];
  /** the workspace's other runs, newest first, for picking an earlier one */
  runs: AnalyticsRunSummary[];
}

export interface ExceptionPage {
  rows: ListedException[];
  total: number;
  offset: number;
}

/** An event a stream reference names, as the explorer shows it, with its raw line and its bundle's verification. */
export interface RefEvent {
  event: EventRow;
  raw: string;
  /** the verdict of the bundle's latest verification run ('not-verified': none) */
  verdict: Verdict | 'not-verified';
  verificationRunId: number | null;
}

/** A cell of an evidence row: the standard column, the file's header it was read from, and the value as written. */
export interface EvidenceCell {
  column: string;
  header: string;
  value: string;
}

export type ResolvedRef =
  | { kind: 'event'; ref: RuleRef; label: string; events: RefEvent[] }
  | {
      kind: 'evidence';
      ref: RuleRef;
      label: string;
      /** null when no evidence table in scope has that path (the row cannot be shown) */
      table: { kind: string; path: string; sha256: string; bundleId: number | null; sheet: string | null } | null;
      rowNo: number;
      cells: EvidenceCell[] | null;
    }
  | { kind: 'period'; ref: RuleRef; label: string; start: string; end: string };

export interface ExceptionDetail {
  exception: ListedException;
  /** the rule's title and what its exceptions reference, in words */
  ruleTitle: string;
  ruleRefs: string;
  refs: ResolvedRef[];
  /** every disposition of this exception, oldest first (the last one is current) */
  history: Disposition[];
  /** the activity-log entries that recorded them, oldest first */
  activity: { seq: number; ts: string; actor: string; kind: string; note: string }[];
}
