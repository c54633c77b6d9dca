import { describe, expect, it } from 'vitest';
import { binomialTest } from '../../../src/audit/stats/binomial-test.js';
import { logBinomialPmf } from '../../../src/audit/stats/log-hypergeometric-pmf.js';
import { expectRelClose } from './close-to.js';

describe('binomialTest (exact, one-sided)', () => {
  it('matches hand-computed tails', () => {
    // P(X >= 7), X ~ Bin(10, 1/2) = (C(10,7) + C(10,8) + C(10,9) + C(10,10)) / 2^10 = 176/1024
    expectRelClose(binomialTest(7, 10, 0.5, 'greater'), 176 / 1024, 1e-13);
    // P(X >= 25), X ~ Bin(25, 1/2) = 2^-25
    expectRelClose(binomialTest(25, 25, 0.5, 'greater'), 2 ** -25, 1e-13);
    // P(X <= 0), X ~ Bin(200, 0.02) = 0.98^200
    expectRelClose(binomialTest(0, 200, 0.02, 'less'), 0.98 ** 200, 1e-12);
    expect(binomialTest(0, 10, 0.3, 'greater')).toBe(1);
    expect(binomialTest(10, 10, 0.3, 'less')).toBe(1);
  });

  it.each([
    // scipy 1.17.1 scipy.stats.binomtest(x, n, p0, alternative=...).pvalue
    [0, 200, 0.02, 'less', 0.017587946605721567],
    [3, 500, 0.02, 'less', 0.009812155535351051],
    [60, 100, 0.5, 'greater', 0.028443966820490444],
    [520, 1000, 0.5, 'greater', 0.10872414660207075],
    [9800, 1_000_000, 0.01, 'less', 0.02221251036473548],
    [10_000, 1_000_000, 0.01, 'less', 0.5026596147995148],
    [10_000, 1_000_000, 0.01, 'greater', 0.5013498725636688],
    [10_500, 1_000_000, 0.01, 'greater', 3.1585658792471077e-7],
    [145, 180, 0.5, 'greater', 2.066410706365288e-17],
    [2, 180, 0.02, 'less', 0.29988654916680774],
    [5, 1000, 0.3, 'less', 1.5126216858065475e-144],
    [40, 100, 0.3, 'greater', 0.020988576003924706],
    [20, 100, 0.3, 'greater', 0.9911127916838572],
  ] as const)('binomtest(%i, %i, %f, %s) = %f (scipy)', (x, n, p0, alt, expected) => {
    expectRelClose(binomialTest(x, n, p0, alt), expected, 1e-9);
  });

  it('refuses impossible arguments', () => {
    expect(() => binomialTest(5, 4, 0.5, 'less')).toThrow(RangeError);
    expect(() => binomialTest(1, 0, 0.5, 'less')).toThrow(RangeError);
    expect(() => binomialTest(1, 4, 1.5, 'less')).toThrow(RangeError);
  });
});

describe('logBinomialPmf', () => {
  it('P(X = 3), X ~ Bin(10, 1/2) = C(10,3)/2^10 = 120/1024', () => {
    expectRelClose(Math.exp(logBinomialPmf(3, 10, 0.5)), 120 / 1024, 1e-13);
    expect(logBinomialPmf(11, 10, 0.5)).toBe(-Infinity);
  });
});
