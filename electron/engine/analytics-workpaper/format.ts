// The analytics workpaper (#16 item 4): its format id, sheet names, and the data its sheets are written from.
// gather.ts reads that data from the workspace; each *-sheet.ts writes one sheet from it; write.ts assembles.
import type { AnalyticsRunReport, ListedException, RuleDef, RuleRef } from '../../../shared/analytics';
import type { IntegrityGrade } from '../../../shared/source-kinds';
import type { CompletenessNote } from '../../../shared/completeness';
import type { EngagementInfo } from '../store/workspace';

export const ANALYTICS_WORKPAPER_FORMAT = 'tickmark-analytics-workpaper/1';

export const AW_SHEET = {
  cover: 'Cover',
  rules: 'Rules',
  data: 'Data',
  exceptions: 'Exceptions',
  conclusions: 'Conclusions',
  memo: 'C&A memo',
} as const;

/** One reference of an exception, resolved against the workspace for a reader. */
export interface RenderedRef {
  ref: RuleRef;
  /** "stream auth seq 42", "evidence/hr-roster.csv row 7", "week 2026-W07" */
  label: string;
  /** the event's time, actor and action, or the evidence row's key cells; null when nothing was found */
  detail: string | null;
  /** an evidence row: every stored column and its value, in the view's order */
  cells?: [string, string][];
}

export interface RenderedException extends ListedException {
  records: RenderedRef[];
}

/** One integrity check of a source, and what the verification found for it. */
export interface CheckResult {
  check: string;
  /** "passed", "failed", "warning", "performed" (no finding code maps to it: read with the verdict) */
  status: 'passed' | 'failed' | 'warning' | 'performed' | 'not performed';
  result: string;
}

/** A bundle (an import) as the C&A memo describes it. */
export interface SourceMemo {
  bundleId: number;
  kind: string;
  kindLabel: string;
  grade: IntegrityGrade | 'unknown';
  sourcePath: string;
  included: boolean;
  why: string;
  verdict: string;
  verificationRunId: number | null;
  verifiedAt: string | null;
  events: number;
  checks: CheckResult[];
  /** manifest signature, checkpoints, custody receipt, …: facts in words */
  facts: [string, string][];
  streams: {
    stream: string;
    verdict: string;
    events: number;
    firstTs: string | null;
    lastTs: string | null;
    chainHead: string | null;
    merkleRoot: string | null;
    completeness: CompletenessNote[];
  }[];
  /** coverage of the audit window, in words */
  coverage: string;
}

export interface EvidenceMemo {
  path: string;
  kind: string;
  sha256: string;
  rows: number;
  bundleId: number | null;
  included: boolean;
  why: string;
  /** how it was obtained and how its integrity was established, in words */
  obtained: string;
  importedAt: string | null;
  importedBy: string | null;
}

export interface AnalyticsWorkpaperData {
  report: AnalyticsRunReport;
  /** the rules as run: parsed from the pack text the run stored */
  rules: RuleDef[];
  packDescription: string;
  engagement: EngagementInfo;
  workspaceFile: string;
  exceptions: RenderedException[];
  sources: SourceMemo[];
  evidence: EvidenceMemo[];
  toolVersion: string;
  activityHead: { seq: number; hash: string };
  exportedAt: Date;
  exportedBy: string;
}
