import { describe, expect, it } from 'vitest';
import { fisherExact2x2 } from '../../../src/audit/stats/fisher-exact.js';
import { expectRelClose } from './close-to.js';

type Table = [number, number, number, number];

describe('fisherExact2x2: published values', () => {
  it("Fisher's tea tasting, 3 of 4 right", () => {
    // Fisher (1935) The Design of Experiments, ch. II: (C(4,3)C(4,1) + C(4,4)C(4,0)) / C(8,4) = 17/70;
    // R ?fisher.test, TeaTasting, alternative = "greater": p = 0.2429
    expect(fisherExact2x2(3, 1, 1, 3, 'greater')).toBeCloseTo(17 / 70, 14);
    // two-sided: tables 0,1,3,4 are no likelier than table 3 -> (1 + 16 + 16 + 1)/70 = 34/70 (R: 0.4857)
    expect(fisherExact2x2(3, 1, 1, 3)).toBeCloseTo(34 / 70, 14);
  });

  it("R's Convictions example (Fisher 1962, like-sex twins)", () => {
    // R ?fisher.test: Convictions <- matrix(c(2, 10, 15, 3), nrow = 2), i.e. rows [2, 15], [10, 3].
    // Published R output: alternative = "less" p-value = 0.0004652; two-sided p-value = 0.0005367.
    expect(fisherExact2x2(2, 15, 10, 3, 'less')).toBeCloseTo(0.0004652, 7);
    expect(fisherExact2x2(2, 15, 10, 3)).toBeCloseTo(0.0005367, 7);
    // scipy 1.17.1 scipy.stats.fisher_exact([[2, 15], [10, 3]], alternative=...)
    expectRelClose(fisherExact2x2(2, 15, 10, 3, 'less'), 0.00046518094336290503, 1e-12);
    expectRelClose(fisherExact2x2(2, 15, 10, 3), 0.0005367241191434358, 1e-12);
  });

  it('Wikipedia "Fisher\'s exact test" example (dieting by sex)', () => {
    // Wikipedia: table [[1, 9], [11, 3]], two-sided p ~= 0.002759;
    // scipy 1.17.1 scipy.stats.fisher_exact([[1, 9], [11, 3]]) = 0.0027594561852200836
    expect(fisherExact2x2(1, 9, 11, 3)).toBeCloseTo(0.002759, 6);
    expectRelClose(fisherExact2x2(1, 9, 11, 3), 0.0027594561852200836, 1e-12);
  });

  it('SAS PROC FREQ, Berkeley department B', () => {
    // Penn State STAT 504, berkeley_SAS_Output: Male Reject 207 / Accept 353, Female 8 / 17.
    // "Left-sided Pr <= F 0.7598, Right-sided Pr >= F 0.3918, Two-sided Pr <= P 0.6771"
    expect(fisherExact2x2(207, 353, 8, 17, 'less')).toBeCloseTo(0.7598, 4);
    expect(fisherExact2x2(207, 353, 8, 17, 'greater')).toBeCloseTo(0.3918, 4);
    expect(fisherExact2x2(207, 353, 8, 17)).toBeCloseTo(0.6771, 4);
  });

  it('hand-worked small table with a zero cell', () => {
    // [[0, 5], [3, 2]]: m = 5, n = 5, k = 3; P(0) = C(5,0)C(5,3)/C(10,3) = 10/120 = 1/12,
    // P(3) = C(5,3)C(5,0)/120 = 1/12 (tied), P(1) = P(2) = 50/120. Two-sided = 2/12, less = 1/12.
    expect(fisherExact2x2(0, 5, 3, 2)).toBeCloseTo(1 / 6, 14);
    expect(fisherExact2x2(0, 5, 3, 2, 'less')).toBeCloseTo(1 / 12, 14);
    expect(fisherExact2x2(0, 5, 3, 2, 'greater')).toBe(1);
    // [[5, 0], [0, 5]]: P(5) = 1/C(10,5) = 1/252; two-sided adds the tied table [[0,5],[5,0]].
    expect(fisherExact2x2(5, 0, 0, 5, 'greater')).toBeCloseTo(1 / 252, 15);
    expect(fisherExact2x2(5, 0, 0, 5)).toBeCloseTo(2 / 252, 15);
    expect(fisherExact2x2(5, 0, 0, 5, 'less')).toBe(1);
  });
});

