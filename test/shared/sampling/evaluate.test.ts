import { describe, expect, it } from 'vitest';
import { binomialUpperLimit, evaluateAttributeSample, hypergeometricUpperCount, roundUpToTenthPercent } from '../../../shared/sampling/evaluate';
import { binomialCdf, hypergeometricCdf, poissonCdf } from '../../../shared/sampling/distributions';
import { planAttributeSample } from '../../../shared/sampling/plan';
import { SamplingError } from '../../../shared/sampling/errors';
import { EVAL_SAMPLE_SIZES, EXPECTED_RATES_PCT, TABLE_A1, TABLE_A2, TABLE_A3, TABLE_A4 } from './aicpa-tables';

function expectSamplingError(fn: () => unknown, code: SamplingError['code']): void {
  expect(fn).toThrow(SamplingError);
  try {
    fn();
  } catch (e) {
    expect((e as SamplingError).code).toBe(code);
  }
}

const tablePct = (n: number, d: number, confidence: number): number =>
  Math.round(
    roundUpToTenthPercent(evaluateAttributeSample({ sampleSize: n, deviations: d, confidence, tolerableRate: 0.05 }).upperDeviationLimit) * 1000,
  ) / 10;

describe('binomial evaluation against AICPA Tables A-3 / A-4', () => {
  for (const [name, table, confidence] of [
    ['A-3 (5% risk of overreliance)', TABLE_A3, 0.95],
    ['A-4 (10% risk of overreliance)', TABLE_A4, 0.9],
  ] as const) {
    it(`reproduces all ${EVAL_SAMPLE_SIZES.length * 11} cells of Table ${name}`, () => {
      const wrong: string[] = [];
      EVAL_SAMPLE_SIZES.forEach((n, row) => {
        for (let d = 0; d <= 10; d++) {
          const got = tablePct(n, d, confidence);
          if (got !== table[row]![d]) wrong.push(`n=${n} d=${d}: table ${table[row]![d]}, got ${got}`);
        }
      });
      expect(wrong).toEqual([]);
    });
  }

  it.each([
    // [n, d, confidence, table %] — cells named in the brief, read from Tables
    [60, 0, 0.95, 4.9],
    [100, 1, 0.95, 4.7],
    [60, 1, 0.95, 7.7],
    [20, 0, 0.95, 14.0],
    [500, 10, 0.95, 3.4],
    [100, 0, 0.9, 2.3],
    [50, 2, 0.9, 10.3],
  ])('n=%s d=%s at %s → %s percent', (n, d, c, pct) => {
    const r = evaluateAttributeSample({ sampleSize: n, deviations: d, confidence: c, tolerableRate: 0.05 });
    expect(Math.round(r.upperDeviationLimitTable * 1000) / 10).toBe(pct);
  });

  it('finds the Clopper–Pearson bound to well below 1e-10', () => {
    for (const [n, d] of [
      [59, 0],
      [100, 1],
      [60, 3],
      [500, 10],
      [1936, 58],
      [20, 19],
    ] as const) {
      for (const c of [0.9, 0.95, 0.99]) {
        const p = binomialUpperLimit(n, d, c);
        expect(Math.abs(binomialCdf(d, n, p) - (1 - c))).toBeLessThan(1e-10);
      }
    }
    expect(binomialUpperLimit(10, 10, 0.95)).toBe(1);
    expect(binomialUpperLimit(59, 0, 0.95)).toBeCloseTo(1 - 0.05 ** (1 / 59), 14);
  });

  it('reports rate, limit, allowance and conclusion', () => {
    const r = evaluateAttributeSample({ sampleSize: 100, deviations: 1, confidence: 0.95, tolerableRate: 0.05 });
    expect(r.sampleDeviationRate).toBe(0.01);
    expect(r.upperDeviationLimit).toBeCloseTo(0.04656, 4);
    expect(r.allowanceForSamplingRisk).toBeCloseTo(r.upperDeviationLimit - 0.01, 15);
    expect(r.conclusion).toBe('supports-reliance');
    expect(r.explanation).toContain('4.7%');
    expect(r.explanation).toContain('supports reliance');
    expect(r.formula).toContain('Clopper–Pearson');

    const bad = evaluateAttributeSample({ sampleSize: 100, deviations: 2, confidence: 0.95, tolerableRate: 0.05 });
    expect(bad.upperDeviationLimitTable).toBeCloseTo(0.062, 12);
    expect(bad.conclusion).toBe('does-not-support');
    expect(bad.explanation).toContain('does not support');
  });

  it('agrees with the planner: finding the allowed deviations supports reliance, one more does not', () => {
    for (const [confidence, table] of [
      [0.95, TABLE_A1],
      [0.9, TABLE_A2],
    ] as const) {
      for (const [t, column] of Object.entries(table)) {
        column.forEach((_, row) => {
          const T = Number(t) / 100;
          const p = planAttributeSample({ confidence, tolerableRate: T, expectedRate: EXPECTED_RATES_PCT[row]! / 100 });
          const ok = evaluateAttributeSample({ sampleSize: p.size, deviations: p.allowedDeviations, confidence, tolerableRate: T });
          expect(ok.conclusion).toBe('supports-reliance');
          expect(ok.upperDeviationLimit).toBeLessThanOrEqual(T);
          const over = evaluateAttributeSample({ sampleSize: p.size, deviations: p.allowedDeviations + 1, confidence, tolerableRate: T });
          expect(over.conclusion).toBe('does-not-support');
          expect(over.upperDeviationLimit).toBeGreaterThan(T);
        });
      }
    }
  });
});

