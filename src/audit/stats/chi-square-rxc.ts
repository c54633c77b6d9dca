import chisquareCdf from '@stdlib/stats-base-dists-chisquare-cdf';
import { requireCounts } from './stat-guards.js';

/** Pearson chi-square test of independence of an r x c table. */
export interface ChiSquareIndependence {
  readonly statistic: number;
  /** (rows with a positive total - 1) x (columns with a positive total - 1). */
  readonly df: number;
  /** P(chi^2_df >= statistic); 1 when df = 0. */
  readonly p: number;
}

/**
 * Pearson's chi-square test of independence for an r x c contingency table (Q8 diversity loss:
 * does the selected cohort's group composition differ from the rejected one's?):
 *   X^2 = sum_ij (O_ij - E_ij)^2 / E_ij,  E_ij = row_i col_j / N,  df = (r - 1)(c - 1)
 * Rows or columns with a zero total carry no information and are dropped (they would give 0/0).
 * No continuity correction. Large-sample test: expected counts should mostly be 5 or more.
 * Counts may be frequency weights (non-integer allowed).
 * Source: K. Pearson (1900) Phil. Mag. 50:157-175; Agresti (2002) Categorical Data Analysis, 2nd
 * ed., section 3.2; worked example in the scipy.stats.chi2_contingency documentation
 * ([[10, 10, 20], [20, 20, 20]]: X^2 = 2.7778, df = 2, p = 0.24935).
 * @throws RangeError when the table is empty or ragged, or a count is negative or not finite
 * @example chiSquareIndependence([[10, 10, 20], [20, 20, 20]]) // { statistic: 2.7778, df: 2, p: 0.2494 }
 */
export function chiSquareIndependence(table: readonly (readonly number[])[]): ChiSquareIndependence {
  const c = table[0]?.length ?? 0;
  if (table.length === 0 || c === 0) throw new RangeError('chiSquareIndependence requires a non-empty table');
  if (!table.every((row) => row.length === c)) throw new RangeError(`chiSquareIndependence requires ${c} columns in every row`);
  table.forEach((row, i) => requireCountsOrZero(row, i));
  const rowTotals = table.map((row) => row.reduce((a, b) => a + b, 0));
  const colTotals = Array.from({ length: c }, (_, j) => table.reduce((a, row) => a + row[j]!, 0));
  const n = rowTotals.reduce((a, b) => a + b, 0);
  const rows = rowTotals.flatMap((t, i) => (t > 0 ? [i] : []));
  const cols = colTotals.flatMap((t, j) => (t > 0 ? [j] : []));
  const df = Math.max(0, (rows.length - 1) * (cols.length - 1));
  if (df === 0) return { statistic: 0, df: 0, p: 1 };
  let statistic = 0;
  for (const i of rows) {
    for (const j of cols) {
      const expected = (rowTotals[i]! * colTotals[j]!) / n;
      statistic += (table[i]![j]! - expected) ** 2 / expected;
    }
  }
  return { statistic, df, p: Math.max(0, 1 - chisquareCdf(statistic, df)) };
}

function requireCountsOrZero(row: readonly number[], i: number): void {
  // requireCounts also insists on a positive total; an all-zero row is allowed here (and dropped).
  if (row.every((x) => x === 0)) return;
  requireCounts('chiSquareIndependence', `table[${i}]`, row);
}
