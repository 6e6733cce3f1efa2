// Attribute-sampling plans for tests of controls: how many items to test, and how many deviations the sample
// may contain while still supporting reliance on the control.
//
// Notation: c = confidence (1 − c is the risk of overreliance), T = tolerable deviation rate, pE = expected
// population deviation rate, N = population size, n = sample size, k = allowed (expected) deviations.
//
// Binomial (the AICPA method; reproduces Audit Sampling Guide Tables A-1 and A-2 cell for cell, see tests):
//   n = the smallest n with P(X ≤ k) ≤ 1 − c,  X ~ Binomial(n, T),  k = ⌈n · pE⌉
//   k is re-derived for every candidate n. It must be rounded UP: with k = ⌊n · pE⌋ the tables' 93 at
//   pE = 0.25 % (k = 1) would be 59, and 181 at pE = 2 % is only reachable with k = 4 (at k = 3, n = 153
//   already suffices). The parenthetical numbers of Tables A-1/A-2 are this k. n · pE is rounded up with a
//   1e-9 tolerance because binary floating point turns 0.035 × 400 into 14.000000000000002.
//   When the number of expected deviations is given directly, k is that number for every n.
// Hypergeometric (finite population, without replacement):
//   n = the smallest n with P(X ≤ k) ≤ 1 − c,  X ~ Hypergeometric(N, D, n),  D = ⌈T · N⌉
//   D is the smallest whole number of deviations whose rate D/N is at least T: the population cannot hold a
//   fractional deviation, and ruling out D rules out every larger count (P(X ≤ k) falls as D grows). This is
//   the binomial criterion, which is evaluated at exactly p = T, carried over to counts; it is also the choice
//   of the jfa package (Derks) and of Talens (2005). Sizes are never above the binomial ones and converge to
//   them as N grows (N = 150, T = 5 %, c = 95 %, k = 0 gives 46; N ≥ 5,000 gives the binomial 59).
// Poisson (approximation to the binomial, slightly larger sizes):
//   n = the smallest n with P(Y ≤ k) ≤ 1 − c,  Y ~ Poisson(n · T),  k = ⌈n · pE⌉
//
// The non-statistical frequency table at the end is the one SOC 2 / SOX practitioners use for controls that
// operate a known number of times a year.
import { hypergeometricCdf, binomialCdf, poissonCdf } from './distributions';
import { SamplingError, requireInteger, requireOpenUnit } from './errors';
import { pct, prob } from './format';
import { parseRfc3339 } from '../time';

export type PlanMethod = 'binomial' | 'hypergeometric' | 'poisson';

export interface PlanInput {
  /** e.g. 0.95 for a 5 % risk of overreliance */
  confidence: number;
  /** e.g. 0.05 */
  tolerableRate: number;
  /** expected population deviation rate, 0 ≤ pE < T; defaults to 0 when expectedDeviations is absent too */
  expectedRate?: number;
  /** alternatively, the number of deviations the sample may contain, fixed for every n */
  expectedDeviations?: number;
  /** N; required by the hypergeometric method, used by the others only to flag a size larger than N */
  populationSize?: number;
  /** default 'binomial' (the method of the AICPA tables) */
  method?: PlanMethod;
  /** largest size the planner will return; beyond it the AICPA tables print '*' (default 10,000) */
  maxSize?: number;
}

/** An auditor's documented departure from the computed size. */
export interface SampleSizeOverride {
  size: number;
  reason: string;
  /** who decided */
  by: string;
  /** when, RFC 3339 */
  at: string;
}

export interface SamplePlan {
  method: PlanMethod;
  confidence: number;
  tolerableRate: number;
  /** the expected rate as given (null when the expected number of deviations was given instead) */
  expectedRate: number | null;
  /** the expected number of deviations as given (null when a rate was given) */
  expectedDeviations: number | null;
  populationSize: number | null;
  /** the number of items to test: the override's size when there is one, else computedSize */
  size: number;
  /** the statistical sample size */
  computedSize: number;
  /** k: deviations the sample may contain and still support reliance (the tables' parenthetical number) */
  allowedDeviations: number;
  /** D = ⌈T · N⌉ for the hypergeometric method, else null */
  populationDeviations: number | null;
  /** P(X ≤ k) at computedSize, the risk actually achieved (≤ 1 − confidence) */
  achievedRisk: number;
  /** the computed size is larger than the population: test every item instead */
  exceedsPopulation: boolean;
  /** human-readable statement of the criterion and the numbers that satisfy it */
  formula: string;
  override: SampleSizeOverride | null;
  /** the override tests fewer items than computed, so the stated confidence is not achieved */
  overrideBelowComputed: boolean;
}

