import chisquareCdf from '@stdlib/stats-base-dists-chisquare-cdf';
import normalQuantile from '@stdlib/stats-base-dists-normal-quantile';
import type { ChiSquareTest } from './chi-square-2x2.js';
import { chiSquareUpperTail, normalTwoSidedP } from './survival.js';

/** One stratum's 2x2 table [[a, b], [c, d]] as [a, b, c, d]. */
export type Table2x2 = readonly [number, number, number, number];

export interface CmhOptions {
  /** Subtract 1/2 from |sum a - sum E| (default true, as R's mantelhaen.test). */
  correct?: boolean;
  /** Confidence level of the common odds ratio interval (default 0.95). */
  confidence?: number;
}

export interface CmhResult {
  statistic: number;
  p: number;
  oddsRatio: number;
  oddsRatioCI: [number, number];
  breslowDay: { statistic: number; df: number; p: number };
}

/**
 * Cochran-Mantel-Haenszel test of conditional independence in K stratified 2x2 tables
 * (e.g. focal vs reference group x selected per vacancy, site or month), with the Mantel-Haenszel
 * common odds ratio and the Breslow-Day test of homogeneous odds ratios. Use it when pooling
 * strata would mix different base rates (Simpson's paradox; requirements Q4).
 *
 * Per stratum k, with N_k = a + b + c + d:
 *   E_k = (a+b)(a+c)/N_k,   V_k = (a+b)(c+d)(a+c)(b+d) / (N_k^2 (N_k - 1))
 *   CMH = (|sum a_k - sum E_k| - 1/2)^2 / sum V_k  ~ chi^2(1)
 * The 1/2 is applied only when `correct` (default) and |sum a - sum E| >= 1/2, as R does.
 *
 * Common odds ratio: OR_MH = sum R_k / sum S_k with R_k = a d / N_k, S_k = b c / N_k, and a CI
 * exp(ln OR_MH +- z sqrt(Var)) with the Robins-Breslow-Greenland variance
 *   Var = sum P R / (2 R^2) + sum (P S + Q R) / (2 R S) + sum Q S / (2 S^2),
 *   P_k = (a + d)/N_k, Q_k = (b + c)/N_k, R = sum R_k, S = sum S_k.
 *
 * Breslow-Day: for each stratum with all four margins positive, A_k solves
 * A (N - m1 - k1 + A) = OR_MH (m1 - A)(k1 - A) within the table's support (m1 = a + b, k1 = a + c),
 * Var_k = 1 / (1/A + 1/(m1 - A) + 1/(k1 - A) + 1/(N - m1 - k1 + A)), and
 * BD = sum (a_k - A_k)^2 / Var_k ~ chi^2(K' - 1), K' = strata used. This is the uncorrected
 * statistic (Breslow & Day 1980; SAS PROC FREQ "Breslow-Day Test"; DescTools::BreslowDayTest
 * with correct = FALSE), without Tarone's (1985) adjustment (usually a small change).
 *
 * Edge cases (documented, not errors): strata with N_k < 2 are skipped (R stops instead). If
 * sum V_k = 0 (every stratum has an empty margin) the test gives statistic 0, p 1. If sum S_k = 0
 * or sum R_k = 0 the odds ratio is Infinity, 0 or NaN, its CI is [0, Infinity] and Breslow-Day is
 * NaN (undefined). With fewer than two usable strata Breslow-Day is { statistic: 0, df: 0, p: 1 }.
 * Breslow-Day p-values below ~1e-16 come out as 0 here (computed as 1 - CDF, kept bit for bit for
 * the AuditResults built on this function); mantelHaenszelAnalysis reports them from the survival
 * function, with the uncorrected and corrected tests, Tarone's adjustment and per-stratum terms.
 *
 * Sources: W. G. Cochran (1954) Biometrics 10:417-451; N. Mantel & W. Haenszel (1959)
 * J. Natl Cancer Inst. 22:719-748; J. Robins, N. Breslow & S. Greenland (1986) Biometrics
 * 42:311-323; N. E. Breslow & N. E. Day (1980) Statistical Methods in Cancer Research vol. 1,
 * IARC; R Core, stats::mantelhaen.test.
 *
 * @throws RangeError when a count is negative or not finite, no stratum has N >= 2, or confidence
 *   is outside (0, 1)
 * @example cochranMantelHaenszel([[16, 11, 5, 20], [12, 16, 7, 19]], { correct: false })
 * // statistic 8.3052, p 0.0040, oddsRatio 3.3132 (SAS PROC FREQ Migraine example)
 */
