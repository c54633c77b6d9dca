import chisquareCdf from '@stdlib/stats-base-dists-chisquare-cdf';
import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import normalQuantile from '@stdlib/stats-base-dists-normal-quantile';

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
 * Breslow-Day p-values below ~1e-16 come out as 0 (computed as 1 - CDF).
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
  const correct = opts.correct ?? true;
  const confidence = opts.confidence ?? 0.95;
  if (!(confidence > 0 && confidence < 1)) {
    throw new RangeError(`cochranMantelHaenszel requires a confidence level in (0, 1), got ${confidence}`);
  }
  tables.forEach((table, k) =>
    table.forEach((value) => {
      if (!Number.isFinite(value) || value < 0) {
        throw new RangeError(`cochranMantelHaenszel requires non-negative counts, got ${value} in stratum ${k}`);
      }
    }),
  );
  const strata = tables.filter(([a, b, c, d]) => a + b + c + d >= 2);
  if (strata.length === 0) {
    throw new RangeError('cochranMantelHaenszel requires at least one stratum with N >= 2');
  }

  let sumA = 0;
  let sumE = 0;
  let sumV = 0;
  let sumR = 0;
  let sumS = 0;
  let sumPR = 0;
  let sumPSQR = 0;
  let sumQS = 0;
  for (const [a, b, c, d] of strata) {
    const n = a + b + c + d;
    sumA += a;
    sumE += ((a + b) * (a + c)) / n;
    sumV += ((a + b) * (c + d) * (a + c) * (b + d)) / (n * n * (n - 1));
    const r = (a * d) / n;
    const s = (b * c) / n;
    const pk = (a + d) / n;
    const qk = (b + c) / n;
    sumR += r;
    sumS += s;
    sumPR += pk * r;
    sumPSQR += pk * s + qk * r;
    sumQS += qk * s;
  }

  const delta = Math.abs(sumA - sumE);
  const yates = correct && delta >= 0.5 ? 0.5 : 0;
  const statistic = sumV > 0 ? (delta - yates) ** 2 / sumV : 0;
  const p = sumV > 0 ? 2 * normalCdf(-Math.sqrt(statistic), 0, 1) : 1;

  const oddsRatio = sumR / sumS;
  let oddsRatioCI: [number, number] = [0, Infinity];
  if (sumR > 0 && sumS > 0) {
    const variance =
      sumPR / (2 * sumR * sumR) + sumPSQR / (2 * sumR * sumS) + sumQS / (2 * sumS * sumS);
    const half = normalQuantile(1 - (1 - confidence) / 2, 0, 1) * Math.sqrt(variance);
    oddsRatioCI = [oddsRatio * Math.exp(-half), oddsRatio * Math.exp(half)];
  }

  return { statistic, p, oddsRatio, oddsRatioCI, breslowDay: breslowDay(strata, oddsRatio) };
}

/** Breslow-Day statistic (no Tarone adjustment) for a given common odds ratio; see above. */
function breslowDay(strata: readonly Table2x2[], psi: number): { statistic: number; df: number; p: number } {
  const usable = strata.filter(([a, b, c, d]) => a + b > 0 && c + d > 0 && a + c > 0 && b + d > 0);
  const df = usable.length - 1;
  if (df < 1) return { statistic: 0, df: 0, p: 1 };
  if (!(psi > 0 && Number.isFinite(psi))) return { statistic: NaN, df, p: NaN };
  let statistic = 0;
  for (const [a, b, c, d] of usable) {
    const n = a + b + c + d;
    const m1 = a + b;
    const k1 = a + c;
    const expected = expectedCell(n, m1, k1, psi);
    const variance = 1 / (1 / expected + 1 / (m1 - expected) + 1 / (k1 - expected) + 1 / (n - m1 - k1 + expected));
    statistic += (a - expected) ** 2 / variance;
  }
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
