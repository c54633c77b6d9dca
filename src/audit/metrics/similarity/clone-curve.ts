import type { SimilaritySection } from '../../contract/sections/similarity.js';
import { wilsonInterval } from '../../stats/wilson.js';
import type { DistanceAggregates } from './scan.js';

type CloneQuintile = SimilaritySection['units'][number]['clone_curve'][number];

/**
 * The clone curve (requirements Q8): selection rate by resemblance quintile, quintile 1 being the
 * fifth of the pool closest to the benchmark. The quintile edges are fine-histogram bin edges
 * (DISTANCE_BINS equal-width bins of the distance): edge k is the bin boundary whose cumulative
 * pool count is nearest k/5 of the pool, so each quintile holds a fifth of the pool up to one
 * bin's mass (ties in the distance cannot be split). Counts per quintile are exact sums of bins.
 */
export function cloneCurve(d: DistanceAggregates): CloneQuintile[] {
  const { lo, width, bins } = d.grid;
  const pool = new Array<number>(bins).fill(0);
  const selected = new Array<number>(bins).fill(0);
  for (const h of d.histogram) {
    pool[h.bin] = pool[h.bin]! + h.n;
    if (h.selected === 1) selected[h.bin] = selected[h.bin]! + h.n;
  }
  const total = pool.reduce((a, b) => a + b, 0);
  const cumulative = [0];
  pool.forEach((c, i) => cumulative.push(cumulative[i]! + c));
  const edges = [0];
  for (let k = 1; k < 5; k++) {
    const target = (k * total) / 5;
    let best = edges[k - 1]!;
    for (let e = best; e <= bins; e++) {
      if (Math.abs(cumulative[e]! - target) < Math.abs(cumulative[best]! - target)) best = e;
    }
    edges.push(best);
  }
  edges.push(bins);
  return [1, 2, 3, 4, 5].map((quintile) => {
    const [from, to] = [edges[quintile - 1]!, edges[quintile]!];
    const n = cumulative[to]! - cumulative[from]!;
    const sel = selected.slice(from, to).reduce((a, b) => a + b, 0);
    return {
      quintile,
      distance_from: from === 0 ? d.min : lo + from * width,
      distance_to: to === bins ? d.max : lo + to * width,
      n,
      selected: sel,
      rate: n > 0 ? sel / n : null,
      rate_ci: n > 0 ? wilsonInterval(sel, n) : null,
    };
  });
}
