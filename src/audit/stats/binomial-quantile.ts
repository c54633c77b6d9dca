import { requireIntegerAtLeast } from './stat-guards.js';

/**
 * Inverse CDF of Binomial(n, p): the smallest x with P(X <= x) >= u. Walks the pmf up from 0 by
 * the ratio recurrence
 *   P(0) = (1 - p)^n = exp(n log1p(-p)),   P(x + 1) = P(x) (n - x)/(x + 1) · p/(1 - p)
 * so it costs about n·p + 1 steps, whatever n is: the sampler for the small-mean case, where
 * stdlib's binomial draws n Bernoulli trials (n·p < 10 there), which would make a bootstrap on
 * aggregates grow with the number of candidates. The walk stops 40 standard deviations above the
 * mean, so a u within rounding of 1 cannot run to n.
 * Source: inversion by sequential search, Devroye (1986) Non-Uniform Random Variate Generation,
 * Springer, section X.4.3 (algorithm for the binomial); Kachitvichyanukul & Schmeiser (1988)
 * Commun ACM 31:216-222 use it for n·p < 30.
 * @throws RangeError when n is not a non-negative integer, p is not in [0, 1] or u is not in [0, 1]
 * @example binomialQuantile(0.5, 1_000_000, 3e-6) // 3 (scipy.stats.binom.ppf(0.5, 1e6, 3e-6) = 3)
 */
export function binomialQuantile(u: number, n: number, p: number): number {
  requireIntegerAtLeast('binomialQuantile', 'n', n, 0);
  if (!(p >= 0 && p <= 1)) throw new RangeError(`binomialQuantile requires p in [0, 1], got ${p}`);
  if (!(u >= 0 && u <= 1)) throw new RangeError(`binomialQuantile requires u in [0, 1], got ${u}`);
  if (p === 0 || n === 0) return 0;
  if (p === 1) return n;
  const mean = n * p;
  const stop = Math.min(n, Math.ceil(mean + 40 * Math.sqrt(mean * (1 - p)) + 40));
  const ratio = p / (1 - p);
  let pmf = Math.exp(n * Math.log1p(-p));
  let cdf = pmf;
  let x = 0;
  while (cdf < u && x < stop) {
    pmf *= ((n - x) / (x + 1)) * ratio;
    x += 1;
    cdf += pmf;
  }
  return x;
}
