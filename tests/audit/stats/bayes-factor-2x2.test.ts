import { describe, expect, it } from 'vitest';
import {
  bayesFactorContingency2x2,
  bayesFactorIndependentProportions,
} from '../../../src/audit/stats/bayes-factor-2x2.js';
import { expectRelClose } from './close-to.js';

describe('bayesFactorIndependentProportions (uniform Beta(1, 1) priors)', () => {
  it('closed form by hand: [[3, 1], [1, 3]]', () => {
    // B(x + 1, y + 1) = x! y! / (x + y + 1)!:
    //   B(4, 2) = 3! 1! / 5! = 6/120 = 1/20;  B(2, 4) = 1/20;  B(5, 5) = 4! 4! / 9! = 576/362880 = 1/630
    //   BF10 = (1/20)(1/20) / (1/630) = 630/400 = 1.575
    const r = bayesFactorIndependentProportions(3, 1, 1, 3);
    expectRelClose(r.bf10, 1.575, 1e-13);
    expectRelClose(r.logBf10, Math.log(1.575), 1e-13);
  });

  it('closed form by hand: [[0, 2], [2, 0]] and the null-ish [[1, 1], [1, 1]]', () => {
    //   B(1, 3) = 0! 2! / 3! = 1/3;  B(3, 1) = 1/3;  B(3, 3) = 2! 2! / 5! = 1/30  ->  BF10 = (1/9) / (1/30) = 10/3
    expectRelClose(bayesFactorIndependentProportions(0, 2, 2, 0).bf10, 10 / 3, 1e-13);
    //   B(2, 2) = 1/6 twice, B(3, 3) = 1/30  ->  BF10 = (1/36) / (1/30) = 5/6 < 1: equal rates favoured
    expectRelClose(bayesFactorIndependentProportions(1, 1, 1, 1).bf10, 5 / 6, 1e-13);
  });

  it('is symmetric in the two groups and in selected / not selected', () => {
    const r = bayesFactorIndependentProportions(30, 70, 45, 55).logBf10;
    expectRelClose(bayesFactorIndependentProportions(45, 55, 30, 70).logBf10, r, 1e-12);
    expectRelClose(bayesFactorIndependentProportions(70, 30, 55, 45).logBf10, r, 1e-12);
  });

  it('keeps the log finite where the factor overflows (millions of candidates)', () => {
    const r = bayesFactorIndependentProportions(5e6, 4e6, 3e6, 3.5e6);
    expect(r.bf10).toBe(Infinity);
    expect(Number.isFinite(r.logBf10)).toBe(true);
    expect(r.logBf10).toBeGreaterThan(1000);
  });

  it('refuses negative counts', () => {
    expect(() => bayesFactorIndependentProportions(-1, 1, 1, 1)).toThrow(/a to be a finite count >= 0/);
  });
});

describe("bayesFactorContingency2x2 (audit-ai's Albert 2007 ctable)", () => {
  it("reproduces audit-ai's documented values", () => {
    // audit-ai auditai/stats.py bayes_factor and auditai/utils/crosstabs.py crosstab_bayes_factor docstrings:
    //   ctab [[50, 50], [50, 50]], uniform prior                      -> 0.26162148804907587
    //   ctab [[50, 50], [50, 50]], prior [[5, 10], [70, 10]]          -> 0.016048077654948357
    //   ctab [[75, 50], [25, 50]] (uniform prior; the docstring's label says biased_prior) -> 202.95548692414306
    //   ctab [[75, 50], [25, 50]], prior [[5, 10], [70, 10]]          -> 0.00012159518854984268
    expectRelClose(bayesFactorContingency2x2(50, 50, 50, 50).bf10, 0.26162148804907587, 1e-12);
    expectRelClose(bayesFactorContingency2x2(50, 50, 50, 50, [5, 10, 70, 10]).bf10, 0.016048077654948357, 1e-12);
    expectRelClose(bayesFactorContingency2x2(75, 50, 25, 50).bf10, 202.95548692414306, 1e-12);
    expectRelClose(bayesFactorContingency2x2(75, 50, 25, 50, [5, 10, 70, 10]).bf10, 0.00012159518854984268, 1e-12);
  });

  it('closed form by hand: [[1, 0], [0, 1]] with the uniform prior', () => {
    // D(v) = prod Gamma(v_i) / Gamma(sum v_i). Cells: D(2, 1, 1, 2) / D(1, 1, 1, 1) = (1/120) / (1/6) = 1/20.
    // Rows (1, 1) + 1: D(2, 2) / D(1, 1) = (1/6) / 1; columns the same.  BF10 = (1/20) / (1/36) = 1.8
    expectRelClose(bayesFactorContingency2x2(1, 0, 0, 1).bf10, 1.8, 1e-13);
  });

  it('is unchanged by swapping rows, columns, or transposing, under the uniform prior', () => {
    const r = bayesFactorContingency2x2(75, 50, 25, 50).logBf10;
    expectRelClose(bayesFactorContingency2x2(25, 50, 75, 50).logBf10, r, 1e-12);
    expectRelClose(bayesFactorContingency2x2(50, 75, 50, 25).logBf10, r, 1e-12);
    expectRelClose(bayesFactorContingency2x2(75, 25, 50, 50).logBf10, r, 1e-12);
  });

  it('differs from the independent-binomial factor (different sampling models)', () => {
    // Same table, same uniform idea, different margins conditioned on: the two must not be confused.
    expect(bayesFactorContingency2x2(3, 1, 1, 3).bf10).not.toBeCloseTo(bayesFactorIndependentProportions(3, 1, 1, 3).bf10, 2);
  });

  it('refuses a prior whose margins leave no proper independence prior', () => {
    expect(() => bayesFactorContingency2x2(1, 2, 3, 4, [0.5, 0.5, 0.5, 0.5])).toThrow(/row and column sums > 1/);
    expect(() => bayesFactorContingency2x2(1, 2, 3, 4, [1, 1, 1, 0])).toThrow(RangeError);
  });
});
