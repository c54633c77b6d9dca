import { describe, expect, it } from 'vitest';
import { homogeneityRatio, traitVariances } from '../../../src/audit/stats/trace-ratio.js';

describe('homogeneityRatio', () => {
  it('raw traces by construction: pool variances (4, 1), selected (1, 1) -> 2/5', () => {
    expect(homogeneityRatio([1, 1], [4, 1], 'raw')).toBeCloseTo(0.4, 15);
  });

  it('pool-standardised: mean of per-trait variance ratios, (1/4 + 1/1)/2 = 0.625', () => {
    expect(homogeneityRatio([1, 1], [4, 1])).toBeCloseTo(0.625, 15);
  });

  it('both scales agree on traits already standardised on the pool (variance 1)', () => {
    expect(homogeneityRatio([0.5, 0.9, 0.7], [1, 1, 1])).toBeCloseTo(0.7, 15);
    expect(homogeneityRatio([0.5, 0.9, 0.7], [1, 1, 1], 'raw')).toBeCloseTo(0.7, 15);
  });

  it('from rows: selecting the middle half of a uniform grid shrinks a trait by construction', () => {
    // Trait 1: pool 1..8 (var 63/12 = 5.25), selected 3..6 (var 15/12 = 1.25);
    // trait 2 constant-spread: pool and selected both alternate 0/2 (var 1).
    const pool = [1, 2, 3, 4, 5, 6, 7, 8].map((v, i) => [v, i % 2 === 0 ? 0 : 2]);
    const selected = pool.slice(2, 6);
    const vPool = traitVariances(pool);
    const vSel = traitVariances(selected);
    expect(vPool).toEqual([5.25, 1]);
    expect(vSel).toEqual([1.25, 1]);
    expect(homogeneityRatio(vSel, vPool, 'raw')).toBeCloseTo(2.25 / 6.25, 15);
    expect(homogeneityRatio(vSel, vPool)).toBeCloseTo((1.25 / 5.25 + 1) / 2, 15);
  });

  it('refuses mismatched lengths, negative variances and a constant pool trait', () => {
    expect(() => homogeneityRatio([1], [1, 2])).toThrow(/equal length/);
    expect(() => homogeneityRatio([-1], [1])).toThrow(/selectedVariances\[0\]/);
    expect(() => homogeneityRatio([0, 1], [0, 1])).toThrow(/trait 0/);
    expect(() => homogeneityRatio([], [])).toThrow(/at least one trait/);
  });
});
