import { requireCounts, requirePositive, requireSameLength } from './stat-guards.js';

/**
 * Default floor for an empty bin's proportion in the PSI. An empty bin makes ln(p/q) infinite;
 * flooring its proportion at 1e-4 (0.01 %) keeps the index finite while still charging a large
 * term for a bin that emptied or appeared. Convention [C], as in common scorecard practice; the
 * floored proportions are not renormalised, so the term is (p - eps) ln(p / eps).
 */
export const PSI_EPSILON = 1e-4;

export interface PsiResult {
  /** Sum of the per-bin terms. */
  readonly psi: number;
  /** (p_i - q_i) ln(p_i / q_i) per bin, each >= 0: where the shift happened. */
  readonly contributions: readonly number[];
}

/**
 * Population stability index between a baseline and a current score distribution binned over the
 * SAME bin edges (Q7 drift, per period):
 *   p_i = current_i / sum current,  q_i = baseline_i / sum baseline  (floored at epsilon)
 *   PSI = sum_i (p_i - q_i) ln(p_i / q_i)
 * This is the symmetrised Kullback-Leibler (Jeffreys J) divergence KL(p||q) + KL(q||p). Rule of
 * thumb: < 0.10 stable, 0.10-0.25 some shift, > 0.25 major shift (Q7 warns above 0.25 [C]).
 * The value depends on the binning; use the same (e.g. baseline decile) edges every period.
 * Source: Jeffreys (1946) Proc R Soc A 186:453-461; Siddiqi (2006) Credit Risk Scorecards, Wiley;
 * Yurdakul (2018) Statistical properties of the population stability index, Western Michigan Univ.
 * @throws RangeError when the histograms differ in length, hold negative counts or are empty
 * @example populationStabilityIndex([50, 50], [40, 60]).psi
 *   // (0.4 - 0.5) ln(0.4/0.5) + (0.6 - 0.5) ln(0.6/0.5) = 0.0405
 */
export function populationStabilityIndex(
  baseline: readonly number[],
  current: readonly number[],
  epsilon = PSI_EPSILON,
): PsiResult {
  requireSameLength('populationStabilityIndex', baseline, current, 'histograms');
  const nBase = requireCounts('populationStabilityIndex', 'baseline', baseline);
  const nCur = requireCounts('populationStabilityIndex', 'current', current);
  requirePositive('populationStabilityIndex', 'epsilon', epsilon);
  const contributions = current.map((c, i) => {
    const p = Math.max(c / nCur, epsilon);
    const q = Math.max(baseline[i]! / nBase, epsilon);
    return (p - q) * Math.log(p / q);
  });
  return { psi: contributions.reduce((a, b) => a + b, 0), contributions };
}
