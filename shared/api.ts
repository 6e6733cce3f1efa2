// The one typed contract between the UI and the engine. The renderer calls these methods and nothing
// else; the Electron preload exposes them over IPC (validated in main), and the test harness serves the
// same methods over loopback HTTP so the real engine stands behind the UI in browser tests.
import { z } from 'zod';
import type { EventFilter, EventRow, Progress, VerificationReport, Finding, Verdict } from './types';
export type { EventRow } from './types';
import type { PopulationInfo, SessionSummary, SessionView, AttributeResult, DeviationNature, SelectionSpec } from './session';
import type { PlanInput, SamplePlan } from './sampling/plan';
import type { CoverageReport } from './coverage/coverage';
import type { DispositionKind } from './analytics';
import { DISPOSITION_KINDS } from './analytics';
import type { AnalyticsRunView, ExceptionDetail, ExceptionPage, RulePackSummary } from './analytics-view';

export interface EngagementSummary {
  workspace: string;
  name: string;
  client: string;
  system: string;
  framework: string;
  windowStart: string | null;
  windowEnd: string | null;
  pinnedKeys: { vkey: string; name: string; keyId: string; label: string }[];
  bundles: BundleSummary[];
  /** how the file compares with this machine's record of its pinned keys and activity log */
  anchors?: AnchorStatus;
  /** for the sample engagement: the bundled sample bundle, ready to import */
  sampleBundle?: string;
}

/**
 * The workspace against the auditor's profile (electron/engine/store/anchor-ledger.ts). intact: as this
 * machine recorded it; new: created here; first-seen: no record before this open (now recorded);
 * altered: its pinned keys or activity log differ from the record, or the record itself fails its check.
 */
export interface AnchorStatus {
  state: 'intact' | 'new' | 'first-seen' | 'altered';
  /** sentences for the auditor */
  messages: string[];
}

export interface BundleSummary {
  id: number;
  sourcePath: string;
  sourceSha256: string | null;
  manifestSha256: string;
  tenant: string;
  events: number;
  importedAt: string;
  /** verdict of the latest verification run, or null when never verified */
  verdict: Verdict | null;
  runId: number | null;
}

export interface RecentWorkspace {
  path: string;
  name: string;
  openedAt: string;
}

export interface EventPage {
  rows: EventRow[];
  /** rows matching the filter (exact) */
  total: number;
  offset: number;
}

export interface EventDetail extends EventRow {
  raw: string;
  /** the record's hash as recomputed, and as written */
  computedHash: string;
  claimedHash: string;
  prevHash: string;
  /** findings of the latest run that point at this record */
  findings: Finding[];
  /** a few records before and after it in the same stream file */
  neighbours: EventRow[];
  /** RFC 9162 inclusion proof of this record in its stream's tree at the stream's final size */
  proof: { leafIndex: number; treeSize: number; leafHash: string; root: string; path: string[]; verifies: boolean } | null;
}

export interface TimelineBucket {
  start: string;
  end: string;
  counts: Record<string, number>;
}

export interface Timeline {
  buckets: TimelineBucket[];
  streams: string[];
  /** silent intervals and integrity breaks to mark on the timeline */
  marks: { kind: 'silent' | 'break'; stream: string; start: string; end: string; finding: Finding }[];
}

export interface EvidenceItem {
  bundleId: number;
  path: string;
  mediaType: string;
  size: number | null;
  declaredSha256: string | null;
  foundSha256: string | null;
  verdict: Verdict;
  controls: string[];
  description: string;
  findings: Finding[];
}

export type EvidencePreview =
  | { kind: 'table'; columns: string[]; rows: string[][]; truncated: boolean }
  | { kind: 'text'; text: string; truncated: boolean }
  | { kind: 'image'; dataUrl: string }
  | { kind: 'none'; reason: string };

export interface JobStarted {
  jobId: string;
}

export type JobEvent =
  | { jobId: string; type: 'progress'; progress: Progress }
  | { jobId: string; type: 'done'; result: unknown }
  | { jobId: string; type: 'error'; error: ApiErrorInfo };

export { errorInfo, type ApiErrorInfo } from './errors';
import type { ApiErrorInfo } from './errors';

/**
 * What went wrong while the desktop app started, for the window to show. `engine`: the engine itself could
 * not start (its database module did not load, say), so no engagement can open until that is fixed;
 * `engagement`: the engine runs but the engagement opened at start did not (a locked or damaged workspace).
 */
