import { describe, expect, it } from 'vitest';
import {
  icc1,
  icc2,
  icc3,
  twoWayAnovaFromMatrix,
  twoWayAnovaFromMoments,
} from '../../../src/audit/stats/icc.js';

// Shrout & Fleiss (1979) Psychol Bull 86:420-428, Table 2: 6 targets rated by 4 judges.
const SHROUT_FLEISS = [
  [9, 2, 5, 8],
  [6, 1, 3, 2],
  [8, 4, 6, 8],
  [7, 1, 2, 6],
  [10, 5, 6, 9],
  [6, 2, 4, 7],
];

const varPop = (xs: number[]) => {
  const m = xs.reduce((a, b) => a + b, 0) / xs.length;
  return xs.reduce((a, x) => a + (x - m) ** 2, 0) / xs.length;
};

describe('twoWayAnova', () => {
  it('Shrout & Fleiss (1979) mean squares: BMS 11.24, WMS 6.26, JMS 32.49, EMS 1.02', () => {
    const a = twoWayAnovaFromMatrix(SHROUT_FLEISS);
    expect(a.ssRows / 5).toBeCloseTo(11.24, 2);
    expect((a.ssCols + a.ssError) / 18).toBeCloseTo(6.26, 2);
    expect(a.ssCols / 3).toBeCloseTo(32.49, 2);
    expect(a.ssError / 15).toBeCloseTo(1.02, 2);
  });

  it('the three-variance (database) route gives the same sums of squares', () => {
    const rowMeans = SHROUT_FLEISS.map((row) => row.reduce((a, b) => a + b, 0) / 4);
    const colMeans = [0, 1, 2, 3].map((j) => SHROUT_FLEISS.reduce((a, row) => a + row[j]!, 0) / 6);
    const fromMoments = twoWayAnovaFromMoments({
      n: 6,
      k: 4,
      varAll: varPop(SHROUT_FLEISS.flat()),
      varRowMeans: varPop(rowMeans),
      varColMeans: varPop(colMeans),
    });
    const fromMatrix = twoWayAnovaFromMatrix(SHROUT_FLEISS);
    expect(fromMoments.ssRows).toBeCloseTo(fromMatrix.ssRows, 10);
    expect(fromMoments.ssCols).toBeCloseTo(fromMatrix.ssCols, 10);
    expect(fromMoments.ssError).toBeCloseTo(fromMatrix.ssError, 10);
  });

  it('hand example [[1, 2], [3, 4]]: additive table, no error', () => {
    expect(twoWayAnovaFromMatrix([[1, 2], [3, 4]])).toEqual({ n: 2, k: 2, ssRows: 4, ssCols: 1, ssError: 0 });
    expect(twoWayAnovaFromMoments({ n: 2, k: 2, varAll: 1.25, varRowMeans: 1, varColMeans: 0.25 })).toEqual({
      n: 2,
      k: 2,
      ssRows: 4,
      ssCols: 1,
      ssError: 0,
    });
  });

  it('refuses ragged or too small tables', () => {
    expect(() => twoWayAnovaFromMatrix([[1, 2]])).toThrow(/number of rows/);
    expect(() => twoWayAnovaFromMatrix([[1, 2], [3]])).toThrow(/row 1/);
  });
});

describe('ICC(1,1), ICC(2,1), ICC(3,1) on the Shrout & Fleiss (1979) example', () => {
  const anova = twoWayAnovaFromMatrix(SHROUT_FLEISS);

  it('point estimates: S&F report .17, .29 and .71', () => {
    expect(icc1(anova).icc).toBeCloseTo(0.17, 2);
    expect(icc2(anova).icc).toBeCloseTo(0.29, 2);
    expect(icc3(anova).icc).toBeCloseTo(0.71, 2);
  });

  // Oracle: python with scipy 1.17.1, mean squares from numpy on the table, limits from the
  // Shrout & Fleiss / McGraw & Wong formulas with scipy.stats.f.ppf and F tests with f.sf.
  it('ICC(1,1): F = BMS/WMS on (5, 18), interval from F quantiles (scipy 1.17.1)', () => {
    const res = icc1(anova);
    expect(res.icc).toBeCloseTo(0.16574176840547553, 12);
    expect(res.f).toBeCloseTo(1.7946784922394685, 12);
    expect([res.df1, res.df2]).toEqual([5, 18]);
    expect(res.p).toBeCloseTo(0.16476880834463953, 9);
    expect(res.lower).toBeCloseTo(-0.13293232487475096, 8);
    expect(res.upper).toBeCloseTo(0.7225600623281211, 8);
  });

  it('ICC(2,1): Satterthwaite interval, v = 4.785 (scipy 1.17.1)', () => {
    const res = icc2(anova);
    expect(res.icc).toBeCloseTo(0.2897637795275592, 12);
    expect(res.lower).toBeCloseTo(0.018786513374712027, 8);
    expect(res.upper).toBeCloseTo(0.7610843696489529, 8);
    expect(res.f).toBeCloseTo(11.027247956403299, 10);
    expect(res.p).toBeCloseTo(0.000134566516484335, 10);
  });

  it('ICC(3,1): F = BMS/EMS on (5, 15) (scipy 1.17.1)', () => {
    const res = icc3(anova);
    expect(res.icc).toBeCloseTo(0.7148407148407154, 12);
    expect([res.df1, res.df2]).toEqual([5, 15]);
    expect(res.lower).toBeCloseTo(0.34246476503392614, 8);
    expect(res.upper).toBeCloseTo(0.9458582599553597, 8);
  });

  it('the interval widens with the confidence level and brackets the estimate', () => {
    for (const f of [icc1, icc2, icc3]) {
      const narrow = f(anova, 0.8);
      const wide = f(anova, 0.99);
      expect(wide.lower).toBeLessThan(narrow.lower);
      expect(wide.upper).toBeGreaterThan(narrow.upper);
      expect(narrow.lower).toBeLessThan(narrow.icc);
      expect(narrow.upper).toBeGreaterThan(narrow.icc);
    }
  });

  it('ICC(3,1) ignores a constant shift of one rater; ICC(2,1) penalises it', () => {
    // By construction: rater 2 = rater 1 + 3, up to +-0.1 noise (keeps EMS > 0): near-perfect
    // consistency, poor absolute agreement.
    const table = [[1, 4.1], [2, 4.9], [3, 6.1], [4, 6.9], [5, 8]];
    const a = twoWayAnovaFromMatrix(table);
    expect(icc3(a).icc).toBeGreaterThan(0.95);
    expect(icc2(a).icc).toBeLessThan(0.5);
  });

  it('refuses a confidence outside (0, 1)', () => {
    expect(() => icc2(anova, 1)).toThrow(/confidence/);
  });
});
