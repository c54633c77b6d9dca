import { describe, expect, it } from 'vitest';
import { chiSquare2x2 } from '../../../src/audit/stats/chi-square-2x2.js';
import {
  breslowDayTest,
  cochranMantelHaenszel,
  mantelHaenszelAnalysis,
  type Table2x2,
} from '../../../src/audit/stats/cmh.js';
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

// McDonald & Siebenaller (1989), Lap94 allele in Mytilus trossulus, as tabulated in J. H. McDonald,
// Handbook of Biological Statistics, 3rd ed. (2014), "Cochran-Mantel-Haenszel test for repeated
// tests of independence", and in audit-ai's examples/CMH_test_example.ipynb: per estuary
// [estuarine 94, marine 94, estuarine non-94, marine non-94] (audit-ai's pass_col='Estuarine').
const MUSSELS: Table2x2[] = [
  [69, 56, 77, 40], // Tillamook
  [257, 61, 301, 57], // Yaquina
  [65, 73, 79, 71], // Alsea
  [48, 71, 48, 55], // Umpqua
];

// statsmodels' test suite (statsmodels/stats/tests/test_contingency_tables.py, TestStratified2)
// quotes R: mantelhaen.test(data), DescTools::BreslowDayTest(data, correct = FALSE / TRUE) for
// array(c(20, 14, 10, 24, 15, 12, 3, 15, 3, 2, 3, 2, 12, 3, 7, 5, 1, 0, 3, 2), dim = c(2, 2, 5)).
const DESCTOOLS: Table2x2[] = [
  [20, 10, 14, 24],
  [15, 3, 12, 15],
  [3, 3, 2, 2],
  [12, 7, 3, 5],
  [1, 3, 0, 2],
];