describe('fisherExact2x2: cross-checks', () => {
  it.each([
    // scipy 1.17.1 scipy.stats.fisher_exact(table, alternative=...): two-sided, less, greater
    [[1000, 9000, 1100, 8900], 0.022378874800480137, 0.011189437400240069, 0.9900977108442172],
    [[2, 7, 8, 2], 0.02301413756522116, 0.01852172595206651, 0.9990149169715733],
  ] as [Table, number, number, number][])('%j matches scipy', (table, two, less, greater) => {
    expectRelClose(fisherExact2x2(...table), two, 1e-11);
    expectRelClose(fisherExact2x2(...table, 'less'), less, 1e-11);
    expectRelClose(fisherExact2x2(...table, 'greater'), greater, 1e-11);
  });

  it.each([
    // mpmath 1.3.0, 40 digits: sum of exact hypergeometric terms (loggamma start, ratio recurrence)
    // with R's rule P <= P(obs) (1 + 1e-7). scipy 1.17.1 fisher_exact agrees to ~1e-9 relative
    // (0.242312863416329 / 0.8797847809424761 / 0.1211564317081645 and
    //  0.02631584419734065 / 0.9868921096686576 / 0.013157922098670323).
    [[120000, 380000, 119500, 380500], 0.24231286338614218, 0.87978478096516465, 0.12115643169307109],
    [[1200000, 3800000, 1197000, 3803000], 0.026315844179627562, 0.98689210966861707, 0.013157922089813781],
    [[12000, 38000, 10000, 40000], 1.2428081127467101e-52, 1.0, 6.2140405637335504e-53],
  ] as [Table, number, number, number][])('large table %j matches a 40-digit computation', (table, two, less, greater) => {
    expectRelClose(fisherExact2x2(...table), two, 1e-12);
    expectRelClose(fisherExact2x2(...table, 'less'), less, 1e-12);
    expectRelClose(fisherExact2x2(...table, 'greater'), greater, 1e-12);
  });

  it('counts the tied mirror table at N = 2 million', () => {
    // m = n = k = 1e6: P(501000) = P(499000) exactly; two-sided = both tails.
    // mpmath 1.3.0 (40 digits): two-sided 0.0046984312644577647, greater 0.0023492156322288823
    const table: Table = [501000, 499000, 499000, 501000];
    expectRelClose(fisherExact2x2(...table), 0.0046984312644577647, 1e-12);
    expectRelClose(fisherExact2x2(...table, 'greater'), 0.0023492156322288823, 1e-12);
  });

  it('underflows to 0 for the a = 120000, b = 380000, c = 100000, d = 400000 table', () => {
    // mpmath 1.3.0 (40 digits): two-sided 3.4687766590970152e-509, below the smallest double;
    // scipy 1.17.1 scipy.stats.fisher_exact also returns 0.0 (and 1.0 for 'less').
    expect(fisherExact2x2(120000, 380000, 100000, 400000)).toBe(0);
    expect(fisherExact2x2(120000, 380000, 100000, 400000, 'greater')).toBe(0);
    expect(fisherExact2x2(120000, 380000, 100000, 400000, 'less')).toBe(1);
  });
});

describe('fisherExact2x2: properties and edges', () => {
  const tables: Table[] = [
    [3, 1, 1, 3],
    [2, 15, 10, 3],
    [1, 9, 11, 3],
    [0, 5, 3, 2],
    [207, 353, 8, 17],
    [1000, 9000, 1100, 8900],
  ];

  it.each(tables)('two-sided p is invariant under row swap, column swap and transpose: %j', (a, b, c, d) => {
    const p = fisherExact2x2(a, b, c, d);
    expect(fisherExact2x2(c, d, a, b)).toBeCloseTo(p, 13);
    expect(fisherExact2x2(b, a, d, c)).toBeCloseTo(p, 13);
    expect(fisherExact2x2(a, c, b, d)).toBeCloseTo(p, 13);
  });

  it.each(tables)("'less' on a table is 'greater' with the columns swapped: %j", (a, b, c, d) => {
    expect(fisherExact2x2(a, b, c, d, 'less')).toBeCloseTo(fisherExact2x2(b, a, d, c, 'greater'), 13);
  });

  it('returns 1 when a margin is zero (only one table is possible)', () => {
    expect(fisherExact2x2(0, 10, 0, 7)).toBe(1); // no one selected
    expect(fisherExact2x2(0, 0, 4, 7)).toBe(1); // empty focal group
    expect(fisherExact2x2(0, 0, 0, 0)).toBe(1);
    expect(fisherExact2x2(0, 10, 0, 7, 'less')).toBe(1);
  });

  it('stays in [0, 1] and one-sided tails overlap by exactly P(observed)', () => {
    // P(X <= a) + P(X >= a) = 1 + P(a); for [[3,1],[1,3]]: 1 + 16/70
    expect(fisherExact2x2(3, 1, 1, 3, 'less') + fisherExact2x2(3, 1, 1, 3, 'greater')).toBeCloseTo(1 + 16 / 70, 14);
    expect(fisherExact2x2(50, 50, 50, 50)).toBe(1);
  });

  it('is fast at 10 million rows: 300 calls well under a second each', () => {
    const start = performance.now();
    for (let i = 0; i < 300; i++) fisherExact2x2(1_200_000 + 10 * i, 3_800_000, 1_197_000, 3_803_000);
    // About 0.3 ms a call here; a full-support loop would take ~10 ms a call.
    expect(performance.now() - start).toBeLessThan(3000);
  });

  it('refuses negative or fractional counts', () => {
    expect(() => fisherExact2x2(-1, 2, 3, 4)).toThrow(RangeError);
    expect(() => fisherExact2x2(1.5, 2, 3, 4)).toThrow(RangeError);
    expect(() => fisherExact2x2(1, 2, Number.NaN, 4)).toThrow(RangeError);
  });
});
