import { describe, expect, it } from 'vitest';
import { binomialCdf, hypergeometricCdf, hypergeometricLogP0, logChoose, logGamma, poissonCdf } from '../../../shared/sampling/distributions';

// Reference values from Python 3.11 math.lgamma and SciPy 1.17 (scipy.stats binom/poisson/hypergeom .cdf); for
// N = 10^7 and the supports starting above 0, from mpmath at 50 digits (SciPy itself is off by 1.3e-9 there).
const rel = (a: number, b: number): number => Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);

describe('logGamma', () => {
  it.each([
    [0.5, 0.5723649429247004],
    [1, 0],
    [1.5, -0.12078223763524543],
    [2, 0],
    [3, 0.693147180559945],
    [7.25, 7.0521854507385395],
    [10, 12.801827480081467],
    [14.9, 24.924132002217277],
    [15, 25.191221182738683],
    [20.5, 40.8315009745308],
    [100, 359.1342053695754],
    [12345.678, 103959.91990554606],
    [1e7, 151180949.3694739],
    [9e15, 3.2162400875022214e17],
  ])('lgamma(%s)', (x, want) => {
    expect(Math.abs(logGamma(x) - want)).toBeLessThanOrEqual(Math.max(1e-13, Math.abs(want) * 4e-16));
  });

  it('gives C(n, k) exactly enough for small n', () => {
    expect(Math.exp(logChoose(10, 3))).toBeCloseTo(120, 9);
    expect(Math.exp(logChoose(52, 5))).toBeCloseTo(2598960, 4);
    expect(logChoose(5, 6)).toBe(-Infinity);
  });
});

describe('CDFs', () => {
  it('binomial', () => {
    expect(rel(binomialCdf(4, 181, 0.05), 0.04916257891475963)).toBeLessThan(1e-12);
    expect(rel(binomialCdf(1, 93, 0.05), 0.04997579524261633)).toBeLessThan(1e-12);
    expect(rel(binomialCdf(30, 1000, 0.02), 0.9873522516538874)).toBeLessThan(1e-12);
    // (0.8)^3000 underflows a plain product; in log space it is still exact
    expect(rel(binomialCdf(0, 3000, 0.2), 1.8619198236023756e-291)).toBeLessThan(1e-11);
    expect(binomialCdf(-1, 10, 0.5)).toBe(0);
    expect(binomialCdf(10, 10, 0.5)).toBe(1);
    expect(binomialCdf(3, 10, 0)).toBe(1);
    expect(binomialCdf(3, 10, 1)).toBe(0);
  });

  it('poisson', () => {
    expect(rel(poissonCdf(3, 7.5), 0.05914545983268393)).toBeLessThan(1e-12);
    expect(rel(poissonCdf(0, 2.9957322735539909), 0.05)).toBeLessThan(1e-12);
    expect(rel(poissonCdf(50, 40), 0.9473719508932413)).toBeLessThan(1e-12);
  });

  it('hypergeometric, including N = 10,000,000 and supports that start above 0', () => {
    expect(rel(hypergeometricCdf(0, 150, 8, 46), 0.0489947052047403)).toBeLessThan(1e-12);
    expect(rel(hypergeometricCdf(2, 1000, 50, 90), 0.15360877511071355)).toBeLessThan(1e-12);
    expect(rel(hypergeometricCdf(1, 10_000_000, 500_000, 93), 0.049975071871551857)).toBeLessThan(1e-13);
    expect(rel(hypergeometricCdf(25, 100, 60, 50), 0.032788841427084641)).toBeLessThan(1e-12);
    expect(rel(hypergeometricCdf(12, 100, 60, 50), 1.0955184541334979e-14)).toBeLessThan(1e-12);
    expect(rel(hypergeometricCdf(6, 20, 10, 15), 0.15170278637770895)).toBeLessThan(1e-12);
    expect(hypergeometricCdf(5, 100, 60, 50)).toBe(0); // at least 10 deviations must be drawn
    expect(hypergeometricCdf(3, 20, 3, 15)).toBe(1);
    expect(hypergeometricLogP0(20, 10, 15)).toBe(-Infinity);
  });
});
