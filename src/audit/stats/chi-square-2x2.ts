import { normalTwoSidedP } from './survival.js';

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
 * p = P(chi^2_1 >= X^2) = erfc(sqrt(X^2 / 2)) (normalTwoSidedP), which keeps full relative precision
 * in the far tail.
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
  return { statistic, p: normalTwoSidedP(Math.sqrt(statistic)) };
}

/** A 1-df chi-square statistic with its p-value. */
export interface ChiSquareTest {
  readonly statistic: number;
  readonly p: number;
}

/** Pearson's 2x2 chi-square both ways, so a report can show the one a policy does not use. */
export interface ChiSquare2x2Both {
  /** Without continuity correction (R chisq.test(correct = FALSE), SAS "Chi-Square"). */
  readonly pearson: ChiSquareTest;
  /** With Yates' correction (R chisq.test() default for 2x2, SAS "Continuity Adj. Chi-Square"). */
  readonly yates: ChiSquareTest;
}

/**
 * chiSquare2x2 without and with Yates' continuity correction, for a table [[a, b], [c, d]]:
 *
 *   pearson: X^2 = N (ad - bc)^2 / ((a + b)(c + d)(a + c)(b + d))
 *   yates:   X^2 = N max(0, |ad - bc| - N/2)^2 / ((a + b)(c + d)(a + c)(b + d))
 *
 * Yates' version is what R's chisq.test and audit-ai's chi2_test (scipy's chi2_contingency)
 * report for a 2x2 table by default; the plain version is SAS's "Chi-Square", scipy's
 * correction=False and hireaudit's default (requirements Q4). The corrected statistic is never
 * larger, so its p is never smaller. Margins of zero and bad counts as chiSquare2x2.
 * Sources: as chiSquare2x2; R Core, stats::chisq.test (its help page's 2x2 example
 * matrix(c(12, 5, 7, 7), ncol = 2) gives the corrected p 0.4233).
 * @throws RangeError when a count is negative or not finite
 * @example chiSquare2x2Both(12, 7, 5, 7).yates.p // 0.4233 (R: chisq.test(matrix(c(12, 5, 7, 7), ncol = 2)))
 */
export function chiSquare2x2Both(a: number, b: number, c: number, d: number): ChiSquare2x2Both {
  return { pearson: chiSquare2x2(a, b, c, d), yates: chiSquare2x2(a, b, c, d, { yates: true }) };
}
