import fCdf from '@stdlib/stats-base-dists-f-cdf';
import { fQuantile } from './f-quantile.js';
import {
  requireConfidence,
  requireIntegerAtLeast,
  requireNonNegative,
} from './stat-guards.js';

/**
 * Sums of squares of a complete n-targets x k-raters table (two-way ANOVA without replication).
 * For test-retest (Q7), targets are candidates and "raters" are attempts 1..k; use complete cases.
 */
export interface TwoWayAnova {
  /** Number of targets (rows), >= 2. */
  readonly n: number;
  /** Number of raters / occasions (columns), >= 2. */
  readonly k: number;
  /** Between targets: k * sum_i (rowMean_i - grandMean)^2. */
  readonly ssRows: number;
  /** Between raters: n * sum_j (colMean_j - grandMean)^2. */
  readonly ssCols: number;
  /** Residual: ssTotal - ssRows - ssCols. */
  readonly ssError: number;
}

/** Population moments from which the database can give a TwoWayAnova in three aggregates. */
export interface TwoWayMoments {
  readonly n: number;
  readonly k: number;
  /** var_pop of all n k scores. */
  readonly varAll: number;
  /** var_pop over targets of the per-target means. */
  readonly varRowMeans: number;
  /** var_pop over raters of the per-rater means. */
  readonly varColMeans: number;
}

/** An intraclass correlation with its F test (H0: ICC = 0) and F-based confidence interval. */
export interface IccResult {
  readonly icc: number;
  readonly lower: number;
  readonly upper: number;
  readonly confidence: number;
  readonly f: number;
  readonly df1: number;
  readonly df2: number;
  /** One-sided p of the F test. */
  readonly p: number;
}

/**
 * ANOVA sums of squares from the three population variances the database returns:
 *   ssTotal = n k varAll, ssRows = n k varRowMeans, ssCols = n k varColMeans,
 *   ssError = ssTotal - ssRows - ssCols (clamped at 0 against rounding).
 * Source: the two-way ANOVA decomposition (Shrout & Fleiss 1979, mean squares BMS, JMS, EMS).
 * @throws RangeError when n or k < 2 or a variance is negative
 * @example twoWayAnovaFromMoments({ n: 2, k: 2, varAll: 1.25, varRowMeans: 1, varColMeans: 0.25 })
 *   // { ssRows: 4, ssCols: 1, ssError: 0 } for the table [[1, 2], [3, 4]]
 */
export function twoWayAnovaFromMoments(m: TwoWayMoments): TwoWayAnova {
  requireIntegerAtLeast('twoWayAnovaFromMoments', 'n', m.n, 2);
  requireIntegerAtLeast('twoWayAnovaFromMoments', 'k', m.k, 2);
  requireNonNegative('twoWayAnovaFromMoments', 'varAll', m.varAll);
  requireNonNegative('twoWayAnovaFromMoments', 'varRowMeans', m.varRowMeans);
  requireNonNegative('twoWayAnovaFromMoments', 'varColMeans', m.varColMeans);
  const nk = m.n * m.k;
  const ssRows = nk * m.varRowMeans;
  const ssCols = nk * m.varColMeans;
  return { n: m.n, k: m.k, ssRows, ssCols, ssError: Math.max(0, nk * m.varAll - ssRows - ssCols) };
}

/**
 * Convenience: the TwoWayAnova of a complete ratings matrix (rows = targets, columns = raters).
 * @throws RangeError when the matrix is ragged, smaller than 2 x 2 or holds non-finite values
 * @example twoWayAnovaFromMatrix([[1, 2], [3, 4]]) // { n: 2, k: 2, ssRows: 4, ssCols: 1, ssError: 0 }
 */
export function twoWayAnovaFromMatrix(ratings: readonly (readonly number[])[]): TwoWayAnova {
  const n = ratings.length;
  const k = ratings[0]?.length ?? 0;
  requireIntegerAtLeast('twoWayAnovaFromMatrix', 'number of rows', n, 2);
  requireIntegerAtLeast('twoWayAnovaFromMatrix', 'number of columns', k, 2);
  ratings.forEach((row, i) => {
    if (row.length !== k || !row.every(Number.isFinite)) {
      throw new RangeError(`twoWayAnovaFromMatrix requires ${k} finite ratings in every row; row ${i} differs`);
    }
  });
  const grand = ratings.flat().reduce((a, b) => a + b, 0) / (n * k);
  const rowMeans = ratings.map((row) => row.reduce((a, b) => a + b, 0) / k);
  const colMeans = Array.from({ length: k }, (_, j) => ratings.reduce((a, row) => a + row[j]!, 0) / n);
  const ssTotal = ratings.flat().reduce((a, x) => a + (x - grand) ** 2, 0);
  const ssRows = k * rowMeans.reduce((a, m) => a + (m - grand) ** 2, 0);
  const ssCols = n * colMeans.reduce((a, m) => a + (m - grand) ** 2, 0);
  return { n, k, ssRows, ssCols, ssError: Math.max(0, ssTotal - ssRows - ssCols) };
}

interface MeanSquares { bms: number; wms: number; jms: number; ems: number }

function meanSquares(fn: string, a: TwoWayAnova, confidence: number): MeanSquares {
  requireIntegerAtLeast(fn, 'n', a.n, 2);
  requireIntegerAtLeast(fn, 'k', a.k, 2);
  requireNonNegative(fn, 'ssRows', a.ssRows);
  requireNonNegative(fn, 'ssCols', a.ssCols);
  requireNonNegative(fn, 'ssError', a.ssError);
  requireConfidence(fn, confidence);
  const { n, k } = a;
  return {
    bms: a.ssRows / (n - 1),
    wms: (a.ssCols + a.ssError) / (n * (k - 1)),
    jms: a.ssCols / (k - 1),
    ems: a.ssError / ((n - 1) * (k - 1)),
  };
}

