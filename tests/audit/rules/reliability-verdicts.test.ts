/**
 * The reliability decision rules on their own (pure, no engine): COTAN-style band edges, the
 * minGroupSize floor, determinism, and differential reliability's step-down on measured rows.
 */
import { describe, expect, it } from 'vitest';
import { parsePolicy } from '../../../src/audit/contract/policy.js';
import type { MeasuredRetestGroup } from '../../../src/audit/metrics/reliability/measured.js';
import {
  coefficientVerdict,
  determinismVerdict,
  differentialReliabilityVerdict,
  reliabilityBand,
  reliabilityYardstick,
} from '../../../src/audit/rules/reliability-verdicts.js';

const policy = parsePolicy({});

describe('coefficient verdicts (COTAN-R bands .80 / .90 by default)', () => {
  it('bands: < .80 insufficient, .80-.90 sufficient, >= .90 good', () => {
    expect([0.79, 0.8, 0.89, 0.9].map((v) => reliabilityBand(v, policy))).toEqual(['insufficient', 'sufficient', 'sufficient', 'good']);
  });
  it('fail in the insufficient band, pass above it, insufficient evidence under minGroupSize or undefined', () => {
    expect(coefficientVerdict('ICC', 0.79, 100, policy).verdict).toBe('fail');
    expect(coefficientVerdict('ICC', 0.8, 100, policy).verdict).toBe('pass');
    expect(coefficientVerdict('ICC', 0.99, 29, policy).verdict).toBe('insufficient_evidence'); // minGroupSize 30
    expect(coefficientVerdict('ICC', null, 100, policy).verdict).toBe('insufficient_evidence');
  });
  it('determinism: any different re-score of identical input warns', () => {
    expect(determinismVerdict(1).verdict).toBe('pass');
    expect(determinismVerdict(0.999).verdict).toBe('warn');
  });
});

describe('differentialReliabilityVerdict', () => {
  const row = (over: Partial<MeasuredRetestGroup>): MeasuredRetestGroup => ({
    tool: null,
    stage: 's',
    attribute: 'g',
    group: 'b',
    reference: 'a',
    is_reference: false,
    n_pairs: 600,
    pearson_r: 0.8,
    pearson_r_ci: null,
    icc_agreement: null,
    icc_agreement_ci: null,
    z: null,
    p: null,
    holm_p: 0.5,
    minimum_detectable_q: 0.2,
    excluded: null,
    ...over,
  });
  const ref = row({ group: 'a', is_reference: true, holm_p: null, minimum_detectable_q: null });

  it('the yardstick is atanh .90 - atanh .80 = 1.4722 - 1.0986 = 0.3736 (the sufficient-to-good distance in Fisher z)', () => {
    expect(reliabilityYardstick(policy)).toBeCloseTo(Math.atanh(0.9) - Math.atanh(0.8), 15);
    expect(reliabilityYardstick(policy)).toBeCloseTo(0.3736, 4);
  });
  it('significant after Holm: warn, naming the group scored less consistently', () => {
    const j = differentialReliabilityVerdict(row({ pearson_r: 0.7, holm_p: 0.001 }), ref, policy);
    expect(j.verdict).toBe('warn');
    expect(j.rule).toMatch(/scores b less consistently/);
  });
  it('not significant: pass when the test detects the yardstick, insufficient evidence when it cannot', () => {
    expect(differentialReliabilityVerdict(row({}), ref, policy).verdict).toBe('pass');
    expect(differentialReliabilityVerdict(row({ minimum_detectable_q: 0.38 }), ref, policy).verdict).toBe('insufficient_evidence');
  });
  it('under minGroupSize pairs: insufficient evidence even with a tiny p; r = 1 in both: pass', () => {
    expect(differentialReliabilityVerdict(row({ n_pairs: 29, holm_p: 1e-9 }), ref, policy).verdict).toBe('insufficient_evidence');
    expect(differentialReliabilityVerdict(row({ pearson_r: 1, holm_p: null }), { ...ref, pearson_r: 1 }, policy).verdict).toBe('pass');
  });
});
