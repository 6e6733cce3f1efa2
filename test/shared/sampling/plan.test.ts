import { describe, expect, it } from 'vitest';
import {
  applyOverride,
  frequencyGuidance,
  planAttributeSample,
  sizeForFrequency,
  type FrequencyGuidance,
  type SamplePlan,
} from '../../../shared/sampling/plan';
import { binomialCdf } from '../../../shared/sampling/distributions';
import { SamplingError } from '../../../shared/sampling/errors';
import { EXPECTED_RATES_PCT, PUBLISHED_ERRATA, TABLE_A1, TABLE_A2, UNVERIFIED_CELLS } from './aicpa-tables';

function expectSamplingError(fn: () => unknown, code: SamplingError['code']): SamplingError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(SamplingError);
    expect((e as SamplingError).code).toBe(code);
    expect((e as SamplingError).message.length).toBeGreaterThan(20);
    return e as SamplingError;
  }
  throw new Error(`expected a SamplingError ${code}`);
}

interface Cell {
  confidence: number;
  tolerablePct: number;
  expectedPct: number;
  published: number;
}

function cells(confidence: number, table: Record<number, number[]>): Cell[] {
  const out: Cell[] = [];
  for (const [t, column] of Object.entries(table)) {
    column.forEach((published, row) => {
      out.push({ confidence, tolerablePct: Number(t), expectedPct: EXPECTED_RATES_PCT[row]!, published });
    });
  }
  return out;
}

const isSpecial = (c: Cell): boolean =>
  [...PUBLISHED_ERRATA, ...UNVERIFIED_CELLS].some(
    (e) => e.confidence === c.confidence && e.tolerablePct === c.tolerablePct && e.expectedPct === c.expectedPct,
  );

const plan = (confidence: number, tolerablePct: number, expectedPct: number): SamplePlan =>
  planAttributeSample({ confidence, tolerableRate: tolerablePct / 100, expectedRate: expectedPct / 100 });