export const DEFAULT_MAX_SAMPLE_SIZE = 10_000;

/** ⌈x⌉ that ignores binary floating-point excess below 1e-9 (0.035 × 400 = 14.000000000000002 → 14). */
export function ceilTolerant(x: number): number {
  return Math.ceil(x - 1e-9) || 0; // || 0: ⌈−1e-9⌉ is −0, which must print and compare as 0
}

/** The statistical sample size for a test of controls. Throws SamplingError when no size can answer. */
export function planAttributeSample(input: PlanInput): SamplePlan {
  const method: PlanMethod = input.method ?? 'binomial';
  if (method !== 'binomial' && method !== 'hypergeometric' && method !== 'poisson') {
    throw new SamplingError('invalid-input', `Unknown sampling method "${String(method)}": use binomial, hypergeometric or poisson.`);
  }
  requireOpenUnit(input.confidence, 'The confidence level');
  requireOpenUnit(input.tolerableRate, 'The tolerable deviation rate');
  const T = input.tolerableRate;
  const alpha = 1 - input.confidence;
  const maxSize = input.maxSize ?? DEFAULT_MAX_SAMPLE_SIZE;
  requireInteger(maxSize, 'The maximum sample size', 1);

  if (input.expectedRate !== undefined && input.expectedDeviations !== undefined) {
    throw new SamplingError('invalid-input', 'Give either an expected deviation rate or an expected number of deviations, not both.');
  }
  let pE: number | null = null;
  let fixedK: number | null = null;
  if (input.expectedDeviations !== undefined) {
    requireInteger(input.expectedDeviations, 'The expected number of deviations', 0);
    fixedK = input.expectedDeviations;
  } else {
    pE = input.expectedRate ?? 0;
    if (typeof pE !== 'number' || !Number.isFinite(pE) || pE < 0 || pE >= 1) {
      throw new SamplingError('invalid-input', `The expected deviation rate must be at least 0 and below 1 (got ${String(pE)}).`);
    }
    if (pE >= T) {
      throw new SamplingError(
        'not-achievable',
        `The expected deviation rate (${pct(pE)}) is not below the tolerable rate (${pct(T)}): no sample can support reliance on the control. Reassess the control or the tolerable rate.`,
      );
    }
  }
  const N = input.populationSize ?? null;
  if (N !== null) requireInteger(N, 'The population size', 1);
  if (method === 'hypergeometric' && N === null) {
    throw new SamplingError('invalid-input', 'The hypergeometric method needs the population size.');
  }

  const kOf = (n: number): number => fixedK ?? ceilTolerant(n * (pE as number));
  const exhausted = (): never => {
    throw new SamplingError(
      'size-exceeds-cap',
      `The statistical sample would exceed ${maxSize.toLocaleString('en-US')} items (the AICPA tables print '*' here): the expected deviations are too close to the tolerable rate of ${pct(T)}. Lower the expected rate, raise the tolerable rate or the risk of overreliance, or test the whole population.`,
    );
  };

  let n = 0;
  let k = 0;
  let risk = 1;
  let D: number | null = null;

  if (method === 'binomial' || method === 'poisson') {
    // P(X ≤ k) ≥ P(X = 0), and P(X = 0) > 1 − c below the zero-deviation size: start just under it.
    const zeroDeviationSize = method === 'binomial' ? Math.log(alpha) / Math.log1p(-T) : -Math.log(alpha) / T;
    for (n = Math.max(1, Math.floor(zeroDeviationSize)); ; n++) {
      if (n > maxSize) exhausted();
      k = kOf(n);
      if (k >= n) continue; // a sample that may be all deviations proves nothing
      risk = method === 'binomial' ? binomialCdf(k, n, T) : poissonCdf(k, n * T);
      if (risk <= alpha) break;
    }
  } else {
    const pop = N as number;
    D = ceilTolerant(T * pop);
    // ln P(X = 0 | n) = Σ_{i<n} ln(1 − D/(N − i)), grown one term per candidate n.
    let logP0 = 0;
    for (n = 1; ; n++) {
      if (n > maxSize) exhausted();
      if (n > pop) {
        throw new SamplingError(
          'not-achievable',
          `Even testing all ${pop.toLocaleString('en-US')} items could not support reliance: the ${fixedK !== null ? `${fixedK} allowed deviations reach` : `deviations expected at ${pct(pE as number)} reach`} the ${D} deviations (${pct(T)} of the population) that must be ruled out.`,
        );
      }
      logP0 = n > pop - D ? -Infinity : logP0 + Math.log1p(-D / (pop - (n - 1)));
      k = kOf(n);
      if (k >= n) continue;
      risk = hypergeometricCdf(k, pop, D, n, logP0);
      if (risk <= alpha) break;
    }
  }

  const plan: SamplePlan = {
    method,
    confidence: input.confidence,
    tolerableRate: T,
    expectedRate: pE,
    expectedDeviations: fixedK,
    populationSize: N,
    size: n,
    computedSize: n,
    allowedDeviations: k,
    populationDeviations: D,
    achievedRisk: risk,
    exceedsPopulation: N !== null && n > N,
    formula: '',
    override: null,
    overrideBelowComputed: false,
  };
  plan.formula = describePlan(plan);
  return plan;
}

