import { describe, expect, it } from 'vitest';
import { chiSquareHomogeneity } from '../../../src/audit/stats/chi-square-homogeneity.js';

describe('chiSquareHomogeneity', () => {
  it('matches scipy.stats.chi2_contingency(correction=False) on a 2 x 4 table', () => {
    // python: chi2_contingency([[10,20,30,40],[25,25,25,25]], correction=False)
    //   -> statistic 10.900210900210901, p 0.012277894009958807, dof 3
    const res = chiSquareHomogeneity([10, 20, 30, 40], [25, 25, 25, 25]);
    expect(res.statistic).toBeCloseTo(10.900210900210901, 10);
    expect(res.df).toBe(3);
    expect(res.p).toBeCloseTo(0.012277894009958807, 10);
  });

  it('matches scipy on a table with a sparse column', () => {
    // python: chi2_contingency([[5,0,12,8,3],[9,2,10,4,6]], correction=False)
    //   -> statistic 5.519737367087598, p 0.23799998904471115, dof 4
    const res = chiSquareHomogeneity([5, 0, 12, 8, 3], [9, 2, 10, 4, 6]);
    expect(res.statistic).toBeCloseTo(5.519737367087598, 10);
    expect(res.df).toBe(4);
    expect(res.p).toBeCloseTo(0.23799998904471115, 10);
  });

  it('drops columns empty in both rows (same answer as without them)', () => {
    const withEmpty = chiSquareHomogeneity([10, 0, 20, 30, 40], [25, 0, 25, 25, 25]);
    expect(withEmpty.df).toBe(3);
    expect(withEmpty.statistic).toBeCloseTo(10.900210900210901, 10);
  });

  it('identical shares give statistic 0 and p 1; a single column gives p 1', () => {
    expect(chiSquareHomogeneity([10, 20], [20, 40])).toEqual({ statistic: 0, df: 1, p: 1 });
    expect(chiSquareHomogeneity([10, 0], [5, 0]).p).toBe(1);
  });

  it('rejects unequal lengths and empty histograms', () => {
    expect(() => chiSquareHomogeneity([1, 2], [1])).toThrow(RangeError);
    expect(() => chiSquareHomogeneity([0, 0], [1, 1])).toThrow(RangeError);
  });
});
