// Cumulative distribution functions for attribute sampling, computed in log space so that they stay exact to
// ~1e-13 for populations of 10^7 items and sample sizes in the thousands, where the plain products underflow.
//
// Formulas (X is the number of deviations in a sample of n):
//   Binomial(n, p):        P(X = x) = C(n, x) p^x (1 − p)^(n − x)
//                          term ratio P(x+1)/P(x) = (n − x)/(x + 1) · p/(1 − p), P(0) = (1 − p)^n
//   Poisson(λ):            P(X = x) = e^(−λ) λ^x / x!,   ratio λ/(x + 1)
//   Hypergeometric(N, D, n) (D deviations among N items, n drawn without replacement):
//                          P(X = x) = C(D, x) C(N − D, n − x) / C(N, n),  x from max(0, n − (N − D)) to min(n, D)
//                          ratio P(x+1)/P(x) = (D − x)(n − x) / ((x + 1)(N − D − n + x + 1))
//                          P(0) = Π_{i=0}^{n−1} (1 − D/(N − i))   (summed as log1p terms: no cancellation)
// Each CDF adds the terms from the lowest x upwards with a running log-sum-exp.

const HALF_LOG_TWO_PI = 0.9189385332046728; // ½·ln(2π)

/**
 * ln Γ(x) for x > 0. Stirling's series to the x^-9 term for x ≥ 15 (truncation error < 1e-14); smaller
 * arguments are shifted up with Γ(x) = Γ(x + m) / (x (x+1) … (x+m−1)).
 */
export function logGamma(x: number): number {
  if (!(x > 0) || !Number.isFinite(x)) return Number.NaN;
  let shift = 0;
  while (x < 15) {
    shift += Math.log(x);
    x += 1;
  }
  const inv = 1 / x;
  const inv2 = inv * inv;
  const series = inv * (1 / 12 - inv2 * (1 / 360 - inv2 * (1 / 1260 - inv2 * (1 / 1680 - inv2 / 1188))));
  return (x - 0.5) * Math.log(x) - x + HALF_LOG_TWO_PI + series - shift;
}

/** ln C(n, k) for integers 0 ≤ k ≤ n. */
export function logChoose(n: number, k: number): number {
  if (k < 0 || k > n) return -Infinity;
  if (k === 0 || k === n) return 0;
  return logGamma(n + 1) - logGamma(k + 1) - logGamma(n - k + 1);
}

/** Running ln(Σ e^(l_i)) that never overflows or underflows the partial sums. */
class LogSum {
  private max = -Infinity;
  private sum = 0;

  add(l: number): void {
    if (l === -Infinity) return;
    if (l <= this.max) {
      this.sum += Math.exp(l - this.max);
    } else {
      this.sum = this.sum * Math.exp(this.max - l) + 1;
      this.max = l;
    }
  }

  value(): number {
    return this.max === -Infinity ? 0 : Math.min(1, Math.exp(this.max) * this.sum);
  }
}

/** P(X ≤ k) for X ~ Binomial(n, p). */
export function binomialCdf(k: number, n: number, p: number): number {
  if (k < 0) return 0;
  if (k >= n) return 1;
  if (p <= 0) return 1;
  if (p >= 1) return 0;
  const logQ = Math.log1p(-p);
  const logOdds = Math.log(p) - logQ;
  let l = n * logQ;
  const acc = new LogSum();
  acc.add(l);
  for (let x = 0; x < k; x++) {
    l += Math.log(n - x) - Math.log(x + 1) + logOdds;
    acc.add(l);
  }
  return acc.value();
}

/** P(X ≤ k) for X ~ Poisson(lambda). */
export function poissonCdf(k: number, lambda: number): number {
  if (k < 0) return 0;
  if (lambda <= 0) return 1;
  const logLambda = Math.log(lambda);
  let l = -lambda;
  const acc = new LogSum();
  acc.add(l);
  for (let x = 0; x < k; x++) {
    l += logLambda - Math.log(x + 1);
    acc.add(l);
  }
  return acc.value();
}

/** ln P(X = 0) for X ~ Hypergeometric(N, D, n), valid when n ≤ N − D (otherwise P(X = 0) = 0). */
export function hypergeometricLogP0(N: number, D: number, n: number): number {
  if (n > N - D) return -Infinity;
  let l = 0;
  for (let i = 0; i < n; i++) l += Math.log1p(-D / (N - i));
  return l;
}

/**
 * P(X ≤ k) for X ~ Hypergeometric(N, D, n). `logP0`, when given, is ln P(X = 0) already computed by the
 * caller (the planner grows n one at a time and keeps that product running instead of recomputing it).
 */
export function hypergeometricCdf(k: number, N: number, D: number, n: number, logP0?: number): number {
  const xMin = Math.max(0, n - (N - D));
  const xMax = Math.min(n, D);
  if (k < xMin) return 0;
  if (k >= xMax) return 1;
  let l = xMin === 0 ? (logP0 ?? hypergeometricLogP0(N, D, n)) : logChoose(D, xMin) + logChoose(N - D, n - xMin) - logChoose(N, n);
  const acc = new LogSum();
  acc.add(l);
  for (let x = xMin; x < k; x++) {
    l += Math.log(D - x) + Math.log(n - x) - Math.log(x + 1) - Math.log(N - D - n + x + 1);
    acc.add(l);
  }
  return acc.value();
}
