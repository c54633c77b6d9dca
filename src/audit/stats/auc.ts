import normalQuantile from '@stdlib/stats-base-dists-normal-quantile';
import { requireConfidence, requireCounts, requireSameLength } from './stat-guards.js';

/** Area under the ROC curve with its Hanley-McNeil standard error and Wald interval. */
export interface AucResult {
  /** P(score of a positive > score of a negative) + 0.5 P(tie). */
  readonly auc: number;
  readonly nPositive: number;
  readonly nNegative: number;
  /** Hanley & McNeil (1982) standard error. */
  readonly se: number;
  /** auc -+ z se, clipped to [0, 1]. */
  readonly lower: number;
  readonly upper: number;
}

/**
 * AUC (Mann-Whitney) from two score histograms over the SAME bins (Q6 binary criterion; Q8 proxy
 * probe). `positive[i]` and `negative[i]` count the cases whose score falls in bin i; bins run
 * from the lowest score to the highest. Pairs in the same bin count as ties (one half):
 *   AUC = sum_i pos_i (sum_{j<i} neg_j + neg_i / 2) / (n_pos n_neg)
 * This is the exact Mann-Whitney U / (n_pos n_neg) of the binned scores; it equals the AUC of the
 * raw scores when every bin holds a single distinct score (a rating scale), and otherwise pulls the
 * within-bin pairs to 1/2, so use fine bins for continuous scores.
 * Source: Bamber (1975) J Math Psychol 12:387-415 (AUC = P(X > Y) + P(X = Y)/2); Hanley & McNeil
 * (1982) Radiology 143:29-36, Table I (CT ratings: W = 0.893).
 * @throws RangeError when the histograms differ in length, hold negative counts or an empty class
 * @example aucFromHistograms([3, 2, 2, 11, 33], [33, 6, 6, 11, 2]).auc // 0.8932
 */
export function aucFromHistograms(
  positive: readonly number[],
  negative: readonly number[],
  confidence = 0.95,
): AucResult {
  requireSameLength('aucFromHistograms', positive, negative, 'histograms');
  const nPositive = requireCounts('aucFromHistograms', 'positive', positive);
  const nNegative = requireCounts('aucFromHistograms', 'negative', negative);
  requireConfidence('aucFromHistograms', confidence);
  let below = 0;
  let wins = 0;
  positive.forEach((pos, i) => {
    const neg = negative[i]!;
    wins += pos * (below + neg / 2);
    below += neg;
  });
  return withInterval(wins / (nPositive * nNegative), nPositive, nNegative, confidence);
}

/**
 * Exact AUC of two score arrays (ties count one half), for tests and small data. Sorts the pooled
 * scores once: O((m + n) log(m + n)).
 * Source: Mann & Whitney (1947) Ann Math Stat 18:50-60; equals scipy.stats.mannwhitneyu U1/(m n).
 * @throws RangeError when an array is empty or holds a non-finite score
 * @example aucFromScores([0.9, 0.8, 0.4], [0.1, 0.4]).auc // (2 + 2 + 1.5) / 6 = 0.9167 (0.4 vs 0.4 ties)
 */
