// Sampling sessions as plain data: what the engine stores, the UI shows and the workpaper files.
import type { SamplePlan } from './sampling/plan';
import type { SampleEvaluation } from './sampling/evaluate';
import type { StratifiedEvaluation } from './sampling/stratified-evaluation';
import type { Allocation, Period } from './sampling/select';
import type { EventFilter, EventRow, Finding, Verdict } from './types';

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
}

export interface PopulationSource {
  bundleId: number;
  sourcePath: string;
  sourceSha256: string | null;
  manifestSha256: string;
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
}

export interface SessionAttribute {
  id: number;
  position: number;
  name: string;
  description: string;
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
