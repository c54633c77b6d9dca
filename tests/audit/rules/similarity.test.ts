import { describe, expect, it } from 'vitest';
import { parsePolicy } from '../../../src/audit/contract/policy.js';
import type { MeasuredCoupling, MeasuredMirror, MeasuredProbe } from '../../../src/audit/metrics/similarity/measured.js';
import {
  bootstrapBasis,
  couplingVerdict,
  diversityVerdict,
  homogeneityVerdict,
  judgeCoupling,
  mirrorVerdict,
  proxyVerdict,
  reportedPartial,
} from '../../../src/audit/rules/similarity-verdicts.js';
import { judgeSimilarity } from '../../../src/audit/rules/similarity.js';
import { syntheticProfile } from '../../support/profile.js';

/**
 * The similar-to-me rules of requirements Q8 [C] at their boundaries, on measured numbers written
 * here: default policy thresholds coupling rho > 0.30, H < 0.80, representation ratio < 0.8,
 * diversity change < -0.05, proxy AUC >= 0.70; alpha 0.05, minGroupSize 30, minCriterionN 30.
 */
const policy = parsePolicy({ protected: ['gender'] });
const partial = (rho: number, p: number): NonNullable<MeasuredCoupling['partial']> => ({ n: 60, rho, rho_ci: [rho - 0.2, rho + 0.2], p, r_score_criterion: 0.3, r_resemblance_criterion: 0.1 });
const measured = (over: Partial<MeasuredCoupling> = {}): MeasuredCoupling => ({ n: 200, rho: 0.4, rho_ci: [0.28, 0.51], p: 1e-6, partial: partial(0.35, 0.01), criterionN: 60, ...over });

describe('coupling (Q8: fail if partial > 0.30 with p < alpha; warn if only the zero-order correlation)', () => {
  it('fails on the partial correlation, warns on the zero-order one alone, passes below the threshold', () => {
    expect(judgeCoupling(measured(), policy).verdict).toBe('fail');
    expect(judgeCoupling(measured({ partial: partial(0.3, 0.001) }), policy).verdict).toBe('warn'); // 0.30 is not > 0.30
    expect(judgeCoupling(measured({ partial: partial(0.5, 0.05) }), policy).verdict).toBe('warn'); // p 0.05 is not < 0.05
    expect(judgeCoupling(measured({ rho: 0.3, partial: partial(0.1, 0.4) }), policy).verdict).toBe('pass');
    expect(couplingVerdict(200, 0.6, 0.2, null, policy).status).toBe('pass');
  });

  it('is insufficient evidence under minGroupSize scored candidates or without variance', () => {
    expect(judgeCoupling(measured({ n: 29 }), policy).verdict).toBe('insufficient_evidence');
    expect(judgeCoupling(measured({ rho: null, p: null }), policy).verdict).toBe('insufficient_evidence');
  });

  it('reports the partial correlation from minCriterionN criterion rows only, and says why it is missing', () => {
    expect(reportedPartial(measured(), policy)).toEqual({ partial: partial(0.35, 0.01), partial_note: null });
    // 29 criterion rows < 30: withheld, so the coupling can only warn
    const few = judgeCoupling(measured({ criterionN: 29 }), policy);
    expect([few.partial, few.verdict]).toEqual([null, 'warn']);
    expect(few.partial_note).toContain('29');
    expect(judgeCoupling(measured({ criterionN: 29 }), parsePolicy({ thresholds: { minCriterionN: 20 } })).verdict).toBe('fail');
    expect(reportedPartial(measured({ criterionN: null, partial: null }), policy).partial_note).toContain('no criterion column');
    expect(reportedPartial(measured({ partial: null }), policy)).toMatchObject({ partial: null, partial_note: expect.stringContaining('undefined') });
    expect(judgeCoupling(measured(), policy)).not.toHaveProperty('criterionN');
  });
});

describe('homogeneity (Q8: warn if H < 0.80 with the bootstrap interval below 1)', () => {
  it('warns, is insufficient evidence when the interval reaches 1 or too few are selected, else passes', () => {
    expect(homogeneityVerdict(0.7, [0.6, 0.95], 100, policy).status).toBe('warn');
    expect(homogeneityVerdict(0.7, [0.6, 1], 100, policy).status).toBe('insufficient_evidence');
    expect(homogeneityVerdict(0.7, null, 100, policy).status).toBe('insufficient_evidence');
    expect(homogeneityVerdict(0.7, [0.6, 0.95], 29, policy).status).toBe('insufficient_evidence');
    expect(homogeneityVerdict(null, null, 100, policy).status).toBe('insufficient_evidence');
    expect(homogeneityVerdict(0.8, [0.7, 0.9], 100, policy).status).toBe('pass');
  });

  it('says whether the bootstrap resampled the whole pool or scaled a sample up to it', () => {
    expect(bootstrapBasis({ h: 0.7, h_ci: null, replicates: 1000, bootstrap_n: 400 }, 400)).toContain('all 400 candidates');
    expect(bootstrapBasis({ h: 0.7, h_ci: null, replicates: 1000, bootstrap_n: 20_000 }, 80_000)).toContain('sqrt(5000/80000)');
  });
});