export interface StartupError {
  stage: 'engine' | 'engagement';
  error: ApiErrorInfo;
}

/** Every request the UI can make: method name → [argument, result]. */
export interface ApiMethods {
  /** the error that stopped the app's start-up, or null when it started (asked first by the window) */
  startupError: [void, StartupError | null];
  recentWorkspaces: [void, RecentWorkspace[]];
  openSampleEngagement: [void, EngagementSummary];
  openWorkspace: [{ path: string }, EngagementSummary];
  createEngagement: [
    {
      path: string;
      name: string;
      client: string;
      system: string;
      framework: 'SOC 2' | 'HIPAA' | 'SOC 2 + HIPAA';
      windowStart: string;
      windowEnd: string;
    },
    EngagementSummary,
  ];
  engagement: [void, EngagementSummary | null];
  pinKey: [{ vkey: string; label: string }, EngagementSummary];
  /** the host's own file dialog for a bundle (folder or .zip); null when cancelled or when the host has none (the browser) */
  chooseImportPath: [void, string | null];
  startImport: [{ path: string }, JobStarted];
  startVerify: [{ bundleId?: number }, JobStarted];
  cancelJob: [{ jobId: string }, void];
  latestReport: [{ bundleId: number }, VerificationReport | null];
  timeline: [{ bundleId: number; buckets: number }, Timeline];
  /** every source's records per UTC day over the engagement's window, silent days, retention (null: no window and no record) */
  coverage: [void, CoverageReport | null];
  queryEvents: [{ filter: EventFilter; offset: number; limit: number }, EventPage];
  eventDetail: [{ eventId: number }, EventDetail];
  findEvent: [{ bundleId: number; stream: string; seq?: number; file?: string; line?: number }, EventRow | null];
  filterValues: [void, { streams: string[]; categories: string[]; actions: string[]; actors: string[] }];
  definePopulation: [{ name: string; filter: EventFilter }, PopulationInfo];
  populations: [void, PopulationInfo[]];
  planSample: [PlanInput, SamplePlan];
  createSession: [
    {
      populationId: number;
      name: string;
      control: { id: string; description: string; objective: string };
      attributes: { name: string }[];
      plan: Omit<PlanInput, 'populationSize'>;
      override?: { size: number; reason: string };
      selection: SelectionSpec;
      auditorValue: string;
    },
    SessionView,
  ];
  sessions: [void, SessionSummary[]];
  session: [{ sessionId: number }, SessionView];
  recordResult: [{ itemId: number; attributeId: number; result: AttributeResult | null }, SessionView];
  updateItem: [{ itemId: number; tickmarks?: string[]; notes?: string; evidence?: string[] }, SessionView];
  signOff: [{ sessionId: number; role: 'preparer' | 'reviewer'; name: string }, SessionView];
  reopenSession: [{ sessionId: number; reason: string }, SessionView];
  /** replace the not-applicable item at `position` by the next member of the session's stream */
  replaceItem: [{ sessionId: number; position: number; reason: string }, SessionView];
  extendSample: [{ sessionId: number; count: number; reason: string }, SessionView];
  setAttributeJudgement: [{ attributeId: number; deviationDefinition?: string; conclusion?: string }, SessionView];
  setDeviationAnalysis: [{ itemId: number; attributeId: number; cause: string; nature: DeviationNature; effect: string }, SessionView];
  setSessionConclusion: [{ sessionId: number; text: string }, SessionView];
  /** `by`: the name of the person acting, as for sign-offs */
  raiseReviewNote: [{ sessionId: number; itemPosition: number | null; text: string; by: string }, SessionView];
  answerReviewNote: [{ noteId: number; text: string; by: string }, SessionView];
  clearReviewNote: [{ noteId: number; by: string }, SessionView];
  evidence: [void, EvidenceItem[]];
  evidencePreview: [{ bundleId: number; path: string }, EvidencePreview];
  /** path null: let the shell ask where to save (a dialog in Electron; a temp file in tests) */
  exportWorkpaper: [{ sessionId: number; path: string | null }, { path: string }];
  exportReport: [{ bundleId: number; path: string | null }, { path: string }];
  // ---- control analytics (#16): rule packs over the verified events and the evidence tables ----
  /** the built-in rule packs */
  rulePacks: [void, RulePackSummary[]];
  /** run a built-in pack (by id) over the workspace; answers with the run as listed */
  runRulePack: [{ pack: string }, AnalyticsRunView];
  /** a run (the latest when runId is absent); null when the workspace has none yet */
  analyticsRun: [{ runId?: number }, AnalyticsRunView | null];
  /** a page of one rule's exceptions (or info items) in a run, each with its current disposition */
  analyticsExceptions: [{ runId: number; rule: string; offset: number; limit: number }, ExceptionPage];
  /** one exception with its references resolved: the verified event(s), the evidence row, the week */
  analyticsException: [{ runId: number; key: string }, ExceptionDetail];
  /** the auditor's disposition (recorded in the activity log); note required unless a confirmed deviation */
  disposeException: [{ runId: number; key: string; kind: DispositionKind; note: string }, ExceptionDetail];
  /** a frozen population of the events a rule's exceptions reference, for a follow-up sample */
  populationFromExceptions: [{ runId: number; rule: string; name: string }, PopulationInfo];
}