export function cochranMantelHaenszel(tables: readonly Table2x2[], opts: CmhOptions = {}): CmhResult {
  const confidence = opts.confidence ?? 0.95;
  const strata = usableStrata('cochranMantelHaenszel', tables, confidence).map((u) => u.table);
  const sums = stratumSums(strata);
  const { statistic, p } = mantelHaenszelChiSquare(sums, opts.correct ?? true);
  const or = commonOddsRatio(sums, confidence);
  return {
    statistic,
    p,
    oddsRatio: or.estimate,
    oddsRatioCI: [or.lower, or.upper],
    breslowDay: legacyBreslowDay(strata, or.estimate),
  };
}

/** The Mantel-Haenszel common odds ratio with its Robins-Breslow-Greenland interval. */
export interface CommonOddsRatio {
  /** OR_MH = sum(a d / N) / sum(b c / N); Infinity, 0 or NaN when a sum is 0. */
  readonly estimate: number;
  /** exp(ln OR_MH -+ z SE); 0 and Infinity when the estimate is 0, Infinity or NaN. */
  readonly lower: number;
  readonly upper: number;
  readonly confidence: number;
  /** Robins-Breslow-Greenland standard error of ln OR_MH; null when the estimate is 0, Infinity or NaN. */
  readonly logSE: number | null;
}

/** One stratum's term in the Breslow-Day statistic. */
export interface BreslowDayStratum {
  /** Position of the stratum in the tables passed in. */
  readonly index: number;
  /** a_k, the observed first cell. */
  readonly observed: number;
  /** A_k, the first cell of the table with the stratum's margins and the common odds ratio. */
  readonly expected: number;
  /** Var_k = 1 / (1/A + 1/B + 1/C + 1/D) of that table. */
  readonly variance: number;
  /** (a_k - A_k)^2 / Var_k: the stratum's share of the statistic, to show which strata differ. */
  readonly contribution: number;
}

/** Breslow-Day test of homogeneous odds ratios, with Tarone's adjustment and per-stratum terms. */
export interface BreslowDayTest {
  /** sum_k (a_k - A_k)^2 / Var_k, without Tarone's adjustment (SAS "Breslow-Day", DescTools correct = FALSE). */
  readonly statistic: number;
  /** Strata with all four margins positive, minus one. */
  readonly df: number;
  /** Upper chi-square(df) tail of the statistic (survival function: tiny p stays accurate). */
  readonly p: number;
  /** Tarone (1985): statistic - (sum a_k - sum A_k)^2 / sum Var_k, with its p on the same df. */
  readonly tarone: ChiSquareTest;
  /** The strata used, in input order. */
  readonly strata: readonly BreslowDayStratum[];
}

/** Everything a stratified 2x2 analysis reports: both CMH tests, the common OR, Breslow-Day. */
export interface MantelHaenszelAnalysis {
  /** Strata with N >= 2 (the others carry no information and are skipped). */
  readonly strataUsed: number;
  /** CMH without continuity correction (audit-ai, SAS PROC FREQ, statsmodels' default). */
  readonly uncorrected: ChiSquareTest;
  /** CMH with the 1/2 continuity correction (R mantelhaen.test's default). */
  readonly corrected: ChiSquareTest;
  readonly oddsRatio: CommonOddsRatio;
  /** null when fewer than two strata have all four margins positive, or OR_MH is 0, Infinity or NaN. */
  readonly breslowDay: BreslowDayTest | null;
}