const group = (g: string, over: Partial<MeasuredMirror['groups'][number]> = {}): MeasuredMirror['groups'][number] => ({
  group: g, pool_n: 500, pool_share: 0.5, selected_n: 50, selected_share: 0.5, benchmark_n: 50, benchmark_share: 0.5, representation_ratio: 1, representation_p: 0.5, selection_p: 0.5, ...over,
});
const mirrored = (over: Partial<MeasuredMirror> = {}): MeasuredMirror => ({
  attribute: 'gender',
  groups: [group('female', { selected_n: 20, benchmark_n: 10, representation_ratio: 0.2, representation_p: 0.001, selection_p: 0.001 }), group('male', { selected_n: 80, benchmark_n: 90 })],
  pool_unknown: 0, benchmark_unknown: 0, js_selected_benchmark: 0.01, js_selected_pool: 0.05, closer_to_benchmark: true,
  diversity_pool: 0.5, diversity_selected: 0.32, diversity_change: -0.18, independence_chi2: 40, independence_df: 1, independence_p: 1e-9, ...over,
});

describe('demographic mirror and diversity loss (Q8, AI Act art. 10(3))', () => {
  it('warns when the selected are closer to the benchmark and a group is under-represented there and under-selected', () => {
    expect(mirrorVerdict(mirrored(), policy).status).toBe('warn');
    expect(mirrorVerdict(mirrored({ closer_to_benchmark: false }), policy).status).toBe('pass');
    const notSelectedLess = mirrored();
    notSelectedLess.groups[0] = { ...notSelectedLess.groups[0]!, selection_p: 0.2 };
    expect(mirrorVerdict(notSelectedLess, policy).status).toBe('pass');
  });

  it('is not assessed without benchmark candidates of known value, insufficient under 30 selected or 30 benchmark', () => {
    const noBench = mirrored();
    noBench.groups = noBench.groups.map((g) => ({ ...g, benchmark_n: 0 }));
    expect(mirrorVerdict(noBench, policy).status).toBe('not_assessed');
    const smallBench = mirrored();
    smallBench.groups = smallBench.groups.map((g) => ({ ...g, benchmark_n: 14 })); // 28 < 30
    expect(mirrorVerdict(smallBench, policy).status).toBe('insufficient_evidence');
  });

  it('diversity loss: warn below -0.05 with chi-square p < alpha; not assessed with one known group', () => {
    expect(diversityVerdict(mirrored(), policy).status).toBe('warn');
    expect(diversityVerdict(mirrored({ diversity_change: -0.05 }), policy).status).toBe('pass');
    expect(diversityVerdict(mirrored({ independence_p: 0.06 }), policy).status).toBe('pass');
    expect(diversityVerdict(mirrored({ groups: [group('female')] }), policy).status).toBe('not_assessed');
    expect(diversityVerdict(mirrored({ diversity_change: null }), policy).status).toBe('insufficient_evidence');
  });
});

describe('proxy probe (AVG-22(4)/9: warn if the cross-validated AUC >= 0.70 with its interval above 0.5)', () => {
  const target = (group: string, auc: number, lower: number, n = 100) => ({ group, n_positive: n, n_negative: 400, auc, auc_ci: [lower, auc + 0.05] as [number, number], se: 0.02 });
  const probe = (...targets: MeasuredProbe['targets']): MeasuredProbe => ({ attribute: 'ethnicity', tool: null, stage: 's1', n: 500, targets });

  it('warns, is insufficient evidence when the interval includes 0.5, passes below 0.70', () => {
    expect(proxyVerdict(probe(target('a', 0.7, 0.6)), policy)).toMatchObject({ verdict: 'warn', max_auc: 0.7 });
    expect(proxyVerdict(probe(target('a', 0.75, 0.5)), policy).verdict).toBe('insufficient_evidence');
    expect(proxyVerdict(probe(target('a', 0.69, 0.6)), policy).verdict).toBe('pass');
  });

  it('judges only targets with minGroupSize candidates on each side; max_auc is the highest of those', () => {
    const r = proxyVerdict(probe(target('a', 0.9, 0.8, 29), target('b', 0.6, 0.55)), policy);
    expect([r.verdict, r.max_auc]).toEqual(['pass', 0.6]);
    expect(proxyVerdict(probe(target('a', 0.9, 0.8, 29)), policy)).toMatchObject({ verdict: 'insufficient_evidence', max_auc: null });
  });
});

describe('threshold comparisons within floating-point tolerance (rules/thresholds.ts)', () => {
  // 0.6 / 0.75 is 0.7999999999999999 in doubles: a ratio of exactly 0.8 is not below 0.8.
  const exactly08 = 0.6 / 0.75;
  it('a representation ratio or H of exactly 0.8 is not below 0.8', () => {
    expect(exactly08).toBeLessThan(0.8);
    const m = mirrored();
    m.groups[0] = { ...m.groups[0]!, representation_ratio: exactly08 };
    expect(mirrorVerdict(m, policy).status).toBe('pass');
    expect(homogeneityVerdict(exactly08, [0.7, 0.9], 100, policy).status).toBe('pass');
  });

  it('a correlation of 0.30 plus rounding is not above 0.30; an AUC of 0.70 minus rounding reaches 0.70; a change of -0.05 is not below -0.05', () => {
    expect(couplingVerdict(200, 0.1 + 0.2, 1e-6, null, policy).status).toBe('pass'); // 0.30000000000000004
    const p = { attribute: 'a', tool: null, stage: 's1', n: 500, targets: [{ group: 'x', n_positive: 100, n_negative: 400, auc: 0.7 - 1e-12, auc_ci: [0.6, 0.8] as [number, number], se: 0.02 }] };
    expect(proxyVerdict(p, policy).verdict).toBe('warn');
    expect(diversityVerdict(mirrored({ diversity_change: 0.15 - 0.2 }), policy).status).toBe('pass'); // -0.05000000000000002 is not below -0.05
  });
});

describe('judgeSimilarity', () => {
  it('judges nothing when the family did not apply', () => {
    expect(judgeSimilarity(null, { policy, dataset: syntheticProfile(['gender']), judged: {} })).toEqual({ section: null, findings: [] });
  });
});
