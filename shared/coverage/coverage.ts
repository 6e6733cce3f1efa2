// Coverage of the audit window per source and UTC day (#15 Completeness): the auditor's IDEA/ACL script of
// per-day counts, done once. For each source (a bundle's stream, or a custody-only import) the records of
// every day of the window, the days with none (silent days), the runs of consecutive silent days (silences)
// with the longest first, the records dated outside the window, and the retention the records cover.
// Input: the day counts of electron/engine/coverage (or tallyDays); nothing here reads a workspace.
//
// A window day is any UTC day the closed window [start, end] touches; only records inside the window count
// towards it (a record at 23:00 on the start day, before an 23:30 start, is outside). A silent day is a
// window day with no record inside the window; a silence is a maximal run of them.
import type { IntegrityGrade, SourceKindId } from '../source-kinds';
import type { CompletenessNote } from '../completeness';
import type { Verdict } from '../types';
import { durationText } from '../completeness';
import { DAY_MS, dayStartText, dayText, utcDay } from './days';
import type { CoverageWindow, DayCount } from './counts';
import { retentionRequired, retentionStatement, type RetentionStatement } from './retention';

export const COVERAGE_FORMAT = 'tickmark-coverage/1';

/** A window longer than this is refused: 40 years of days per source is past any engagement. */
export const MAX_WINDOW_DAYS = 40 * 366;

export class CoverageError extends Error {
  override name = 'CoverageError';
}

export interface CoverageSource {
  bundleId: number;
  stream: string;
  /** how the auditor knows it: "<tenant> · <stream> (bundle #1)", or the export's file name */
  label: string;
  kind: SourceKindId;
  grade: IntegrityGrade;
  /** the verdict of its bundle's latest verification ('not-verified': none): whether it reached its grade */
  verdict: Verdict | 'not-verified';
}

/** Records that repeat an earlier one of the same source, by the source's own identity. */
export interface Duplicates {
  /** what makes two records the same: "resource id" (FHIR), "seq" (a bundle's stream, from its verification) */
  basis: string;
  /** false: not known (a bundle never verified); the counts are then 0 */
  checked: boolean;
  /** records beyond the first of each repeated identity */
  extra: number;
  /** up to a few repeated identities, with where they are */
  examples: { key: string; where: string }[];
}

export interface SourceCoverageInput {
  source: CoverageSource;
  counts: readonly DayCount[];
  duplicates: Duplicates;
  /** what the source's latest verification found about completeness (shared/completeness.ts), carried along */
  verification?: CompletenessNote[];
}

export interface Silence {
  /** first and last silent day, both included */
  from: string;
  to: string;
  days: number;
  /** the span as instants: the first day's 00:00 to the day after the last's 00:00 (half-open) */
  fromInstant: string;
  toInstant: string;
}

export interface SourceCoverage {
  source: CoverageSource;
  /** records inside the window on each window day: counts[i] is day window.firstDay + i */
  counts: number[];
  total: number;
  inWindow: number;
  beforeWindow: number;
  afterWindow: number;
  /** the window days with no record, in time order */
  silentDays: string[];
  /** every silence, in time order */
  silences: Silence[];
  /** the longest silences, longest first (ties: earliest first), at most `longest` of them */
  longestSilences: Silence[];
  duplicates: Duplicates;
  verification: CompletenessNote[];
  retention: RetentionStatement;
}

export interface CoverageReport {
  format: typeof COVERAGE_FORMAT;
  window: {
    start: string;
    end: string;
    /** where the window came from: the engagement's, one given on the command line, or the records' own span */
    basis: 'engagement' | 'given' | 'records';
    firstDay: string;
    lastDay: string;
    days: number;
  };
  framework: string;
  sources: SourceCoverage[];
  /** all sources together: the span of every record against the requirement */
  retention: RetentionStatement;
}

export interface CoverageInput {
  window: CoverageWindow;
  windowBasis: CoverageReport['window']['basis'];
  framework: string;
  sources: readonly SourceCoverageInput[];
  /** how many of the longest silences to list per source (default 5) */
  longest?: number;
}

function silence(fromDay: number, toDay: number): Silence {
  return {
    from: dayText(fromDay),
    to: dayText(toDay),
    days: toDay - fromDay + 1,
    fromInstant: dayStartText(fromDay),
    toInstant: dayStartText(toDay + 1),
  };
}

