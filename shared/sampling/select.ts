// Sample selection over a population indexed 0 … N−1 in an order the engine defines. Nothing here builds an
// array of N entries, so N = 10,000,000 costs only the sample's own size. Every step is spelled out in
// docs/sampling-algorithm.md so that a reviewer can re-perform it from the seed.
//
// Simple random (without replacement): repeat i = nextBelow(N); keep i unless already kept; stop at n kept.
//   The kept order is the draw order (extending a sample from n to n' keeps the first n items).
// Systematic: interval k = N/n, exact and possibly fractional. s = nextBelow(N) gives the random start
//   u = s/n, uniform over the n·k = N equally spaced points of [0, k). Item i (i = 0 … n−1) is
//   ⌊u + i·k⌋ = ⌊(s + i·N) / n⌋, computed in integers. Every item has inclusion probability exactly n/N.
// Stratified: strata are contiguous index ranges [start, start + count). Sizes by largest remainder
//   (Hamilton): stratum h gets ⌊n·N_h/N⌋, and the n − Σ⌊…⌋ items left go one each to the strata with the
//   largest remainders (n·N_h mod N); ties go to the larger stratum, then to the earlier one in the given order.
//   'at-least-one' first gives every non-empty stratum one item (raising n to the number of non-empty strata
//   when n is smaller, and saying so), then shares the other n − H items the same way with weights N_h − 1.
//   Then, stratum by stratum in the given order, a simple random selection of n_h from count, all from one
//   continuing stream; a selected local index j is reported as start + j.
// All (100 %): a range descriptor; the indices are listed only up to a cap.
import { SamplingError, requireInteger } from './errors';
import type { SeededRandom } from './prng';
import { parseRfc3339 } from '../time';

/** The most indices a selection will list (beyond it, select 100 % with `all`, which is a range). */
export const MAX_LISTED_INDICES = 1_000_000;

export interface DrawRange {
  /** rng.drawsUsed before the selection (the stream position it started at) */
  from: number;
  /** rng.drawsUsed after it */
  to: number;
}

interface SelectionBase {
  seed: string;
  populationSize: number;
  sampleSize: number;
  /** selected indices in selection order */
  indices: number[];
  /** the same indices in ascending order */
  sorted: number[];
  /** 64-bit words of the stream this selection consumed */
  drawsUsed: number;
  draws: DrawRange;
}

export interface SimpleRandomSelection extends SelectionBase {
  method: 'simple-random';
}

export interface SystematicSelection extends SelectionBase {
  method: 'systematic';
  /** k = N / n (may be fractional) */
  interval: number;
  /** s = nextBelow(N); item i is ⌊(s + i·N) / n⌋ */
  startOffset: number;
  /** the random start u = s / n in [0, k) */
  start: number;
}

export interface Stratum {
  label: string;
  start: number;
  count: number;
}

export type Allocation = 'proportional' | 'at-least-one';

export interface StratumResult extends Stratum {
  /** n·N_h/N for proportional allocation; 1 + (n − H)·(N_h − 1)/(N − H) for at-least-one (0 for an empty stratum) */
  quota: number;
  allocated: number;
  /** global indices (start + local index), in draw order */
  indices: number[];
  draws: DrawRange;
}

export interface StratifiedSelection extends SelectionBase {
  method: 'stratified';
  allocation: Allocation;
  /** the n asked for */
  requestedSize: number;
  /** at-least-one raised n to the number of non-empty strata */
  sizeRaised: boolean;
  strata: StratumResult[];
  notes: string[];
}

export interface AllSelection {
  method: 'all';
  populationSize: number;
  sampleSize: number;
  /** the selected range [start, end) */
  range: { start: number; end: number };
  /** every index, when there are at most maxListed of them; else null (use range) */
  indices: number[] | null;
  listed: boolean;
  drawsUsed: 0;
}

export type Selection = SimpleRandomSelection | SystematicSelection | StratifiedSelection;

