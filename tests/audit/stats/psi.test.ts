import { describe, expect, it } from 'vitest';
import { PSI_EPSILON, populationStabilityIndex } from '../../../src/audit/stats/psi.js';

describe('populationStabilityIndex', () => {
  it('two-bin worked example by hand', () => {
    // q = (0.5, 0.5), p = (0.4, 0.6):
    // (0.4 - 0.5) ln(0.8) + (0.6 - 0.5) ln(1.2) = 0.0223144 + 0.0182322 = 0.0405465
    const res = populationStabilityIndex([50, 50], [40, 60]);
    expect(res.psi).toBeCloseTo(0.1 * Math.log(1.2) - 0.1 * Math.log(0.8), 14);
    expect(res.psi).toBeCloseTo(0.0405465, 7);
    expect(res.contributions[0]).toBeCloseTo(0.0223144, 7);
  });

  it('four deciles-style bins: equals KL(p||q) + KL(q||p) from scipy 1.17.1', () => {
    // python: p = [10,20,30,40]/100, q = [25,25,25,25]/100;
    // scipy.stats.entropy(p, q) + scipy.stats.entropy(q, p) = 0.22821740957339182
    const res = populationStabilityIndex([25, 25, 25, 25], [10, 20, 30, 40]);
    expect(res.psi).toBeCloseTo(0.22821740957339182, 12);
  });

  it('an empty bin is floored at epsilon = 1e-4 (documented convention)', () => {
    // baseline (0.5, 0.5, 0), current (0.5, 0.4, 0.1): bin 3 uses q = 1e-4
    // PSI = (0.4 - 0.5) ln 0.8 + (0.1 - 1e-4) ln(0.1 / 1e-4)
    const res = populationStabilityIndex([50, 50, 0], [50, 40, 10]);
    expect(PSI_EPSILON).toBe(1e-4);
    expect(res.psi).toBeCloseTo(-0.1 * Math.log(0.8) + (0.1 - 1e-4) * Math.log(1000), 14);
    expect(Number.isFinite(populationStabilityIndex([1, 0], [0, 1]).psi)).toBe(true);
  });

  it('is 0 for equal shares, symmetric, and each term is non-negative', () => {
    expect(populationStabilityIndex([10, 20, 30], [20, 40, 60]).psi).toBe(0);
    const a = [5, 9, 20, 3];
    const b = [7, 7, 15, 9];
    expect(populationStabilityIndex(a, b).psi).toBeCloseTo(populationStabilityIndex(b, a).psi, 15);
    expect(populationStabilityIndex(a, b).contributions.every((c) => c >= 0)).toBe(true);
  });

  it('refuses unequal bins, negative counts and empty histograms', () => {
    expect(() => populationStabilityIndex([1, 2], [1])).toThrow(/equal length/);
    expect(() => populationStabilityIndex([1, -2], [1, 2])).toThrow(/baseline\[1\]/);
    expect(() => populationStabilityIndex([0, 0], [1, 2])).toThrow(/positive total/);
  });
});