export type ApiMethod = keyof ApiMethods;
export type ApiArg<M extends ApiMethod> = ApiMethods[M][0];
export type ApiResult<M extends ApiMethod> = ApiMethods[M][1];

/** What the renderer holds: call a method, and hear job events (progress, done, error). */
export interface TickmarkApi {
  /** Rejects with an ApiErrorInfo-shaped value (plain data; see ApiErrorInfo). */
  call<M extends ApiMethod>(method: M, arg: ApiArg<M>): Promise<ApiResult<M>>;
  onJobEvent(listener: (e: JobEvent) => void): () => void;
  /**
   * The filesystem path of a File the user dropped, or '' where the host cannot see it (a browser). Electron
   * answers with webUtils.getPathForFile (File.path is gone since Electron 32).
   */
  pathForFile(file: DroppedFile): string;
}

/** A DOM File as shared/ sees it (shared/ compiles without the DOM; any File satisfies this). */
export interface DroppedFile {
  readonly name: string;
  readonly size: number;
}

/** The names of TickmarkApi's members: what every host (preload, HTTP transport) must expose. */
export const TICKMARK_API_MEMBERS = ['call', 'onJobEvent', 'pathForFile'] as const satisfies readonly (keyof TickmarkApi)[];

// ---- validation of every argument on the engine side (the renderer is not trusted) ----

const str = z.string().max(10_000);
const id = z.number().int().nonnegative();
const filter = z
  .object({
    bundleIds: z.array(id).max(1000).optional(),
    streams: z.array(str).max(1000).optional(),
    categories: z.array(str).max(100).optional(),
    actions: z.array(str).max(1000).optional(),
    actors: z.array(str).max(10_000).optional(),
    outcome: z.enum(['success', 'failure']).optional(),
    from: str.optional(),
    to: str.optional(),
    text: str.optional(),
  })
  .strict();
const plan = z
  .object({
    confidence: z.number().gt(0).lt(1),
    tolerableRate: z.number().gt(0).lt(1),
    expectedRate: z.number().min(0).lt(1).optional(),
    expectedDeviations: z.number().int().min(0).optional(),
    populationSize: z.number().int().min(0).optional(),
    method: z.enum(['binomial', 'hypergeometric', 'poisson']).optional(),
    maxSize: z.number().int().positive().optional(),
  })
  .strict();
const none = z
  .undefined()
  .or(z.null())
  .transform(() => undefined);

