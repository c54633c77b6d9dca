import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import normalQuantile from '@stdlib/stats-base-dists-normal-quantile';
import tCdf from '@stdlib/stats-base-dists-t-cdf';
import tQuantile from '@stdlib/stats-base-dists-t-quantile';
import { requireCorrelation, requireNonNegative } from './stat-guards.js';

/**
 * Power and sample size for the validity tests (Q6): how many criterion rows a study needs, and
 * the smallest effect a test of a given precision can detect. Used to turn "not significant" into
 * "insufficient evidence, n needed" instead of a pass.
 */

/** @throws RangeError unless 0 < alpha < 1 and 0 < power < 1 */
function requireAlphaPower(fn: string, alpha: number, power: number): void {
  if (!(alpha > 0 && alpha < 1)) throw new RangeError(`${fn} requires 0 < alpha < 1, got alpha = ${alpha}`);
  if (!(power > 0 && power < 1)) throw new RangeError(`${fn} requires 0 < power < 1, got power = ${power}`);
}

/** z_{1 - alpha/2} + z_{power}: the distance, in standard errors, a two-sided test needs. */
function normalMultiplier(alpha: number, power: number): number {
  return normalQuantile(1 - alpha / 2, 0, 1) + normalQuantile(power, 0, 1);
}

/**
 * Sample size for a two-sided test of H0: rho = 0 to detect a correlation rho with the given power,
 * by Fisher's z:
 *   n = ((z_{1-alpha/2} + z_{power}) / atanh |rho|)^2 + 3, rounded up.
 * Source: Fisher (1921) Metron 1:3-32; Lachin (1981) Control Clin Trials 2:93-113 (r = .40,
 * alpha .05 two-sided, power .80: n = 47); Cohen (1988) Statistical Power Analysis, Table 3.4.1 and
 * Hulley et al., Designing Clinical Research, App. 6C (r = .30: n = 85).
 * @throws RangeError when rho is 0 or |rho| >= 1, or alpha / power are not in (0, 1)
 * @example correlationSampleSize(0.3, 0.05, 0.8) // 85
 */
export function correlationSampleSize(rho: number, alpha: number, power: number): number {
  requireCorrelation('correlationSampleSize', 'rho', rho);
  requireAlphaPower('correlationSampleSize', alpha, power);
  if (rho === 0 || Math.abs(rho) === 1) throw new RangeError(`correlationSampleSize requires 0 < |rho| < 1, got rho = ${rho}`);
  return Math.ceil((normalMultiplier(alpha, power) / Math.atanh(Math.abs(rho))) ** 2 + 3);
}

/**
 * Sample size PER GROUP (two equal independent groups) for the Fisher-z test of r1 = r2 to detect
 * a difference q = |atanh r1 - atanh r2| (Cohen's q) with the given power:
 *   n = 2 ((z_{1-alpha/2} + z_{power}) / q)^2 + 3, rounded up.
 * Source: Cohen (1988) Statistical Power Analysis, 2nd ed., §4.4, formula (4.4.1); values
 * (q = .10: 1573, q = .30: 178, q = .50: 66 at alpha .05 two-sided, power .80) recomputed with
 * scipy.stats.norm.ppf.
 * @throws RangeError when q <= 0 or alpha / power are not in (0, 1)
 * @example correlationDifferenceSampleSize(0.5, 0.05, 0.8) // 66
 */
export function correlationDifferenceSampleSize(q: number, alpha: number, power: number): number {
  requireAlphaPower('correlationDifferenceSampleSize', alpha, power);
  if (!(q > 0 && Number.isFinite(q))) throw new RangeError(`correlationDifferenceSampleSize requires q > 0, got q = ${q}`);
  return Math.ceil(2 * (normalMultiplier(alpha, power) / q) ** 2 + 3);
}

/**
 * Minimum detectable effect of a two-sided test whose estimate has standard error `se`:
 *   MDE = (t_{1-alpha/2, df} + t_{power, df}) se      (standard normal quantiles when df = Infinity)
 * An effect at least this large is detected with the given power; a non-significant result says
 * nothing about smaller effects.
 * Source: Bloom (1995) Eval Rev 19:547-556, eq. 1 (with alpha .05 two-sided and power .80 the
 * normal multiplier is 2.80; Bloom's Table 1: 2.80 for large df).
 * @throws RangeError when se < 0, df <= 0 or alpha / power are not in (0, 1)
 * @example minimumDetectableEffect(1, Infinity, 0.05, 0.8) // 2.8016
 */
export function minimumDetectableEffect(se: number, df: number, alpha: number, power: number): number {
  requireNonNegative('minimumDetectableEffect', 'se', se);
  requireAlphaPower('minimumDetectableEffect', alpha, power);
  if (!(df > 0)) throw new RangeError(`minimumDetectableEffect requires df > 0, got df = ${df}`);
  const multiplier = Number.isFinite(df) ? tQuantile(1 - alpha / 2, df) + tQuantile(power, df) : normalMultiplier(alpha, power);
  return multiplier * se;
}

/**
 * Approximate power of a two-sided t test to detect a true effect `effect` when the estimate has
 * standard error `se` on df degrees of freedom (the far tail ignored, as in Bloom 1995):
 *   power = P(T_df > t_{1-alpha/2, df} - |effect| / se)
 * The inverse of minimumDetectableEffect: power(MDE) = the power MDE was computed for.
 * Source: Bloom (1995) Eval Rev 19:547-556; Cohen (1988) ch. 2.
 * @throws RangeError when se <= 0, df <= 0 or alpha is not in (0, 1)
 * @example powerOfTest(2.8016, 1, Infinity, 0.05) // 0.80
 */
export function powerOfTest(effect: number, se: number, df: number, alpha: number): number {
  if (!(se > 0 && Number.isFinite(se))) throw new RangeError(`powerOfTest requires a finite se > 0, got se = ${se}`);
  if (!(alpha > 0 && alpha < 1)) throw new RangeError(`powerOfTest requires 0 < alpha < 1, got alpha = ${alpha}`);
  if (!(df > 0)) throw new RangeError(`powerOfTest requires df > 0, got df = ${df}`);
  const shift = Math.abs(effect) / se;
  if (!Number.isFinite(df)) return 1 - normalCdf(normalQuantile(1 - alpha / 2, 0, 1) - shift, 0, 1);
  return 1 - tCdf(tQuantile(1 - alpha / 2, df) - shift, df);
}
