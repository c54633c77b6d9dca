/**
 * The validity decision rules on their own (pure, no engine): the COTAN band x UGESP significance
 * grid, the power yardstick that turns "not significant" into insufficient evidence, and the finalize
 * step on hand-made aggregates (rank statistic from a partial sample is flagged as not exact).
 */
import { describe, expect, it } from 'vitest';
import { parsePolicy } from '../../../../src/audit/contract/policy.js';
import { finalizeValidity } from '../../../../src/audit/metrics/validity/finalize.js';
import type { ValidityAggregates, ValidityCell } from '../../../../src/audit/metrics/validity/scan.js';
import { band, criterionVerdict, differentialValidityVerdict } from '../../../../src/audit/metrics/validity/verdict.js';
import { syntheticProfile } from '../../../support/profile.js';

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

describe('finalizeValidity on hand-made aggregates', () => {
  // One stage; criterion rows x = 1..4, y = 2, 1, 4, 3 (r = 0.6); shifts 0, so the sums are raw sums.
  const x = [1, 2, 3, 4];
  const y = [2, 1, 4, 3];
  const sum = (f: (i: number) => number) => x.reduce((a, _, i) => a + f(i), 0);
  const cell: ValidityCell = {
    tool: null,
    stage: 's',
    values: [],
    applicants: 4,
    a1: sum((i) => x[i]!),
    a2: sum((i) => x[i]! ** 2),
    n: 4,
    sx: sum((i) => x[i]!),
    sy: sum((i) => y[i]!),
    sxx: sum((i) => x[i]! ** 2),
    syy: sum((i) => y[i]! ** 2),
    sxy: sum((i) => x[i]! * y[i]!),
  };
  const agg = (sample: ValidityAggregates['sample']): ValidityAggregates => ({
    criterionRows: 4,
    shiftX: 0,
    shiftY: 0,
    binary: false,
    nonBinaryValues: 4,
    cells: [cell],
    auc: [],
    sample,
    sampleSize: 2,
    aucBins: 10,
  });
  const ctx = { policy: parsePolicy({ thresholds: { minCriterionN: 4 } }), dataset: syntheticProfile([], { hasScore: true }) };

  it('r from the shifted sums: 0.6 (hand: cov 0.75, var 1.25 each)', () => {
    const all = x.map((v, i) => ({ tool: null, stage: 's', score: v, criterion: y[i]!, w: 1 }));
    const s = finalizeValidity(agg(all), ctx).stages[0]!;
    expect(s.r).toBeCloseTo(0.6, 12);
    expect(s.spearman_rho).toBeCloseTo(0.6, 12); // the values are their own ranks
    expect(s.spearman_exact).toBe(true);
  });

  it('a sample that misses rows gives a rank statistic flagged as not exact', () => {
    const partial = [0, 1, 2].map((i) => ({ tool: null, stage: 's', score: x[i]!, criterion: y[i]!, w: 1 }));
    const s = finalizeValidity(agg(partial), ctx).stages[0]!;
    expect(s.spearman_exact).toBe(false);
    expect(s.spearman_n).toBe(3);
    expect(s.spearman_rho).toBeCloseTo(0.5, 12); // ranks (1,2,3) vs (2,1,3)
  });
});
