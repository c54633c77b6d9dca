import type { DistanceColumn } from './aggregate-query.js';

/** One term of a linear form: coefficient × (column − centre). */
export interface LinearTerm {
  readonly column: string;
  readonly centre: number;
  readonly coefficient: number;
}

/**
 * The distance of a DistanceColumn as a sum of squared linear forms, d^2 = sum_k (sum_j a_kj u_j)^2
 * with u_j = x_j - c_j, so every dialect compiles it the same way and the sum can never go
 * negative through rounding (a quadratic form u'Au evaluated term by term can):
 *   scale s:             one form per column, a_jj = 1 / s_j;
 *   inverseCovariance A: A = L L' (Cholesky), d^2 = ||L'u||^2, form k = sum_{j >= k} L_jk u_j.
 * Source: Golub & Van Loan (2013) Matrix Computations, 4th ed., section 4.2 (Cholesky).
 * @throws RangeError when the lengths differ, a value is not finite, a scale is not > 0, or A is
 *   not symmetric positive definite
 */
export function distanceForms(distance: DistanceColumn): LinearTerm[][] {
  const { columns, centre } = distance;
  const p = columns.length;
  if (p === 0) throw new RangeError('a distance needs at least one column');
  if (centre.length !== p) throw new RangeError(`a distance over ${p} columns needs ${p} centre values, got ${centre.length}`);
  if (!centre.every(Number.isFinite)) throw new RangeError('a distance centre must be finite');
  if (distance.scale !== undefined) {
    const scale = distance.scale;
    if (scale.length !== p) throw new RangeError(`a distance over ${p} columns needs ${p} scales, got ${scale.length}`);
    return columns.map((column, j) => {
      const s = scale[j]!;
      if (!(Number.isFinite(s) && s > 0)) throw new RangeError(`a distance scale must be finite and > 0, got ${s} for ${column}`);
      return [{ column, centre: centre[j]!, coefficient: 1 / s }];
    });
  }
  const lower = cholesky(distance.inverseCovariance, p);
  return columns.map((_, k) =>
    columns
      .map((column, j) => ({ column, centre: centre[j]!, coefficient: j >= k ? lower[j]![k]! : 0 }))
      .filter((t) => t.coefficient !== 0),
  );
}

/** Lower-triangular L with A = L L'; throws unless A is p × p, symmetric and positive definite. */
function cholesky(a: readonly (readonly number[])[], p: number): number[][] {
  if (a.length !== p || a.some((row) => row.length !== p)) throw new RangeError(`an inverse covariance over ${p} columns must be ${p} × ${p}`);
  for (let i = 0; i < p; i++) {
    for (let j = 0; j < p; j++) {
      const x = a[i]![j]!;
      const y = a[j]![i]!;
      if (!Number.isFinite(x)) throw new RangeError('an inverse covariance must be finite');
      if (Math.abs(x - y) > 1e-9 * Math.max(1, Math.abs(x), Math.abs(y))) throw new RangeError('an inverse covariance must be symmetric');
    }
  }
  const l = Array.from({ length: p }, () => new Array<number>(p).fill(0));
  for (let j = 0; j < p; j++) {
    let diag = a[j]![j]!;
    for (let k = 0; k < j; k++) diag -= l[j]![k]! ** 2;
    if (!(diag > 0)) throw new RangeError('an inverse covariance must be positive definite');
    l[j]![j] = Math.sqrt(diag);
    for (let i = j + 1; i < p; i++) {
      let s = a[i]![j]!;
      for (let k = 0; k < j; k++) s -= l[i]![k]! * l[j]![k]!;
      l[i]![j] = s / l[j]![j]!;
    }
  }
  return l;
}

/**
 * An upper bound of a distance over rows whose columns lie within [-magnitude, magnitude]: each
 * form's |sum_j a_kj (x_j - c_j)| is at most sum_j |a_kj| (magnitude_j + |c_j|). Undefined when a
 * column's magnitude is unknown.
 */
export function distanceBound(distance: DistanceColumn, magnitude: (column: string) => number | undefined): number | undefined {
  let squares = 0;
  for (const form of distanceForms(distance)) {
    let bound = 0;
    for (const t of form) {
      const m = magnitude(t.column);
      if (m === undefined) return undefined;
      bound += Math.abs(t.coefficient) * (m + Math.abs(t.centre));
    }
    squares += bound * bound;
  }
  return Math.sqrt(squares);
}
