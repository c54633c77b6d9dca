import { coMomentsFromArrays } from './co-moments.js';
import { pearsonFromCoMoments } from './correlation.js';
import { requireSameLength } from './stat-guards.js';

/**
 * Mid-ranks of values with frequency weights: a value standing for w identical cases occupies w
 * consecutive ranks, and tied cases share the mean of the ranks they occupy:
 *   rank(v) = (total weight of values < v) + (total weight of values == v + 1) / 2
 * With unit weights these are the usual average ranks (scipy.stats.rankdata method='average').
 */
function midRanks(values: readonly number[], weights: readonly number[]): number[] {
  const order = values.map((_, i) => i).sort((a, b) => values[a]! - values[b]!);
  const ranks = new Array<number>(values.length);
  let below = 0;
  for (let start = 0; start < order.length; ) {
    let end = start;
    let tied = 0;
    while (end < order.length && values[order[end]!] === values[order[start]!]) tied += weights[order[end++]!]!;
    const rank = below + (tied + 1) / 2;
    for (let k = start; k < end; k++) ranks[order[k]!] = rank;
    below += tied;
    start = end;
  }
  return ranks;
}

/**
 * Spearman's rank correlation: Pearson's r of the mid-ranks (ties share their average rank, the
 * tie-corrected form). Optional frequency weights: a row with weight w counts as w identical
 * cases, so the result equals that of the expanded data.
 * A rank statistic cannot be merged from per-cell moments, so families compute it on a bounded,
 * seeded sample of rows (exact when the sample holds every row).
 * Source: Spearman (1904) Am J Psychol 15:72-101; worked example (IQ vs hours of TV, 10 people:
 * rho = -29/165 = -0.1758) in Wikipedia, "Spearman's rank correlation coefficient"; ties as
 * scipy.stats.spearmanr.
 * @throws RangeError when lengths differ, fewer than 2 cases, a value or weight is not finite,
 *   a weight is negative, or a variable is constant (rho undefined)
 * @example spearmanRho([106, 100, 86, 101, 99, 103, 97, 113, 112, 110], [7, 27, 2, 50, 28, 29, 20, 12, 6, 17]) // -0.1758
 */
export function spearmanRho(x: readonly number[], y: readonly number[], weights?: readonly number[]): number {
  requireSameLength('spearmanRho', x, y);
  const w = weights ?? x.map(() => 1);
  requireSameLength('spearmanRho', x, w, 'values and weights');
  if (x.length < 2) throw new RangeError(`spearmanRho requires at least 2 cases, got ${x.length}`);
  if (![...x, ...y].every(Number.isFinite)) throw new RangeError('spearmanRho requires finite values');
  if (!w.every((v) => Number.isFinite(v) && v >= 0)) throw new RangeError('spearmanRho requires finite weights >= 0');
  const rx = midRanks(x, w);
  const ry = midRanks(y, w);
  return pearsonFromCoMoments(weightedCoMoments(rx, ry, w));
}

/** Weighted population co-moments (frequency weights), two-pass. */
function weightedCoMoments(x: readonly number[], y: readonly number[], w: readonly number[]) {
  const n = w.reduce((a, b) => a + b, 0);
  if (!(n > 0)) return coMomentsFromArrays([0], [0]);
  let mx = 0;
  let my = 0;
  w.forEach((wi, i) => {
    mx += wi * x[i]!;
    my += wi * y[i]!;
  });
  mx /= n;
  my /= n;
  let sxx = 0;
  let syy = 0;
  let sxy = 0;
  w.forEach((wi, i) => {
    const dx = x[i]! - mx;
    const dy = y[i]! - my;
    sxx += wi * dx * dx;
    syy += wi * dy * dy;
    sxy += wi * dx * dy;
  });
  return { n, meanX: mx, meanY: my, varX: sxx / n, varY: syy / n, covXY: sxy / n };
}
