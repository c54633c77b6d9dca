import { describe, expect, it } from 'vitest';
import { chiSquareIndependence } from '../../../src/audit/stats/chi-square-rxc.js';
import { chiSquare2x2 } from '../../../src/audit/stats/chi-square-2x2.js';
import { expectRelClose } from './close-to.js';

describe('chiSquareIndependence', () => {
  it('scipy.stats.chi2_contingency documentation example (correction=False)', () => {
    // scipy 1.17.1: chi2_contingency([[10, 10, 20], [20, 20, 20]], correction=False)
    // -> statistic 2.7777777777777777, pvalue 0.24935220877729622, dof 2
    const r = chiSquareIndependence([[10, 10, 20], [20, 20, 20]]);
    expectRelClose(r.statistic, 2.7777777777777777, 1e-14);
    expect(r.df).toBe(2);
    expectRelClose(r.p, 0.24935220877729622, 1e-10);
  });

  it('equals the 2x2 Pearson test without correction (Berkeley department A)', () => {
    const r = chiSquareIndependence([[313, 512], [19, 89]]);
    const two = chiSquare2x2(313, 512, 19, 89);
    expectRelClose(r.statistic, two.statistic, 1e-12);
    expectRelClose(r.p, two.p, 1e-8);
  });

  it('drops empty rows and columns; a table with one non-empty row has no test', () => {
    const r = chiSquareIndependence([[10, 0, 20], [20, 0, 20], [0, 0, 0]]);
    const two = chiSquare2x2(10, 20, 20, 20);
    expectRelClose(r.statistic, two.statistic, 1e-12);
    expect(r.df).toBe(1);
    expect(chiSquareIndependence([[5, 7], [0, 0]])).toEqual({ statistic: 0, df: 0, p: 1 });
  });

  it('refuses ragged tables and negative counts', () => {
    expect(() => chiSquareIndependence([[1, 2], [3]])).toThrow(/2 columns/);
    expect(() => chiSquareIndependence([[1, -2], [3, 4]])).toThrow(/table\[0\]/);
    expect(() => chiSquareIndependence([])).toThrow(/non-empty/);
  });
});
