import { describe, expect, it } from 'vitest';
import { cohensH, standardizedMeanDifference } from '../../../src/audit/stats/effect-size.js';
import { momentsOf } from '../../../src/audit/stats/moments.js';

describe('cohensH', () => {
  it('h(0.5, 0.25) = pi/6 = 0.5236', () => {
    // Cohen (1988) Table 6.2.1 tabulates phi = 2 arcsin sqrt(P): phi(.50) = 1.571, phi(.25) = 1.047,
    // so h = .524. Exactly: asin(sqrt(1/2)) = pi/4 and asin(1/2) = pi/6, h = pi/2 - pi/3 = pi/6.
    expect(cohensH(0.5, 0.25)).toBeCloseTo(Math.PI / 6, 14);
    expect(cohensH(0.5, 0.25)).toBeCloseTo(0.5236, 4);
  });

  it('is signed and antisymmetric, with exact values at 0, 1/4, 3/4, 1', () => {
    // asin(sqrt(3/4)) = pi/3: h(0.25, 0.75) = pi/3 - 2pi/3 = -pi/3; h(1, 0) = pi
    expect(cohensH(0.25, 0.75)).toBeCloseTo(-Math.PI / 3, 14);
    expect(cohensH(1, 0)).toBeCloseTo(Math.PI, 14);
    expect(cohensH(0.3, 0.6)).toBeCloseTo(-cohensH(0.6, 0.3), 15);
    expect(cohensH(0.4, 0.4)).toBe(0);
  });

  it('refuses proportions outside [0, 1]', () => {
    expect(() => cohensH(1.1, 0.5)).toThrow(RangeError);
    expect(() => cohensH(0.5, -0.1)).toThrow(RangeError);
    expect(() => cohensH(Number.NaN, 0.5)).toThrow(RangeError);
  });
});

describe('standardizedMeanDifference', () => {
  it('Gravetter & Wallnau worked example: means 8 and 12, pooled variance 9 -> d = -1.33', () => {
    // Gravetter & Wallnau, Statistics for the Behavioral Sciences, section 10.4 (Example 10.2):
    // d = (M1 - M2) / sqrt(s_p^2) = (8 - 12) / sqrt(9) = -1.33 (reported as 1.33).
    // Any n1, n2 with SS1 + SS2 = 9 (n1 + n2 - 2) give that pooled variance; we use n1 = n2 = 8,
    // SS1 = SS2 = 63, i.e. varPop = 63/8 in each group.
    const d = standardizedMeanDifference({ n: 8, mean: 8, varPop: 63 / 8 }, { n: 8, mean: 12, varPop: 63 / 8 });
    expect(d).toBeCloseTo(-4 / 3, 14);
  });

  it('hand-worked from raw data: 2, 4, 6 vs 1, 2, 3', () => {
    // means 4 and 2; s^2 = 8/2 = 4 and 2/2 = 1; s_p^2 = (2*4 + 2*1) / (3 + 3 - 2) = 2.5;
    // d = 2 / sqrt(2.5) = 1.2649110640673518
    const d = standardizedMeanDifference(momentsOf([2, 4, 6]), momentsOf([1, 2, 3]));
    expect(d).toBeCloseTo(2 / Math.sqrt(2.5), 14);
  });

  it('uses the Bessel-corrected pooled SD with unequal groups', () => {
    // 1, 3 (mean 2, SS 2) vs 4, 5, 6, 9 (mean 6, SS 14): s_p^2 = (2 + 14) / 4 = 4, d = -4 / 2 = -2
    expect(standardizedMeanDifference(momentsOf([1, 3]), momentsOf([4, 5, 6, 9]))).toBeCloseTo(-2, 14);
  });

  it('refuses empty groups, too few observations and zero spread', () => {
    expect(() => standardizedMeanDifference({ n: 0, mean: 0, varPop: 0 }, { n: 3, mean: 1, varPop: 1 })).toThrow(RangeError);
    expect(() => standardizedMeanDifference({ n: 1, mean: 0, varPop: 0 }, { n: 1, mean: 1, varPop: 0 })).toThrow(RangeError);
    expect(() => standardizedMeanDifference({ n: 3, mean: 0, varPop: 0 }, { n: 3, mean: 1, varPop: 0 })).toThrow(RangeError);
  });
});
