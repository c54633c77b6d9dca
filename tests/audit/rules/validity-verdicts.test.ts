/**
 * The validity decision rules on their own (pure, no engine): the COTAN band x UGESP significance
 * grid, the power yardstick that turns "not significant" into insufficient evidence, and the
 * Cleary step-down on measured regression rows.
 */
import { describe, expect, it } from 'vitest';
import { parsePolicy } from '../../../src/audit/contract/policy.js';
import type { MeasuredPrediction } from '../../../src/audit/metrics/validity/measured.js';
import { band, criterionVerdict, differentialValidityVerdict, predictionVerdict } from '../../../src/audit/rules/validity-verdicts.js';

const policy = parsePolicy({});

describe('criterionVerdict (COTAN-V band and UGESP 1607.14(B)(5))', () => {
  it.each([
    [0.3, 0.001, 'pass'],
    [0.3, 0.2, 'warn'], // band reached, not significant
    [0.1, 0.001, 'warn'], // significant, below the band
    [0.1, 0.2, 'fail'],
    [-0.4, 0.001, 'fail'], // significant but negative: predicts the wrong way
  ] as const)('r = %s, p = %s -> %s', (r, p, status) => {
    expect(criterionVerdict(100, r, p, 194, policy).status).toBe(status);
  });

  it('too few criterion rows, none at all, or an undefined r is insufficient evidence, whatever r says', () => {
    expect(criterionVerdict(29, 0.9, 0.0001, 194, policy)).toMatchObject({ status: 'insufficient_evidence' });
    expect(criterionVerdict(0, null, null, 194, policy).rule).toMatch(/no candidate has both/);
    expect(criterionVerdict(50, null, null, 194, policy).status).toBe('insufficient_evidence');
    expect(criterionVerdict(29, 0.9, 0.0001, 194, policy).rule).toMatch(/194 criterion rows/);
  });

  it('bands: < .20 insufficient, .20-.35 sufficient, >= .35 good (policy thresholds)', () => {
    expect([0.19, 0.2, 0.34, 0.35].map((r) => band(r, policy))).toEqual(['insufficient', 'sufficient', 'sufficient', 'good']);
    expect(band(null, policy)).toBeNull();
  });
});

describe('differentialValidityVerdict', () => {
  const base = { n: 500, referenceN: 500, r: 0.3, referenceR: 0.32, nNeeded: 385 };
  it('significant after Holm: warn', () => {
    expect(differentialValidityVerdict({ ...base, holmP: 0.01, minimumDetectableQ: 0.18 }, policy).status).toBe('warn');
  });
  it('not significant but underpowered (MDE above atanh .2 = 0.2027): insufficient evidence, never pass', () => {
    expect(differentialValidityVerdict({ ...base, holmP: 0.6, minimumDetectableQ: 0.21 }, policy).status).toBe('insufficient_evidence');
  });
  it('not significant and powered: pass', () => {
    expect(differentialValidityVerdict({ ...base, holmP: 0.6, minimumDetectableQ: 0.2 }, policy).status).toBe('pass');
  });
  it('a group under minCriterionN: insufficient evidence even with a tiny p', () => {
    expect(differentialValidityVerdict({ ...base, n: 20, holmP: 1e-9, minimumDetectableQ: 0.1 }, policy).status).toBe('insufficient_evidence');
  });
});

describe('predictionVerdict (Cleary step-down)', () => {
  // A fitted row: every number is the rule's input, not a statistic under test.
  const fitted: MeasuredPrediction = {
    tool: null,
    stage: 's',
    attribute: 'g',
    group: 'b',
    reference: 'a',
    n: 400,
    reference_n: 600,
    centre: 0,
    common_slope: 1,
    slope_difference: 0.01,
    slope_difference_se: 0.05,
    slope_difference_p: 0.8,
    slope_difference_holm_p: 0.8,
    slope_difference_std: 0.01,
    minimum_detectable_slope_difference_std: 0.15,
    intercept_difference: 0.02,
    intercept_difference_se: 0.05,
    intercept_difference_p: 0.7,
    intercept_difference_holm_p: 0.7,
    intercept_difference_std: 0.02,
    minimum_detectable_intercept_difference_std: 0.15,
    power_slope: 0.95,
    power_intercept: 0.95,
    mean_residual: -0.1,
    reference_mean_residual: 0.07,
    n_needed: 600,
    fit: { status: 'fitted' },
  };

  it('neither difference significant and both detectable at .20: pass, nothing under-predicted', () => {
    expect(predictionVerdict(fitted, policy)).toMatchObject({ status: 'pass', reading: 'no_difference_detected', underpredicted: null });
  });
  it('a significant slope difference fails first, naming the group with the positive mean residual', () => {
    const j = predictionVerdict({ ...fitted, slope_difference_holm_p: 0.001, intercept_difference_holm_p: 0.001 }, policy);
    expect(j).toMatchObject({ status: 'fail', reading: 'slopes_differ', underpredicted: 'a' });
  });
  it('equal slopes, a significant intercept difference: fail, under-predicting the group when its residual is positive', () => {
    const j = predictionVerdict({ ...fitted, mean_residual: 0.1, intercept_difference_holm_p: 0.001 }, policy);
    expect(j).toMatchObject({ status: 'fail', reading: 'underpredicts_group', underpredicted: 'b' });
  });
  it('not significant but a minimum detectable difference above .20: insufficient evidence, never pass', () => {
    expect(predictionVerdict({ ...fitted, minimum_detectable_intercept_difference_std: 0.21 }, policy).status).toBe('insufficient_evidence');
  });
  it('not fitted (under minCriterionN, no score variance, singular): insufficient evidence with the reason', () => {
    const below = predictionVerdict({ ...fitted, fit: { status: 'below_minimum' } }, policy);
    expect(below).toMatchObject({ status: 'insufficient_evidence', reading: 'insufficient_evidence', underpredicted: null });
    expect(below.rule).toBe('insufficient evidence: n = 400 (reference 600) < thresholds.minCriterionN 30');
    expect(predictionVerdict({ ...fitted, fit: { status: 'no_score_variance' } }, policy).rule).toMatch(/no variance in the score/);
    expect(predictionVerdict({ ...fitted, fit: { status: 'singular', message: 'singular matrix' } }, policy).rule).toMatch(/could not be fitted \(singular matrix\)/);
  });
});
