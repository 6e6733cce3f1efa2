import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../../shared/sampling/prng';
import {
  MAX_LISTED_INDICES,
  all,
  contiguousStrata,
  periodStrata,
  simpleRandom,
  stratified,
  systematic,
  type Stratum,
} from '../../../shared/sampling/select';
import { SamplingError } from '../../../shared/sampling/errors';

const rng = (seed = 'select-tests'): SeededRandom => new SeededRandom(seed);

function expectSamplingError(fn: () => unknown, code: SamplingError['code']): void {
  let caught: unknown = null;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(SamplingError);
  expect((caught as SamplingError).code).toBe(code);
}

const distinct = (a: number[]): boolean => new Set(a).size === a.length;

describe('simpleRandom', () => {
  it('is reproducible from the seed and differs between seeds', () => {
    const a = simpleRandom(rng('s1'), 10_000, 60);
    const b = simpleRandom(rng('s1'), 10_000, 60);
    const c = simpleRandom(rng('s2'), 10_000, 60);
    expect(a).toEqual(b);
    expect(c.indices).not.toEqual(a.indices);
    expect(a.seed).toBe('s1');
  });

  it('selects n distinct indices in range, in draw order and sorted', () => {
    for (const [N, n] of [
      [1, 1],
      [2, 2],
      [10, 10],
      [100, 99],
      [1000, 60],
      [123_457, 500],
    ] as const) {
      const s = simpleRandom(rng(`range-${N}`), N, n);
      expect(s.indices).toHaveLength(n);
      expect(distinct(s.indices)).toBe(true);
      expect(s.indices.every((i) => Number.isInteger(i) && i >= 0 && i < N)).toBe(true);
      expect(s.sorted).toEqual([...s.indices].sort((x, y) => x - y));
      expect(s.drawsUsed).toBeGreaterThanOrEqual(n);
      expect(s.draws).toEqual({ from: 0, to: s.drawsUsed });
    }
  });

  it('extending a sample keeps the items already drawn', () => {
    const five = simpleRandom(rng('extend'), 5000, 5).indices;
    const twenty = simpleRandom(rng('extend'), 5000, 20).indices;
    expect(twenty.slice(0, 5)).toEqual(five);
  });

  it('continues the stream across calls and reports where it started', () => {
    const r = rng('continue');
    const first = simpleRandom(r, 1000, 10);
    const second = simpleRandom(r, 1000, 10);
    expect(second.draws.from).toBe(first.draws.to);
    expect(second.indices).not.toEqual(first.indices);
  });

  it('draws from a population of 10,000,000 without materialising it', () => {
    const s = simpleRandom(rng('big'), 10_000_000, 2000);
    expect(distinct(s.indices)).toBe(true);
    expect(Math.max(...s.indices)).toBeLessThan(10_000_000);
  });

  it('handles the edges', () => {
    expect(simpleRandom(rng(), 0, 0).indices).toEqual([]);
    expect(simpleRandom(rng(), 100, 0)).toMatchObject({ indices: [], drawsUsed: 0 });
    expectSamplingError(() => simpleRandom(rng(), 0, 1), 'sample-exceeds-population');
    expectSamplingError(() => simpleRandom(rng(), 10, 11), 'sample-exceeds-population');
    expectSamplingError(() => simpleRandom(rng(), 10, -1), 'invalid-input');
    expectSamplingError(() => simpleRandom(rng(), 10.5, 1), 'invalid-input');
    expectSamplingError(() => simpleRandom(rng(), 10_000_000, MAX_LISTED_INDICES + 1), 'too-large');
  });

  it('gives every item the same chance (each of 20 items ≈ n/N over 4,000 samples)', () => {
    const counts = new Array<number>(20).fill(0);
    const r = rng('inclusion');
    for (let k = 0; k < 4000; k++) for (const i of simpleRandom(r, 20, 5).indices) counts[i]!++;
    const expected = (4000 * 5) / 20;
    const chi2 = counts.reduce((s, c) => s + (c - expected) ** 2 / expected, 0);
    expect(chi2).toBeLessThan(36.191); // χ²(19) at 0.99
  });
});