export const apiArgSchemas: { [M in ApiMethod]: z.ZodType<unknown> } = {
  startupError: none,
  recentWorkspaces: none,
  openSampleEngagement: none,
  chooseImportPath: none,
  openWorkspace: z.object({ path: str }).strict(),
  createEngagement: z
    .object({
      path: str,
      name: str.min(1),
      client: str,
      system: str,
      framework: z.enum(['SOC 2', 'HIPAA', 'SOC 2 + HIPAA']),
      windowStart: str,
      windowEnd: str,
    })
    .strict(),
  engagement: none,
  pinKey: z.object({ vkey: str, label: str }).strict(),
  startImport: z.object({ path: str }).strict(),
  startVerify: z.object({ bundleId: id.optional() }).strict(),
  cancelJob: z.object({ jobId: str }).strict(),
  latestReport: z.object({ bundleId: id }).strict(),
  timeline: z.object({ bundleId: id, buckets: z.number().int().min(1).max(2000) }).strict(),
  coverage: none,
  queryEvents: z.object({ filter, offset: id, limit: z.number().int().min(1).max(5000) }).strict(),
  eventDetail: z.object({ eventId: id }).strict(),
  findEvent: z.object({ bundleId: id, stream: str, seq: id.optional(), file: str.optional(), line: id.optional() }).strict(),
  filterValues: none,
  definePopulation: z.object({ name: str.min(1), filter }).strict(),
  populations: none,
  planSample: plan,
  createSession: z
    .object({
      populationId: id,
      name: str.min(1),
      control: z.object({ id: str, description: str, objective: str }).strict(),
      attributes: z
        .array(z.object({ name: str.min(1) }).strict())
        .min(1)
        .max(50),
      plan: plan.omit({ populationSize: true }),
      override: z.object({ size: z.number().int().positive(), reason: str }).strict().optional(),
      selection: z
        .object({
          method: z.enum(['simple-random', 'systematic', 'stratified', 'all']),
          period: z.enum(['month', 'quarter', 'week']).optional(),
          allocation: z.enum(['proportional', 'at-least-one']).optional(),
        })
        .strict(),
      auditorValue: str.min(1),
    })
    .strict(),
  sessions: none,
  session: z.object({ sessionId: id }).strict(),
  recordResult: z.object({ itemId: id, attributeId: id, result: z.enum(['pass', 'deviation', 'na']).nullable() }).strict(),
  updateItem: z
    .object({ itemId: id, tickmarks: z.array(str).max(50).optional(), notes: str.optional(), evidence: z.array(str).max(200).optional() })
    .strict(),
  signOff: z.object({ sessionId: id, role: z.enum(['preparer', 'reviewer']), name: str.min(1) }).strict(),
  reopenSession: z.object({ sessionId: id, reason: str.min(1) }).strict(),
  replaceItem: z.object({ sessionId: id, position: z.number().int().positive(), reason: str.min(1) }).strict(),
  extendSample: z.object({ sessionId: id, count: z.number().int().min(1).max(10_000), reason: str.min(1) }).strict(),
  setAttributeJudgement: z.object({ attributeId: id, deviationDefinition: str.optional(), conclusion: str.optional() }).strict(),
  setDeviationAnalysis: z
    .object({ itemId: id, attributeId: id, cause: str.min(1), nature: z.enum(['error', 'fraud-indicator']), effect: str.min(1) })
    .strict(),
  setSessionConclusion: z.object({ sessionId: id, text: str }).strict(),
  raiseReviewNote: z.object({ sessionId: id, itemPosition: z.number().int().positive().nullable(), text: str.min(1), by: str.min(1) }).strict(),
  answerReviewNote: z.object({ noteId: id, text: str.min(1), by: str.min(1) }).strict(),
  clearReviewNote: z.object({ noteId: id, by: str.min(1) }).strict(),
  evidence: none,
  evidencePreview: z.object({ bundleId: id, path: str }).strict(),
  exportWorkpaper: z.object({ sessionId: id, path: str.nullable() }).strict(),
  exportReport: z.object({ bundleId: id, path: str.nullable() }).strict(),
  rulePacks: none,
  runRulePack: z.object({ pack: z.string().regex(/^[a-z0-9][a-z0-9._-]{0,99}$/, 'must be the id of a built-in rule pack') }).strict(),
  analyticsRun: z.object({ runId: id.optional() }).strict(),
  analyticsExceptions: z.object({ runId: id, rule: str.min(1), offset: id, limit: z.number().int().min(1).max(5000) }).strict(),
  analyticsException: z.object({ runId: id, key: z.string().regex(/^[0-9a-f]{64}$/, 'must be an exception key (64 hex digits)') }).strict(),
  disposeException: z
    .object({
      runId: id,
      key: z.string().regex(/^[0-9a-f]{64}$/, 'must be an exception key (64 hex digits)'),
      kind: z.enum(DISPOSITION_KINDS),
      note: str,
    })
    .strict(),
  populationFromExceptions: z.object({ runId: id, rule: str.min(1), name: str.min(1) }).strict(),
};

export const API_METHODS = Object.keys(apiArgSchemas) as ApiMethod[];

export function isApiMethod(m: unknown): m is ApiMethod {
  return typeof m === 'string' && Object.prototype.hasOwnProperty.call(apiArgSchemas, m);
}
