import { describe, expect, it } from 'vitest';
import { evaluateStratified, type StratumTally } from '../../../shared/sampling/stratified-evaluation';
import { evaluateAttributeSample } from '../../../shared/sampling/evaluate';

const plan = { confidence: 0.95, tolerableRate: 0.05 };
const t = (label: string, populationSize: number, tested: number, deviations = 0, notApplicable = 0): StratumTally => ({
  label,
  populationSize,
  tested,
  deviations,
  notApplicable,
});

describe('stratified evaluation (#13 item 3)', () => {
  it('evaluates every stratum on its own and, under proportional allocation, the sample as one', () => {
    // 6 months of 1,000 members each, 10 items each (proportional), one deviation in March
    const tallies = ['01', '02', '03', '04', '05', '06'].map((m) => t(`2026-${m}`, 1000, 10, m === '03' ? 1 : 0));
    const r = evaluateStratified(tallies, plan);
    expect(r.strata.map((s) => [s.label, s.deviations, s.sampleDeviationRate])).toEqual(
      tallies.map((x) => [x.label, x.deviations, x.deviations / 10]),
    );
    expect(r.strata[2]!.projectedDeviations).toBe(100);
    expect(r.strata[2]!.evaluation!.conclusion).toBe('does-not-support'); // 1 in 10 cannot rule out 5 % on its own
    expect(r.weightedDeviationRate).toBeCloseTo(1 / 60, 12);
    expect(r.chargedDeviations).toBe(1);
    expect(r.overall).toEqual(evaluateAttributeSample({ ...plan, sampleSize: 60, deviations: 1, populationSize: 6000 }));
    expect(r.basis).toMatch(/charges the 1 deviation found/);
  });

  it('charges the weighted rate when small strata got more than their share', () => {
    // at least one per period: a 9,000-member stratum got 20 items, three 100-member strata 13 each
    const tallies = [t('big', 9000, 20, 1), t('s1', 100, 13), t('s2', 100, 13), t('s3', 100, 13)];
    const r = evaluateStratified(tallies, plan);
    const weighted = (9000 * (1 / 20)) / 9300;
    expect(r.weightedDeviationRate).toBeCloseTo(weighted, 12);
    expect(r.chargedDeviations).toBe(Math.ceil(weighted * 59)); // 3 > the 1 found
    expect(r.overall.deviations).toBe(3);
    expect(r.basis).toMatch(/charges ⌈4\.84% × 59⌉ = 3 deviations instead of the 1 found/);
  });

  it('never charges fewer than were found, treats a fully tested stratum as a census, and leaves out strata with nothing tested', () => {
    const tallies = [t('a', 4, 3, 0, 1), t('b', 500, 40, 0), t('c', 300, 0, 0, 2)];
    const r = evaluateStratified(tallies, plan);
    expect(r.strata[0]!.evaluation!.method).toBe('census');
    expect(r.strata[2]!.evaluation).toBeNull();
    expect(r.chargedDeviations).toBe(0);
    expect(r.overall.sampleSize).toBe(43);
  });
});