function checkSizes(N: number, n: number): void {
  requireInteger(N, 'The population size', 0);
  requireInteger(n, 'The sample size', 0);
  if (n > N) {
    throw new SamplingError(
      'sample-exceeds-population',
      `Cannot select ${n.toLocaleString('en-US')} different items from a population of ${N.toLocaleString('en-US')}: test all ${N.toLocaleString('en-US')} items instead.`,
    );
  }
  if (n > MAX_LISTED_INDICES) {
    throw new SamplingError(
      'too-large',
      `A sample of ${n.toLocaleString('en-US')} items is more than the ${MAX_LISTED_INDICES.toLocaleString('en-US')} a selection lists; select the whole population instead.`,
    );
  }
}

function ascending(a: number[]): number[] {
  return a.slice().sort((x, y) => x - y);
}

/** The draw loop shared by simpleRandom and each stratum: n distinct values of nextBelow(N), in draw order. */
function drawDistinct(rng: SeededRandom, N: number, n: number): number[] {
  const seen = new Set<number>();
  const out: number[] = [];
  while (out.length < n) {
    const i = rng.nextBelow(N);
    if (!seen.has(i)) {
      seen.add(i);
      out.push(i);
    }
  }
  return out;
}

export function simpleRandom(rng: SeededRandom, N: number, n: number): SimpleRandomSelection {
  checkSizes(N, n);
  const from = rng.drawsUsed;
  const indices = n === 0 ? [] : drawDistinct(rng, N, n);
  const to = rng.drawsUsed;
  return {
    method: 'simple-random',
    seed: rng.seed,
    populationSize: N,
    sampleSize: n,
    indices,
    sorted: ascending(indices),
    drawsUsed: to - from,
    draws: { from, to },
  };
}

export function systematic(rng: SeededRandom, N: number, n: number): SystematicSelection {
  checkSizes(N, n);
  if (n * N > Number.MAX_SAFE_INTEGER) {
    throw new SamplingError('too-large', `A systematic selection of ${n} from ${N} items is beyond exact integer arithmetic.`);
  }
  const from = rng.drawsUsed;
  const indices: number[] = [];
  let s = 0;
  if (n > 0) {
    s = rng.nextBelow(N);
    for (let i = 0; i < n; i++) indices.push(Math.floor((s + i * N) / n));
  }
  const to = rng.drawsUsed;
  return {
    method: 'systematic',
    seed: rng.seed,
    populationSize: N,
    sampleSize: n,
    indices,
    sorted: indices.slice(),
    drawsUsed: to - from,
    draws: { from, to },
    interval: n > 0 ? N / n : 0,
    startOffset: s,
    start: n > 0 ? s / n : 0,
  };
}

/**
 * Largest-remainder shares of `total` items in proportion to `weights` (Σ weights > 0, total ≤ Σ weights).
 * Ties on the remainder go to the larger weight, then to the lower position.
 */
export function largestRemainder(total: number, weights: number[]): number[] {
  const W = weights.reduce((a, b) => a + b, 0);
  if (total === 0 || W === 0) return weights.map(() => 0);
  const shares = weights.map((w) => Math.floor((total * w) / W));
  const remainders = weights.map((w) => (total * w) % W);
  let left = total - shares.reduce((a, b) => a + b, 0);
  const order = weights.map((_, h) => h);
  order.sort((a, b) => remainders[b]! - remainders[a]! || weights[b]! - weights[a]! || a - b);
  for (const h of order) {
    if (left === 0) break;
    shares[h]!++;
    left--;
  }
  return shares;
}

