import normalCdf from '@stdlib/stats-base-dists-normal-cdf';

/**
 * Two-proportion z-test with pooled standard error, two-sided:
 *
 *   p1 = x1 / n1,  p2 = x2 / n2,  p = (x1 + x2) / (n1 + n2)
 *   z  = (p1 - p2) / sqrt(p (1 - p) (1/n1 + 1/n2))
 *   P  = 2 * Phi(-|z|)
 *
 * z is positive when group 1 has the higher rate. z^2 equals Pearson's uncorrected chi-square for
 * the table [[x1, n1 - x1], [x2, n2 - x2]], so both tests give the same p. |z| > 1.96 <=> p < .05:
 * the "two or three standard deviations" of US case law (Hazelwood School District v. United
 * States, 433 U.S. 299, 1977; Castaneda v. Partida, 430 U.S. 482, 1977). Large-sample test
 * (requirements Q4); use Fisher's exact test for small expected counts.
 *
 * When p is 0 or 1 (nobody or everybody selected) the standard error is 0 and the rates are
 * equal; we return { z: 0, p: 1 }, matching chiSquare2x2 for a zero margin.
 *
 * Sources: Agresti (2002), Categorical Data Analysis, 2nd ed., section 3.2; Fleiss, Levin & Paik
 * (2003), Statistical Methods for Rates and Proportions, 3rd ed., ch. 2.
 *
 * @throws RangeError when n1 or n2 <= 0, or x1, x2 outside [0, n]
 * @example twoProportionZ(30, 50, 20, 50) // { z: 2, p: 0.0455 }
 */
export function twoProportionZ(x1: number, n1: number, x2: number, n2: number): { z: number; p: number } {
  for (const [xName, x, nName, n] of [['x1', x1, 'n1', n1], ['x2', x2, 'n2', n2]] as const) {
    if (!Number.isFinite(n) || n <= 0) {
      throw new RangeError(`twoProportionZ requires ${nName} > 0, got ${n}`);
    }
    if (!Number.isFinite(x) || x < 0 || x > n) {
      throw new RangeError(`twoProportionZ requires 0 <= ${xName} <= ${nName}, got ${x} of ${n}`);
    }
  }
  const pooled = (x1 + x2) / (n1 + n2);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  if (se === 0) return { z: 0, p: 1 };
  const z = (x1 / n1 - x2 / n2) / se;
  return { z, p: 2 * normalCdf(-Math.abs(z), 0, 1) };
}
