// Sampling sessions as plain data: what the engine stores, the UI shows and the workpaper files.
import type { SamplePlan } from './sampling/plan';
import type { SampleEvaluation } from './sampling/evaluate';
import type { StratifiedEvaluation } from './sampling/stratified-evaluation';
import type { CompletenessNote } from './completeness';
import type { Allocation, Period } from './sampling/select';
import type { EventFilter, EventRow, Finding, Verdict } from './types';
import type { IntegrityGrade, SourceKindId } from './source-kinds';

export type AttributeResult = 'pass' | 'deviation' | 'na';
export const ATTRIBUTE_RESULTS: readonly AttributeResult[] = ['pass', 'deviation', 'na'];

export type SessionStatus = 'open' | 'prepared' | 'reviewed';

export type SelectionMethod = 'simple-random' | 'systematic' | 'stratified' | 'all';

export interface SelectionSpec {
  method: SelectionMethod;
  period?: Period;
  allocation?: Allocation;
}

export interface PopulationStream {
  bundleId: number;
  stream: string;
  origin: string;
  count: number;
  /** the verdict of the latest verification of its bundle, or 'not-verified' */
  verdict: Verdict | 'not-verified';
  chainHead: string | null;
  runId: number | null;
  /** error findings of that stream in that run (capped) */
  findings: Finding[];
  /** what that run found about the stream's completeness (gaps, possible outages, records outside the
   *  window), grouped with counts and time spans: a verified chain can still be incomplete */
  completeness: CompletenessNote[];
}

export interface PopulationSource {
  bundleId: number;
  sourcePath: string;
  sourceSha256: string | null;
  manifestSha256: string;
  /** what kind of evidence it is, and the integrity grade that kind can reach (shared/source-grade.ts) */
  kind: SourceKindId;
  grade: IntegrityGrade;
  /** how the auditor knows it: the tenant and bundle, or the export's file name */
  label: string;
}

/** The workspace's verification when a population was defined (and frozen). */
export interface DrawnUnder {
  /** the workspace's latest verification run then; null: it had none */
  runId: number | null;
  /** the worst verdict of each bundle's latest run ('not-verified': a bundle had none); with one bundle,
   *  that run's verdict */
  verdict: Verdict | 'not-verified';
  /** when that run finished */
  finishedAt: string | null;
}

/** One line saying which verification a population was drawn under, plainly when none or a failed one. */
export function drawnUnderText(d: DrawnUnder | null): string {
  if (d === null) return 'Not recorded: the population was defined before Tickmark recorded the verification it was drawn under.';
  if (d.runId === null) return 'Drawn under no verification: the workspace had never been verified when this population was defined.';
  const head = `Drawn under verification run #${d.runId}, ${d.verdict === 'not-verified' ? 'NOT VERIFIED' : d.verdict.toUpperCase()}, ${d.finishedAt ?? 'time unknown'}`;
  if (d.verdict === 'failed')
    return `${head}: the workspace had FAILED verification when this population was defined; its events may have been altered.`;
  if (d.verdict === 'not-verified') return `${head}: a bundle of the workspace had never been verified when this population was defined.`;
  if (d.verdict === 'unverifiable') return `${head}: consistent, but no pinned key vouched for the bundle.`;
  return head;
}

export interface PopulationInfo {
  id: number;
  name: string;
  filter: EventFilter;
  size: number;
  firstTs: string | null;
  lastTs: string | null;
  /** SHA-256 over "<stream origin> <seq>\n" of every member in population order */
  digest: string;
  /** how members are ordered, so index i can be re-found by anyone */
  order: string;
  createdAt: string;
  createdBy: string;
  streams: PopulationStream[];
  sources: PopulationSource[];
  /** the worst verdict among its streams: a failed stream taints the population everywhere it is shown */
  integrity: Verdict | 'not-verified';
  /** the verification the population was drawn under (null: defined before Tickmark recorded it) */
  drawnUnder: DrawnUnder | null;
}

export interface SessionAttribute {
  id: number;
  position: number;
  name: string;
  description: string;
  /** test design: what counts as a deviation for this attribute (absent or '' until the auditor writes it) */
  deviationDefinition?: string;
  /** the auditor's conclusion on this attribute */
  conclusion?: string;
}

/** The auditor's analysis of one deviation (AICPA Audit Sampling guide: qualitative evaluation). */
export type DeviationNature = 'error' | 'fraud-indicator';
export const DEVIATION_NATURES: readonly DeviationNature[] = ['error', 'fraud-indicator'];

