import { type CorrelationInterval, fisherZInterval } from './correlation.js';
import { requireConfidence, requireSameLength } from './stat-guards.js';

/**
 * Kendall's tau-b of two paired rankings (ties corrected):
 *   tau_b = (n_c - n_d) / sqrt((n0 - n1)(n0 - n2)),
 * n0 = n(n-1)/2 pairs, n1 / n2 the pairs tied in x / in y, n_c - n_d = n0 - n1 - n2 + n3 - 2 swaps,
 * with n3 the pairs tied in both and `swaps` the exchanges a merge sort on y needs once the cases
 * are ordered by (x, y): Knight's O(n log n) algorithm. No maintained npm package computes it.
 * A rank statistic does not merge from per-cell sums, so families compute it on a bounded, seeded
 * sample of rows (exact when the sample holds every row).
 * Source: Kendall (1945) Biometrika 33:239-251 (tau-b); Knight (1966) JASA 61:436-439; values as
 * scipy.stats.kendalltau (docs example x = [12, 2, 1, 12, 2], y = [1, 4, 7, 1, 0]: -0.4714).
 * @throws RangeError when lengths differ, fewer than 2 cases, or a value is not finite
 * @returns tau-b, or null when either ranking is constant (every pair tied: tau undefined)
 * @example kendallTauB([12, 2, 1, 12, 2], [1, 4, 7, 1, 0]) // -0.47140452079103173
 */
export function kendallTauB(x: readonly number[], y: readonly number[]): number | null {
  requireSameLength('kendallTauB', x, y);
  const n = x.length;
  if (n < 2) throw new RangeError(`kendallTauB requires at least 2 cases, got ${n}`);
  if (![...x, ...y].every(Number.isFinite)) throw new RangeError('kendallTauB requires finite values');
  const order = x.map((_, i) => i).sort((a, b) => x[a]! - x[b]! || y[a]! - y[b]!);
  const xs = order.map((i) => x[i]!);
  const ys = order.map((i) => y[i]!);
  const n0 = (n * (n - 1)) / 2;
  const n1 = tiedPairs(xs, (i) => xs[i] === xs[i - 1]);
  const n3 = tiedPairs(xs, (i) => xs[i] === xs[i - 1] && ys[i] === ys[i - 1]);
  const swaps = mergeSortSwaps(ys);
  const n2 = tiedPairs(ys, (i) => ys[i] === ys[i - 1]); // ys is sorted now
  if (n0 === n1 || n0 === n2) return null;
  return (n0 - n1 - n2 + n3 - 2 * swaps) / Math.sqrt((n0 - n1) * (n0 - n2));
}

/**
 * Interval for Kendall's tau by Fisher's z with var(atanh tau) = 0.437 / (n - 4), the approximation
 * of Fieller, Hartley & Pearson (1957) Biometrika 44:470-481, recommended for tau by Bonett &
 * Wright (2000) Psychometrika 65:23-28.
 * @throws RangeError when n <= 4, |tau| > 1 or confidence is not in (0, 1)
 * @example kendallTauInterval(0.5, 104) // atanh(0.5) -+ 1.96 * sqrt(0.437 / 100): { lower: 0.3967, upper: 0.5908 }
 */
export function kendallTauInterval(tau: number, n: number, confidence = 0.95): CorrelationInterval {
  if (!(Math.abs(tau) <= 1)) throw new RangeError(`kendallTauInterval requires |tau| <= 1, got ${tau}`);
  if (!(Number.isInteger(n) && n > 4)) throw new RangeError(`kendallTauInterval requires an integer n > 4, got ${n}`);
  requireConfidence('kendallTauInterval', confidence);
  return fisherZInterval(tau, Math.sqrt(0.437 / (n - 4)), confidence);
}

/** Pairs inside runs of consecutive equal entries (same(i): entry i equals entry i - 1): sum t(t-1)/2. */
function tiedPairs(values: readonly number[], same: (i: number) => boolean): number {
  let pairs = 0;
  let run = 1;
  for (let i = 1; i <= values.length; i++) {
    if (i < values.length && same(i)) run++;
    else {
      pairs += (run * (run - 1)) / 2;
      run = 1;
    }
  }
  return pairs;
}

/** Sorts `values` in place (bottom-up merge sort) and returns the number of inversions removed. */
function mergeSortSwaps(values: number[]): number {
  const n = values.length;
  let source = values;
  let target = new Array<number>(n);
  let swaps = 0;
  for (let width = 1; width < n; width *= 2) {
    for (let lo = 0; lo < n; lo += 2 * width) {
      const mid = Math.min(lo + width, n);
      const hi = Math.min(lo + 2 * width, n);
      let i = lo;
      let j = mid;
      let k = lo;
      while (i < mid && j < hi) {
        if (source[j]! < source[i]!) {
          swaps += mid - i; // every remaining left entry is greater than source[j]
          target[k++] = source[j++]!;
        } else target[k++] = source[i++]!;
      }
      while (i < mid) target[k++] = source[i++]!;
      while (j < hi) target[k++] = source[j++]!;
    }
    [source, target] = [target, source];
  }
  if (source !== values) for (let i = 0; i < n; i++) values[i] = source[i]!;
  return swaps;
}
