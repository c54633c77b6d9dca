import { describe, expect, it } from 'vitest';
import { holmAdjust } from '../../../src/audit/stats/holm.js';

describe('holmAdjust', () => {
  it('Wikipedia "Holm-Bonferroni method" example: p = 0.01, 0.04, 0.03, 0.005', () => {
    // Sorted: 0.005 (H4), 0.01 (H1), 0.03 (H3), 0.04 (H2); m = 4.
    // 4 x 0.005 = 0.02; 3 x 0.01 = 0.03; 2 x 0.03 = 0.06; 1 x 0.04 = 0.04 -> running max 0.06.
    // Wikipedia rejects H4 and H1 at alpha = 0.05, not H3 or H2: the adjusted values agree.
    const adjusted = holmAdjust([0.01, 0.04, 0.03, 0.005]);
    expect(adjusted[0]).toBeCloseTo(0.03, 15);
    expect(adjusted[1]).toBeCloseTo(0.06, 15);
    expect(adjusted[2]).toBeCloseTo(0.06, 15);
    expect(adjusted[3]).toBeCloseTo(0.02, 15);
    expect(adjusted.map((p) => p! < 0.05)).toEqual([true, false, false, true]);
  });

  it('hand-worked: caps at 1, keeps order, and nulls neither count nor move', () => {
    // Non-null m = 4, sorted 0.01 (i2), 0.2 (i1), 0.5 (i0), 0.9 (i3):
    // 4 x 0.01 = 0.04; 3 x 0.2 = 0.6; 2 x 0.5 = 1.0; 1 x 0.9 = 0.9 -> running max 1.0
    const adjusted = holmAdjust([0.5, 0.2, 0.01, 0.9, null]);
    expect(adjusted[0]).toBeCloseTo(1, 15);
    expect(adjusted[1]).toBeCloseTo(0.6, 15);
    expect(adjusted[2]).toBeCloseTo(0.04, 15);
    expect(adjusted[3]).toBeCloseTo(1, 15);
    expect(adjusted[4]).toBeNull();
  });

  it('enforces monotonicity with the running maximum', () => {
    // 2 x 0.01 = 0.02, then 1 x 0.011 = 0.011 < 0.02 -> raised to 0.02
    expect(holmAdjust([0.011, 0.01])).toEqual([0.02, 0.02]);
    // ties: 3 x 0.02 = 0.06, 2 x 0.02 = 0.04 -> 0.06, 1 x 0.02 -> 0.06
    const tied = holmAdjust([0.02, 0.02, 0.02]);
    tied.forEach((p) => expect(p).toBeCloseTo(0.06, 15));
  });

  it('leaves a single p-value alone and handles empty or all-null input', () => {
    expect(holmAdjust([0.03])).toEqual([0.03]);
    expect(holmAdjust([null, 0.03, null])).toEqual([null, 0.03, null]);
    expect(holmAdjust([])).toEqual([]);
    expect(holmAdjust([null, null])).toEqual([null, null]);
  });

  it('refuses p-values outside [0, 1]', () => {
    expect(() => holmAdjust([0.5, 1.2])).toThrow(RangeError);
    expect(() => holmAdjust([-0.1])).toThrow(RangeError);
    expect(() => holmAdjust([Number.NaN])).toThrow(RangeError);
  });
});
