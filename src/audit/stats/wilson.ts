import normalQuantile from '@stdlib/stats-base-dists-normal-quantile';

/**
 * Wilson score interval for a binomial proportion p = x / n: the set of proportions a score
 * test would not reject at the given confidence level.
 *
 *   z      = Phi^-1(1 - (1 - confidence) / 2)           (1.959964 at 95 %)
 *   centre = (p + z^2 / 2n) / (1 + z^2 / n)
 *   half   = z / (1 + z^2 / n) * sqrt(p (1 - p) / n + z^2 / 4n^2)
 *   [lower, upper] = [centre - half, centre + half]
 *
 * Preferred over the Wald interval p +- z sqrt(p(1 - p)/n) for small n and for p near 0 or 1: it
 * never leaves [0, 1] and never has zero width. Used for selection-rate CIs (requirements Q4).
 * The bounds are exactly 0 when x = 0 and exactly 1 when x = n (the formula gives them up to
 * rounding).
 *
 * Sources: E. B. Wilson (1927) JASA 22:209-212; R. G. Newcombe (1998) Stat Med 17:857-872
 * (method 3, worked examples in Table II).
 *
 * @param x successes (e.g. selected candidates), 0 <= x <= n
 * @param n trials (e.g. candidates), n > 0
 * @param confidence two-sided confidence level in (0, 1), default 0.95
 * @returns [lower, upper]
 * @throws RangeError when n <= 0, x < 0, x > n, a value is not finite, or confidence is outside (0, 1)
 * @example wilsonInterval(81, 263) // [0.2553, 0.3662] (Newcombe 1998, Table II)
 */
export function wilsonInterval(x: number, n: number, confidence = 0.95): [number, number] {
  if (!Number.isFinite(n) || n <= 0) {
    throw new RangeError(`wilsonInterval requires n > 0, got n = ${n}`);
  }
  if (!Number.isFinite(x) || x < 0 || x > n) {
    throw new RangeError(`wilsonInterval requires 0 <= x <= n, got x = ${x}, n = ${n}`);
  }
  if (!(confidence > 0 && confidence < 1)) {
    throw new RangeError(`wilsonInterval requires a confidence level in (0, 1), got ${confidence}`);
  }
  const z = normalQuantile(1 - (1 - confidence) / 2, 0, 1);
  const p = x / n;
  const z2n = (z * z) / n;
  const denominator = 1 + z2n;
  const centre = (p + z2n / 2) / denominator;
  const half = (z / denominator) * Math.sqrt((p * (1 - p)) / n + z2n / (4 * n));
  const lower = x === 0 ? 0 : Math.max(0, centre - half);
  const upper = x === n ? 1 : Math.min(1, centre + half);
  return [lower, upper];
}