describe('systematic', () => {
  it('uses a fractional interval from one random start', () => {
    const s = systematic(rng('sys'), 1000, 7);
    expect(s.interval).toBeCloseTo(1000 / 7, 12);
    expect(s.startOffset).toBeGreaterThanOrEqual(0);
    expect(s.startOffset).toBeLessThan(1000);
    expect(s.start).toBe(s.startOffset / 7);
    expect(s.start).toBeLessThan(s.interval);
    expect(s.drawsUsed).toBe(1);
    expect(s.indices).toEqual(Array.from({ length: 7 }, (_, i) => Math.floor(s.start + i * s.interval)));
    const gaps = s.indices.slice(1).map((v, i) => v - s.indices[i]!);
    expect(gaps.every((g) => g === 142 || g === 143)).toBe(true);
    expect(s.sorted).toEqual(s.indices);
  });

  it('gives every item probability exactly n/N (all N random starts)', () => {
    for (const [N, n] of [
      [10, 3],
      [12, 5],
      [7, 7],
      [100, 9],
    ] as const) {
      const hits = new Array<number>(N).fill(0);
      for (let s = 0; s < N; s++) for (let i = 0; i < n; i++) hits[Math.floor((s + i * N) / n)]!++;
      expect(hits.every((h) => h === n)).toBe(true);
    }
  });

  it('is reproducible, distinct, in range, and fast for N = 10,000,000', () => {
    const a = systematic(rng('sys-big'), 10_000_000, 5000);
    expect(a).toEqual(systematic(rng('sys-big'), 10_000_000, 5000));
    expect(distinct(a.indices)).toBe(true);
    expect(a.indices[0]).toBeLessThan(2000);
    expect(a.indices[4999]).toBeLessThan(10_000_000);
    expect(systematic(rng('other'), 10_000_000, 5000).startOffset).not.toBe(a.startOffset);
  });

  it('handles the edges', () => {
    expect(systematic(rng(), 0, 0).indices).toEqual([]);
    expect(systematic(rng(), 5, 5).indices).toEqual([0, 1, 2, 3, 4]);
    expectSamplingError(() => systematic(rng(), 5, 6), 'sample-exceeds-population');
  });
});