function sourceCoverage(s: SourceCoverageInput, firstDay: number, nDays: number, longest: number, framework: string): SourceCoverage {
  const counts = new Array<number>(nDays).fill(0);
  let before = 0;
  let after = 0;
  let first: number | null = null;
  let last: number | null = null;
  for (const c of s.counts) {
    if (c.count <= 0) continue;
    first = first === null ? c.day : Math.min(first, c.day);
    last = last === null ? c.day : Math.max(last, c.day);
    if (c.side < 0) before += c.count;
    else if (c.side > 0) after += c.count;
    else if (c.day >= firstDay && c.day < firstDay + nDays) counts[c.day - firstDay]! += c.count;
  }
  const silentDays: string[] = [];
  const silences: Silence[] = [];
  let runFrom: number | null = null;
  for (let i = 0; i <= nDays; i++) {
    const silent = i < nDays && counts[i] === 0;
    if (silent) {
      silentDays.push(dayText(firstDay + i));
      runFrom ??= i;
    } else if (runFrom !== null) {
      silences.push(silence(firstDay + runFrom, firstDay + i - 1));
      runFrom = null;
    }
  }
  const inWindow = counts.reduce((a, b) => a + b, 0);
  return {
    source: s.source,
    counts,
    total: inWindow + before + after,
    inWindow,
    beforeWindow: before,
    afterWindow: after,
    silentDays,
    silences,
    // stable sort: among equal lengths the earlier silence stays first
    longestSilences: [...silences].sort((a, b) => b.days - a.days).slice(0, longest),
    duplicates: s.duplicates,
    verification: s.verification ?? [],
    retention: retentionStatement(retentionRequired(framework), first, last),
  };
}

/** Per-source, per-day coverage of the window, with silences, records outside it and retention. */
export function computeCoverage(input: CoverageInput): CoverageReport {
  const { window: w } = input;
  if (!Number.isFinite(w.startMs) || !Number.isFinite(w.endMs) || w.endMs < w.startMs)
    throw new CoverageError(
      `The audit window ${isoOr(w.startMs)} – ${isoOr(w.endMs)} is not a window: its end is before its start, or a bound is not a time.`,
    );
  const firstDay = utcDay(w.startMs);
  const lastDay = utcDay(w.endMs);
  const nDays = lastDay - firstDay + 1;
  if (nDays > MAX_WINDOW_DAYS)
    throw new CoverageError(
      `The audit window ${isoOr(w.startMs)} – ${isoOr(w.endMs)} spans ${nDays} days; coverage is counted for windows up to ${MAX_WINDOW_DAYS} days.`,
    );
  const longest = input.longest ?? 5;
  const sources = input.sources.map((s) => sourceCoverage(s, firstDay, nDays, longest, input.framework));
  const all = input.sources.flatMap((s) => s.counts.filter((c) => c.count > 0).map((c) => c.day));
  return {
    format: COVERAGE_FORMAT,
    window: {
      start: new Date(w.startMs).toISOString(),
      end: new Date(w.endMs).toISOString(),
      basis: input.windowBasis,
      firstDay: dayText(firstDay),
      lastDay: dayText(lastDay),
      days: nDays,
    },
    framework: input.framework,
    sources,
    retention: retentionStatement(
      retentionRequired(input.framework),
      all.length ? all.reduce((a, b) => Math.min(a, b)) : null,
      all.length ? all.reduce((a, b) => Math.max(a, b)) : null,
    ),
  };
}

function isoOr(ms: number): string {
  return Number.isFinite(ms) && Math.abs(ms) < 8.64e15 ? new Date(ms).toISOString() : String(ms);
}

/** "3 silent days in 2 silences, the longest 2 days (2026-02-03 – 2026-02-04)", or "no silent day". */
export function silenceText(c: SourceCoverage): string {
  if (c.silentDays.length === 0) return 'no silent day';
  const l = c.longestSilences[0]!;
  const n = c.silentDays.length;
  const k = c.silences.length;
  return `${n} silent day${n === 1 ? '' : 's'} in ${k} silence${k === 1 ? '' : 's'}, the longest ${durationText(l.days * DAY_MS)} (${l.from === l.to ? l.from : `${l.from} – ${l.to}`})`;
}