describe('mantelHaenszelAnalysis: published values', () => {
  it("McDonald & Siebenaller mussels: audit-ai's uncorrected CMH and R's corrected one", () => {
    const r = mantelHaenszelAnalysis(MUSSELS);
    // audit-ai examples/CMH_test_example.ipynb, test_cmh_bd(dfs, pass_col='Estuarine'):
    // (0.7590219991052517, 5.320927767938459, 0.02107078993834932, 0.5294859090315414, 0.9123673420971034)
    expectRelClose(r.uncorrected.statistic, 5.320927767938459, 1e-12);
    expectRelClose(r.uncorrected.p, 0.02107078993834932, 1e-11);
    expectRelClose(r.oddsRatio.estimate, 0.7590219991052517, 1e-13);
    expectRelClose(r.breslowDay!.statistic, 0.5294859090315414, 1e-10);
    expectRelClose(r.breslowDay!.p, 0.9123673420971034, 1e-10);
    // R mantelhaen.test (continuity-corrected, issue 16): X-squared = 5.0497, p-value = 0.02463;
    // McDonald's Handbook reports chi^2_MH = 5.05, P = 0.025.
    expect(r.corrected.statistic).toBeCloseTo(5.0497, 4);
    expect(r.corrected.p).toBeCloseTo(0.02463, 5);
    expect(r.strataUsed).toBe(4);
    expect(r.breslowDay!.df).toBe(3);
  });

  it('McDonald & Siebenaller mussels: Tarone adjustment and per-estuary contributions', () => {
    // numpy 2.4.6 / scipy 1.17.1 hand formulas (A_k from numpy.roots of the Breslow-Day quadratic,
    // Tarone = BD - (sum a - sum A)^2 / sum Var, p = scipy.stats.chi2.sf):
    const bd = mantelHaenszelAnalysis(MUSSELS).breslowDay!;
    expectRelClose(bd.tarone.statistic, 0.529485768705313, 1e-9);
    expectRelClose(bd.tarone.p, 0.9123673733578757, 1e-10);
    const expected = [0.41332995123816757, 0.06043855875643107, 0.05010069701679425, 0.00561670202014857];
    bd.strata.forEach((s, k) => {
      expect(s.index).toBe(k);
      expect(s.observed).toBe(MUSSELS[k]![0]);
      expectRelClose(s.contribution, expected[k]!, 1e-9);
    });
  });

  it('UCBAdmissions across the six departments, both ways (R mantelhaen.test)', () => {
    // R ?mantelhaen.test: corrected "X-squared = 1.4269, df = 1, p-value = 0.2323", common odds ratio
    // 0.9046968, 95 % CI 0.7719074 1.0603298; mantelhaen.test(UCBAdmissions, correct = FALSE):
    // X-squared = 1.5246, p-value = 0.2169 (issue 16).
    const r = mantelHaenszelAnalysis(UCB);
    expect(r.corrected.statistic).toBeCloseTo(1.4269, 4);
    expect(r.corrected.p).toBeCloseTo(0.2323, 4);
    expect(r.uncorrected.statistic).toBeCloseTo(1.5246, 4);
    expect(r.uncorrected.p).toBeCloseTo(0.2169, 4);
    expect(r.oddsRatio.estimate).toBeCloseTo(0.9046968, 7);
    expect(r.oddsRatio.lower).toBeCloseTo(0.7719074, 7);
    expect(r.oddsRatio.upper).toBeCloseTo(1.0603298, 7);
    expect(r.oddsRatio.confidence).toBe(0.95);
    // the RGB SE of ln OR_MH, recovered from R's interval: ln(1.0603298 / 0.7719074) / (2 * 1.959964)
    expect(r.oddsRatio.logSE!).toBeCloseTo(Math.log(1.0603298 / 0.7719074) / (2 * 1.959963984540054), 6);
  });

  it('UCBAdmissions: Breslow-Day 18.826 (p 0.00207), Tarone, and department A as the odd one out', () => {
    // Issue 16: Breslow-Day 18.826, p 0.00207. numpy/scipy hand formulas: BD 18.825513705235867,
    // p 0.002071390349918148; Tarone 18.825501252052582, p 0.002071401397881405; contributions below.
    const bd = mantelHaenszelAnalysis(UCB).breslowDay!;
    expect(bd.statistic).toBeCloseTo(18.826, 3);
    expect(bd.p).toBeCloseTo(0.00207, 5);
    expect(bd.df).toBe(5);
    expectRelClose(bd.statistic, 18.825513705235867, 1e-10);
    expectRelClose(bd.p, 0.002071390349918148, 1e-9);
    expectRelClose(bd.tarone.statistic, 18.825501252052582, 1e-10);
    expectRelClose(bd.tarone.p, 0.002071401397881405, 1e-9);
    const contributions = [
      13.944216411787462, 0.07511487839668675, 2.448893436423057, 0.014629824582965687, 2.2580511924556284,
      0.08460796159006823,
    ];
    bd.strata.forEach((s, k) => expectRelClose(s.contribution, contributions[k]!, 1e-9));
  });

  it('R / DescTools on a five-stratum table (quoted in statsmodels TestStratified2)', () => {
    // mantelhaen.test: common OR 3.5912, X-squared 11.8852, p 0.0005658, CI 1.781135 7.240633;
    // BreslowDayTest(correct = FALSE): 1.8438, p 0.7645; (correct = TRUE, Tarone): 1.8436, p 0.7645.
    const r = mantelHaenszelAnalysis(DESCTOOLS);
    expect(r.oddsRatio.estimate).toBeCloseTo(3.5912, 4);
    expect(r.corrected.statistic).toBeCloseTo(11.8852, 4);
    expect(r.corrected.p).toBeCloseTo(0.0005658, 7);
    expect(r.oddsRatio.lower).toBeCloseTo(1.781135, 6);
    expect(r.oddsRatio.upper).toBeCloseTo(7.240633, 6);
    expect(r.breslowDay!.statistic).toBeCloseTo(1.8438, 4);
    expect(r.breslowDay!.p).toBeCloseTo(0.7645, 4);
    expect(r.breslowDay!.tarone.statistic).toBeCloseTo(1.8436, 4);
    expect(r.breslowDay!.tarone.p).toBeCloseTo(0.7645, 4);
  });

  it('R on strata with empty margins (statsmodels TestStratified1): they are skipped, as R does', () => {
    // mantelhaen.test(array(c(0, 0, 6, 5, 3, 0, 3, 6, 6, 2, 0, 4, 5, 6, 1, 0, 2, 5, 0, 0), dim = c(2, 2, 5))):
    // common OR 7, X-squared 3.9286, p 0.04747, CI 1.026713 47.725133.
    const r = mantelHaenszelAnalysis([
      [0, 6, 0, 5],
      [3, 3, 0, 6],
      [6, 0, 2, 4],
      [5, 1, 6, 0],
      [2, 0, 5, 0],
    ]);
    expectRelClose(r.oddsRatio.estimate, 7, 1e-12);
    expect(r.corrected.statistic).toBeCloseTo(3.9286, 4);
    expect(r.corrected.p).toBeCloseTo(0.04747, 5);
    expect(r.oddsRatio.lower).toBeCloseTo(1.026713, 6);
    expect(r.oddsRatio.upper).toBeCloseTo(47.725133, 5);
    // Breslow-Day uses the three strata with all margins positive, keeping their input positions.
    expect(r.breslowDay!.df).toBe(2);
    expect(r.breslowDay!.strata.map((s) => s.index)).toEqual([1, 2, 3]);
  });
});

