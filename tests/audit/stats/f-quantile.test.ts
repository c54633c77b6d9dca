import tQuantile from '@stdlib/stats-base-dists-t-quantile';
import { describe, expect, it } from 'vitest';
import { fQuantile } from '../../../src/audit/stats/f-quantile.js';

describe('fQuantile', () => {
  it('matches printed F tables', () => {
    // NIST/SEMATECH e-Handbook of Statistical Methods, 1.3.6.7.3 (upper critical values of F):
    // F.95(5, 15) = 2.901, F.99(2, 10) = 7.559, F.95(1, 10) = 4.965.
    expect(fQuantile(0.95, 5, 15)).toBeCloseTo(2.901, 3);
    expect(fQuantile(0.99, 2, 10)).toBeCloseTo(7.559, 3);
    expect(fQuantile(0.95, 1, 10)).toBeCloseTo(4.965, 3);
  });

  it('agrees with scipy to 1e-9 relative, including real df and far tails', () => {
    // scipy 1.17.1: scipy.stats.f.ppf(p, d1, d2)
    const cases: [number, number, number, number][] = [
      [0.95, 5, 15, 2.9012945362361573],
      [0.975, 4.785143862212757, 5, 7.190737169238162],
      [0.001, 3, 7, 0.007599774174264011],
      [0.999999, 2, 3, 14998.499999712438],
    ];
    for (const [p, d1, d2, expected] of cases) {
      expect(Math.abs(fQuantile(p, d1, d2) / expected - 1)).toBeLessThan(1e-9);
    }
  });

  it('F(1, v) quantile is the square of the two-sided t quantile, and F(1,1) has median 1', () => {
    // Identity F(1, v) = t(v)^2; t quantile from an independent stdlib routine.
    expect(fQuantile(0.95, 1, 12)).toBeCloseTo(tQuantile(0.975, 12) ** 2, 9);
    expect(fQuantile(0.5, 1, 1)).toBeCloseTo(1, 12); // F(1,1): median 1 by symmetry of ln F
  });

  it('refuses p outside (0, 1) and non-positive df', () => {
    expect(() => fQuantile(1, 2, 3)).toThrow(RangeError);
    expect(() => fQuantile(0.5, 0, 3)).toThrow(/d1/);
  });
});
