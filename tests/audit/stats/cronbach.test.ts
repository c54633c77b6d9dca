import { describe, expect, it } from 'vitest';
import {
  alphaFromCovariance,
  alphaInputFromMatrix,
  cronbachAlpha,
  feldtInterval,
} from '../../../src/audit/stats/cronbach.js';

// Shrout & Fleiss (1979) Table 2 (6 targets x 4 judges), judges read as items.
const SHROUT_FLEISS = [
  [9, 2, 5, 8],
  [6, 1, 3, 2],
  [8, 4, 6, 8],
  [7, 1, 2, 6],
  [10, 5, 6, 9],
  [6, 2, 4, 7],
];
// A small 8 persons x 4 items Likert table (made up for this test; oracle numpy 2.4 / scipy 1.17.1).
const LIKERT = [
  [4, 3, 5, 4],
  [2, 2, 3, 1],
  [5, 4, 5, 5],
  [3, 3, 2, 3],
  [4, 5, 4, 4],
  [1, 2, 2, 1],
  [3, 2, 3, 4],
  [5, 5, 4, 5],
];

describe('cronbachAlpha', () => {
  it('equals ICC(3,k): Shrout & Fleiss (1979) report ICC(3,4) = .91 for their Table 2', () => {
    // alpha = (BMS - EMS) / BMS (McGraw & Wong 1996); S&F print .91.
    const alpha = cronbachAlpha(alphaInputFromMatrix(SHROUT_FLEISS));
    expect(alpha).toBeCloseTo(0.91, 2);
    // numpy: k/(k-1) (1 - trace(C)/sum(C)) with C = np.cov(X, rowvar=False) -> 0.9093155423770694
    expect(alpha).toBeCloseTo(0.9093155423770694, 12);
  });

  it('matches numpy on a Likert table (sample covariances; the divisor cancels)', () => {
    // numpy 2.4: C = np.cov(X, rowvar=False, ddof=1); k/(k-1) * (1 - trace(C)/C.sum()) = 0.9252873563218389
    expect(cronbachAlpha(alphaInputFromMatrix(LIKERT))).toBeCloseTo(0.9252873563218389, 12);
  });

  it('the covariance-matrix route equals the variance route (population covariances of S&F, numpy ddof=0)', () => {
    const cov = [
      [2.222222222222222, 1.6666666666666665, 1.611111111111111, 2.5555555555555554],
      [1.6666666666666665, 2.25, 2.0, 2.5],
      [1.611111111111111, 2.0, 2.2222222222222223, 2.444444444444444],
      [2.5555555555555554, 2.5, 2.444444444444444, 5.222222222222222],
    ];
    expect(alphaFromCovariance(cov)).toBeCloseTo(0.9093155423770694, 12);
  });

  it('hand cases: two parallel items with r = .5 give 2/3; uncorrelated items give 0', () => {
    expect(alphaFromCovariance([[1, 0.5], [0.5, 1]])).toBeCloseTo(2 / 3, 15);
    expect(cronbachAlpha({ itemVariances: [1, 2, 3], totalVariance: 6 })).toBe(0);
  });

  it('refuses fewer than 2 items, negative variances and a zero total', () => {
    expect(() => cronbachAlpha({ itemVariances: [1], totalVariance: 1 })).toThrow(/k >= 2/);
    expect(() => cronbachAlpha({ itemVariances: [1, -1], totalVariance: 1 })).toThrow(/itemVariances\[1\]/);
    expect(() => cronbachAlpha({ itemVariances: [0, 0], totalVariance: 0 })).toThrow(/totalVariance/);
    expect(() => alphaFromCovariance([[1, 0], [0]])).toThrow(/square/);
  });
});

describe('feldtInterval', () => {
  it('S&F table: equals the ICC(3,k) limits (scipy 1.17.1: 1 - (1 - a) f.ppf(.975 / .025, 5, 15))', () => {
    const ci = feldtInterval(0.9093155423770694, 6, 4);
    expect(ci.lower).toBeCloseTo(0.6756747138163043, 9);
    expect(ci.upper).toBeCloseTo(0.9858916781690623, 9);
  });

  it('Likert table, 95 % and 90 % (scipy 1.17.1 f.ppf on (7, 21) df)', () => {
    const a = 0.9252873563218389;
    const ci95 = feldtInterval(a, 8, 4);
    expect(ci95.lower).toBeCloseTo(0.7782057795681665, 9);
    expect(ci95.upper).toBeCloseTo(0.9832183441689116, 9);
    const ci90 = feldtInterval(a, 8, 4, 0.9);
    expect(ci90.lower).toBeCloseTo(0.8141464934000768, 9);
    expect(ci90.upper).toBeCloseTo(0.9782487516568116, 9);
  });

  it('refuses alpha >= 1 and tiny samples', () => {
    expect(() => feldtInterval(1, 10, 3)).toThrow(/alpha < 1/);
    expect(() => feldtInterval(0.8, 1, 3)).toThrow(/n >= 2/);
  });
});
