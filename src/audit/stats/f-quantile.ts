import fCdf from '@stdlib/stats-base-dists-f-cdf';
import { requireConfidence, requirePositive } from './stat-guards.js';

/**
 * Quantile of the F(d1, d2) distribution: the x with P(F <= x) = p.
 *
 * No F-quantile package is installed, so this inverts stdlib's F CDF (regularised incomplete
 * beta) by bisection. The CDF is continuous and strictly increasing on (0, inf), so bisection on a
 * bracket [lo, hi] with cdf(lo) <= p <= cdf(hi) always converges: the upper end doubles from 1
 * until it passes p, then 200 halvings (or a relative width of 1e-15) pin x down to double
 * precision. Real-valued degrees of freedom are allowed (Satterthwaite df in ICC(2,1) intervals).
 *
 * Used for the F-based confidence intervals of ICCs (Shrout & Fleiss 1979; McGraw & Wong 1996)
 * and Cronbach's alpha (Feldt 1965).
 * Source: the defining relation P(F <= x) = p; bisection as in Press et al., Numerical Recipes,
 * 3rd ed. (2007) section 9.1.
 * @throws RangeError unless 0 < p < 1 and d1, d2 > 0
 * @example fQuantile(0.95, 5, 15) // 2.9013 (tables: F.95(5, 15) = 2.90)
 */
export function fQuantile(p: number, d1: number, d2: number): number {
  requireConfidence('fQuantile', p);
  requirePositive('fQuantile', 'd1', d1);
  requirePositive('fQuantile', 'd2', d2);
  let lo = 0;
  let hi = 1;
  while (fCdf(hi, d1, d2) < p) {
    lo = hi;
    hi *= 2;
    if (!Number.isFinite(hi)) throw new RangeError(`fQuantile found no bracket for p = ${p}`);
  }
  for (let i = 0; i < 200 && hi - lo > 1e-15 * hi; i++) {
    const mid = (lo + hi) / 2;
    if (fCdf(mid, d1, d2) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}
