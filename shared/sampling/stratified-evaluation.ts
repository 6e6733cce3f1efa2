// Evaluation of a stratified attribute sample: each stratum on its own, and the overall conclusion.
//
// Stratum h holds N_h of the N members; n_h items were tested there (N/A items left out) and d_h deviated.
//   stratum evaluation     = evaluateAttributeSample(n_h, d_h, N_h): a census when every member of the stratum
//                            was tested, otherwise the planned method; small strata cannot support reliance on
//                            their own and are shown for what they say about where deviations fall.
//   weighted deviation rate p_w = Σ_h (N_h / N) · (d_h / n_h)  — the population rate the sample estimates,
//                            each stratum weighted by its share of the population (strata with no item tested
//                            are left out and the weights of the rest rescaled).
//   overall conclusion     = evaluateAttributeSample(n, d', N) with n = Σ n_h and
//                            d' = max(d, ⌈p_w · n⌉), d = Σ d_h.
// With proportional allocation every member had the same chance of selection, p_w = d / n (up to rounding of
// the allocation) and d' = d: the sample is evaluated as one, as AICPA attribute sampling does. When "at least
// one per period" gave small strata more than their share, an unweighted count would understate deviations
// found in large strata; d' charges the weighted rate instead, never less than what was found. The rule is
// conservative (it never lowers the count) and re-performable from the workpaper's stratum table.
import { evaluateAttributeSample, type EvaluationInput, type SampleEvaluation } from './evaluate';

export interface StratumTally {
  label: string;
  /** N_h: members of the population in the stratum */
  populationSize: number;
  /** n_h: items tested for the attribute (pass or deviation) */
  tested: number;
  deviations: number;
  notApplicable: number;
}

export interface StratumEvaluation extends StratumTally {
  /** d_h / n_h, null when nothing was tested in the stratum */
  sampleDeviationRate: number | null;
  /** N_h · d_h / n_h: the deviations the stratum's rate projects onto its members */
  projectedDeviations: number | null;
  evaluation: SampleEvaluation | null;
}

export interface StratifiedEvaluation {
  strata: StratumEvaluation[];
  /** p_w */
  weightedDeviationRate: number;
  /** d' = max(d, ⌈p_w · n⌉), the count the overall evaluation charges */
  chargedDeviations: number;
  overall: SampleEvaluation;
  /** how the overall conclusion was reached, with its numbers, for the workpaper */
  basis: string;
}

type Plan = Pick<EvaluationInput, 'confidence' | 'tolerableRate' | 'method'>;

export function evaluateStratified(tallies: readonly StratumTally[], plan: Plan): StratifiedEvaluation {
  const N = tallies.reduce((s, t) => s + t.populationSize, 0);
  const n = tallies.reduce((s, t) => s + t.tested, 0);
  const d = tallies.reduce((s, t) => s + t.deviations, 0);
  const na = tallies.reduce((s, t) => s + t.notApplicable, 0);
  const strata = tallies.map((t): StratumEvaluation => {
    if (t.tested === 0) return { ...t, sampleDeviationRate: null, projectedDeviations: null, evaluation: null };
    const rate = t.deviations / t.tested;
    const census = t.tested + t.notApplicable === t.populationSize;
    const evaluation = evaluateAttributeSample({
      ...plan,
      sampleSize: t.tested,
      deviations: t.deviations,
      populationSize: census ? t.tested : t.populationSize,
    });
    return { ...t, sampleDeviationRate: rate, projectedDeviations: t.populationSize * rate, evaluation };
  });
  const weightOfTested = strata.reduce((s, t) => s + (t.tested > 0 ? t.populationSize : 0), 0);
  const weighted = weightOfTested === 0 ? 0 : strata.reduce((s, t) => s + (t.projectedDeviations ?? 0), 0) / weightOfTested;
  // 1e-9 absorbs binary noise: a proportional sample's p_w·n equals d up to rounding of the allocation
  const charged = Math.max(d, Math.ceil(weighted * n - 1e-9));
  const census = n + na === N;
  const overall = evaluateAttributeSample({ ...plan, sampleSize: n, deviations: Math.min(charged, n), populationSize: census ? n : N });
  const pctText = (x: number): string => `${(x * 100).toFixed(2)}%`;
  const basis =
    `Each of the ${strata.length} strata is evaluated on its own (table); the overall conclusion evaluates the ${n} items tested as one sample ` +
    `of the ${N} members. Weighted by each stratum's share of the population, the deviation rate is ${pctText(weighted)} against ${pctText(n === 0 ? 0 : d / n)} unweighted; ` +
    (charged > d
      ? `the allocation gave some strata more than their share, so the evaluation charges ⌈${pctText(weighted)} × ${n}⌉ = ${charged} deviations instead of the ${d} found.`
      : `the evaluation charges the ${d} deviation${d === 1 ? '' : 's'} found (the weighted rate does not exceed the unweighted one).`);
  return { strata, weightedDeviationRate: weighted, chargedDeviations: charged, overall, basis };
}
