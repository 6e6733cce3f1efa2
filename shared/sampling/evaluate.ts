// Evaluation of an attribute sample: from n items tested and d deviations found, the upper deviation limit
// (UDL) at the planned confidence, the allowance for sampling risk, and whether the test supports reliance.
//
// Notation: c = confidence, α = 1 − c, T = tolerable deviation rate, N = population size.
//   sample deviation rate      = d / n
//   binomial UDL (default)     = the p with P(X ≤ d) = α, X ~ Binomial(n, p)  (one-sided Clopper–Pearson bound;
//                                1 − α^(1/n) when d = 0; found by bisection to 1e-13; 1 when d = n).
//                                This reproduces AICPA Audit Sampling Guide Tables cell for cell once
//                                rounded UP to 0.1 % as the tables are (upperDeviationLimitTable).
//   poisson UDL                = λ/n for the λ with P(Y ≤ d) = α, Y ~ Poisson(λ), capped at 1
//   hypergeometric UDL         = K/N for K = the largest deviation count D with P(X ≤ d) > α,
//                                X ~ Hypergeometric(N, D, n): the largest population count the sample does not
//                                rule out (Talens 2005; the jfa package's bound). Every D > K is ruled out.
//   allowance for sampling risk = UDL − d / n
//   conclusion                 = 'supports-reliance' when every population deviation rate ≥ T is ruled out at
//                                risk α, i.e. P(X ≤ d) ≤ α at p = T (binomial), at λ = n·T (poisson), at
//                                D = ⌈T·N⌉ (hypergeometric, the same D the planner uses). Equivalently UDL ≤ T
//                                for the binomial and poisson bounds, and UDL < T for the hypergeometric one (a
//                                population with exactly T·N deviations must itself be ruled out). The decision is
//                                taken on the exact probability, never on the rounded table value.
//   census (n = N)             = every member was tested, so there is no sampling risk (AU-C 530 applies to
//                                less than 100 %): the deviation rate is d / N exactly, the allowance 0, and the
//                                test supports reliance when d is below the tolerable count ⌈T × N⌉, i.e. when
//                                the population's own rate is below T. Chosen whatever method was planned.
import { binomialCdf, hypergeometricCdf, poissonCdf } from './distributions';
import { SamplingError, requireInteger, requireOpenUnit } from './errors';
import { pct, prob } from './format';
import { ceilTolerant } from './plan';

export type EvaluationMethod = 'binomial' | 'hypergeometric' | 'poisson' | 'census';
export type Conclusion = 'supports-reliance' | 'does-not-support';

export interface EvaluationInput {
  sampleSize: number;
  deviations: number;
  confidence: number;
  tolerableRate: number;
  /** N; required by the hypergeometric method, otherwise only checked against the sample size */
  populationSize?: number;
  /** default 'binomial' (the method of the AICPA tables); a sample of the whole population is a census whatever is asked */
  method?: Exclude<EvaluationMethod, 'census'>;
}

export interface SampleEvaluation {
  method: EvaluationMethod;
  sampleSize: number;
  deviations: number;
  confidence: number;
  tolerableRate: number;
  populationSize: number | null;
  /** d / n */
  sampleDeviationRate: number;
  /** the exact upper deviation limit, as a fraction */
  upperDeviationLimit: number;
  /** the limit rounded UP to the next 0.1 percentage point, as the AICPA tables print it (a fraction: 0.049) */
  upperDeviationLimitTable: number;
  /** hypergeometric only: K, the largest population deviation count not ruled out; census: d */
  upperLimitDeviations: number | null;
  /** census only: ⌈T × N⌉, the deviation count at which the population's rate reaches the tolerable rate */
  tolerableDeviations: number | null;
  /** UDL − d / n */
  allowanceForSamplingRisk: number;
  /** P(X ≤ d) at the tolerable rate: reliance is supported when it is ≤ 1 − confidence */
  riskAtTolerable: number;
  conclusion: Conclusion;
  /** the formula with its numbers */
  formula: string;
  /** a sentence for the workpaper */
  explanation: string;
}

/** Bisection on a decreasing function of x in [lo, hi] for f(x) = 0, to an absolute width of `tol`; returns the upper end. */
function bisectDecreasing(f: (x: number) => number, lo: number, hi: number, tol: number): number {
  for (let i = 0; i < 400 && hi - lo > tol; i++) {
    const mid = (lo + hi) / 2;
    if (f(mid) > 0) lo = mid;
    else hi = mid;
  }
  return hi;
}

