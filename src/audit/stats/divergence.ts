import { requireCounts, requireSameLength } from './stat-guards.js';

const share = (counts: readonly number[], total: number): number[] => counts.map((c) => c / total);

/**
 * Jensen-Shannon divergence in bits between two distributions given as counts over the same
 * categories (Q8 demographic mirror: JS(selected || benchmark) vs JS(selected || pool)):
 *   M = (P + Q)/2,  JS = KL(P||M)/2 + KL(Q||M)/2,  KL(P||M) = sum p log2(p/m), 0 log 0 = 0
 * Symmetric, finite with empty categories, 0 for identical shares and 1 for disjoint supports.
 * Its square root is a metric (scipy's jensenshannon returns that root).
 * Source: Lin (1991) IEEE Trans Inf Theory 37:145-151; Endres & Schindelin (2003) IEEE Trans Inf
 * Theory 49:1858-1860 (metric).
 * @throws RangeError when the arrays differ in length, hold negative counts or sum to 0
 * @example jensenShannonDivergence([1, 0], [0, 1]) // 1
 */
export function jensenShannonDivergence(p: readonly number[], q: readonly number[]): number {
  requireSameLength('jensenShannonDivergence', p, q, 'count arrays');
  const ps = share(p, requireCounts('jensenShannonDivergence', 'p', p));
  const qs = share(q, requireCounts('jensenShannonDivergence', 'q', q));
  let js = 0;
  ps.forEach((pi, i) => {
    const qi = qs[i]!;
    const m = (pi + qi) / 2;
    if (pi > 0) js += (pi / 2) * Math.log2(pi / m);
    if (qi > 0) js += (qi / 2) * Math.log2(qi / m);
  });
  // Clamp rounding noise into the theoretical range [0, 1].
  return Math.min(1, Math.max(0, js));
}

/**
 * Gini-Simpson diversity D = 1 - sum_j p_j^2 (Q8 diversity loss: D_selected - D_pool < -0.05 warns
 * [C]): the probability that two people drawn with replacement belong to different groups.
 * 0 for one group, 1 - 1/G for G equal groups.
 * Source: Simpson (1949) Nature 163:688; Gini (1912) Variabilita e mutabilita.
 * @throws RangeError when counts are negative or sum to 0
 * @example giniSimpson([1, 1, 1, 1]) // 0.75
 */
export function giniSimpson(counts: readonly number[]): number {
  const ps = share(counts, requireCounts('giniSimpson', 'counts', counts));
  return 1 - ps.reduce((a, p) => a + p * p, 0);
}

/**
 * Representation ratio per category (Q8, AI Act art. 10(3)): share in the benchmark (or selected
 * cohort) divided by share in the pool. < 0.8 flags an under-represented group [C]. Returns null
 * for a category absent from the pool (ratio undefined).
 * Source: the four-fifths comparison applied to shares, requirements Q8 [C].
 * @throws RangeError when the arrays differ in length, hold negative counts or sum to 0
 * @example representationRatios([10, 30], [50, 50]) // [0.5, 1.5]
 */
export function representationRatios(
  benchmark: readonly number[],
  pool: readonly number[],
): (number | null)[] {
  requireSameLength('representationRatios', benchmark, pool, 'count arrays');
  const bs = share(benchmark, requireCounts('representationRatios', 'benchmark', benchmark));
  const ps = share(pool, requireCounts('representationRatios', 'pool', pool));
  return bs.map((b, i) => (ps[i]! > 0 ? b / ps[i]! : null));
}