/** Interval for the F-ratio family ICC(1,1) and ICC(3,1): r = (F - 1)/(F + k - 1) at F's limits. */
function fRatioIcc(
  icc: number,
  f: number,
  df1: number,
  df2: number,
  k: number,
  confidence: number,
): IccResult {
  const q = (1 + confidence) / 2;
  const fl = f / fQuantile(q, df1, df2);
  const fu = f * fQuantile(q, df2, df1);
  return {
    icc,
    lower: (fl - 1) / (fl + k - 1),
    upper: (fu - 1) / (fu + k - 1),
    confidence,
    f,
    df1,
    df2,
    p: 1 - fCdf(f, df1, df2),
  };
}

/**
 * ICC(1,1), one-way random effects, single rater (McGraw & Wong ICC(1)):
 *   ICC = (BMS - WMS) / (BMS + (k - 1) WMS),  F = BMS/WMS on (n - 1, n(k - 1)) df.
 * For designs where each target has its own raters; absolute agreement.
 * Source: Shrout & Fleiss (1979) Psychol Bull 86:420-428 (case 1); McGraw & Wong (1996)
 * Psychol Methods 1:30-46 (one-way model, interval by the F distribution).
 * @throws RangeError when n or k < 2, a sum of squares is negative or confidence is not in (0, 1)
 * @example icc1(twoWayAnovaFromMatrix(shroutFleiss)).icc // 0.166 (S&F 1979 report .17)
 */
export function icc1(anova: TwoWayAnova, confidence = 0.95): IccResult {
  const { bms, wms } = meanSquares('icc1', anova, confidence);
  const { n, k } = anova;
  const icc = (bms - wms) / (bms + (k - 1) * wms);
  return fRatioIcc(icc, bms / wms, n - 1, n * (k - 1), k, confidence);
}

/**
 * ICC(3,1), two-way mixed effects, consistency, single rater (McGraw & Wong ICC(C,1)):
 *   ICC = (BMS - EMS) / (BMS + (k - 1) EMS),  F = BMS/EMS on (n - 1, (n - 1)(k - 1)) df.
 * Ignores systematic shifts between raters/occasions; use ICC(2,1) when a shift matters.
 * Source: Shrout & Fleiss (1979), case 3; McGraw & Wong (1996), ICC(C,1).
 * @throws RangeError as icc1
 * @example icc3(twoWayAnovaFromMatrix(shroutFleiss)).icc // 0.715 (S&F 1979 report .71)
 */
export function icc3(anova: TwoWayAnova, confidence = 0.95): IccResult {
  const { bms, ems } = meanSquares('icc3', anova, confidence);
  const { n, k } = anova;
  const icc = (bms - ems) / (bms + (k - 1) * ems);
  return fRatioIcc(icc, bms / ems, n - 1, (n - 1) * (k - 1), k, confidence);
}

/**
 * ICC(2,1), two-way random effects, absolute agreement, single rater (McGraw & Wong ICC(A,1));
 * the Q7 test-retest statistic, because a shift between attempts counts as disagreement:
 *   ICC = (BMS - EMS) / (BMS + (k - 1) EMS + k (JMS - EMS) / n)
 * F test as ICC(3,1). Interval with Satterthwaite df
 *   a = k ICC / (n (1 - ICC)), b = 1 + k ICC (n - 1) / (n (1 - ICC)),
 *   v = (a JMS + b EMS)^2 / ((a JMS)^2/(k - 1) + (b EMS)^2/((n - 1)(k - 1))),
 *   L = n (BMS - F* EMS) / (F* (k JMS + (k n - k - n) EMS) + n BMS),   F* = F_q(n - 1, v)
 *   U = n (F' BMS - EMS) / (k JMS + (k n - k - n) EMS + n F' BMS),     F' = F_q(v, n - 1)
 * with q = (1 + confidence)/2.
 * Source: Shrout & Fleiss (1979), case 2 with their Satterthwaite interval; McGraw & Wong
 * (1996), ICC(A,1). A table with EMS = 0 (perfect consistency) gives non-finite F and limits.
 * @throws RangeError as icc1
 * @example icc2(twoWayAnovaFromMatrix(shroutFleiss)).icc // 0.290 (S&F 1979 report .29)
 */
export function icc2(anova: TwoWayAnova, confidence = 0.95): IccResult {
  const { bms, jms, ems } = meanSquares('icc2', anova, confidence);
  const { n, k } = anova;
  const icc = (bms - ems) / (bms + (k - 1) * ems + (k * (jms - ems)) / n);
  const a = (k * icc) / (n * (1 - icc));
  const b = 1 + (k * icc * (n - 1)) / (n * (1 - icc));
  const v = (a * jms + b * ems) ** 2 / ((a * jms) ** 2 / (k - 1) + (b * ems) ** 2 / ((n - 1) * (k - 1)));
  const q = (1 + confidence) / 2;
  const fStar = fQuantile(q, n - 1, v);
  const fPrime = fQuantile(q, v, n - 1);
  const c = k * jms + (k * n - k - n) * ems;
  const f = bms / ems;
  const df1 = n - 1;
  const df2 = (n - 1) * (k - 1);
  return {
    icc,
    lower: (n * (bms - fStar * ems)) / (fStar * c + n * bms),
    upper: (n * (fPrime * bms - ems)) / (c + n * fPrime * bms),
    confidence,
    f,
    df1,
    df2,
    p: 1 - fCdf(f, df1, df2),
  };
}
