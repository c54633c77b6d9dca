import normalCdf from '@stdlib/stats-base-dists-normal-cdf';

export interface ChiSquare2x2Options {
  /** Apply Yates' continuity correction (default false: plain Pearson, as requirements Q4). */
  yates?: boolean;
}

/**
 * Pearson's chi-square test of independence for a 2x2 table [[a, b], [c, d]], one degree of
 * freedom:
 *
 *   X^2 = N (ad - bc)^2 / ((a + b)(c + d)(a + c)(b + d)),   N = a + b + c + d
 *
 * With `yates: true`, |ad - bc| is replaced by max(0, |ad - bc| - N/2). The max(0, .) is the cap
 * R's chisq.test and scipy's chi2_contingency apply (each cell moves by min(0.5, |O - E|)), so a
 * table closer to independence than the correction gets X^2 = 0 instead of a positive value.
 *
 * p = P(chi^2_1 >= X^2) = 2 * Phi(-sqrt(X^2)), which keeps full relative precision in the far tail.
 * Large-sample test; when any expected count is below 5 use Fisher's exact test (requirements Q4).
 *
 * When a margin is zero the statistic is undefined (0/0; R returns NaN). We return
 * { statistic: 0, p: 1 }: a table with an empty row or column carries no evidence of association.
 *
 * Sources: K. Pearson (1900) Phil. Mag. 50:157-175; F. Yates (1934) JRSS Suppl. 1:217-235;
 * Agresti (2002), Categorical Data Analysis, 2nd ed., sections 3.2 and 3.5.
 *
 * @throws RangeError when a count is negative or not finite
 * @example chiSquare2x2(313, 512, 19, 89) // { statistic: 17.2480, p: 3.28e-5 } (Berkeley dept A)
 */
export function chiSquare2x2(
  a: number,
  b: number,
  c: number,
  d: number,
  opts: ChiSquare2x2Options = {},
): { statistic: number; p: number } {
  for (const [name, value] of [['a', a], ['b', b], ['c', c], ['d', d]] as const) {
    if (!Number.isFinite(value) || value < 0) {
      throw new RangeError(`chiSquare2x2 requires ${name} to be a finite non-negative count, got ${value}`);
    }
  }
  const n = a + b + c + d;
  const row1 = a + b;
  const row2 = c + d;
  const col1 = a + c;
  const col2 = b + d;
  if (row1 === 0 || row2 === 0 || col1 === 0 || col2 === 0) return { statistic: 0, p: 1 };
  let diff = Math.abs(a * d - b * c);
  if (opts.yates === true) diff = Math.max(0, diff - n / 2);
  const statistic = (n * diff * diff) / (row1 * row2 * col1 * col2);
  return { statistic, p: 2 * normalCdf(-Math.sqrt(statistic), 0, 1) };
}
