// Property-based fuzzing settings shared by test/fuzz/*.test.ts.
// `npm test` runs a few thousand cases per property; `npm run fuzz` sets TICKMARK_FUZZ_RUNS for many more.
import fc from 'fast-check';

/** Cases per property: TICKMARK_FUZZ_RUNS when set (npm run fuzz), else `quick`. */
export function fuzzRuns(quick: number): number {
  const n = Number(process.env.TICKMARK_FUZZ_RUNS);
  return Number.isInteger(n) && n > 0 ? n : quick;
}

/** fast-check parameters for one property: its case count, and a seed printed on failure for replay. */
export function fuzzParams(quick: number): fc.Parameters<unknown> {
  return { numRuns: fuzzRuns(quick), interruptAfterTimeLimit: Number(process.env.TICKMARK_FUZZ_MS) || undefined };
}
