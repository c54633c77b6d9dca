import type { Moments } from './moments.js';

/**
 * Cohen's h, the effect size for a difference between two proportions, signed:
 *
 *   h = phi(p1) - phi(p2),   phi(p) = 2 asin(sqrt(p))
 *
 * The arcsine transform makes equal differences in h about equally detectable whatever the base
 * rate. Conventional benchmarks |h| = 0.2 / 0.5 / 0.8 small / medium / large (a convention, not
 * law; requirements Q5 reports |h|). Positive when p1 > p2.
 * Source: J. Cohen (1988), Statistical Power Analysis for the Behavioral Sciences, 2nd ed.,
 * ch. 6 (Table 6.2.1 tabulates phi).
 *
 * @throws RangeError when p1 or p2 is outside [0, 1]
 * @example cohensH(0.5, 0.25) // 0.5236 (= pi/2 - pi/3 = pi/6)
 */
export function cohensH(p1: number, p2: number): number {
  for (const [name, p] of [['p1', p1], ['p2', p2]] as const) {
    if (!(p >= 0 && p <= 1)) throw new RangeError(`cohensH requires ${name} in [0, 1], got ${p}`);
  }
  return 2 * Math.asin(Math.sqrt(p1)) - 2 * Math.asin(Math.sqrt(p2));
}

/**
 * Standardized mean difference (Cohen's d with the pooled, Bessel-corrected SD), signed:
 *
 *   d = (mean_a - mean_b) / s_pooled
 *   s_pooled^2 = ((n_a - 1) s_a^2 + (n_b - 1) s_b^2) / (n_a + n_b - 2)
 *              = (n_a varPop_a + n_b varPop_b) / (n_a + n_b - 2)
 *
 * (Moments hold population variances, so (n - 1) s^2 = n varPop.) Used for score gaps between
 * groups (requirements Q2, Q5); benchmarks 0.2 / 0.5 / 0.8 as for h. No small-sample (Hedges' g)
 * correction is applied.
 * Source: J. Cohen (1988), Statistical Power Analysis for the Behavioral Sciences, 2nd ed., ch. 2;
 * Lakens (2013) Front. Psychol. 4:863 (d_s).
 *
 * @throws RangeError when a group is empty, n_a + n_b < 3, or the pooled SD is 0 (d undefined)
 * @example standardizedMeanDifference({ n: 3, mean: 4, varPop: 8 / 3 }, { n: 3, mean: 2, varPop: 2 / 3 })
 * // 1.2649 (data 2,4,6 vs 1,2,3: pooled variance (8 + 2) / 4 = 2.5, d = 2 / sqrt(2.5))
 */
export function standardizedMeanDifference(a: Moments, b: Moments): number {
  if (!(a.n > 0 && b.n > 0)) {
    throw new RangeError(`standardizedMeanDifference requires two non-empty groups, got n = ${a.n} and ${b.n}`);
  }
  const df = a.n + b.n - 2;
  if (!(df > 0)) {
    throw new RangeError(`standardizedMeanDifference requires n_a + n_b >= 3, got ${a.n + b.n}`);
  }
  const pooledVariance = (a.n * a.varPop + b.n * b.varPop) / df;
  if (!(pooledVariance > 0)) {
    throw new RangeError('standardizedMeanDifference is undefined when the pooled standard deviation is 0');
  }
  return (a.mean - b.mean) / Math.sqrt(pooledVariance);
}