/** One-sided exact (Clopper–Pearson) upper limit for a binomial proportion: P(Binomial(n, p) ≤ d) = 1 − confidence. */
export function binomialUpperLimit(n: number, d: number, confidence: number): number {
  const alpha = 1 - confidence;
  if (d >= n) return 1;
  if (d === 0) return -Math.expm1(Math.log(alpha) / n);
  return bisectDecreasing((p) => binomialCdf(d, n, p) - alpha, 0, 1, 1e-13);
}

/** Poisson upper limit on the rate: λ/n with P(Poisson(λ) ≤ d) = 1 − confidence, capped at 1. */
export function poissonUpperLimit(n: number, d: number, confidence: number): number {
  const alpha = 1 - confidence;
  let hi = d + 10;
  while (poissonCdf(d, hi) > alpha) hi *= 2;
  const lambda = bisectDecreasing((l) => poissonCdf(d, l) - alpha, 0, hi, 1e-13 * Math.max(1, n));
  return Math.min(1, lambda / n);
}

/** The largest population deviation count D with P(X ≤ d) > 1 − confidence, X ~ Hypergeometric(N, D, n). */
export function hypergeometricUpperCount(N: number, n: number, d: number, confidence: number): number {
  const alpha = 1 - confidence;
  // P(X ≤ d) is 1 at D = d and falls as D grows; beyond N − (n − d) the sample could not hold n − d compliant items.
  let lo = d;
  let hi = N - (n - d);
  if (hypergeometricCdf(d, N, hi, n) > alpha) return hi;
  while (hi - lo > 1) {
    const mid = lo + Math.floor((hi - lo) / 2);
    if (hypergeometricCdf(d, N, mid, n) > alpha) lo = mid;
    else hi = mid;
  }
  return lo;
}

/** Rounds a rate up to the next 0.1 percentage point, as Tables do (1e-9 absorbs binary noise). */
export function roundUpToTenthPercent(rate: number): number {
  return Math.ceil(rate * 1000 - 1e-9) / 1000;
}