function describePlan(p: SamplePlan): string {
  const kRule = p.expectedDeviations !== null ? `k = ${p.expectedDeviations} (given)` : `k = ⌈n × pE⌉`;
  const given =
    `c = ${pct(p.confidence)}, T = ${pct(p.tolerableRate)}` +
    (p.expectedDeviations !== null ? `, k = ${p.expectedDeviations}` : `, pE = ${pct(p.expectedRate ?? 0)}`) +
    (p.populationSize !== null ? `, N = ${p.populationSize}` : '');
  let criterion: string;
  if (p.method === 'binomial') {
    criterion = `Binomial attribute sample (AICPA Audit Sampling Guide, Tables A-1/A-2 method): n is the smallest sample size with P(X ≤ k) ≤ 1 − c, where X ~ Binomial(n, T) and ${kRule}.`;
  } else if (p.method === 'poisson') {
    criterion = `Poisson attribute sample: n is the smallest sample size with P(Y ≤ k) ≤ 1 − c, where Y ~ Poisson(n × T) and ${kRule}.`;
  } else {
    criterion = `Hypergeometric attribute sample (finite population, drawn without replacement): n is the smallest sample size with P(X ≤ k) ≤ 1 − c, where X ~ Hypergeometric(N, D, n), D = ⌈T × N⌉ = ${p.populationDeviations} and ${kRule}.`;
  }
  let text = `${criterion} With ${given}: n = ${p.computedSize}, k = ${p.allowedDeviations}, P(X ≤ ${p.allowedDeviations}) = ${prob(p.achievedRisk)} ≤ ${prob(1 - p.confidence)}.`;
  if (p.exceedsPopulation) {
    text += ` This exceeds the population of ${p.populationSize} items: test every item instead.`;
  }
  return text;
}

/**
 * Records an auditor's override of the computed size. Refuses an override without a reason or an author,
 * with a size that is not a positive whole number (or exceeds the population), or with an invalid time.
 */
export function applyOverride(plan: SamplePlan, override: SampleSizeOverride): SamplePlan {
  const reason = typeof override.reason === 'string' ? override.reason.trim() : '';
  const by = typeof override.by === 'string' ? override.by.trim() : '';
  if (reason === '') {
    throw new SamplingError('override-rejected', 'A sample size override must state its reason; none was given.');
  }
  if (by === '') {
    throw new SamplingError('override-rejected', 'A sample size override must name who decided it; no name was given.');
  }
  if (!Number.isSafeInteger(override.size) || override.size < 1) {
    throw new SamplingError('override-rejected', `An overriding sample size must be a whole number of at least 1 (got ${String(override.size)}).`);
  }
  if (plan.populationSize !== null && override.size > plan.populationSize) {
    throw new SamplingError(
      'override-rejected',
      `The overriding size ${override.size} is larger than the population of ${plan.populationSize} items.`,
    );
  }
  if (typeof override.at !== 'string' || parseRfc3339(override.at) === null) {
    throw new SamplingError('override-rejected', `The time of the override must be an RFC 3339 timestamp (got ${JSON.stringify(override.at)}).`);
  }
  return {
    ...plan,
    size: override.size,
    override: { size: override.size, reason, by, at: override.at },
    overrideBelowComputed: override.size < plan.computedSize,
  };
}

