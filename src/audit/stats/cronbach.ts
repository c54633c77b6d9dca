import { fQuantile } from './f-quantile.js';
import {
  requireConfidence,
  requireIntegerAtLeast,
  requireNonNegative,
  requirePositive,
} from './stat-guards.js';

/** Item variances and the variance of the total (sum) score, all with the same divisor. */
export interface AlphaInput {
  readonly itemVariances: readonly number[];
  readonly totalVariance: number;
}

export interface AlphaInterval {
  readonly lower: number;
  readonly upper: number;
}

/**
 * Cronbach's coefficient alpha (Q7 internal consistency, COTAN-R):
 *   alpha = k/(k - 1) (1 - sum_i var_i / var_total),   var_total = sum_ij cov_ij
 * A lower bound to reliability when items are essentially tau-equivalent; not a test of
 * unidimensionality. Population or sample variances both work (the divisor cancels) if every
 * variance uses the same one. Equals ICC(3,k) / ICC(C,k) of the n x k table.
 * Source: Cronbach (1951) Psychometrika 16:297-334; identity with ICC(3,k): McGraw & Wong (1996)
 * Psychol Methods 1:30-46.
 * @throws RangeError when k < 2, a variance is negative or the total variance is 0
 * @example cronbachAlpha({ itemVariances: [1, 1], totalVariance: 3 }) // 2 (1 - 2/3) = 0.6667
 */
export function cronbachAlpha(input: AlphaInput): number {
  const k = input.itemVariances.length;
  requireIntegerAtLeast('cronbachAlpha', 'number of items k', k, 2);
  input.itemVariances.forEach((v, i) => requireNonNegative('cronbachAlpha', `itemVariances[${i}]`, v));
  requirePositive('cronbachAlpha', 'totalVariance', input.totalVariance);
  const sum = input.itemVariances.reduce((a, b) => a + b, 0);
  return (k / (k - 1)) * (1 - sum / input.totalVariance);
}

/**
 * Alpha from the k x k item covariance matrix (what the database can return as covar_pop per
 * item pair): item variances on the diagonal, total variance = sum of all entries.
 * @throws RangeError when the matrix is not square k x k with k >= 2, or as cronbachAlpha
 * @example alphaFromCovariance([[1, 0.5], [0.5, 1]]) // 2 (1 - 2/3) = 0.6667
 */
export function alphaFromCovariance(cov: readonly (readonly number[])[]): number {
  const k = cov.length;
  if (!cov.every((row) => row.length === k)) {
    throw new RangeError(`alphaFromCovariance requires a square matrix, got ${k} rows of unequal length`);
  }
  const totalVariance = cov.reduce((a, row) => a + row.reduce((b, c) => b + c, 0), 0);
  return cronbachAlpha({ itemVariances: cov.map((row, i) => row[i]!), totalVariance });
}

/**
 * Convenience: item variances and total variance (population) of an n x k score matrix.
 * @throws RangeError when the matrix is ragged or smaller than 2 x 2
 * @example alphaInputFromMatrix([[1, 2], [3, 3]]) // { itemVariances: [1, 0.25], totalVariance: 2.25 }
 */
export function alphaInputFromMatrix(scores: readonly (readonly number[])[]): AlphaInput {
  const n = scores.length;
  const k = scores[0]?.length ?? 0;
  requireIntegerAtLeast('alphaInputFromMatrix', 'number of rows', n, 2);
  requireIntegerAtLeast('alphaInputFromMatrix', 'number of items', k, 2);
  if (!scores.every((row) => row.length === k)) {
    throw new RangeError(`alphaInputFromMatrix requires ${k} items in every row`);
  }
  const varPop = (xs: readonly number[]): number => {
    const m = xs.reduce((a, b) => a + b, 0) / xs.length;
    return xs.reduce((a, x) => a + (x - m) ** 2, 0) / xs.length;
  };
  const itemVariances = Array.from({ length: k }, (_, j) => varPop(scores.map((row) => row[j]!)));
  return { itemVariances, totalVariance: varPop(scores.map((row) => row.reduce((a, b) => a + b, 0))) };
}

/**
 * Feldt's F-based confidence interval for alpha from n persons and k items: under the
 * two-way model (1 - alpha)/(1 - alpha_hat) ~ F(n - 1, (n - 1)(k - 1)), so
 *   lower = 1 - (1 - alpha_hat) F_{(1+c)/2}(n - 1, (n - 1)(k - 1))
 *   upper = 1 - (1 - alpha_hat) F_{(1-c)/2}(n - 1, (n - 1)(k - 1))
 * Assumes normal, essentially tau-equivalent items with uncorrelated errors.
 * Source: Feldt (1965) Psychometrika 30:357-370; Feldt, Woodruff & Salih (1987) Appl Psychol
 * Meas 11:93-103. Same limits as the ICC(3,k) interval of Shrout & Fleiss (1979).
 * @throws RangeError when alpha >= 1, n < 2, k < 2 or confidence is not in (0, 1)
 * @example feldtInterval(0.9093, 6, 4) // { lower: 0.676, upper: 0.986 }
 */
export function feldtInterval(alpha: number, n: number, k: number, confidence = 0.95): AlphaInterval {
  if (!(alpha < 1)) throw new RangeError(`feldtInterval requires alpha < 1, got alpha = ${alpha}`);
  requireIntegerAtLeast('feldtInterval', 'n', n, 2);
  requireIntegerAtLeast('feldtInterval', 'k', k, 2);
  requireConfidence('feldtInterval', confidence);
  const df1 = n - 1;
  const df2 = (n - 1) * (k - 1);
  return {
    lower: 1 - (1 - alpha) * fQuantile((1 + confidence) / 2, df1, df2),
    upper: 1 - (1 - alpha) * fQuantile((1 - confidence) / 2, df1, df2),
  };
}