/**
 * Cochran-Mantel-Haenszel analysis of K stratified 2x2 tables [a, b, c, d] (e.g. focal vs
 * reference group x selected per department, site or requisition), reporting every number the
 * published tools print, so an earlier audit can be reproduced whichever convention it used:
 *
 *   uncorrected  CMH = (sum a_k - sum E_k)^2 / sum V_k                 (audit-ai, SAS, statsmodels)
 *   corrected    CMH = (|sum a_k - sum E_k| - 1/2)^2 / sum V_k         (R mantelhaen.test default)
 *   E_k = (a+b)(a+c)/N_k,  V_k = (a+b)(c+d)(a+c)(b+d) / (N_k^2 (N_k - 1)),  p = P(chi^2_1 >= CMH)
 *
 * The 1/2 is subtracted only when |sum a - sum E| >= 1/2, as R does. The common odds ratio
 * OR_MH = sum(a d/N) / sum(b c/N) comes with the Robins-Breslow-Greenland interval (as R's
 * mantelhaen.test and statsmodels' oddsratio_pooled_confint). Breslow-Day compares each stratum
 * with the table of the same margins and odds ratio OR_MH:
 *
 *   BD = sum_k (a_k - A_k)^2 / Var_k ~ chi^2(K' - 1),   BD_Tarone = BD - (sum a_k - sum A_k)^2 / sum Var_k
 *
 * over the K' strata whose four margins are positive; Tarone's term is what makes the statistic
 * asymptotically chi-square when OR_MH (not the MLE) is plugged in, and is usually tiny. All
 * p-values come from survival functions (chiSquareUpperTail, normalTwoSidedP), so a Breslow-Day p
 * of 1e-40 is reported as such, not as 0. Use the CMH test when pooling strata would mix different
 * base rates (Simpson's paradox); read the common OR only when Breslow-Day does not reject.
 *
 * Sources: Cochran (1954) Biometrics 10:417-451; Mantel & Haenszel (1959) JNCI 22:719-748;
 * Robins, Breslow & Greenland (1986) Biometrics 42:311-323; Breslow & Day (1980) Statistical
 * Methods in Cancer Research vol. 1, IARC, eq. 4.30; Tarone (1985) Biometrika 72:91-95; R Core,
 * stats::mantelhaen.test; DescTools::BreslowDayTest; audit-ai (pymetrics) auditai.stats.test_cmh_bd.
 *
 * @throws RangeError when a count is negative or not finite, no stratum has N >= 2, or confidence
 *   is outside (0, 1)
 * @example mantelHaenszelAnalysis(mussels) // McDonald & Siebenaller (1989), McDonald's Handbook:
 * // uncorrected 5.3209 (p 0.02107), corrected 5.0497 (p 0.02463), OR 0.7590, Breslow-Day 0.5295 (p 0.9124)
 */
export function mantelHaenszelAnalysis(
  tables: readonly Table2x2[],
  opts: { confidence?: number } = {},
): MantelHaenszelAnalysis {
  const confidence = opts.confidence ?? 0.95;
  const used = usableStrata('mantelHaenszelAnalysis', tables, confidence);
  const sums = stratumSums(used.map((u) => u.table));
  const oddsRatio = commonOddsRatio(sums, confidence);
  return {
    strataUsed: used.length,
    uncorrected: mantelHaenszelChiSquare(sums, false),
    corrected: mantelHaenszelChiSquare(sums, true),
    oddsRatio,
    breslowDay: breslowDayTest(tables, oddsRatio.estimate),
  };
}

