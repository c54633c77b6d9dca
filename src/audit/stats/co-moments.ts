import { requireIntegerAtLeast, requireNonNegative, requireSameLength } from './stat-guards.js';

/**
 * Bivariate population moments of (x, y) in one cell, as a database returns them
 * (DuckDB `avg`, `var_pop`, `covar_pop`; ClickHouse `varPopStable`, `covarPopStable`).
 * Population (divide-by-n) moments merge exactly across cells; see `mergeCoMoments`.
 */
export interface CoMoments {
  readonly n: number;
  readonly meanX: number;
  readonly meanY: number;
  /** Population variance of x: sum (x - meanX)^2 / n. */
  readonly varX: number;
  /** Population variance of y. */
  readonly varY: number;
  /** Population covariance: sum (x - meanX)(y - meanY) / n. */
  readonly covXY: number;
}

/**
 * Co-moments of paired arrays, two-pass (means first), for tests and small data.
 * Source: the definitions above; two-pass form per Chan, Golub & LeVeque (1983) Am Stat 37:242-247.
 * @throws RangeError when the arrays differ in length or are empty
 * @example coMomentsFromArrays([1, 2, 3], [2, 4, 7]) // { n: 3, meanX: 2, meanY: 13/3, varX: 2/3, ... }
 */
export function coMomentsFromArrays(x: readonly number[], y: readonly number[]): CoMoments {
  requireSameLength('coMomentsFromArrays', x, y);
  const n = x.length;
  requireIntegerAtLeast('coMomentsFromArrays', 'n', n, 1);
  const meanX = x.reduce((a, b) => a + b, 0) / n;
  const meanY = y.reduce((a, b) => a + b, 0) / n;
  let sxx = 0;
  let syy = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i]! - meanX;
    const dy = y[i]! - meanY;
    sxx += dx * dx;
    syy += dy * dy;
    sxy += dx * dy;
  }
  return { n, meanX, meanY, varX: sxx / n, varY: syy / n, covXY: sxy / n };
}

/**
 * Exact merge of two cells' co-moments (pairwise update of Chan, Golub & LeVeque 1983):
 *   n = na + nb, mean = weighted mean,
 *   n * cov = na (covA + dxA dyA) + nb (covB + dxB dyB), with d = cell mean - merged mean.
 * @throws RangeError when a count is negative
 * @example mergeCoMoments(coMomentsFromArrays([1, 2], [1, 3]), coMomentsFromArrays([3], [4]))
 *   // equals coMomentsFromArrays([1, 2, 3], [1, 3, 4])
 */
export function mergeCoMoments(a: CoMoments, b: CoMoments): CoMoments {
  requireNonNegative('mergeCoMoments', 'a.n', a.n);
  requireNonNegative('mergeCoMoments', 'b.n', b.n);
  if (a.n === 0) return b;
  if (b.n === 0) return a;
  const n = a.n + b.n;
  const meanX = (a.n * a.meanX + b.n * b.meanX) / n;
  const meanY = (a.n * a.meanY + b.n * b.meanY) / n;
  const part = (m: CoMoments, f: (dx: number, dy: number) => number, v: number) =>
    m.n * (v + f(m.meanX - meanX, m.meanY - meanY));
  return {
    n,
    meanX,
    meanY,
    varX: (part(a, (dx) => dx * dx, a.varX) + part(b, (dx) => dx * dx, b.varX)) / n,
    varY: (part(a, (_, dy) => dy * dy, a.varY) + part(b, (_, dy) => dy * dy, b.varY)) / n,
    covXY: (part(a, (dx, dy) => dx * dy, a.covXY) + part(b, (dx, dy) => dx * dy, b.covXY)) / n,
  };
}
