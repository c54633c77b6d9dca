import { requireNonNegative, requireSameLength } from './stat-guards.js';

/** How the traits are put on a common scale before the traces are compared. */
export type TraceScale = 'pool-standardized' | 'raw';

/**
 * Homogeneity ratio H = tr(Sigma_selected) / tr(Sigma_pool) (Q8 similar-to-me): how much of the
 * pool's trait spread survives selection. H < 0.80 warns that the selected are far more uniform
 * [C]. The trace of a covariance matrix is the sum of the variances, so per-trait population
 * variances (var_pop per trait and cohort) suffice; covariances are not needed.
 * Q8 reads the traits standardised on the pool, where tr(Sigma_pool) = p and
 *   H = (1/p) sum_j var_sel_j / var_pool_j     ('pool-standardized', the default).
 * 'raw' divides the raw traces, dominated by the traits with the largest units.
 * Source: trace of a covariance matrix as total variance (Mardia, Kent & Bibby 1979, Multivariate
 * Analysis); requirements Q8 [C].
 * @throws RangeError when the arrays differ in length, are empty, hold a negative variance, or a
 *   pool variance is 0 under 'pool-standardized' (or all are 0 under 'raw')
 * @example homogeneityRatio([1, 1], [4, 1], 'raw') // 2 / 5 = 0.4
 */
export function homogeneityRatio(
  selectedVariances: readonly number[],
  poolVariances: readonly number[],
  scale: TraceScale = 'pool-standardized',
): number {
  requireSameLength('homogeneityRatio', selectedVariances, poolVariances, 'variance arrays');
  if (poolVariances.length === 0) throw new RangeError('homogeneityRatio requires at least one trait');
  selectedVariances.forEach((v, j) => requireNonNegative('homogeneityRatio', `selectedVariances[${j}]`, v));
  poolVariances.forEach((v, j) => requireNonNegative('homogeneityRatio', `poolVariances[${j}]`, v));
  if (scale === 'raw') {
    const pool = poolVariances.reduce((a, b) => a + b, 0);
    if (pool === 0) throw new RangeError('homogeneityRatio (raw) requires a pool with some variance');
    return selectedVariances.reduce((a, b) => a + b, 0) / pool;
  }
  const ratios = selectedVariances.map((v, j) => {
    const pool = poolVariances[j]!;
    if (pool === 0) throw new RangeError(`homogeneityRatio cannot standardise trait ${j}: its pool variance is 0`);
    return v / pool;
  });
  return ratios.reduce((a, b) => a + b, 0) / ratios.length;
}

/**
 * Convenience: population variance of every trait (column) of a rows x traits matrix.
 * @throws RangeError when the matrix is empty or ragged
 * @example traitVariances([[0, 1], [2, 1]]) // [1, 0]
 */
export function traitVariances(rows: readonly (readonly number[])[]): number[] {
  const p = rows[0]?.length ?? 0;
  if (rows.length === 0 || p === 0) throw new RangeError('traitVariances requires a non-empty matrix');
  if (!rows.every((r) => r.length === p)) throw new RangeError(`traitVariances requires ${p} traits in every row`);
  return Array.from({ length: p }, (_, j) => {
    const xs = rows.map((r) => r[j]!);
    const m = xs.reduce((a, b) => a + b, 0) / xs.length;
    return xs.reduce((a, x) => a + (x - m) ** 2, 0) / xs.length;
  });
}