describe('stratified', () => {
  const year = contiguousStrata(
    ['2025-01', '2025-02', '2025-03', '2025-04', '2025-05', '2025-06', '2025-07', '2025-08', '2025-09', '2025-10', '2025-11', '2025-12'].map(
      (label, i) => ({ label, count: [900, 850, 1200, 40, 0, 1000, 3, 800, 950, 1100, 1020, 2][i]! }),
    ),
  );

  it('builds contiguous strata from counts', () => {
    expect(
      contiguousStrata(
        [
          { label: 'a', count: 3 },
          { label: 'b', count: 0 },
          { label: 'c', count: 2 },
        ],
        10,
      ),
    ).toEqual([
      { label: 'a', start: 10, count: 3 },
      { label: 'b', start: 13, count: 0 },
      { label: 'c', start: 13, count: 2 },
    ]);
  });

  it('proportional allocation sums to n by largest remainder', () => {
    const s = stratified(rng('prop'), year, 60, 'proportional');
    const N = year.reduce((a, x) => a + x.count, 0);
    expect(s.strata.reduce((a, x) => a + x.allocated, 0)).toBe(60);
    expect(s.indices).toHaveLength(60);
    for (const st of s.strata) {
      expect(Math.abs(st.allocated - (60 * st.count) / N)).toBeLessThan(1);
      expect(st.quota).toBeCloseTo((60 * st.count) / N, 12);
      expect(st.indices).toHaveLength(st.allocated);
      expect(st.indices.every((i) => i >= st.start && i < st.start + st.count)).toBe(true);
    }
    expect(s.notes.join(' ')).toContain('2025-05');
  });

  it('breaks remainder ties toward the larger stratum, then the earlier one', () => {
    const strata = contiguousStrata([
      { label: 'A', count: 1 },
      { label: 'B', count: 1 },
      { label: 'C', count: 1 },
    ]);
    expect(stratified(rng(), strata, 2, 'proportional').strata.map((x) => x.allocated)).toEqual([1, 1, 0]);
    // remainders of 10·N_h mod 30: A 10·5 = 50 mod 30 = 20, B 10·10 = 100 mod 30 = 10, C 10·15 = 150 mod 30 = 0
    const uneven = contiguousStrata([
      { label: 'A', count: 5 },
      { label: 'B', count: 10 },
      { label: 'C', count: 15 },
    ]);
    expect(stratified(rng(), uneven, 10, 'proportional').strata.map((x) => x.allocated)).toEqual([2, 3, 5]);
    // n = 5 over 2, 5, 3: remainders 0, 5, 5; one item left; B and C tie, B is larger
    const bySize = contiguousStrata([
      { label: 'A', count: 2 },
      { label: 'B', count: 5 },
      { label: 'C', count: 3 },
    ]);
    expect(stratified(rng(), bySize, 5, 'proportional').strata.map((x) => x.allocated)).toEqual([1, 3, 1]);
    const bySizeReversed = contiguousStrata([
      { label: 'C', count: 3 },
      { label: 'B', count: 5 },
      { label: 'A', count: 2 },
    ]);
    expect(stratified(rng(), bySizeReversed, 5, 'proportional').strata.map((x) => x.allocated)).toEqual([1, 3, 1]);
    // n = 6 over 3, 3, 6: remainders 6, 6, 0; one item left; A and B tie in remainder and size, A comes first
    const byOrder = contiguousStrata([
      { label: 'A', count: 3 },
      { label: 'B', count: 3 },
      { label: 'C', count: 6 },
    ]);
    expect(stratified(rng(), byOrder, 6, 'proportional').strata.map((x) => x.allocated)).toEqual([2, 1, 3]);
  });

  it('at-least-one covers every non-empty period', () => {
    const s = stratified(rng('alo'), year, 25, 'at-least-one');
    expect(s.sampleSize).toBe(25);
    expect(s.sizeRaised).toBe(false);
    for (const st of s.strata) {
      if (st.count > 0) expect(st.allocated).toBeGreaterThanOrEqual(1);
      else expect(st.allocated).toBe(0);
      expect(st.allocated).toBeLessThanOrEqual(st.count);
    }
    expect(s.strata.reduce((a, x) => a + x.allocated, 0)).toBe(25);
    expect(distinct(s.indices)).toBe(true);
    expect(s.sorted).toEqual([...s.indices].sort((a, b) => a - b));
  });

  it('raises n to the number of non-empty strata and says so', () => {
    const s = stratified(rng('few'), year, 4, 'at-least-one');
    expect(s.requestedSize).toBe(4);
    expect(s.sampleSize).toBe(11);
    expect(s.sizeRaised).toBe(true);
    expect(s.indices).toHaveLength(11);
    expect(s.notes[0]).toContain('raised to 11');
  });

  it('never allocates more than a stratum holds', () => {
    const tiny = contiguousStrata([
      { label: 'x', count: 2 },
      { label: 'y', count: 1 },
      { label: 'z', count: 97 },
    ]);
    for (const alloc of ['proportional', 'at-least-one'] as const) {
      for (let n = 0; n <= 100; n++) {
        const s = stratified(rng(`cap-${n}`), tiny, n, alloc);
        for (const st of s.strata) expect(st.allocated).toBeLessThanOrEqual(st.count);
        expect(s.indices).toHaveLength(Math.max(n, alloc === 'at-least-one' ? 3 : 0));
      }
    }
  });

  it('draws stratum by stratum from one stream, reproducibly', () => {
    const a = stratified(rng('order'), year, 40, 'proportional');
    expect(a).toEqual(stratified(rng('order'), year, 40, 'proportional'));
    expect(stratified(rng('order-2'), year, 40, 'proportional').indices).not.toEqual(a.indices);
    for (let i = 1; i < a.strata.length; i++) expect(a.strata[i]!.draws.from).toBe(a.strata[i - 1]!.draws.to);
    // the first stratum is exactly a simple random selection over its own range
    expect(a.strata[0]!.indices).toEqual(simpleRandom(rng('order'), 900, a.strata[0]!.allocated).indices);
  });

  it('stratifies 10,000,000 items in 52 weekly strata', () => {
    const weeks: Stratum[] = contiguousStrata(Array.from({ length: 52 }, (_, i) => ({ label: `W${i + 1}`, count: 192_307 + (i % 3) })));
    const s = stratified(rng('weeks'), weeks, 400, 'at-least-one');
    expect(s.indices).toHaveLength(400);
  });

  it('refuses bad strata', () => {
    expectSamplingError(() => stratified(rng(), [], 1, 'proportional'), 'invalid-input');
    expectSamplingError(
      () =>
        stratified(
          rng(),
          [
            { label: 'a', start: 0, count: 10 },
            { label: 'b', start: 5, count: 10 },
          ],
          3,
          'proportional',
        ),
      'invalid-input',
    );
    expectSamplingError(
      () =>
        stratified(
          rng(),
          [
            { label: 'a', start: 0, count: 10 },
            { label: 'a', start: 10, count: 1 },
          ],
          3,
          'proportional',
        ),
      'invalid-input',
    );
    expectSamplingError(() => stratified(rng(), [{ label: 'a', start: 0, count: 3 }], 4, 'proportional'), 'sample-exceeds-population');
    expectSamplingError(() => stratified(rng(), [{ label: 'a', start: 0, count: 3 }], 2, 'random' as never), 'invalid-input');
    expect(stratified(rng(), [{ label: 'a', start: 0, count: 0 }], 0, 'at-least-one').indices).toEqual([]);
  });
});

