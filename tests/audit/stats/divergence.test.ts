import { describe, expect, it } from 'vitest';
import {
  giniSimpson,
  jensenShannonDivergence,
  representationRatios,
} from '../../../src/audit/stats/divergence.js';

describe('jensenShannonDivergence (bits)', () => {
  it('is 1 for disjoint supports and 0 for equal shares', () => {
    expect(jensenShannonDivergence([1, 0], [0, 1])).toBe(1);
    expect(jensenShannonDivergence([10, 30], [1, 3])).toBe(0);
  });

  it('hand case: (1/2, 1/2) vs (1/4, 3/4)', () => {
    // M = (3/8, 5/8); JS = 1/2 [1/2 log2(4/3) + 1/2 log2(4/5)] + 1/2 [1/4 log2(2/3) + 3/4 log2(6/5)]
    const hand =
      0.5 * (0.5 * Math.log2(4 / 3) + 0.5 * Math.log2(4 / 5)) + 0.5 * (0.25 * Math.log2(2 / 3) + 0.75 * Math.log2(6 / 5));
    expect(jensenShannonDivergence([1, 1], [1, 3])).toBeCloseTo(hand, 15);
    // scipy 1.17.1: jensenshannon([1, 1], [1, 3], base=2) ** 2 = 0.048794940695398505
    expect(jensenShannonDivergence([1, 1], [1, 3])).toBeCloseTo(0.048794940695398505, 14);
  });

  it('matches scipy 1.17.1 jensenshannon(p, q, base=2) ** 2, also with an empty category', () => {
    expect(jensenShannonDivergence([30, 50, 20], [10, 60, 30])).toBeCloseTo(0.04829011018218013, 14);
    expect(jensenShannonDivergence([5, 0, 15, 30], [10, 10, 10, 20])).toBeCloseTo(0.13404267905082506, 14);
  });

  it('is symmetric', () => {
    expect(jensenShannonDivergence([3, 7, 1], [2, 2, 9])).toBeCloseTo(jensenShannonDivergence([2, 2, 9], [3, 7, 1]), 15);
  });

  it('refuses unequal lengths, negative counts and empty distributions', () => {
    expect(() => jensenShannonDivergence([1, 2], [1])).toThrow(/equal length/);
    expect(() => jensenShannonDivergence([1, -2], [1, 2])).toThrow(/p\[1\]/);
    expect(() => jensenShannonDivergence([0, 0], [1, 2])).toThrow(/positive total/);
  });
});

describe('giniSimpson', () => {
  it('hand cases: one group 0, G equal groups 1 - 1/G, (0.2, 0.3, 0.5) -> 0.62', () => {
    expect(giniSimpson([12, 0, 0])).toBe(0);
    expect(giniSimpson([1, 1, 1, 1])).toBeCloseTo(0.75, 15);
    expect(giniSimpson([2, 3, 5])).toBeCloseTo(1 - (0.04 + 0.09 + 0.25), 15);
  });
});

describe('representationRatios', () => {
  it('share in benchmark / share in pool; null where the pool has nobody', () => {
    // benchmark shares (0.25, 0.75, 0) vs pool (0.5, 0.5, 0): 0.5, 1.5, undefined
    expect(representationRatios([10, 30, 0], [50, 50, 0])).toEqual([0.5, 1.5, null]);
    expect(representationRatios([10, 30], [1, 3])).toEqual([1, 1]);
  });
});
