import { describe, expect, it } from 'vitest';
import { minExpectedCount } from '../../../src/audit/stats/expected-count.js';

describe('minExpectedCount', () => {
  it('is the smallest of the four expected counts row x column / N', () => {
    // Fisher's tea tasting [[3, 1], [1, 3]]: every margin 4, N = 8, so every expected count is 4 x 4 / 8 = 2
    expect(minExpectedCount(3, 1, 1, 3)).toBe(2);
    // [[2, 30], [9, 25]]: margins 32, 34 and 11, 55, N = 66; expected counts 5.333, 26.67, 5.667, 28.33 (by hand)
    expect(minExpectedCount(2, 30, 9, 25)).toBeCloseTo((32 * 11) / 66, 12);
    // [[30, 170], [55, 145]]: margins 200, 200 and 85, 315, N = 400: 200 x 85 / 400 = 42.5
    expect(minExpectedCount(30, 170, 55, 145)).toBe(42.5);
  });

  it('is 0 for an empty table', () => {
    expect(minExpectedCount(0, 0, 0, 0)).toBe(0);
  });
});