export function aucFromScores(
  positive: readonly number[],
  negative: readonly number[],
  confidence = 0.95,
): AucResult {
  for (const [name, xs] of [['positive', positive], ['negative', negative]] as const) {
    if (xs.length === 0) throw new RangeError(`aucFromScores requires a non-empty ${name} array`);
    if (!xs.every(Number.isFinite)) throw new RangeError(`aucFromScores requires finite ${name} scores`);
  }
  requireConfidence('aucFromScores', confidence);
  const sortedNeg = [...negative].sort((a, b) => a - b);
  const countBelow = (x: number, strict: boolean): number => {
    let lo = 0;
    let hi = sortedNeg.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (strict ? sortedNeg[mid]! < x : sortedNeg[mid]! <= x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  let wins = 0;
  for (const x of positive) {
    const less = countBelow(x, true);
    wins += less + (countBelow(x, false) - less) / 2;
  }
  const [m, n] = [positive.length, negative.length];
  return withInterval(wins / (m * n), m, n, confidence);
}

/**
 * Hanley & McNeil (1982) standard error of an AUC (with their exponential-model
 * approximations Q1 = A/(2 - A), Q2 = 2A^2/(1 + A)):
 *   SE^2 = [A(1 - A) + (n_pos - 1)(Q1 - A^2) + (n_neg - 1)(Q2 - A^2)] / (n_pos n_neg)
 * Conservative-to-accurate for moderate n; DeLong's method is the alternative on raw data.
 * Source: Hanley & McNeil (1982) Radiology 143:29-36 (CT example: SE(W) = 0.032).
 * @throws RangeError when auc is not in [0, 1] or a count is below 1
 * @example hanleyMcNeilSE(0.8932, 51, 58) // 0.0325
 */
export function hanleyMcNeilSE(auc: number, nPositive: number, nNegative: number): number {
  if (!(auc >= 0 && auc <= 1)) throw new RangeError(`hanleyMcNeilSE requires 0 <= auc <= 1, got ${auc}`);
  if (!(nPositive >= 1 && nNegative >= 1)) {
    throw new RangeError(`hanleyMcNeilSE requires n >= 1 per class, got ${nPositive} and ${nNegative}`);
  }
  const q1 = auc / (2 - auc);
  const q2 = (2 * auc * auc) / (1 + auc);
  const a2 = auc * auc;
  const numerator = auc * (1 - auc) + (nPositive - 1) * (q1 - a2) + (nNegative - 1) * (q2 - a2);
  const v = numerator / (nPositive * nNegative);
  return Math.sqrt(Math.max(0, v));
}

/**
 * Cross-validated AUC: the mean of the folds' AUCs, each measured on its held-out fold by the
 * model fitted on the other folds, with
 *   SE = sqrt(2 sum_v SE_v^2) / V   (SE_v: the fold's Hanley-McNeil SE).
 * The mean of the folds (not one AUC over the pooled out-of-fold scores, which mixes V models on
 * different scales and is biased below 0.5 on null data) follows LeDell, Petersen & van der Laan
 * (2015) Electron J Stat 9:1583-1607, section 3. Their variance, sum_v SE_v^2 / V^2, treats each
 * fold's model as fixed; but the models share training rows, and with no signal the fold AUCs are
 * positively correlated. For a linear scorer fitted along the training folds' mean difference d,
 * the fold mean is proportional to sum_{u != v} d_u . d_v, whose variance 2V(V-1)p sigma^4 is twice
 * the V(V-1)p sigma^4 of fixed models, for any number of traits p. Measured on this project's probe
 * (1000 null datasets, 500 rows, 4 traits, 5 folds): SD of the AUC 0.039 against a mean fixed-model
 * SE of 0.026 (ratio 1.5); 95% lower bounds above 0.5 in 7.6% of datasets with the fixed-model SE,
 * 2.5% with the doubled variance (also 2.0% at 80 rows, 3.2% with 12 traits). Under a real effect
 * the fitted direction is dominated by the signal and the doubled variance is conservative.
 * @throws RangeError when no fold is given
 * @example crossValidatedAuc([aucFromScores([0.9, 0.8], [0.1]), aucFromScores([0.2], [0.3, 0.1])]).auc // (1 + 0.5) / 2
 */
export function crossValidatedAuc(folds: readonly AucResult[], confidence = 0.95): AucResult {
  if (folds.length === 0) throw new RangeError('crossValidatedAuc requires at least one fold');
  requireConfidence('crossValidatedAuc', confidence);
  const v = folds.length;
  const auc = folds.reduce((a, f) => a + f.auc, 0) / v;
  const se = Math.sqrt(2 * folds.reduce((a, f) => a + f.se ** 2, 0)) / v;
  const sum = (key: 'nPositive' | 'nNegative') => folds.reduce((a, f) => a + f[key], 0);
  return intervalFromSE(auc, se, sum('nPositive'), sum('nNegative'), confidence);
}

function withInterval(auc: number, nPositive: number, nNegative: number, confidence: number): AucResult {
  return intervalFromSE(auc, hanleyMcNeilSE(auc, nPositive, nNegative), nPositive, nNegative, confidence);
}

function intervalFromSE(auc: number, se: number, nPositive: number, nNegative: number, confidence: number): AucResult {
  const half = normalQuantile((1 + confidence) / 2, 0, 1) * se;
  return {
    auc,
    nPositive,
    nNegative,
    se,
    lower: Math.max(0, auc - half),
    upper: Math.min(1, auc + half),
  };
}