// ---------------------------------------------------------------------------------------------------------
// Non-statistical sizes by control frequency.
//
// The bands are the ones commonly used for SOC 2 / SOX tests of controls that operate a known number of times:
// annual 1, quarterly 2, monthly 2–5, weekly 5–15, daily 20–40, many times a day 25–60. They are practice
// guidance, not an AICPA table. Corroborating public statements seen: weekly "5–15 … based on guidance from
// one of the big 4" and the frequency list annual 1 / quarterly 2 / monthly 3 / weekly 5 / daily 25
// (sarbanes-oxley-forum.com, topics 8142 and 6949); "a daily control … might require 25 or more items, while an
// annual control usually calls for just one" (legalclarity.org, "Control Testing Sample Size Table").
// The lower end of a band is for a lower-risk control, the upper end for a higher-risk one. It is plain data:
// an engagement passes its own table to sizeForFrequency.

export type ControlFrequency = 'annual' | 'quarterly' | 'monthly' | 'weekly' | 'daily' | 'many-times-daily';
export type ControlRisk = 'lower' | 'higher';

export interface FrequencyBand {
  label: string;
  /** how often the control runs in a year (null for "many times a day": it depends on the population) */
  occurrencesPerYear: number | null;
  /** size for a lower-risk control */
  lower: number;
  /** size for a higher-risk control */
  higher: number;
}

export type FrequencyGuidance = Readonly<Record<ControlFrequency, Readonly<FrequencyBand>>>;

export const frequencyGuidance: FrequencyGuidance = Object.freeze({
  annual: Object.freeze({ label: 'Annual', occurrencesPerYear: 1, lower: 1, higher: 1 }),
  quarterly: Object.freeze({ label: 'Quarterly', occurrencesPerYear: 4, lower: 2, higher: 2 }),
  monthly: Object.freeze({ label: 'Monthly', occurrencesPerYear: 12, lower: 2, higher: 5 }),
  weekly: Object.freeze({ label: 'Weekly', occurrencesPerYear: 52, lower: 5, higher: 15 }),
  daily: Object.freeze({ label: 'Daily', occurrencesPerYear: 365, lower: 20, higher: 40 }),
  'many-times-daily': Object.freeze({ label: 'Many times a day', occurrencesPerYear: null, lower: 25, higher: 60 }),
});

export interface FrequencySize {
  frequency: ControlFrequency;
  risk: ControlRisk;
  size: number;
  band: Readonly<FrequencyBand>;
  /** the control ran fewer times than the band asks for, so every occurrence is to be tested */
  cappedToOccurrences: boolean;
  basis: string;
}

/**
 * The guidance size for a control of this frequency and risk. `occurrences`, when known, is how many times
 * the control actually ran in the audit window; a size above it is capped (test every occurrence).
 */
export function sizeForFrequency(
  frequency: ControlFrequency,
  risk: ControlRisk,
  options: { guidance?: FrequencyGuidance; occurrences?: number } = {},
): FrequencySize {
  const guidance = options.guidance ?? frequencyGuidance;
  const band = guidance[frequency];
  if (band === undefined) {
    throw new SamplingError('invalid-input', `No sample size guidance for a control frequency of "${String(frequency)}".`);
  }
  if (risk !== 'lower' && risk !== 'higher') {
    throw new SamplingError('invalid-input', `The control risk must be "lower" or "higher" (got "${String(risk)}").`);
  }
  requireInteger(band.lower, `The lower-risk size for ${band.label} controls`, 1);
  requireInteger(band.higher, `The higher-risk size for ${band.label} controls`, band.lower);
  let size = risk === 'lower' ? band.lower : band.higher;
  let capped = false;
  if (options.occurrences !== undefined) {
    requireInteger(options.occurrences, 'The number of control occurrences', 0);
    if (options.occurrences < size) {
      size = options.occurrences;
      capped = true;
    }
  }
  const range = band.lower === band.higher ? `${band.lower}` : `${band.lower}–${band.higher}`;
  let basis = `${band.label} control, ${risk} risk: guidance range ${range}, size ${risk === 'lower' ? band.lower : band.higher}.`;
  if (capped) basis += ` The control ran only ${size} time${size === 1 ? '' : 's'} in the window: test every occurrence.`;
  return { frequency, risk, size, band, cappedToOccurrences: capped, basis };
}
