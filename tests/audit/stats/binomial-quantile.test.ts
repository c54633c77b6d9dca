import { describe, expect, it } from 'vitest';
import { binomialQuantile } from '../../../src/audit/stats/binomial-quantile.js';

describe('binomialQuantile', () => {
  it('matches scipy.stats.binom.ppf (scipy 1.x) at small n·p, large n', () => {
    // python: binom.ppf(0.5, 1_000_000, 3e-6) = 3; binom.ppf(0.99, 1_000_000, 3e-6) = 8;
    // binom.ppf(0.05, 10_000_000, 5e-7) = 2
    expect(binomialQuantile(0.5, 1_000_000, 3e-6)).toBe(3);
    expect(binomialQuantile(0.99, 1_000_000, 3e-6)).toBe(8);
    expect(binomialQuantile(0.05, 10_000_000, 5e-7)).toBe(2);
  });

  it('matches scipy.stats.binom.ppf at small n', () => {
    // python: binom.ppf(0.01, 10, 0.3) = 0; binom.ppf(0.3, 10, 0.3) = 2; binom.ppf(0.999999, 20, 0.4) = 18
    expect(binomialQuantile(0.01, 10, 0.3)).toBe(0);
    expect(binomialQuantile(0.3, 10, 0.3)).toBe(2);
    expect(binomialQuantile(0.999999, 20, 0.4)).toBe(18);
  });

  it('steps exactly at the CDF: P(X <= 2) for Binomial(10, 0.3) = 0.3827827864 (scipy binom.cdf)', () => {
    expect(binomialQuantile(0.38278278, 10, 0.3)).toBe(2);
    expect(binomialQuantile(0.38278279, 10, 0.3)).toBe(3);
  });

  it('degenerate cases: p = 0, p = 1, n = 0, u = 1 stays finite', () => {
    expect(binomialQuantile(0.7, 100, 0)).toBe(0);
    expect(binomialQuantile(0.7, 100, 1)).toBe(100);
    expect(binomialQuantile(0.7, 0, 0.5)).toBe(0);
    expect(binomialQuantile(1, 5_000_000, 1e-6)).toBeLessThan(200);
  });

  it('rejects bad arguments', () => {
    expect(() => binomialQuantile(0.5, 2.5, 0.1)).toThrow(RangeError);
    expect(() => binomialQuantile(0.5, 10, 1.5)).toThrow(RangeError);
    expect(() => binomialQuantile(-0.1, 10, 0.5)).toThrow(RangeError);
  });
});
