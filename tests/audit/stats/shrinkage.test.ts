import { describe, expect, it } from 'vitest';
import { oasShrinkage } from '../../../src/audit/stats/shrinkage.js';
import { expectRelClose } from './close-to.js';

describe('oasShrinkage', () => {
  it('Chen et al. (2010) eq. (23) on a 12 x 3 sample: intensity and shrunk matrix', () => {
    // ML covariance (divisor 12) of a 12 x 3 sample; expected values from numpy 2.4.6 evaluating
    // eq. (23) directly: rho = min(1, ((1 - 2/p) tr(S^2) + tr(S)^2) / ((n + 1 - 2/p)(tr(S^2) - tr(S)^2/p))).
    const s = [
      [0.5108178558333333, 0.29534273541666667, 0.33426944083333315],
      [0.29534273541666667, 0.9182624618749998, 0.5327763375],
      [0.33426944083333315, 0.5327763375, 2.8805686500000003],
    ];
    const r = oasShrinkage(s, 12);
    expectRelClose(r.shrinkage, 0.4276691996713702, 1e-12);
    const expected = [
      [0.9067248338793694, 0.1690337441322676, 0.19131269659754513],
      [0.1690337441322676, 1.1399179313447798, 0.3049243076375312],
      [0.19131269659754513, 0.3049243076375312, 2.263006202484184],
    ];
    r.covariance.forEach((row, i) => row.forEach((x, j) => expectRelClose(x, expected[i]![j]!, 1e-12)));
  });

  it('keeps the trace (the target has the same total variance)', () => {
    const s = [
      [4, 1, 0],
      [1, 2, 0.5],
      [0, 0.5, 1],
    ];
    const r = oasShrinkage(s, 50);
    expect(r.covariance[0]![0]! + r.covariance[1]![1]! + r.covariance[2]![2]!).toBeCloseTo(7, 12);
    expect(r.shrinkage).toBeGreaterThan(0);
    expect(r.shrinkage).toBeLessThan(1);
  });

  it('shrinks less as n grows, and fully for a multiple of the identity', () => {
    const s = [
      [4, 1],
      [1, 1],
    ].map((row) => [...row, 0]).concat([[0, 0, 2]]);
    expect(oasShrinkage(s, 1000).shrinkage).toBeLessThan(oasShrinkage(s, 20).shrinkage);
    expect(oasShrinkage([[2, 0], [0, 2]], 30).shrinkage).toBe(1);
  });

  it('refuses non-square matrices and n < 2', () => {
    expect(() => oasShrinkage([[1, 0]], 10)).toThrow(/square/);
    expect(() => oasShrinkage([[1]], 1)).toThrow(/n >= 2/);
  });
});