export function stratified(rng: SeededRandom, strata: Stratum[], n: number, allocation: Allocation): StratifiedSelection {
  if (!Array.isArray(strata) || strata.length === 0) {
    throw new SamplingError('invalid-input', 'A stratified selection needs at least one stratum.');
  }
  if (allocation !== 'proportional' && allocation !== 'at-least-one') {
    throw new SamplingError('invalid-input', `Unknown allocation "${String(allocation)}": use proportional or at-least-one.`);
  }
  const labels = new Set<string>();
  for (const s of strata) {
    if (typeof s.label !== 'string' || s.label === '') throw new SamplingError('invalid-input', 'Every stratum needs a label.');
    if (labels.has(s.label)) throw new SamplingError('invalid-input', `Two strata are labelled "${s.label}".`);
    labels.add(s.label);
    requireInteger(s.start, `The start of stratum "${s.label}"`, 0);
    requireInteger(s.count, `The size of stratum "${s.label}"`, 0);
  }
  const byStart = strata.filter((s) => s.count > 0).sort((a, b) => a.start - b.start);
  for (let i = 1; i < byStart.length; i++) {
    const prev = byStart[i - 1]!;
    const cur = byStart[i]!;
    if (cur.start < prev.start + prev.count) {
      throw new SamplingError('invalid-input', `Strata "${prev.label}" and "${cur.label}" overlap.`);
    }
  }
  const N = strata.reduce((a, s) => a + s.count, 0);
  checkSizes(N, n);
  const counts = strata.map((s) => s.count);
  if (N > 0 && n * N > Number.MAX_SAFE_INTEGER) {
    throw new SamplingError('too-large', `A stratified selection of ${n} from ${N} items is beyond exact integer arithmetic.`);
  }

  const notes: string[] = [];
  let size = n;
  let sizes: number[];
  let quotas: number[];
  if (allocation === 'proportional') {
    sizes = largestRemainder(n, counts);
    quotas = counts.map((c) => (N === 0 ? 0 : (n * c) / N));
  } else {
    const H = counts.filter((c) => c > 0).length;
    if (n < H) {
      notes.push(`${n} item${n === 1 ? '' : 's'} cannot cover ${H} non-empty strata with one item each: the sample was raised to ${H}.`);
      size = H;
    }
    const rest = largestRemainder(
      size - H,
      counts.map((c) => Math.max(0, c - 1)),
    );
    sizes = counts.map((c, h) => (c > 0 ? 1 + rest[h]! : 0));
    quotas = counts.map((c) => (c === 0 ? 0 : 1 + (N - H === 0 ? 0 : ((size - H) * (c - 1)) / (N - H))));
  }
  const empty = strata.filter((s) => s.count === 0).map((s) => s.label);
  if (empty.length > 0) notes.push(`No items to select in: ${empty.join(', ')}.`);

  const from = rng.drawsUsed;
  const results: StratumResult[] = [];
  const all: number[] = [];
  strata.forEach((s, h) => {
    const before = rng.drawsUsed;
    const local = sizes[h]! === 0 ? [] : drawDistinct(rng, s.count, sizes[h]!);
    const global = local.map((j) => s.start + j);
    all.push(...global);
    results.push({
      label: s.label,
      start: s.start,
      count: s.count,
      quota: quotas[h]!,
      allocated: sizes[h]!,
      indices: global,
      draws: { from: before, to: rng.drawsUsed },
    });
  });
  const to = rng.drawsUsed;
  return {
    method: 'stratified',
    seed: rng.seed,
    populationSize: N,
    sampleSize: size,
    requestedSize: n,
    sizeRaised: size !== n,
    allocation,
    indices: all,
    sorted: ascending(all),
    drawsUsed: to - from,
    draws: { from, to },
    strata: results,
    notes,
  };
}

/** 100 % selection of the N items [start, start + N). Lists them only when N ≤ maxListed. */
export function all(N: number, options: { start?: number; maxListed?: number } = {}): AllSelection {
  requireInteger(N, 'The population size', 0);
  const start = options.start ?? 0;
  requireInteger(start, 'The first index', 0);
  const maxListed = options.maxListed ?? 100_000;
  requireInteger(maxListed, 'The listing cap', 0);
  const listed = N <= maxListed;
  let indices: number[] | null = null;
  if (listed) {
    indices = new Array<number>(N);
    for (let i = 0; i < N; i++) indices[i] = start + i;
  }
  return { method: 'all', populationSize: N, sampleSize: N, range: { start, end: start + N }, indices, listed, drawsUsed: 0 };
}