export interface DeviationAnalysis {
  cause: string;
  nature: DeviationNature;
  /** the effect on the control, on other controls and on the audit */
  effect: string;
}

/** How an item joined the sample after the original draw (docs/sampling-algorithm.md §4.5). */
export interface ItemAddition {
  kind: 'replacement' | 'extension';
  reason: string;
  /** the item it replaces (replacements only) */
  replaces: { itemId: number; position: number } | null;
  /** the words of the seeded stream this item's draw consumed, [from, to) */
  draws: { from: number; to: number };
  at: string;
  by: string;
}

export interface SampleEvent extends EventRow {
  raw: string;
}

export interface SampleItem {
  id: number;
  /** 1-based position in the sample (selection order) */
  position: number;
  populationIndex: number;
  stratum: string | null;
  event: SampleEvent;
  /** attribute id → result; absent when not yet tested */
  results: Record<number, AttributeResult>;
  tickmarks: string[];
  notes: string;
  /** paths of evidence files of the bundle */
  evidence: string[];
  /** absent for items of the original draw */
  addition?: ItemAddition;
  /** set when the item was not applicable and replaced: it stays listed but leaves the evaluation */
  replaced?: { reason: string; byItemId: number; byPosition: number };
  /** attribute id → analysis, for attributes where this item is a deviation */
  deviationAnalyses?: Record<number, DeviationAnalysis>;
  /** changed after the latest reviewer sign-off (see SessionView.editsAfterReview) */
  editedAfterReview?: boolean;
}

export interface ReviewNote {
  id: number;
  /** null: a note on the whole session */
  item: { itemId: number; position: number } | null;
  text: string;
  raised: SignOff;
  answer: (SignOff & { text: string }) | null;
  cleared: SignOff | null;
}

export interface AttributeEvaluation {
  attributeId: number;
  name: string;
  tested: number;
  notApplicable: number;
  untested: number;
  deviations: number;
  evaluation: SampleEvaluation | null;
  /** a stratified sample: every stratum evaluated on its own, and how `evaluation` (the overall one) was reached */
  stratified: StratifiedEvaluation | null;
}

export interface SignOff {
  name: string;
  at: string;
}

export interface TickmarkDef {
  symbol: string;
  meaning: string;
}

export interface SessionSummary {
  id: number;
  name: string;
  populationId: number;
  status: SessionStatus;
  controlId: string;
  size: number;
  createdAt: string;
}

export interface SessionView {
  id: number;
  name: string;
  status: SessionStatus;
  engagement: { name: string; client: string; system: string; framework: string; windowStart: string | null; windowEnd: string | null };
  control: { id: string; description: string; objective: string };
  population: PopulationInfo;
  plan: SamplePlan;
  selection: SelectionSpec & {
    /** the selection's own record: interval and start (systematic), strata allocation (stratified), draws used */
    details: Record<string, unknown>;
  };
  seed: string;
  /** the text whose SHA-256 is the seed (sorted chain heads and the auditor's value) */
  seedMaterial: string;
  /** where the selection algorithm is described for re-performance */
  algorithm: string;
  attributes: SessionAttribute[];
  items: SampleItem[];
  evaluation: AttributeEvaluation[];
  preparer: SignOff | null;
  reviewer: SignOff | null;
  /** the auditor's overall conclusion on the control ('' until written) */
  conclusion: { text: string; by: string | null; at: string | null };
  reviewNotes: ReviewNote[];
  /** the latest reviewer sign-off in the activity log (kept when the session is reopened) */
  lastReview: { seq: number; name: string; at: string } | null;
  /** activity-log entries that changed the session after that sign-off */
  editsAfterReview: { seq: number; ts: string; actor: string; action: string; subject: string }[];
  legend: TickmarkDef[];
  activity: { seq: number; ts: string; actor: string; action: string; subject: string; details: Record<string, unknown>; hash: string }[];
  /** the workspace activity log's head when this view was made: a reviewer can tell if the workspace changed after export */
  activityHead: { seq: number; hash: string };
  createdAt: string;
  createdBy: string;
  toolVersion: string;
}

export const DEFAULT_LEGEND: TickmarkDef[] = [
  { symbol: '✓', meaning: 'Agreed to the source record without exception' },
  { symbol: 'Ⓔ', meaning: 'Inspected supporting evidence file' },
  { symbol: 'Ⓐ', meaning: 'Approval by someone other than the requester verified' },
  { symbol: 'Ⓜ', meaning: 'Multi-factor authentication present in the event' },
  { symbol: 'X', meaning: 'Exception: see note' },
  { symbol: 'N/A', meaning: 'Attribute not applicable to this item' },
];