/**
 * Breslow-Day test (with Tarone's adjustment and per-stratum contributions) of the hypothesis that
 * every stratum has odds ratio psi; with psi = OR_MH it is the homogeneity test of
 * mantelHaenszelAnalysis (DescTools::BreslowDayTest(x, OR = psi)). For each stratum with all four
 * margins positive, A_k solves A (N - m1 - k1 + A) = psi (m1 - A)(k1 - A) inside the table's
 * support (m1 = a + b, k1 = a + c), Var_k = 1 / (1/A + 1/(m1 - A) + 1/(k1 - A) + 1/(N - m1 - k1 + A)).
 * Strata with an empty margin carry no odds-ratio information and are left out (DescTools would
 * return NaN for them).
 * Sources: Breslow & Day (1980), eq. 4.30; Tarone (1985) Biometrika 72:91-95.
 * @returns null when fewer than two strata are usable or psi is not a finite number > 0
 * @throws RangeError when a count is negative or not finite
 * @example breslowDayTest(ucbTables, 0.9046968).statistic // 18.8255 on 5 df
 */
export function breslowDayTest(tables: readonly Table2x2[], psi: number): BreslowDayTest | null {
  requireCounts('breslowDayTest', tables);
  const usable = tables
    .map((table, index) => ({ table, index }))
    .filter(({ table: [a, b, c, d] }) => a + b > 0 && c + d > 0 && a + c > 0 && b + d > 0);
  const df = usable.length - 1;
  if (df < 1 || !(psi > 0 && Number.isFinite(psi))) return null;
  const strata = usable.map(({ table, index }) => breslowDayTerm(table, index, psi));
  const statistic = strata.reduce((sum, s) => sum + s.contribution, 0);
  const residual = strata.reduce((sum, s) => sum + (s.observed - s.expected), 0);
  const sumVariance = strata.reduce((sum, s) => sum + s.variance, 0);
  const tarone = Math.max(0, statistic - (residual * residual) / sumVariance);
  return {
    statistic,
    df,
    p: chiSquareUpperTail(statistic, df),
    tarone: { statistic: tarone, p: chiSquareUpperTail(tarone, df) },
    strata,
  };
}

interface StratumSums {
  sumA: number;
  sumE: number;
  sumV: number;
  sumR: number;
  sumS: number;
  sumPR: number;
  sumPSQR: number;
  sumQS: number;
}

function requireCounts(fn: string, tables: readonly Table2x2[]): void {
  tables.forEach((table, k) =>
    table.forEach((value) => {
      if (!Number.isFinite(value) || value < 0) {
        throw new RangeError(`${fn} requires non-negative counts, got ${value} in stratum ${k}`);
      }
    }),
  );
}

/** Checks the input and keeps the strata with N >= 2, with their input positions. */
function usableStrata(fn: string, tables: readonly Table2x2[], confidence: number): { table: Table2x2; index: number }[] {
  if (!(confidence > 0 && confidence < 1)) {
    throw new RangeError(`${fn} requires a confidence level in (0, 1), got ${confidence}`);
  }
  requireCounts(fn, tables);
  const used = tables
    .map((table, index) => ({ table, index }))
    .filter(({ table: [a, b, c, d] }) => a + b + c + d >= 2);
  if (used.length === 0) throw new RangeError(`${fn} requires at least one stratum with N >= 2`);
  return used;
}

function stratumSums(strata: readonly Table2x2[]): StratumSums {
  const s: StratumSums = { sumA: 0, sumE: 0, sumV: 0, sumR: 0, sumS: 0, sumPR: 0, sumPSQR: 0, sumQS: 0 };
  for (const [a, b, c, d] of strata) {
    const n = a + b + c + d;
    s.sumA += a;
    s.sumE += ((a + b) * (a + c)) / n;
    s.sumV += ((a + b) * (c + d) * (a + c) * (b + d)) / (n * n * (n - 1));
    const r = (a * d) / n;
    const q = (b * c) / n;
    const pk = (a + d) / n;
    const qk = (b + c) / n;
    s.sumR += r;
    s.sumS += q;
    s.sumPR += pk * r;
    s.sumPSQR += pk * q + qk * r;
    s.sumQS += qk * q;
  }
  return s;
}