describe('hypergeometric evaluation', () => {
  it('K is the largest deviation count the sample does not rule out', () => {
    for (const [N, n, d] of [
      [150, 46, 0],
      [200, 60, 2],
      [1000, 90, 1],
      [50, 31, 3],
    ] as const) {
      const K = hypergeometricUpperCount(N, n, d, 0.95);
      expect(hypergeometricCdf(d, N, K, n)).toBeGreaterThan(0.05);
      expect(hypergeometricCdf(d, N, K + 1, n)).toBeLessThanOrEqual(0.05);
      const r = evaluateAttributeSample({
        sampleSize: n,
        deviations: d,
        confidence: 0.95,
        tolerableRate: 0.05,
        populationSize: N,
        method: 'hypergeometric',
      });
      expect(r.upperLimitDeviations).toBe(K);
      expect(r.upperDeviationLimit).toBe(K / N);
      // never above the binomial (infinite population) limit
      expect(r.upperDeviationLimit).toBeLessThanOrEqual(binomialUpperLimit(n, d, 0.95) + 1e-12);
    }
  });

  it('is consistent with the hypergeometric plan', () => {
    for (const N of [150, 500, 2000, 10_000_000]) {
      const p = planAttributeSample({ confidence: 0.95, tolerableRate: 0.05, expectedRate: 0.01, populationSize: N, method: 'hypergeometric' });
      const base = { sampleSize: p.size, confidence: 0.95, tolerableRate: 0.05, populationSize: N, method: 'hypergeometric' as const };
      const ok = evaluateAttributeSample({ ...base, deviations: p.allowedDeviations });
      expect(ok.conclusion).toBe('supports-reliance');
      expect(ok.upperDeviationLimit).toBeLessThan(0.05);
      const over = evaluateAttributeSample({ ...base, deviations: p.allowedDeviations + 1 });
      expect(over.conclusion).toBe('does-not-support');
    }
  });

  it('a census has no sampling risk', () => {
    const r = evaluateAttributeSample({
      sampleSize: 40,
      deviations: 1,
      confidence: 0.95,
      tolerableRate: 0.05,
      populationSize: 40,
      method: 'hypergeometric',
    });
    expect(r.upperLimitDeviations).toBe(1);
    expect(r.upperDeviationLimit).toBe(0.025);
    expect(r.allowanceForSamplingRisk).toBe(0);
    expect(r.conclusion).toBe('supports-reliance');
    expect(r.method).toBe('census');
  });

  it('a census is judged on the count against the tolerable count, whatever method was planned (#13 item 1)', () => {
    // 51 members, a plan of 59: all drawn, all pass. The binomial bound would be 5.7 % and "does not support".
    for (const method of ['binomial', 'poisson', 'hypergeometric'] as const) {
      const r = evaluateAttributeSample({ sampleSize: 51, deviations: 0, confidence: 0.95, tolerableRate: 0.05, populationSize: 51, method });
      expect([r.method, r.conclusion, r.upperDeviationLimit, r.allowanceForSamplingRisk]).toEqual(['census', 'supports-reliance', 0, 0]);
      expect(r.tolerableDeviations).toBe(3); // ⌈0.05 × 51⌉
      expect(r.explanation).toMatch(/census, 100 % of the population/);
    }
    const two = evaluateAttributeSample({ sampleSize: 51, deviations: 2, confidence: 0.95, tolerableRate: 0.05, populationSize: 51 });
    expect(two.conclusion).toBe('supports-reliance'); // 3.9 % < 5 %
    const three = evaluateAttributeSample({ sampleSize: 51, deviations: 3, confidence: 0.95, tolerableRate: 0.05, populationSize: 51 });
    expect(three.conclusion).toBe('does-not-support'); // 5.9 % ≥ 5 %
    // exactly the tolerable rate is not below it
    expect(evaluateAttributeSample({ sampleSize: 40, deviations: 2, confidence: 0.95, tolerableRate: 0.05, populationSize: 40 }).conclusion).toBe(
      'does-not-support',
    );
    // one fewer than the population is a sample again, with its sampling risk
    expect(evaluateAttributeSample({ sampleSize: 50, deviations: 0, confidence: 0.95, tolerableRate: 0.05, populationSize: 51 }).method).toBe(
      'binomial',
    );
  });

  it('runs on a population of 10,000,000 and matches the binomial table there', () => {
    const r = evaluateAttributeSample({
      sampleSize: 100,
      deviations: 1,
      confidence: 0.95,
      tolerableRate: 0.05,
      populationSize: 10_000_000,
      method: 'hypergeometric',
    });
    expect(roundUpToTenthPercent(r.upperDeviationLimit)).toBeCloseTo(0.047, 12);
  });
});

