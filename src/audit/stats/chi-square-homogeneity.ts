import chisquareCdf from '@stdlib/stats-base-dists-chisquare-cdf';
import { requireCounts, requireSameLength } from './stat-guards.js';

export interface HomogeneityTest {
  /** Pearson X² = Σ (O − E)² / E over both rows and the non-empty columns. */
  readonly statistic: number;
  /** Non-empty columns − 1. */
  readonly df: number;
  /** P(χ²_df >= X²); 1 when fewer than two columns have counts. */
  readonly p: number;
}

/**
 * Pearson's chi-square test that two histograms over the same bins come from one distribution
 * (test of homogeneity, the 2 × B contingency table): E_ij = row_i · column_j / N. Columns empty
 * in both rows are dropped (they carry no information). A large-sample test: Cochran's rule asks
 * for expected counts of about 5 or more. Used to tell a PSI from a baseline to a period apart
 * from sampling noise, which the PSI's own epsilon floor makes unsafe at small counts.
 * Sources: K. Pearson (1900) Phil Mag 50:157-175; Agresti (2002) Categorical Data Analysis, 2nd
 * ed., section 3.2; Cochran (1954) Biometrics 10:417-451.
 * @throws RangeError when the histograms differ in length, hold negative counts or one is empty
 * @example chiSquareHomogeneity([10, 20, 30, 40], [25, 25, 25, 25])
 *   // { statistic: 10.9002, df: 3, p: 0.012278 } (scipy.stats.chi2_contingency, correction=False)
 */
export function chiSquareHomogeneity(a: readonly number[], b: readonly number[]): HomogeneityTest {
  requireSameLength('chiSquareHomogeneity', a, b, 'histograms');
  const na = requireCounts('chiSquareHomogeneity', 'a', a);
  const nb = requireCounts('chiSquareHomogeneity', 'b', b);
  const total = na + nb;
  let statistic = 0;
  let columns = 0;
  a.forEach((x, j) => {
    const y = b[j]!;
    const column = x + y;
    if (column === 0) return;
    columns++;
    const ea = (na * column) / total;
    const eb = (nb * column) / total;
    statistic += (x - ea) ** 2 / ea + (y - eb) ** 2 / eb;
  });
  const df = columns - 1;
  return { statistic, df, p: df < 1 ? 1 : 1 - chisquareCdf(statistic, df) };
}