describe('binomial plan against AICPA Audit Sampling Guide Tables A-1 / A-2', () => {
  const a1 = cells(0.95, TABLE_A1).filter((c) => !isSpecial(c));
  const a2 = cells(0.9, TABLE_A2).filter((c) => !isSpecial(c));

  it(`reproduces all ${a1.length} cells of Table A-1 (5% risk of overreliance)`, () => {
    const wrong = a1.filter((c) => plan(c.confidence, c.tolerablePct, c.expectedPct).size !== c.published);
    expect(wrong).toEqual([]);
    expect(a1.length).toBe(194);
  });

  it(`reproduces all ${a2.length} cells of Table A-2 (10% risk of overreliance) but the documented errata`, () => {
    const wrong = a2.filter((c) => plan(c.confidence, c.tolerablePct, c.expectedPct).size !== c.published);
    expect(wrong).toEqual([]);
    expect(a2.length).toBe(195);
  });

  it.each([
    // [confidence, T %, pE %, n, k] — the cells named in the brief and their parenthetical numbers
    [0.95, 5, 0, 59, 0],
    [0.9, 5, 0, 45, 0],
    [0.95, 10, 0, 29, 0],
    [0.9, 10, 0, 22, 0],
    [0.95, 5, 1, 93, 1],
    [0.95, 5, 1.25, 124, 2],
    [0.95, 5, 1.75, 153, 3],
    [0.95, 5, 2, 181, 4],
    [0.95, 4, 1, 156, 2],
    [0.9, 7, 3, 94, 3],
    [0.9, 8, 4, 98, 4],
  ])('confidence %s, T %s percent, pE %s percent → %s (%s)', (c, t, e, n, k) => {
    const p = plan(c, t, e);
    expect(p.size).toBe(n);
    expect(p.computedSize).toBe(n);
    expect(p.allowedDeviations).toBe(k);
    expect(p.achievedRisk).toBeLessThanOrEqual(1 - c);
    // n is the smallest such size: one item fewer (with its own k) misses the risk
    const kBefore = Math.ceil(((n - 1) * e) / 100 - 1e-9);
    expect(binomialCdf(kBefore, n - 1, t / 100)).toBeGreaterThan(1 - c);
  });

  it('181 at 5%/2% can only carry 4 allowed deviations (with 3, 153 items would already do)', () => {
    expect(binomialCdf(4, 181, 0.05)).toBeLessThanOrEqual(0.05);
    expect(binomialCdf(4, 180, 0.05)).toBeGreaterThan(0.05);
    expect(planAttributeSample({ confidence: 0.95, tolerableRate: 0.05, expectedDeviations: 3 }).size).toBe(153);
  });

  it('does not reproduce the two printed cells that miss their own risk (112 at 10%/7%/3.25% and 3.5%)', () => {
    for (const e of PUBLISHED_ERRATA) {
      const p = plan(e.confidence, e.tolerablePct, e.expectedPct);
      expect(p.size).toBe(e.exact);
      expect(binomialCdf(4, e.published, e.tolerablePct / 100)).toBeGreaterThan(1 - e.confidence); // 0.1007
    }
  });

  it('rounds n·pE up despite binary noise (0.035 × 400 = 14.000000000000002; 0.07 × 1300)', () => {
    for (const u of UNVERIFIED_CELLS) expect(plan(u.confidence, u.tolerablePct, u.expectedPct).size).toBe(u.value);
    const p = plan(0.9, 8, 7);
    expect(p.size).toBe(1300);
    expect(p.allowedDeviations).toBe(91);
  });

  it('accepts the expected number of deviations instead of a rate', () => {
    const p = planAttributeSample({ confidence: 0.95, tolerableRate: 0.05, expectedDeviations: 1 });
    expect(p.size).toBe(93);
    expect(p.expectedDeviations).toBe(1);
    expect(p.expectedRate).toBeNull();
  });

  it('handles other confidence levels (99%: zero-deviation size ⌈ln 0.01 / ln 0.95⌉ = 90)', () => {
    expect(plan(0.99, 5, 0).size).toBe(Math.ceil(Math.log(0.01) / Math.log(0.95)));
    expect(plan(0.99, 5, 0).size).toBe(90);
  });

  it('explains itself', () => {
    const p = plan(0.95, 5, 1);
    expect(p.formula).toContain('AICPA');
    expect(p.formula).toContain('n = 93');
    expect(p.formula).toContain('k = 1');
    expect(p.formula).toContain('⌈n × pE⌉');
    expect(p.formula).toContain('0.04998');
  });
});

describe('hypergeometric plan', () => {
  const hyper = (N: number, t: number, e = 0, c = 0.95): SamplePlan =>
    planAttributeSample({ confidence: c, tolerableRate: t, expectedRate: e, populationSize: N, method: 'hypergeometric' });

  it('uses D = ⌈T·N⌉ and is never larger than the binomial size, converging to it as N grows', () => {
    for (const [t, e, c] of [
      [0.05, 0, 0.95],
      [0.05, 0.01, 0.95],
      [0.1, 0, 0.9],
      [0.04, 0.01, 0.95],
      [0.08, 0.02, 0.9],
    ] as const) {
      const binomial = planAttributeSample({ confidence: c, tolerableRate: t, expectedRate: e }).size;
      let previous = 0;
      for (const N of [100, 200, 500, 1000, 2000, 5000, 10_000, 100_000, 1_000_000, 10_000_000]) {
        const p = hyper(N, t, e, c);
        expect(p.populationDeviations).toBe(Math.ceil(t * N - 1e-9));
        expect(p.size).toBeLessThanOrEqual(binomial);
        expect(p.size).toBeGreaterThanOrEqual(previous); // T·N is whole for these N, so D/N = T exactly
        previous = p.size;
      }
      expect(previous).toBe(binomial);
    }
  });

  it('gives 46 for N = 150, T = 5%, 95%, no deviations (D = 8)', () => {
    const p = hyper(150, 0.05);
    expect(p.size).toBe(46);
    expect(p.populationDeviations).toBe(8);
    expect(p.formula).toContain('Hypergeometric');
  });

  it('plans for N = 10,000,000 quickly', () => {
    const p = hyper(10_000_000, 0.05, 0.02);
    expect(p.size).toBe(181);
  });

  it('refuses when even the whole population could not support reliance', () => {
    // N = 10, T = 5% → D = 1; expecting 1 deviation (k = 1 ≥ D) can never rule D out
    expectSamplingError(
      () => planAttributeSample({ confidence: 0.95, tolerableRate: 0.05, expectedDeviations: 1, populationSize: 10, method: 'hypergeometric' }),
      'not-achievable',
    );
  });

  it('needs the population size', () => {
    expectSamplingError(() => planAttributeSample({ confidence: 0.95, tolerableRate: 0.05, method: 'hypergeometric' }), 'invalid-input');
  });
});

