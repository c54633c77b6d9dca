import tCdf from '@stdlib/stats-base-dists-t-cdf';
import { type CorrelationInterval, fisherZInterval } from './correlation.js';
import { requireConfidence, requireCorrelation, requireIntegerAtLeast } from './stat-guards.js';

/** A first-order partial correlation with its t test (H0: rho_xy.z = 0) and Fisher-z interval. */
export interface PartialCorrelationResult extends CorrelationInterval {
  readonly r: number;
  /** t = r sqrt(n - 3) / sqrt(1 - r^2). */
  readonly t: number;
  /** n - 3. */
  readonly df: number;
  /** Two-sided p. */
  readonly p: number;
  readonly confidence: number;
}

/**
 * First-order partial correlation of x and y controlling for z (Q8 coupling: score vs resemblance
 * given the criterion or qualification):
 *   r_xy.z = (r_xy - r_xz r_yz) / sqrt((1 - r_xz^2)(1 - r_yz^2))
 * Equals the correlation of the residuals of x on z and y on z (linear control only).
 * Source: Yule (1897) Proc R Soc 60:477-489; worked examples Lowry, Concepts and Applications of
 * Inferential Statistics, ch. 3a (r = .50, .50, .50 -> +.33; .49, .73, .59 -> +.11).
 * @throws RangeError when a correlation is outside [-1, 1] or |r_xz| = 1 or |r_yz| = 1
 * @example partialCorrelation(0.5, 0.5, 0.5) // 1/3
 */
export function partialCorrelation(rxy: number, rxz: number, ryz: number): number {
  requireCorrelation('partialCorrelation', 'rxy', rxy);
  requireCorrelation('partialCorrelation', 'rxz', rxz);
  requireCorrelation('partialCorrelation', 'ryz', ryz);
  const d = (1 - rxz * rxz) * (1 - ryz * ryz);
  if (d === 0) throw new RangeError('partialCorrelation is undefined when |rxz| = 1 or |ryz| = 1');
  return Math.max(-1, Math.min(1, (rxy - rxz * ryz) / Math.sqrt(d)));
}

/**
 * Partial correlation with inference for n complete cases and one control variable:
 *   t = r sqrt(n - 3) / sqrt(1 - r^2) on n - 3 df (two-sided),
 *   CI: tanh(atanh(r) -+ z_{(1+c)/2} / sqrt(n - 3 - 1))   (Fisher z with n - q - 3, q = 1).
 * Assumes multivariate normality.
 * Source: Fisher (1924) Metron 3:329-332 (z for partial r with n reduced by the number of controls);
 * Cohen, Cohen, West & Aiken (2003) Applied Multiple Regression/Correlation, 3rd ed., ch. 3.
 * @throws RangeError when n < 5, or as partialCorrelation, or confidence is not in (0, 1)
 * @example partialCorrelationTest(0.5, 0.5, 0.5, 30) // { r: 0.3333, t: 1.837, df: 27, p: 0.0772 }
 */
export function partialCorrelationTest(
  rxy: number,
  rxz: number,
  ryz: number,
  n: number,
  confidence = 0.95,
): PartialCorrelationResult {
  const r = partialCorrelation(rxy, rxz, ryz);
  requireIntegerAtLeast('partialCorrelationTest', 'n', n, 5);
  requireConfidence('partialCorrelationTest', confidence);
  const df = n - 3;
  const t = Math.abs(r) === 1 ? Math.sign(r) * Infinity : (r * Math.sqrt(df)) / Math.sqrt(1 - r * r);
  const p = Math.min(1, 2 * tCdf(-Math.abs(t), df));
  return { r, t, df, p, confidence, ...fisherZInterval(r, 1 / Math.sqrt(n - 4), confidence) };
}