/** The CMH statistic and p; statistic 0, p 1 when sum V = 0 (every stratum has an empty margin). */
function mantelHaenszelChiSquare(s: StratumSums, correct: boolean): ChiSquareTest {
  if (!(s.sumV > 0)) return { statistic: 0, p: 1 };
  const delta = Math.abs(s.sumA - s.sumE);
  const yates = correct && delta >= 0.5 ? 0.5 : 0;
  const statistic = (delta - yates) ** 2 / s.sumV;
  return { statistic, p: normalTwoSidedP(Math.sqrt(statistic)) };
}

function commonOddsRatio(s: StratumSums, confidence: number): CommonOddsRatio {
  const estimate = s.sumR / s.sumS;
  if (!(s.sumR > 0 && s.sumS > 0)) return { estimate, lower: 0, upper: Infinity, confidence, logSE: null };
  const variance =
    s.sumPR / (2 * s.sumR * s.sumR) + s.sumPSQR / (2 * s.sumR * s.sumS) + s.sumQS / (2 * s.sumS * s.sumS);
  const logSE = Math.sqrt(variance);
  const half = normalQuantile(1 - (1 - confidence) / 2, 0, 1) * logSE;
  return { estimate, lower: estimate * Math.exp(-half), upper: estimate * Math.exp(half), confidence, logSE };
}

function breslowDayTerm([a, b, c, d]: Table2x2, index: number, psi: number): BreslowDayStratum {
  const n = a + b + c + d;
  const m1 = a + b;
  const k1 = a + c;
  const expected = expectedCell(n, m1, k1, psi);
  const variance = 1 / (1 / expected + 1 / (m1 - expected) + 1 / (k1 - expected) + 1 / (n - m1 - k1 + expected));
  return { index, observed: a, expected, variance, contribution: (a - expected) ** 2 / variance };
}

/**
 * Breslow-Day statistic and p as cochranMantelHaenszel has always reported them: the same terms
 * as breslowDayTest, p as max(0, 1 - CDF) (so below ~1e-16 it is 0), { 0, 0, 1 } with fewer than
 * two usable strata and NaN for an undefined OR_MH.
 */
function legacyBreslowDay(strata: readonly Table2x2[], psi: number): { statistic: number; df: number; p: number } {
  const usable = strata.filter(([a, b, c, d]) => a + b > 0 && c + d > 0 && a + c > 0 && b + d > 0);
  const df = usable.length - 1;
  if (df < 1) return { statistic: 0, df: 0, p: 1 };
  if (!(psi > 0 && Number.isFinite(psi))) return { statistic: NaN, df, p: NaN };
  let statistic = 0;
  usable.forEach((table, i) => {
    statistic += breslowDayTerm(table, i, psi).contribution;
  });
  return { statistic, df, p: Math.max(0, 1 - chisquareCdf(statistic, df)) };
}

/**
 * The a-cell whose table, with margins m1 (row), k1 (column) and total n, has odds ratio psi:
 * root of (1 - psi) A^2 + (n - m1 - k1 + psi (m1 + k1)) A - psi m1 k1 = 0 inside
 * (max(0, m1 + k1 - n), min(m1, k1)), taken with the cancellation-free form of the quadratic
 * formula.
 */
function expectedCell(n: number, m1: number, k1: number, psi: number): number {
  const qa = 1 - psi;
  const qb = n - m1 - k1 + psi * (m1 + k1);
  const qc = -psi * m1 * k1;
  if (qa === 0) return (m1 * k1) / n;
  const q = -0.5 * (qb + (qb < 0 ? -1 : 1) * Math.sqrt(qb * qb - 4 * qa * qc));
  const lo = Math.max(0, m1 + k1 - n);
  const hi = Math.min(m1, k1);
  const first = q / qa;
  return first > lo && first < hi ? first : qc / q;
}