describe('all', () => {
  it('lists small populations and describes huge ones', () => {
    expect(all(3)).toMatchObject({ method: 'all', indices: [0, 1, 2], listed: true, drawsUsed: 0, range: { start: 0, end: 3 } });
    expect(all(3, { start: 10 }).indices).toEqual([10, 11, 12]);
    const huge = all(10_000_000);
    expect(huge.listed).toBe(false);
    expect(huge.indices).toBeNull();
    expect(huge.range).toEqual({ start: 0, end: 10_000_000 });
    expect(all(0).indices).toEqual([]);
    expectSamplingError(() => all(-1), 'invalid-input');
  });
});

describe('periodStrata', () => {
  it('splits a calendar year into months and quarters', () => {
    const months = periodStrata('2025-01-01T00:00:00Z', '2026-01-01T00:00:00Z', 'month');
    expect(months.map((m) => m.label)).toEqual(Array.from({ length: 12 }, (_, i) => `2025-${String(i + 1).padStart(2, '0')}`));
    expect(months[1]).toMatchObject({ start: '2025-02-01T00:00:00.000Z', end: '2025-03-01T00:00:00.000Z', partial: false });
    expect(months.every((m, i) => i === 0 || m.startMs === months[i - 1]!.endMs)).toBe(true);
    const quarters = periodStrata('2025-01-01T00:00:00Z', '2026-01-01T00:00:00Z', 'quarter');
    expect(quarters.map((q) => q.label)).toEqual(['2025-Q1', '2025-Q2', '2025-Q3', '2025-Q4']);
    expect(quarters[3]!.startMs).toBe(Date.UTC(2025, 9, 1));
  });

  it('clips the first and last periods to the window', () => {
    const p = periodStrata('2025-03-15T12:00:00Z', '2025-06-10T00:00:00+02:00', 'month');
    expect(p.map((x) => x.label)).toEqual(['2025-03', '2025-04', '2025-05', '2025-06']);
    expect(p[0]).toMatchObject({ start: '2025-03-15T12:00:00.000Z', end: '2025-04-01T00:00:00.000Z', partial: true });
    expect(p[3]).toMatchObject({ start: '2025-06-01T00:00:00.000Z', end: '2025-06-09T22:00:00.000Z', partial: true });
    expect(p[1]!.partial).toBe(false);
  });

  it('labels ISO weeks by ISO week-year, Monday to Monday in UTC', () => {
    const w = periodStrata('2024-12-28T00:00:00Z', '2025-01-14T00:00:00Z', 'week');
    expect(w.map((x) => x.label)).toEqual(['2024-W52', '2025-W01', '2025-W02', '2025-W03']);
    expect(w[1]).toMatchObject({ start: '2024-12-30T00:00:00.000Z', end: '2025-01-06T00:00:00.000Z', partial: false });
    expect(periodStrata('2021-01-01T00:00:00Z', '2021-01-04T00:00:00Z', 'week').map((x) => x.label)).toEqual(['2020-W53']);
    expect(periodStrata('2026-12-28T00:00:00Z', '2027-01-05T00:00:00Z', 'week').map((x) => x.label)).toEqual(['2026-W53', '2027-W01']);
    const year = periodStrata('2025-01-01T00:00:00Z', '2026-01-01T00:00:00Z', 'week');
    expect(year).toHaveLength(53); // 2025-W01 (from Wed 1 Jan) … 2026-W01 (from Mon 29 Dec)
    expect(year.at(-1)!.label).toBe('2026-W01');
  });

  it('refuses a bad window', () => {
    expectSamplingError(() => periodStrata('2025-01-01', '2026-01-01T00:00:00Z', 'month'), 'invalid-input');
    expectSamplingError(() => periodStrata('2026-01-01T00:00:00Z', '2025-01-01T00:00:00Z', 'month'), 'invalid-input');
    expectSamplingError(() => periodStrata('2025-01-01T00:00:00Z', '2026-01-01T00:00:00Z', 'day' as never), 'invalid-input');
    expectSamplingError(() => periodStrata('1000-01-01T00:00:00Z', '9000-01-01T00:00:00Z', 'week'), 'too-large');
  });
});
