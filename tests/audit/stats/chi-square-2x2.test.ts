import { describe, expect, it } from 'vitest';
import { chiSquare2x2, chiSquare2x2Both } from '../../../src/audit/stats/chi-square-2x2.js';
import { expectRelClose } from './close-to.js';

describe('chiSquare2x2', () => {
  it('SAS PROC FREQ, Berkeley admissions by department (Bickel et al. 1975 data)', () => {
    // Penn State STAT 504, berkeley_SAS_Output, rows Male / Female, columns Reject / Accept.
    // Dept A (313, 512 / 19, 89): "Chi-Square 17.2480 <.0001", "Continuity Adj. Chi-Square 16.3718"
    expect(chiSquare2x2(313, 512, 19, 89).statistic).toBeCloseTo(17.248, 4);
    expect(chiSquare2x2(313, 512, 19, 89, { yates: true }).statistic).toBeCloseTo(16.3718, 4);
    // Dept B (207, 353 / 8, 17): "Chi-Square 0.2537 0.6145", "Continuity Adj. Chi-Square 0.0851 0.7705"
    const b = chiSquare2x2(207, 353, 8, 17);
    expect(b.statistic).toBeCloseTo(0.2537, 4);
    expect(b.p).toBeCloseTo(0.6145, 4);
    const bYates = chiSquare2x2(207, 353, 8, 17, { yates: true });
    expect(bYates.statistic).toBeCloseTo(0.0851, 4);
    expect(bYates.p).toBeCloseTo(0.7705, 4);
  });

  it('SAS PROC FREQ, Berkeley admissions pooled over departments', () => {
    // Brunner, U. Toronto STA429 (2004) Handout 3, "Table of sex by admit": Male No 1493 / Yes 1198,
    // Female 1278 / 557 -> "Chi-Square 1 92.2053 <.0001", "Continuity Adj. Chi-Square 1 91.6096"
    expect(chiSquare2x2(1493, 1198, 1278, 557).statistic).toBeCloseTo(92.2053, 4);
    expect(chiSquare2x2(1493, 1198, 1278, 557, { yates: true }).statistic).toBeCloseTo(91.6096, 4);
  });

  it.each([
    // scipy 1.17.1 scipy.stats.chi2_contingency(table, correction=False / True): statistic, pvalue
    [[313, 512, 19, 89], false, 17.24801344084552, 3.280403617116588e-5],
    [[313, 512, 19, 89], true, 16.3717737289348, 5.205468345876068e-5],
    [[1493, 1198, 1278, 557], false, 92.20528041152764, 7.813600388994667e-22],
    [[1493, 1198, 1278, 557], true, 91.60959785812125, 1.0557968087828395e-21],
    [[189, 10845, 104, 10933], false, 25.013883967194165, 5.691896973740789e-7],
    [[1, 9, 11, 3], true, 8.4, 0.00375221010087385],
    [[10, 11, 10, 10], false, 0.02324263038548757, 0.8788278129295307],
  ] as [[number, number, number, number], boolean, number, number][])(
    '%j (yates %s) matches scipy',
    (table, yates, statistic, p) => {
      const result = chiSquare2x2(...table, { yates });
      expectRelClose(result.statistic, statistic, 1e-12);
      expectRelClose(result.p, p, 1e-11);
    },
  );

  it('caps the Yates correction at zero, as R and scipy do', () => {
    // |ad - bc| = 10 < N/2 = 20.5; scipy 1.17.1 chi2_contingency([[10,11],[10,10]], correction=True)
    // returns statistic 0.0, p 1.0 (the uncapped formula would give 0.0241).
    expect(chiSquare2x2(10, 11, 10, 10, { yates: true })).toEqual({ statistic: 0, p: 1 });
  });

  it('gives 0 for a table with no association and (0, 1) for a zero margin', () => {
    expect(chiSquare2x2(10, 10, 10, 10)).toEqual({ statistic: 0, p: 1 });
    expect(chiSquare2x2(0, 10, 0, 7)).toEqual({ statistic: 0, p: 1 });
    expect(chiSquare2x2(0, 0, 4, 7, { yates: true })).toEqual({ statistic: 0, p: 1 });
  });

  it('is invariant under row and column swaps', () => {
    const s = chiSquare2x2(313, 512, 19, 89).statistic;
    expect(chiSquare2x2(19, 89, 313, 512).statistic).toBeCloseTo(s, 10);
    expect(chiSquare2x2(512, 313, 89, 19).statistic).toBeCloseTo(s, 10);
    expect(chiSquare2x2(313, 19, 512, 89).statistic).toBeCloseTo(s, 10);
  });

  it('refuses negative or non-finite counts', () => {
    expect(() => chiSquare2x2(-1, 2, 3, 4)).toThrow(RangeError);
    expect(() => chiSquare2x2(1, Infinity, 3, 4)).toThrow(RangeError);
  });
});

describe('chiSquare2x2Both', () => {
  it("R's ?chisq.test 2x2 example: Yates p 0.4233, arithmetic shown", () => {
    // R Core, stats::chisq.test help page: x <- matrix(c(12, 5, 7, 7), ncol = 2); chisq.test(x)$p.value # 0.4233
    // i.e. [[12, 7], [5, 7]], N = 31, ad - bc = 84 - 35 = 49, margins 19, 12, 17, 14:
    //   Pearson: 31 * 49^2 / (19 * 12 * 17 * 14) = 74431 / 54264 = 1.371646...
    //   Yates:   31 * (49 - 15.5)^2 / 54264 = 34789.75 / 54264 = 0.641120...
    const both = chiSquare2x2Both(12, 7, 5, 7);
    expect(both.yates.p).toBeCloseTo(0.4233, 4);
    expectRelClose(both.pearson.statistic, 74431 / 54264, 1e-14);
    expectRelClose(both.yates.statistic, 34789.75 / 54264, 1e-14);
    // scipy 1.17.1 chi2_contingency([[12, 7], [5, 7]], correction=True / False).pvalue
    expectRelClose(both.yates.p, 0.42330542432241836, 1e-12);
    expectRelClose(both.pearson.p, 0.2415292747636834, 1e-12);
  });

  it('SAS PROC FREQ, Berkeley dept A: Chi-Square 17.2480, Continuity Adj. 16.3718', () => {
    // Penn State STAT 504, berkeley_SAS_Output (Bickel et al. 1975 data), rows Male / Female.
    const both = chiSquare2x2Both(313, 512, 19, 89);
    expect(both.pearson.statistic).toBeCloseTo(17.248, 4);
    expect(both.yates.statistic).toBeCloseTo(16.3718, 4);
    expect(both.yates.p).toBeGreaterThan(both.pearson.p);
  });

  it('keeps a tiny p accurate (no 1 - CDF): UCB pooled admissions', () => {
    // scipy 1.17.1 chi2_contingency([[1493, 1198], [1278, 557]]): p 7.813600388994667e-22 without, 1.0557968087828395e-21 with Yates
    const both = chiSquare2x2Both(1493, 1198, 1278, 557);
    expectRelClose(both.pearson.p, 7.813600388994667e-22, 1e-11);
    expectRelClose(both.yates.p, 1.0557968087828395e-21, 1e-11);
  });
});