describe('mantelHaenszelAnalysis: accuracy and edges', () => {
  it('reports a Breslow-Day p of 1e-236 where 1 - CDF gives 0', () => {
    // Two strata with opposite associations and a neutral one: OR_MH = 1 exactly, A_k = m1 k1 / N.
    // numpy/scipy hand formulas: BD = 1085.1612903225807 (542.58... per skewed stratum, 0 for the
    // neutral one), scipy.stats.chi2.sf(BD, 2) = 2.292027473112346e-236.
    const tables: Table2x2[] = [
      [300, 10, 10, 300],
      [10, 300, 300, 10],
      [50, 50, 50, 50],
    ];
    const bd = mantelHaenszelAnalysis(tables).breslowDay!;
    expectRelClose(bd.statistic, 1085.1612903225807, 1e-12);
    expectRelClose(bd.p, 2.292027473112346e-236, 1e-9);
    expect(bd.strata[2]!.contribution).toBe(0);
    expect(cochranMantelHaenszel(tables).breslowDay.p).toBe(0); // the legacy 1 - CDF
  });

  it('agrees with cochranMantelHaenszel on every number both report', () => {
    for (const tables of [UCB, MUSSELS, MIGRAINE, CHINA, DESCTOOLS]) {
      const r = mantelHaenszelAnalysis(tables);
      const corrected = cochranMantelHaenszel(tables);
      const uncorrected = cochranMantelHaenszel(tables, { correct: false });
      expect(r.corrected).toEqual({ statistic: corrected.statistic, p: corrected.p });
      expect(r.uncorrected).toEqual({ statistic: uncorrected.statistic, p: uncorrected.p });
      expect([r.oddsRatio.lower, r.oddsRatio.upper]).toEqual(corrected.oddsRatioCI);
      expect(r.breslowDay!.statistic).toBe(corrected.breslowDay.statistic);
    }
  });

  it('the uncorrected statistic is never below the corrected one', () => {
    for (const tables of [UCB, MUSSELS, MIGRAINE, CHINA, DESCTOOLS]) {
      const r = mantelHaenszelAnalysis(tables);
      expect(r.uncorrected.statistic).toBeGreaterThanOrEqual(r.corrected.statistic);
      expect(r.uncorrected.p).toBeLessThanOrEqual(r.corrected.p);
    }
  });

  it('has no Breslow-Day with one usable stratum or an infinite common OR', () => {
    expect(mantelHaenszelAnalysis([[313, 512, 19, 89]]).breslowDay).toBeNull();
    const infinite = mantelHaenszelAnalysis([
      [5, 0, 0, 5],
      [3, 0, 1, 4],
    ]);
    expect(infinite.oddsRatio).toMatchObject({ estimate: Infinity, lower: 0, upper: Infinity, logSE: null });
    expect(infinite.breslowDay).toBeNull();
    expect(breslowDayTest(UCB, Number.NaN)).toBeNull();
  });

  it('gives both tests 0 / 1 when every stratum has an empty margin', () => {
    const r = mantelHaenszelAnalysis([
      [5, 0, 3, 0],
      [0, 0, 4, 6],
    ]);
    expect(r.uncorrected).toEqual({ statistic: 0, p: 1 });
    expect(r.corrected).toEqual({ statistic: 0, p: 1 });
  });

  it('breslowDayTest against a given odds ratio (DescTools OR = argument)', () => {
    // Against psi = 1 the expected cells are the independence ones, m1 k1 / N (closed form):
    const [a, b, c, d] = [313, 512, 19, 89];
    const n = a + b + c + d;
    const expected = ((a + b) * (a + c)) / n;
    const bd = breslowDayTest([[a, b, c, d], [10, 10, 10, 10]], 1)!;
    expectRelClose(bd.strata[0]!.expected, expected, 1e-12);
    const variance = 1 / (1 / expected + 1 / (a + b - expected) + 1 / (a + c - expected) + 1 / (n - a - b - a - c + expected));
    expectRelClose(bd.strata[0]!.contribution, (a - expected) ** 2 / variance, 1e-12);
  });

  it('refuses bad counts, no usable stratum and a bad confidence level', () => {
    expect(() => mantelHaenszelAnalysis([[1, -1, 2, 3]])).toThrow(/non-negative counts, got -1 in stratum 0/);
    expect(() => mantelHaenszelAnalysis([[1, 0, 0, 0]])).toThrow(/at least one stratum with N >= 2/);
    expect(() => mantelHaenszelAnalysis(UCB, { confidence: 1 })).toThrow(/confidence level in \(0, 1\), got 1/);
    expect(() => breslowDayTest([[1, Number.NaN, 2, 3]], 1)).toThrow(RangeError);
  });
});
