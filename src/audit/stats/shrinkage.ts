import { requireIntegerAtLeast } from './stat-guards.js';

/** A shrunk covariance matrix and the intensity used. */
export interface ShrunkCovariance {
  /** rho in [0, 1]: 0 keeps the sample covariance, 1 replaces it by the scaled identity. */
  readonly shrinkage: number;
  /** (1 - rho) S + rho (tr(S) / p) I. */
  readonly covariance: number[][];
}

/**
 * Oracle Approximating Shrinkage (OAS) of a sample covariance towards the scaled identity
 * F = (tr(S)/p) I (Q8 resemblance: a regularised benchmark covariance for the Mahalanobis
 * distance, well conditioned even when the benchmark has few rows per trait):
 *   rho = min(1, [(1 - 2/p) tr(S^2) + tr(S)^2] / [(n + 1 - 2/p) (tr(S^2) - tr(S)^2 / p)])
 *   Sigma = (1 - rho) S + rho F
 * S is the maximum-likelihood (divisor n) covariance of n observations. Needs only S and n, so
 * it is computed from the aggregates (cross-products) without the rows, unlike Ledoit-Wolf's
 * estimator, which needs fourth moments. rho = 1 when S is already a multiple of I.
 * Source: Chen, Wiesel, Eldar & Hero (2010) Shrinkage algorithms for MMSE covariance estimation,
 * IEEE Trans. Signal Process. 58(10):5016-5029, eq. (23).
 * @throws RangeError when S is empty, not square, not finite, or n < 2
 * @example oasShrinkage([[2, 0], [0, 1]], 10).shrinkage // 1: with p = 2 the numerator is tr(S)^2 = 9 > 10 x 0.5
 */
export function oasShrinkage(s: readonly (readonly number[])[], n: number): ShrunkCovariance {
  const p = s.length;
  if (p === 0 || s.some((row) => row.length !== p)) throw new RangeError('oasShrinkage requires a non-empty square matrix');
  if (!s.every((row) => row.every(Number.isFinite))) throw new RangeError('oasShrinkage requires a finite matrix');
  requireIntegerAtLeast('oasShrinkage', 'n', n, 2);
  let trace = 0;
  let traceSq = 0; // tr(S^2) = sum_ij S_ij S_ji
  for (let i = 0; i < p; i++) {
    trace += s[i]![i]!;
    for (let j = 0; j < p; j++) traceSq += s[i]![j]! * s[j]![i]!;
  }
  const numerator = (1 - 2 / p) * traceSq + trace * trace;
  const denominator = (n + 1 - 2 / p) * (traceSq - (trace * trace) / p);
  const shrinkage = denominator <= 0 ? 1 : Math.min(1, Math.max(0, numerator / denominator));
  const mu = trace / p;
  const covariance = s.map((row, i) => row.map((x, j) => (1 - shrinkage) * x + (i === j ? shrinkage * mu : 0)));
  return { shrinkage, covariance };
}