/** Contiguous strata from per-stratum counts, in the order given: the first starts at `start`. */
export function contiguousStrata(parts: { label: string; count: number }[], start = 0): Stratum[] {
  let at = start;
  return parts.map((p) => {
    requireInteger(p.count, `The size of stratum "${p.label}"`, 0);
    const s = { label: p.label, start: at, count: p.count };
    at += p.count;
    return s;
  });
}

// ---------------------------------------------------------------------------------------------------------
// Calendar periods of the audit window, for strata by period. All in UTC: months and quarters start on the
// 1st at 00:00, ISO weeks on Monday 00:00 and are labelled by ISO week-year (the year of the week's Thursday).

export type Period = 'month' | 'quarter' | 'week';

export interface PeriodStratum {
  /** "2025-01", "2025-Q1", "2025-W01" */
  label: string;
  /** [startMs, endMs), clipped to the window */
  startMs: number;
  endMs: number;
  start: string;
  end: string;
  /** the window cuts this period short */
  partial: boolean;
}

const DAY_MS = 86_400_000;
const MAX_PERIODS = 10_000;

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

/** Start (ms) and label of the period containing t, and the start of the next one. */
function periodAt(t: number, period: Period): { start: number; next: number; label: string } {
  const d = new Date(t);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth();
  if (period === 'month') {
    return { start: Date.UTC(y, m, 1), next: Date.UTC(y, m + 1, 1), label: `${y}-${pad2(m + 1)}` };
  }
  if (period === 'quarter') {
    const q = Math.floor(m / 3);
    return { start: Date.UTC(y, q * 3, 1), next: Date.UTC(y, q * 3 + 3, 1), label: `${y}-Q${q + 1}` };
  }
  const dayFromMonday = (d.getUTCDay() + 6) % 7;
  const start = Date.UTC(y, m, d.getUTCDate()) - dayFromMonday * DAY_MS;
  const thursday = new Date(start + 3 * DAY_MS);
  const weekYear = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - Date.UTC(weekYear, 0, 1)) / (7 * DAY_MS)) + 1;
  return { start, next: start + 7 * DAY_MS, label: `${weekYear}-W${pad2(week)}` };
}

/**
 * The periods of the audit window [windowStart, windowEnd) (RFC 3339 timestamps; the end is exclusive), each
 * with its [startMs, endMs) bounds clipped to the window, so the engine can count the events of each period.
 */
export function periodStrata(windowStart: string, windowEnd: string, period: Period): PeriodStratum[] {
  const a = parseRfc3339(windowStart);
  const b = parseRfc3339(windowEnd);
  if (a === null) throw new SamplingError('invalid-input', `The audit window start ${JSON.stringify(windowStart)} is not an RFC 3339 timestamp.`);
  if (b === null) throw new SamplingError('invalid-input', `The audit window end ${JSON.stringify(windowEnd)} is not an RFC 3339 timestamp.`);
  if (b <= a) throw new SamplingError('invalid-input', `The audit window ends (${windowEnd}) before it starts (${windowStart}).`);
  if (period !== 'month' && period !== 'quarter' && period !== 'week') {
    throw new SamplingError('invalid-input', `Unknown period "${String(period)}": use month, quarter or week.`);
  }
  const out: PeriodStratum[] = [];
  let t = a;
  while (t < b) {
    if (out.length === MAX_PERIODS) {
      throw new SamplingError('too-large', `The audit window spans more than ${MAX_PERIODS} ${period}s.`);
    }
    const p = periodAt(t, period);
    const endMs = Math.min(p.next, b);
    out.push({
      label: p.label,
      startMs: t,
      endMs,
      start: new Date(t).toISOString(),
      end: new Date(endMs).toISOString(),
      partial: t > p.start || endMs < p.next,
    });
    t = endMs;
  }
  return out;
}
