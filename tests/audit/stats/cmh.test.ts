import { describe, expect, it } from 'vitest';
import { chiSquare2x2 } from '../../../src/audit/stats/chi-square-2x2.js';
import { cochranMantelHaenszel, type Table2x2 } from '../../../src/audit/stats/cmh.js';
import { expectRelClose } from './close-to.js';

// UCBAdmissions (Bickel, Hammel & O'Connell 1975; R datasets): per department
// [admitted male, admitted female, rejected male, rejected female], i.e. R's x[, , k] by column.
const UCB: Table2x2[] = [
  [512, 89, 313, 19],
  [353, 17, 207, 8],
  [120, 202, 205, 391],
  [138, 131, 279, 244],
  [53, 94, 138, 299],
  [22, 24, 351, 317],
];

// SAS/STAT PROC FREQ documentation, "Cochran-Mantel-Haenszel Statistics" example (Migraine):
// per gender [Active Better, Active Same, Placebo Better, Placebo Same].
const MIGRAINE: Table2x2[] = [
  [16, 11, 5, 20],
  [12, 16, 7, 19],
];

// Agresti (1996) Table 3.3, smoking and lung cancer in eight Chinese cities, as in the Stanford
// ED257 SAS handout: per city [smoker case, smoker control, non-smoker case, non-smoker control].
const CHINA: Table2x2[] = [
  [126, 100, 35, 61],
  [908, 688, 497, 807],
  [913, 747, 336, 598],
  [235, 172, 58, 121],
  [402, 308, 121, 215],
  [182, 156, 72, 98],
  [60, 99, 11, 43],
  [104, 89, 21, 36],
];

describe('cochranMantelHaenszel: published values', () => {
  it('R mantelhaen.test(UCBAdmissions), with continuity correction', () => {
    // R ?mantelhaen.test output: "Mantel-Haenszel X-squared = 1.4269, df = 1, p-value = 0.2323",
    // "95 percent confidence interval: 0.7719074 1.0603298", "common odds ratio 0.9046968"
    const r = cochranMantelHaenszel(UCB);
    expect(r.statistic).toBeCloseTo(1.4269, 4);
    expect(r.p).toBeCloseTo(0.2323, 4);
    expect(r.oddsRatio).toBeCloseTo(0.9046968, 7);
    expect(r.oddsRatioCI[0]).toBeCloseTo(0.7719074, 7);
    expect(r.oddsRatioCI[1]).toBeCloseTo(1.0603298, 7);
    // Independent numpy/scipy 1.17.1 computation of the same formulas (scipy.stats.chi2.sf):
    expectRelClose(r.statistic, 1.4269462285866712, 1e-12);
    expectRelClose(r.p, 0.23226346281704763, 1e-11);
    expectRelClose(r.oddsRatio, 0.9046968282586231, 1e-13);
    expectRelClose(r.oddsRatioCI[0], 0.7719073617593505, 1e-12);
    expectRelClose(r.oddsRatioCI[1], 1.0603297644366558, 1e-12);
  });

  it('UCBAdmissions without correction, and Breslow-Day heterogeneity across departments', () => {
    // numpy/scipy 1.17.1 hand formulas: CMH 1.524606660443418, p 0.2169236970555174.
    // Breslow-Day: per department the quadratic for the expected cell solved with numpy.roots,
    // BD = 18.825513705235867 on 5 df, p = scipy.stats.chi2.sf = 0.002071390349918148
    // (R's documentation reaches the same verdict with Woolf's test, p = 0.003).
    const r = cochranMantelHaenszel(UCB, { correct: false });
    expectRelClose(r.statistic, 1.524606660443418, 1e-12);
    expectRelClose(r.p, 0.2169236970555174, 1e-11);
    expect(r.breslowDay.df).toBe(5);
    expectRelClose(r.breslowDay.statistic, 18.825513705235867, 1e-10);
    expectRelClose(r.breslowDay.p, 0.002071390349918148, 1e-8);
  });

  it('SAS Migraine example: CMH 8.3052, p 0.0040 (SAS applies no continuity correction)', () => {
    // SAS/STAT User's Guide, PROC FREQ Example "Cochran-Mantel-Haenszel Statistics", Output:
    // "General Association 1 8.3052 0.0040".
    const r = cochranMantelHaenszel(MIGRAINE, { correct: false });
    expect(r.statistic).toBeCloseTo(8.3052, 4);
    expect(r.p).toBeCloseTo(0.004, 4);
    // numpy/scipy 1.17.1 hand formulas: OR_MH 3.3131680691380487, RGB 95 % CI
    // (1.445613190186121, 7.59337472075961); Breslow-Day 1.492928497986823, p 0.22176264220904343
    expectRelClose(r.oddsRatio, 3.3131680691380487, 1e-13);
    expectRelClose(r.oddsRatioCI[0], 1.445613190186121, 1e-12);
    expectRelClose(r.oddsRatioCI[1], 7.59337472075961, 1e-12);
    expectRelClose(r.breslowDay.statistic, 1.492928497986823, 1e-10);
    expectRelClose(r.breslowDay.p, 0.22176264220904343, 1e-9);
  });

  it('Agresti Chinese smoking data: CMH 280.138, OR_MH 2.174, Breslow-Day 5.200 on 7 df, p 0.636', () => {
    // Stanford ED257 handout, SAS PROC FREQ: "Nonzero Correlation 1 280.138", "Mantel-Haenszel 2.174"
    // (its CI is test-based, not RGB), "Breslow-Day ... Chi-Square = 5.200 DF = 7 Prob = 0.636".
    const r = cochranMantelHaenszel(CHINA, { correct: false });
    expect(r.statistic).toBeCloseTo(280.138, 3);
    expect(r.oddsRatio).toBeCloseTo(2.174, 3);
    expect(r.breslowDay.statistic).toBeCloseTo(5.2, 3);
    expect(r.breslowDay.df).toBe(7);
    expect(r.breslowDay.p).toBeCloseTo(0.636, 3);
    // numpy 2.4.6 hand formulas, RGB CI: (1.9840019742846737, 2.383249453177568)
    expectRelClose(r.oddsRatioCI[0], 1.9840019742846737, 1e-12);
    expectRelClose(r.oddsRatioCI[1], 2.383249453177568, 1e-12);
  });

  it('DescTools BreslowDayTest examples (uncorrected Breslow-Day)', () => {
    // Columbia MSPH P8120 notes, DescTools::BreslowDayTest output:
    // teeth (adult: notetra no 94 / yes 68, tetra 6 / 4; child: 17 / 12, 25 / 30):
    //   "X-squared = 0.57493, df = 1, p-value = 0.4483"
    const teeth = cochranMantelHaenszel([
      [94, 68, 6, 4],
      [17, 12, 25, 30],
    ]);
    expect(teeth.breslowDay.statistic).toBeCloseTo(0.57493, 5);
    expect(teeth.breslowDay.df).toBe(1);
    expect(teeth.breslowDay.p).toBeCloseTo(0.4483, 4);
    // cervical (two or more partners: no smoke 150 / 92, smoke 148 / 96; zero-one: 118 / 25, 21 / 12):
    //   "X-squared = 4.2069, df = 1, p-value = 0.04026"
    const cervical = cochranMantelHaenszel([
      [150, 92, 148, 96],
      [118, 25, 21, 12],
    ]);
    expect(cervical.breslowDay.statistic).toBeCloseTo(4.2069, 4);
    expect(cervical.breslowDay.p).toBeCloseTo(0.04026, 5);
  });
});

