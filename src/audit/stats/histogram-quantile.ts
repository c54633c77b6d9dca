/**
 * Quantile of a distribution given as a histogram of equal-width bins (bin i covers
 * [lo + i width, lo + (i + 1) width)), with each value read as its bin's lower edge:
 *
 *   N = sum of counts, position h = p N
 *   Q(p) = x_(h)                      when h is not a whole number: x_(ceil h)
 *   Q(p) = (x_(h) + x_(h + 1)) / 2    when h is a whole number (average at the discontinuity)
 *
 * where x_(k) is the k-th smallest value (1-based). This is Hyndman & Fan's definition 2 (the
 * inverse of the empirical CDF, averaged at its jumps; numpy's method "averaged_inverted_cdf"),
 * so Q(0.5) is the ordinary median, as engine.medians() computes it. With width 1 and lo 0 it is
 * exact for whole-number data (e.g. review times logged in whole seconds) and otherwise rounds
 * each value down to its bin edge. Counts may be frequency weights.
 *
 * Source: R. J. Hyndman & Y. Fan (1996) Am. Stat. 50:361-365, definition 2.
 *
 * @param counts candidates per bin (non-negative)
 * @param p probability in [0, 1]
 * @returns Q(p), or null when the histogram is empty
 * @throws RangeError when p is outside [0, 1], width <= 0, or a count is negative
 * @example histogramQuantile([0, 2, 1, 1], 0, 1, 0.5) // values 1,1,2,3 -> (1 + 2) / 2 = 1.5
 */
export function histogramQuantile(counts: readonly number[], lo: number, width: number, p: number): number | null {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`histogramQuantile requires p in [0, 1], got ${p}`);
  if (!(width > 0)) throw new RangeError(`histogramQuantile requires width > 0, got ${width}`);
  let total = 0;
  for (const c of counts) {
    if (!(c >= 0)) throw new RangeError(`histogramQuantile requires non-negative counts, got ${c}`);
    total += c;
  }
  if (total === 0) return null;
  const h = p * total;
  const whole = Math.abs(h - Math.round(h)) <= 1e-9 * Math.max(1, total);
  const at = (k: number) => lo + width * binOfOrderStatistic(counts, Math.min(Math.max(k, 1), total));
  if (!whole) return at(Math.ceil(h));
  const k = Math.round(h);
  return (at(k) + at(k + 1)) / 2;
}

/** Index of the bin holding the k-th smallest value (1-based k <= total). */
function binOfOrderStatistic(counts: readonly number[], k: number): number {
  let cumulative = 0;
  for (let i = 0; i < counts.length; i++) {
    cumulative += counts[i]!;
    if (cumulative >= k) return i;
  }
  return counts.length - 1;
}
