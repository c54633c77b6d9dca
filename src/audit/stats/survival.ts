import erfc from '@stdlib/math-base-special-erfc';
import gammainc from '@stdlib/math-base-special-gammainc';

/**
 * Upper tail of the standard normal distribution, the survival function
 *
 *   P(Z >= z) = erfc(z / sqrt 2) / 2
 *
 * computed from the complementary error function, never as 1 - Phi(z): at z = 10 the tail is
 * 7.6e-24, which 1 - Phi(10) (Phi(10) rounds to 1) would print as 0. It keeps full relative
 * precision until it underflows near z = 38.
 * Use it for one-sided p-values of z statistics; normalTwoSidedP for two-sided ones.
 * Sources: Abramowitz & Stegun (1964) 26.2.29 (Q(z) = erfc(z/sqrt 2)/2); R's
 * pnorm(z, lower.tail = FALSE); scipy.stats.norm.sf.
 * @throws RangeError when z is NaN
 * @example normalUpperTail(10) // 7.61985302416047e-24 (R: pnorm(10, lower.tail = FALSE))
 */
export function normalUpperTail(z: number): number {
  if (Number.isNaN(z)) throw new RangeError('normalUpperTail requires a number, got NaN');
  return 0.5 * erfc(z / Math.SQRT2);
}

/**
 * Two-sided p-value of a standard normal statistic, P(|Z| >= |z|) = erfc(|z| / sqrt 2). Equals
 * the chi-square(1) upper tail at z^2, so it also serves every 1-df chi-square statistic
 * (Pearson 2x2, Cochran-Mantel-Haenszel).
 * Sources: as normalUpperTail.
 * @throws RangeError when z is NaN
 * @example normalTwoSidedP(1.959963984540054) // 0.05
 */
export function normalTwoSidedP(z: number): number {
  if (Number.isNaN(z)) throw new RangeError('normalTwoSidedP requires a number, got NaN');
  return erfc(Math.abs(z) / Math.SQRT2);
}

/**
 * Upper tail of the chi-square distribution with df degrees of freedom, the survival function
 *
 *   P(X >= x) = Q(df/2, x/2) = Gamma(df/2, x/2) / Gamma(df/2)
 *
 * (the regularized upper incomplete gamma function), never as 1 - CDF, so tiny p-values keep
 * their digits: chi-square 100 on 1 df gives 1.523971e-23, where 1 - CDF gives 0; the result
 * underflows to 0 only below ~1e-308. x <= 0 gives 1 and x = Infinity gives 0.
 * Use it for every chi-square p-value (Breslow-Day on K - 1 df, r x c tables, ...).
 * Sources: Abramowitz & Stegun (1964) 26.4.19; the upper incomplete gamma of
 * @stdlib/math-base-special-gammainc (regularized, upper); R's pchisq(x, df, lower.tail = FALSE).
 * @throws RangeError when x is NaN or df is not a finite number > 0
 * @example chiSquareUpperTail(100, 1) // 1.5239706048320995e-23 (R: pchisq(100, 1, lower.tail = FALSE))
 */
export function chiSquareUpperTail(x: number, df: number): number {
  if (!(Number.isFinite(df) && df > 0)) {
    throw new RangeError(`chiSquareUpperTail requires df > 0, got df = ${df}`);
  }
  if (Number.isNaN(x)) throw new RangeError('chiSquareUpperTail requires a number x, got NaN');
  if (x <= 0) return 1;
  if (x === Infinity) return 0;
  return gammainc(x / 2, df / 2, true, true);
}
