import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import normalQuantile from '@stdlib/stats-base-dists-normal-quantile';
import tCdf from '@stdlib/stats-base-dists-t-cdf';
import type { CoMoments } from './co-moments.js';
import {
  requireConfidence,
  requireCorrelation,
  requireIntegerAtLeast,
  requireNonNegative,
} from './stat-guards.js';

/** Two-sided t test of H0: rho = 0 for a Pearson correlation. */
export interface CorrelationTest {
  readonly r: number;
  readonly n: number;
  /** t = r sqrt(n - 2) / sqrt(1 - r^2). */
  readonly t: number;
  /** n - 2. */
  readonly df: number;
  /** Two-sided p from Student's t with n - 2 df. */
  readonly p: number;
}

export interface CorrelationInterval {
  readonly lower: number;
  readonly upper: number;
}

/** Fisher-z test of H0: rho1 = rho2 for correlations from two independent samples. */
export interface CorrelationComparison {
  /** z = (atanh r1 - atanh r2) / sqrt(1/(n1 - 3) + 1/(n2 - 3)). */
  readonly z: number;
  /** Two-sided p from the standard normal. */
  readonly p: number;
}

/**
 * Pearson product-moment correlation from population co-moments (Q6 validity, Q7 test-retest):
 *   r = cov(x, y) / sqrt(var(x) var(y))
 * The divisor (n or n - 1) cancels, so population moments from the database are used as they are.
 * Source: Pearson (1896) Phil Trans R Soc A 187:253-318.
 * @throws RangeError when a variance is 0 (r undefined) or negative
 * @example pearsonFromCoMoments({ n: 3, meanX: 2, meanY: 2, varX: 2/3, varY: 2/3, covXY: 2/3 }) // 1
 */
export function pearsonFromCoMoments(m: CoMoments): number {
  requireNonNegative('pearsonFromCoMoments', 'varX', m.varX);
  requireNonNegative('pearsonFromCoMoments', 'varY', m.varY);
  if (m.varX === 0 || m.varY === 0) {
    throw new RangeError('pearsonFromCoMoments is undefined when varX or varY is 0 (a constant)');
  }
  // Clamp rounding spill-over (|r| = 1 + 1e-16) back into [-1, 1].
  return Math.max(-1, Math.min(1, m.covXY / Math.sqrt(m.varX * m.varY)));
}

/**
 * Significance of r against rho = 0: t = r sqrt(n - 2) / sqrt(1 - r^2), df = n - 2, two-sided.
 * Assumes bivariate normality (or large n). |r| = 1 gives t = +-Infinity and p = 0.
 * Source: Fisher (1915) Biometrika 10:507-521; UGESP 1607.14(B)(5) asks for p < .05. Worked
 * example: Biostatistics For Dummies (Wiley), ch. 15 (r = .500, N = 12: t = 1.8257, p = 0.098).
 * @throws RangeError when n < 3 or |r| > 1
 * @example correlationTest(0.5, 12) // { t: 1.8257, df: 10, p: 0.0978 }
 */
export function correlationTest(r: number, n: number): CorrelationTest {
  requireCorrelation('correlationTest', 'r', r);
  requireIntegerAtLeast('correlationTest', 'n', n, 3);
  const df = n - 2;
  const t = Math.abs(r) === 1 ? Math.sign(r) * Infinity : (r * Math.sqrt(df)) / Math.sqrt(1 - r * r);
  const p = Math.min(1, 2 * tCdf(-Math.abs(t), df));
  return { r, n, t, df, p };
}

/**
 * Confidence interval for rho by Fisher's z: atanh(r) +- z_{(1+c)/2} / sqrt(n - 3), back-transformed
 * with tanh. Asymmetric around r; approximate for bivariate normal data, good from n ~ 10.
 * Source: Fisher (1921) Metron 1:3-32; Lane, HyperStat Online, "Confidence interval on Pearson's
 * correlation" (r = .60, N = 100, 99%: .41 <= rho <= .74).
 * @throws RangeError when n <= 3, |r| > 1 or confidence is not in (0, 1)
 * @example pearsonInterval(0.6, 100, 0.99) // { lower: 0.4066, upper: 0.7418 }
 */
export function pearsonInterval(r: number, n: number, confidence = 0.95): CorrelationInterval {
  requireCorrelation('pearsonInterval', 'r', r);
  requireIntegerAtLeast('pearsonInterval', 'n', n, 4);
  requireConfidence('pearsonInterval', confidence);
  return fisherZInterval(r, 1 / Math.sqrt(n - 3), confidence);
}

/** tanh(atanh(r) +- z * se): shared with the partial-correlation interval. */
export function fisherZInterval(r: number, se: number, confidence: number): CorrelationInterval {
  const half = normalQuantile((1 + confidence) / 2, 0, 1) * se;
  const z = Math.atanh(r);
  return { lower: Math.tanh(z - half), upper: Math.tanh(z + half) };
}

/**
 * Differential validity (Q6): do two independent groups have the same validity?
 *   z = (atanh r1 - atanh r2) / sqrt(1/(n1 - 3) + 1/(n2 - 3)), two-sided normal p.
 * Positive z means r1 > r2. Only for independent samples (not two correlations in one sample).
 * Source: Fisher (1921); Cohen, Cohen, West & Aiken (2003) Applied Multiple Regression/Correlation,
 * 3rd ed., ch. 2; worked example Lane, HyperStat Online, "Tests of differences between
 * independent Pearson correlations" (r = .61 vs .35, N = 100 each: z = 2.40, p = 0.016).
 * @throws RangeError when a sample has n <= 3 or |r| > 1
 * @example compareCorrelations(0.61, 100, 0.35, 100) // { z: 2.392, p: 0.0168 }
 */
export function compareCorrelations(
  r1: number,
  n1: number,
  r2: number,
  n2: number,
): CorrelationComparison {
  requireCorrelation('compareCorrelations', 'r1', r1);
  requireCorrelation('compareCorrelations', 'r2', r2);
  requireIntegerAtLeast('compareCorrelations', 'n1', n1, 4);
  requireIntegerAtLeast('compareCorrelations', 'n2', n2, 4);
  const z = (Math.atanh(r1) - Math.atanh(r2)) / Math.sqrt(1 / (n1 - 3) + 1 / (n2 - 3));
  const p = Number.isNaN(z) ? Number.NaN : 2 * normalCdf(-Math.abs(z), 0, 1);
  return { z, p };
}
