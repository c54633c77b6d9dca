import type { AggregateRow } from '../../engine/aggregate-query.js';

/**
 * Weighted sums of k variables shifted by constants near their means, as the engine returns them
 * (style.md section 2: never sum(x^2) - sum(x)^2/n on raw values):
 *   n = Σ w,  s_i = Σ w (v_i - shift_i),  x_ik = Σ w (v_i - shift_i)(v_k - shift_k)
 * Sums over disjoint cells with the same shifts merge by addition.
 */
export interface ShiftedSums {
  n: number;
  shift: number[];
  s: number[];
  /** Symmetric k x k. */
  x: number[][];
}

const num = (v: string | number | null | undefined) => (v === null || v === undefined ? 0 : Number(v));

/** Adds up the measures `${prefix}n`, `${prefix}s${i}`, `${prefix}x${i}_${k}` (i <= k) over rows. */
export function shiftedSumsFrom(rows: readonly AggregateRow[], prefix: string, k: number, shift: number[]): ShiftedSums {
  const add = (name: string) => rows.reduce((a, r) => a + num(r[name]), 0);
  const x = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (let i = 0; i < k; i++) {
    for (let j = i; j < k; j++) x[i]![j] = x[j]![i] = add(`${prefix}x${i}_${j}`);
  }
  return { n: add(`${prefix}n`), shift, s: Array.from({ length: k }, (_, i) => add(`${prefix}s${i}`)), x };
}

/** Means and population (divisor n) covariance matrix of shifted sums; null when n = 0. */
export function meansAndCovariance(ss: ShiftedSums): { n: number; mean: number[]; cov: number[][] } | null {
  const { n, s, x, shift } = ss;
  if (!(n > 0)) return null;
  return {
    n,
    mean: shift.map((c, i) => c + s[i]! / n),
    cov: x.map((row, i) => row.map((v, j) => (v - (s[i]! * s[j]!) / n) / n)),
  };
}