export function evaluateAttributeSample(input: EvaluationInput): SampleEvaluation {
  const method: EvaluationMethod = input.method ?? 'binomial';
  if (method !== 'binomial' && method !== 'hypergeometric' && method !== 'poisson') {
    throw new SamplingError('invalid-input', `Unknown evaluation method "${String(method)}": use binomial, hypergeometric or poisson.`);
  }
  requireInteger(input.sampleSize, 'The sample size', 1);
  requireInteger(input.deviations, 'The number of deviations', 0);
  requireOpenUnit(input.confidence, 'The confidence level');
  requireOpenUnit(input.tolerableRate, 'The tolerable deviation rate');
  const n = input.sampleSize;
  const d = input.deviations;
  const T = input.tolerableRate;
  const alpha = 1 - input.confidence;
  if (d > n) {
    throw new SamplingError('invalid-input', `A sample of ${n} items cannot contain ${d} deviations.`);
  }
  const N = input.populationSize ?? null;
  if (N !== null) {
    requireInteger(N, 'The population size', 1);
    if (n > N) {
      throw new SamplingError('sample-exceeds-population', `The sample of ${n} items is larger than the population of ${N} items.`);
    }
  }
  if (method === 'hypergeometric' && N === null) {
    throw new SamplingError('invalid-input', 'The hypergeometric evaluation needs the population size.');
  }

  if (N !== null && n === N) return censusEvaluation(n, d, input.confidence, T);
  const rate = d / n;
  let udl: number;
  let upperCount: number | null = null;
  let riskAtT: number;
  let formula: string;
  const c = pct(input.confidence);
  if (method === 'binomial') {
    udl = binomialUpperLimit(n, d, input.confidence);
    riskAtT = binomialCdf(d, n, T);
    formula =
      d === n
        ? `Every item deviated: the upper deviation limit is 100%.`
        : `Upper deviation limit (exact binomial, one-sided Clopper–Pearson): the p with P(X ≤ d) = 1 − c for X ~ Binomial(n, p)` +
          `${d === 0 ? ', i.e. 1 − (1 − c)^(1/n)' : ''}. With n = ${n}, d = ${d}, c = ${c}: p = ${udl.toFixed(6)}.`;
  } else if (method === 'poisson') {
    udl = poissonUpperLimit(n, d, input.confidence);
    riskAtT = poissonCdf(d, n * T);
    formula = `Upper deviation limit (Poisson): λ/n for the λ with P(Y ≤ d) = 1 − c, Y ~ Poisson(λ). With n = ${n}, d = ${d}, c = ${c}: ${udl.toFixed(6)}.`;
  } else {
    const pop = N as number;
    upperCount = hypergeometricUpperCount(pop, n, d, input.confidence);
    udl = upperCount / pop;
    const D = ceilTolerant(T * pop);
    riskAtT = hypergeometricCdf(d, pop, D, n);
    formula =
      `Upper deviation limit (hypergeometric, population of ${pop}): K/N for K the largest count of deviations D with P(X ≤ d) > 1 − c, ` +
      `X ~ Hypergeometric(N, D, n). With n = ${n}, d = ${d}, c = ${c}: K = ${upperCount}, K/N = ${udl.toFixed(6)}. ` +
      `Reliance needs every D ≥ ⌈T × N⌉ = ${D} ruled out: P(X ≤ ${d} | D = ${D}) = ${prob(riskAtT)}.`;
  }
  const supports = riskAtT <= alpha;
  const table = roundUpToTenthPercent(udl);
  const allowance = Math.max(0, udl - rate);
  const conclusion: Conclusion = supports ? 'supports-reliance' : 'does-not-support';
  const explanation =
    `The sample of ${n} item${n === 1 ? '' : 's'} contained ${d} deviation${d === 1 ? '' : 's'} (sample deviation rate ${pct(rate)}). ` +
    `At ${c} confidence the population deviation rate does not exceed ${pct(table)} (upper deviation limit ${pct(udl)}` +
    `${method === 'binomial' ? ', rounded up to 0.1% as in the AICPA evaluation tables' : ', rounded up to 0.1%'}); ` +
    `the allowance for sampling risk is ${pct(allowance)}. ` +
    (supports
      ? `Every population deviation rate of ${pct(T)} (the tolerable rate) or more is ruled out at a risk of ${pct(alpha)}: the test supports reliance on the control.`
      : `A population deviation rate of ${pct(T)} (the tolerable rate) or more cannot be ruled out at a risk of ${pct(alpha)}: the test does not support reliance on the control.`);
  return {
    method,
    sampleSize: n,
    deviations: d,
    confidence: input.confidence,
    tolerableRate: T,
    populationSize: N,
    sampleDeviationRate: rate,
    upperDeviationLimit: udl,
    upperDeviationLimitTable: table,
    upperLimitDeviations: upperCount,
    tolerableDeviations: null,
    allowanceForSamplingRisk: allowance,
    riskAtTolerable: riskAtT,
    conclusion,
    formula,
    explanation,
  };
}

/** Every member tested: the population's deviation rate is known, and compared with the tolerable rate. */
function censusEvaluation(N: number, d: number, confidence: number, T: number): SampleEvaluation {
  const rate = d / N;
  const tolerableCount = ceilTolerant(T * N);
  const supports = d < tolerableCount;
  const s = (k: number): string => (k === 1 ? '' : 's');
  return {
    method: 'census',
    sampleSize: N,
    deviations: d,
    confidence,
    tolerableRate: T,
    populationSize: N,
    sampleDeviationRate: rate,
    upperDeviationLimit: rate,
    upperDeviationLimitTable: rate,
    upperLimitDeviations: d,
    tolerableDeviations: tolerableCount,
    allowanceForSamplingRisk: 0,
    riskAtTolerable: supports ? 0 : 1,
    conclusion: supports ? 'supports-reliance' : 'does-not-support',
    formula:
      `Census (100 % of the population): no sampling risk. The population's deviation rate is d / N = ${d} / ${N} = ${pct(rate)}; ` +
      `the tolerable count is ⌈T × N⌉ = ⌈${pct(T)} × ${N}⌉ = ${tolerableCount}, and reliance needs fewer deviations than that.`,
    explanation:
      `Every one of the ${N} member${s(N)} of the population to which the attribute applies was tested (census, 100 % of the population), ` +
      `so there is no sampling risk and no upper limit to estimate: ${d} deviation${s(d)} (${pct(rate)}). ` +
      (supports
        ? `That is fewer than the tolerable count of ${tolerableCount} (${pct(T)} of ${N}): the test supports reliance on the control.`
        : `That reaches the tolerable count of ${tolerableCount} (${pct(T)} of ${N}): the test does not support reliance on the control.`),
  };
}
