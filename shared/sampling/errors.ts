// Typed failures of the sampling core. Every message is written for the auditor who will read it in the
// workpaper: it says what is wrong with the request and what would make it answerable.

export type SamplingErrorCode =
  /** an input is out of its domain (confidence not in (0,1), negative count, …) */
  | 'invalid-input'
  /** the expected deviation rate is not below the tolerable rate: no sample size can support reliance */
  | 'not-achievable'
  /** the statistical size exceeds the configured cap (the AICPA tables print '*' for such cells) */
  | 'size-exceeds-cap'
  /** more items were asked for than the population holds */
  | 'sample-exceeds-population'
  /** an override of a planned size was refused (no reason, no author, bad size or time) */
  | 'override-rejected'
  /** a request that would need an unreasonable amount of memory or time (e.g. listing 10^7 indices) */
  | 'too-large';

export class SamplingError extends Error {
  readonly code: SamplingErrorCode;

  constructor(code: SamplingErrorCode, message: string) {
    super(message);
    this.name = 'SamplingError';
    this.code = code;
  }
}

/** Throws an invalid-input error unless `x` is a finite number strictly between 0 and 1. */
export function requireOpenUnit(x: number, what: string): void {
  if (typeof x !== 'number' || !Number.isFinite(x) || x <= 0 || x >= 1) {
    throw new SamplingError('invalid-input', `${what} must be a number strictly between 0 and 1 (got ${String(x)}).`);
  }
}

/** Throws an invalid-input error unless `x` is a safe integer ≥ `min`. */
export function requireInteger(x: number, what: string, min = 0): void {
  if (typeof x !== 'number' || !Number.isSafeInteger(x) || x < min) {
    throw new SamplingError('invalid-input', `${what} must be a whole number of at least ${min} (got ${String(x)}).`);
  }
}
