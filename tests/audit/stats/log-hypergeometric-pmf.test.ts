import { describe, expect, it } from 'vitest';
import { logHypergeometricPmf } from '../../../src/audit/stats/log-hypergeometric-pmf.js';

describe('logHypergeometricPmf', () => {
  it('gives exact small probabilities', () => {
    // C(4,3) C(4,1) / C(8,4) = 16/70 (Fisher's tea tasting table, observed cell 3)
    expect(Math.exp(logHypergeometricPmf(3, 4, 4, 4))).toBeCloseTo(16 / 70, 14);
    // C(4,4) C(4,0) / C(8,4) = 1/70
    expect(Math.exp(logHypergeometricPmf(4, 4, 4, 4))).toBeCloseTo(1 / 70, 14);
    // C(5,2) C(3,0) / C(8,2) = 10/28
    expect(logHypergeometricPmf(2, 5, 3, 2)).toBeCloseTo(Math.log(10 / 28), 14);
    // k = 0: the empty draw is certain
    expect(logHypergeometricPmf(0, 5, 3, 0)).toBe(0);
  });

  it.each([
    // mpmath 1.3.0 at 40 digits: loggamma form of ln C(m,x) C(n,k-x) / C(m+n,k)
    [10, 100, 20, 30, -34.519188649960041864],
    [501000, 1000000, 1000000, 1000000, -10.786972083012491828],
    [1200000, 5000000, 5000000, 2397000, -9.9028525855533848689],
    [0, 5000000, 5000000, 2397000, -2045847.4837241529756],
  ])('ln P(X = %i | m = %i, n = %i, k = %i) matches mpmath', (x, m, n, k, expected) => {
    // At these sizes the nine-lgamma formula is off by 2e-9 .. 2e-8 in double precision.
    expect(Math.abs(logHypergeometricPmf(x, m, n, k) - expected)).toBeLessThan(1e-12 * Math.max(1, Math.abs(expected)));
  });

  it('is symmetric where the distribution is (m = n, k = m): P(x) = P(k - x)', () => {
    expect(logHypergeometricPmf(501000, 1000000, 1000000, 1000000)).toBeCloseTo(
      logHypergeometricPmf(499000, 1000000, 1000000, 1000000),
      12,
    );
  });

  it('is -Infinity outside the support', () => {
    expect(logHypergeometricPmf(5, 4, 4, 4)).toBe(-Infinity);
    expect(logHypergeometricPmf(0, 4, 2, 3)).toBe(-Infinity); // at least k - n = 1 marked drawn
    expect(logHypergeometricPmf(1.5, 4, 4, 4)).toBe(-Infinity);
  });

  it('refuses impossible urns', () => {
    expect(() => logHypergeometricPmf(0, -1, 4, 2)).toThrow(RangeError);
    expect(() => logHypergeometricPmf(0, 2, 2, 5)).toThrow(RangeError);
    expect(() => logHypergeometricPmf(0, 2.5, 2, 1)).toThrow(RangeError);
  });
});