describe('poisson evaluation', () => {
  it('is −ln(1−c)/n with no deviations and solves P(Y ≤ d) = 1 − c otherwise', () => {
    const r = evaluateAttributeSample({ sampleSize: 60, deviations: 0, confidence: 0.95, tolerableRate: 0.05, method: 'poisson' });
    expect(r.upperDeviationLimit).toBeCloseTo(-Math.log(0.05) / 60, 10);
    const s = evaluateAttributeSample({ sampleSize: 100, deviations: 3, confidence: 0.9, tolerableRate: 0.08, method: 'poisson' });
    expect(Math.abs(poissonCdf(3, s.upperDeviationLimit * 100) - 0.1)).toBeLessThan(1e-10);
    expect(s.upperDeviationLimit).toBeGreaterThan(binomialUpperLimit(100, 3, 0.9));
  });
});

describe('evaluation errors', () => {
  it('validates its inputs', () => {
    const base = { sampleSize: 50, deviations: 1, confidence: 0.95, tolerableRate: 0.05 };
    expectSamplingError(() => evaluateAttributeSample({ ...base, deviations: 51 }), 'invalid-input');
    expectSamplingError(() => evaluateAttributeSample({ ...base, sampleSize: 0 }), 'invalid-input');
    expectSamplingError(() => evaluateAttributeSample({ ...base, deviations: -1 }), 'invalid-input');
    expectSamplingError(() => evaluateAttributeSample({ ...base, confidence: 95 }), 'invalid-input');
    expectSamplingError(() => evaluateAttributeSample({ ...base, populationSize: 40 }), 'sample-exceeds-population');
    expectSamplingError(() => evaluateAttributeSample({ ...base, method: 'hypergeometric' }), 'invalid-input');
  });
});
