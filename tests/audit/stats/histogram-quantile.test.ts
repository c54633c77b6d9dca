import { describe, expect, it } from 'vitest';
import { histogramQuantile } from '../../../src/audit/stats/histogram-quantile.js';

/** Histogram of whole numbers on 1-wide bins from 0, as the review-time scan builds it. */
function histogramOf(values: readonly number[], bins: number): number[] {
  const h = new Array<number>(bins).fill(0);
  for (const v of values) h[Math.min(v, bins - 1)]! += 1;
  return h;
}

describe('histogramQuantile (Hyndman & Fan definition 2)', () => {
  it.each([
    // numpy 2.4.6 np.quantile(a, p, method='averaged_inverted_cdf')
    [[5, 7, 7, 8, 12, 12, 12, 30, 31, 45, 46, 60, 61, 62, 600], 0.5, 30],
    [[5, 7, 7, 8, 12, 12, 12, 30, 31, 45, 46, 60, 61, 62, 600], 0.1, 7],
    [[3, 3, 4, 9, 10, 10, 11, 20, 21, 22], 0.5, 10],
    [[3, 3, 4, 9, 10, 10, 11, 20, 21, 22], 0.1, 3],
    [[3, 3, 4, 9, 10, 10, 11, 20, 21, 22], 0.25, 4],
  ])('%j at p = %f is %f (numpy)', (values, p, expected) => {
    expect(histogramQuantile(histogramOf(values, 700), 0, 1, p)).toBe(expected);
  });

  it('averages the two middle values of an even count, weights acting as repeats', () => {
    // values 1, 1, 2, 3: median (1 + 2) / 2
    expect(histogramQuantile([0, 2, 1, 1], 0, 1, 0.5)).toBe(1.5);
    // bin edges: lo + width * index
    expect(histogramQuantile([0, 2, 1, 1], 10, 5, 0.5)).toBe(17.5);
  });

  it('is null for an empty histogram and refuses bad arguments', () => {
    expect(histogramQuantile([0, 0], 0, 1, 0.5)).toBeNull();
    expect(() => histogramQuantile([1], 0, 1, 1.5)).toThrow(RangeError);
    expect(() => histogramQuantile([1], 0, 0, 0.5)).toThrow(RangeError);
    expect(() => histogramQuantile([-1], 0, 1, 0.5)).toThrow(RangeError);
  });
});
