import { describe, expect, it } from 'vitest';
import { wilsonInterval } from '../../../src/audit/stats/wilson.js';

describe('wilsonInterval', () => {
  it.each([
    // Newcombe (1998) Stat Med 17:857-872, Table II, method 3 (score interval without CC), 4 d.p.
    [81, 263, 0.2553, 0.3662],
    [15, 148, 0.0624, 0.1605],
    [0, 20, 0.0, 0.1611],
    [1, 29, 0.0061, 0.1718],
  ])('%i/%i matches Newcombe (1998) Table II: %f to %f', (x, n, lower, upper) => {
    const [lo, hi] = wilsonInterval(x, n);
    expect(lo).toBeCloseTo(lower, 4);
    expect(hi).toBeCloseTo(upper, 4);
  });

  it('matches scipy to full precision, at 95 % and 99 %', () => {
    // scipy 1.17.1 scipy.stats.binomtest(81, 263).proportion_ci(0.95, method='wilson')
    const [lo95, hi95] = wilsonInterval(81, 263);
    expect(lo95).toBeCloseTo(0.2552885198782742, 12);
    expect(hi95).toBeCloseTo(0.36620957698280004, 12);
    // scipy 1.17.1 scipy.stats.binomtest(81, 263).proportion_ci(0.99, method='wilson')
    const [lo99, hi99] = wilsonInterval(81, 263, 0.99);
    expect(lo99).toBeCloseTo(0.24013690268760768, 12);
    expect(hi99).toBeCloseTo(0.3852825023182298, 12);
    // scipy 1.17.1 scipy.stats.binomtest(1, 29).proportion_ci(0.95, method='wilson')
    const [lo1, hi1] = wilsonInterval(1, 29);
    expect(lo1).toBeCloseTo(0.006113214292762667, 12);
    expect(hi1).toBeCloseTo(0.17175521879320282, 12);
  });

  it('is exactly 0 at x = 0 and exactly 1 at x = n', () => {
    expect(wilsonInterval(0, 20)[0]).toBe(0);
    expect(wilsonInterval(20, 20)[1]).toBe(1);
  });

  it('mirrors under x -> n - x', () => {
    // The score interval is symmetric in successes and failures: CI(n - x) = 1 - CI(x) reversed.
    const [lo, hi] = wilsonInterval(15, 148);
    const [mlo, mhi] = wilsonInterval(133, 148);
    expect(mlo).toBeCloseTo(1 - hi, 14);
    expect(mhi).toBeCloseTo(1 - lo, 14);
  });

  it('refuses n = 0, x > n, negatives and a bad confidence level', () => {
    expect(() => wilsonInterval(0, 0)).toThrow(RangeError);
    expect(() => wilsonInterval(5, 4)).toThrow(RangeError);
    expect(() => wilsonInterval(-1, 4)).toThrow(RangeError);
    expect(() => wilsonInterval(1, -4)).toThrow(RangeError);
    expect(() => wilsonInterval(Number.NaN, 4)).toThrow(RangeError);
    expect(() => wilsonInterval(1, 4, 1)).toThrow(RangeError);
    expect(() => wilsonInterval(1, 4, 0)).toThrow(RangeError);
  });
});