describe('cochranMantelHaenszel: properties and edges', () => {
  it('with one stratum and no correction equals (N - 1)/N times Pearson X^2', () => {
    // Agresti (2002) section 6.3: the MH statistic uses the hypergeometric variance (N - 1 divisor).
    const [a, b, c, d] = [313, 512, 19, 89];
    const n = a + b + c + d;
    const r = cochranMantelHaenszel([[a, b, c, d]], { correct: false });
    expectRelClose(r.statistic, (chiSquare2x2(a, b, c, d).statistic * (n - 1)) / n, 1e-12);
    expectRelClose(r.oddsRatio, (a * d) / (b * c), 1e-14);
    expect(r.breslowDay).toEqual({ statistic: 0, df: 0, p: 1 });
  });

  it('skips strata with N < 2 and ignores zero-margin strata in Breslow-Day', () => {
    const base = cochranMantelHaenszel(UCB);
    const padded = cochranMantelHaenszel([...UCB, [0, 0, 0, 0], [1, 0, 0, 0], [5, 0, 3, 0]]);
    expectRelClose(padded.statistic, base.statistic, 1e-12);
    expectRelClose(padded.oddsRatio, base.oddsRatio, 1e-12);
    expect(padded.breslowDay.df).toBe(5);
    expectRelClose(padded.breslowDay.statistic, base.breslowDay.statistic, 1e-12);
  });

  it('gives statistic 0, p 1 when every stratum has an empty margin', () => {
    const r = cochranMantelHaenszel([
      [5, 0, 3, 0],
      [0, 0, 4, 6],
    ]);
    expect(r.statistic).toBe(0);
    expect(r.p).toBe(1);
  });

  it('reports an infinite odds ratio with CI [0, Infinity] and an undefined Breslow-Day', () => {
    const r = cochranMantelHaenszel([
      [5, 0, 0, 5],
      [3, 0, 1, 4],
    ]);
    expect(r.oddsRatio).toBe(Infinity);
    expect(r.oddsRatioCI).toEqual([0, Infinity]);
    expect(r.breslowDay.statistic).toBeNaN();
  });

  it('applies the continuity correction only when |sum a - sum E| >= 1/2, as R does', () => {
    // Symmetric strata: sum a = sum E exactly, so both versions give 0.
    const r = cochranMantelHaenszel([
      [10, 10, 10, 10],
      [4, 6, 6, 4],
      [6, 4, 4, 6],
    ]);
    expect(r.statistic).toBe(0);
    expect(r.p).toBe(1);
  });

  it('refuses negative counts, no usable stratum and a bad confidence level', () => {
    expect(() => cochranMantelHaenszel([[1, -1, 2, 3]])).toThrow(RangeError);
    expect(() => cochranMantelHaenszel([])).toThrow(RangeError);
    expect(() => cochranMantelHaenszel([[1, 0, 0, 0]])).toThrow(RangeError);
    expect(() => cochranMantelHaenszel(UCB, { confidence: 0 })).toThrow(RangeError);
  });
});