describe('poisson plan', () => {
  it('is ⌈−ln(1−c)/T⌉ with no deviations and never below the binomial size', () => {
    const p = planAttributeSample({ confidence: 0.95, tolerableRate: 0.05, method: 'poisson' });
    expect(p.size).toBe(Math.ceil(-Math.log(0.05) / 0.05)); // 60
    for (const c of cells(0.95, TABLE_A1).filter((x) => x.published < 1000)) {
      const q = planAttributeSample({ confidence: 0.95, tolerableRate: c.tolerablePct / 100, expectedRate: c.expectedPct / 100, method: 'poisson' });
      expect(q.size).toBeGreaterThanOrEqual(c.published);
    }
  });
});

describe('plan errors and flags', () => {
  it("refuses an expected rate at or above the tolerable rate (the tables' blank cells)", () => {
    const e = expectSamplingError(() => plan(0.95, 5, 5), 'not-achievable');
    expect(e.message).toContain('5%');
  });

  it("stops at the cap where the tables print '*'", () => {
    expectSamplingError(() => plan(0.95, 5, 4.9), 'size-exceeds-cap');
    expectSamplingError(() => planAttributeSample({ confidence: 0.95, tolerableRate: 0.05, expectedRate: 0.02, maxSize: 100 }), 'size-exceeds-cap');
  });

  it('validates its inputs', () => {
    expectSamplingError(() => plan(1, 5, 0), 'invalid-input');
    expectSamplingError(() => plan(0.95, 0, 0), 'invalid-input');
    expectSamplingError(() => plan(0.95, 5, -1), 'invalid-input');
    expectSamplingError(
      () => planAttributeSample({ confidence: 0.95, tolerableRate: 0.05, expectedRate: 0.01, expectedDeviations: 1 }),
      'invalid-input',
    );
    expectSamplingError(() => planAttributeSample({ confidence: 0.95, tolerableRate: 0.05, expectedDeviations: 1.5 }), 'invalid-input');
    expectSamplingError(() => planAttributeSample({ confidence: 0.95, tolerableRate: 0.05, populationSize: 0 }), 'invalid-input');
    expectSamplingError(() => planAttributeSample({ confidence: 0.95, tolerableRate: 0.05, method: 'normal' as never }), 'invalid-input');
  });

  it('flags a binomial size larger than the population', () => {
    const p = planAttributeSample({ confidence: 0.95, tolerableRate: 0.05, populationSize: 40 });
    expect(p.size).toBe(59);
    expect(p.exceedsPopulation).toBe(true);
    expect(p.formula).toContain('test every item');
    expect(planAttributeSample({ confidence: 0.95, tolerableRate: 0.05, populationSize: 4000 }).exceedsPopulation).toBe(false);
  });
});

describe('applyOverride', () => {
  const base = plan(0.95, 5, 0);
  const ok = { size: 40, reason: 'Control is automated; one instance per configuration change tested', by: 'J. Auditor', at: '2026-02-03T10:00:00Z' };

  it('records the override and keeps the computed size', () => {
    const p = applyOverride(base, ok);
    expect(p.size).toBe(40);
    expect(p.computedSize).toBe(59);
    expect(p.override).toEqual(ok);
    expect(p.overrideBelowComputed).toBe(true);
    expect(base.override).toBeNull(); // the original plan is untouched
    expect(applyOverride(base, { ...ok, size: 80 }).overrideBelowComputed).toBe(false);
  });

  it('refuses an empty or blank reason', () => {
    expectSamplingError(() => applyOverride(base, { ...ok, reason: '' }), 'override-rejected');
    expectSamplingError(() => applyOverride(base, { ...ok, reason: '   \n' }), 'override-rejected');
  });

  it('refuses a missing author, a bad size or a bad time', () => {
    expectSamplingError(() => applyOverride(base, { ...ok, by: ' ' }), 'override-rejected');
    expectSamplingError(() => applyOverride(base, { ...ok, size: 0 }), 'override-rejected');
    expectSamplingError(() => applyOverride(base, { ...ok, size: 2.5 }), 'override-rejected');
    expectSamplingError(() => applyOverride(base, { ...ok, at: 'yesterday' }), 'override-rejected');
    const finite = planAttributeSample({ confidence: 0.95, tolerableRate: 0.05, populationSize: 100, method: 'hypergeometric' });
    expectSamplingError(() => applyOverride(finite, { ...ok, size: 101 }), 'override-rejected');
  });
});

describe('frequency guidance', () => {
  it('holds the common SOC 2 bands', () => {
    const bands = Object.fromEntries(Object.entries(frequencyGuidance).map(([k, b]) => [k, [b.lower, b.higher]]));
    expect(bands).toEqual({
      annual: [1, 1],
      quarterly: [2, 2],
      monthly: [2, 5],
      weekly: [5, 15],
      daily: [20, 40],
      'many-times-daily': [25, 60],
    });
    expect(Object.isFrozen(frequencyGuidance)).toBe(true);
    expect(Object.isFrozen(frequencyGuidance.daily)).toBe(true);
  });

  it('picks the lower or upper end by risk', () => {
    expect(sizeForFrequency('daily', 'lower').size).toBe(20);
    expect(sizeForFrequency('daily', 'higher').size).toBe(40);
    expect(sizeForFrequency('monthly', 'higher').size).toBe(5);
    expect(sizeForFrequency('many-times-daily', 'higher').basis).toContain('25–60');
  });

  it('takes an engagement table', () => {
    const mine: FrequencyGuidance = { ...frequencyGuidance, daily: { ...frequencyGuidance.daily, lower: 25, higher: 45 } };
    expect(sizeForFrequency('daily', 'lower', { guidance: mine }).size).toBe(25);
    expect(sizeForFrequency('daily', 'lower').size).toBe(20);
    const bad: FrequencyGuidance = { ...frequencyGuidance, weekly: { ...frequencyGuidance.weekly, lower: 10, higher: 5 } };
    expectSamplingError(() => sizeForFrequency('weekly', 'higher', { guidance: bad }), 'invalid-input');
  });

  it('caps the size at the number of occurrences', () => {
    const s = sizeForFrequency('weekly', 'higher', { occurrences: 9 });
    expect(s.size).toBe(9);
    expect(s.cappedToOccurrences).toBe(true);
    expect(s.basis).toContain('test every occurrence');
    expect(sizeForFrequency('weekly', 'higher', { occurrences: 52 }).cappedToOccurrences).toBe(false);
  });

  it('rejects unknown frequencies and risks', () => {
    expectSamplingError(() => sizeForFrequency('hourly' as never, 'lower'), 'invalid-input');
    expectSamplingError(() => sizeForFrequency('daily', 'medium' as never), 'invalid-input');
  });
});
