/**
 * End-to-end known values of the validity family: small datasets whose answers are known from a
 * textbook, from their construction, or from scipy/numpy (python oracle, values pasted with their
 * source; the tests never call python). Each runs the whole audit (ingest, DuckDB scans, finalize,
 * rules), so the numbers check the family's aggregates and wiring, not only the statistics. The
 * AuditResult rounds numbers to 10 significant digits, hence 9-decimal comparisons.
 */
import { describe, expect, it } from 'vitest';
import type { AuditResult } from '../../../../src/audit/contract/audit-result.js';
import { parsePolicy, type PolicyInput } from '../../../../src/audit/contract/policy.js';
import { runAudit } from '../../../../src/audit/run-audit.js';

async function audit(records: Record<string, unknown>[], policy: PolicyInput = {}): Promise<AuditResult> {
  return runAudit({ source: { kind: 'records', records, name: 'known-values' }, policy: parsePolicy({ auditDate: '2026-11-22', ...policy }) });
}

const validityOf = (r: AuditResult) => {
  if (!r.validity) throw new Error('no validity section');
  return r.validity;
};

// Anscombe (1973) Am Stat 27:17-21, data set I.
const ANSCOMBE_X = [10, 8, 13, 9, 11, 14, 6, 4, 12, 7, 5];
const ANSCOMBE_Y1 = [8.04, 6.95, 7.58, 8.81, 8.33, 9.96, 7.24, 4.26, 10.84, 4.82, 5.68];

describe('criterion validity: Pearson r with Fisher-z CI (Anscombe 1973, data set I)', () => {
  it('r = 0.816 (Anscombe), CI and p as scipy 1.17.1 pearsonr; Spearman as scipy spearmanr; u = 1 leaves r uncorrected', async () => {
    const records = ANSCOMBE_X.map((x, i) => ({ candidate_id: `a${i}`, selected: 1, score: x, criterion: ANSCOMBE_Y1[i] }));
    const s = validityOf(await audit(records)).stages[0]!;
    expect(s.n).toBe(11);
    expect(s.r).toBeCloseTo(0.816, 3); // Anscombe (1973)
    // scipy.stats.pearsonr(x, y): statistic 0.8164205163448395, pvalue 0.0021696288730788152,
    // .confidence_interval(0.95) = (0.4243912133932152, 0.9506932537865604) (Fisher z, n - 3)
    expect(s.r).toBeCloseTo(0.8164205163448395, 9);
    expect(s.p).toBeCloseTo(0.0021696288730788152, 9);
    expect(s.r_ci![0]).toBeCloseTo(0.4243912133932152, 9);
    expect(s.r_ci![1]).toBeCloseTo(0.9506932537865604, 9);
    // scipy.stats.spearmanr(x, y).statistic = 0.8181818181818182
    expect(s.spearman_rho).toBeCloseTo(0.8181818181818182, 9);
    expect(s.spearman_exact).toBe(true);
    // every applicant has a criterion: no restriction, u = 1, corrected = observed
    expect(s.u).toBeCloseTo(1, 9);
    expect(s.r_corrected_range).toBeCloseTo(s.r!, 9);
    expect(s.rating).toBe('good');
    // below the default 30 criterion rows: insufficient evidence, never a pass
    expect(s.verdict).toBe('insufficient_evidence');
    expect(s.n_needed).toBe(194); // ((1.959964 + 0.841621) / atanh .2)^2 + 3 = 193.97 (scipy norm.ppf)
  });

  it('passes on the two signals once the minimum criterion n allows it (COTAN band and p < .05)', async () => {
    const records = ANSCOMBE_X.map((x, i) => ({ candidate_id: `a${i}`, selected: 1, score: x, criterion: ANSCOMBE_Y1[i] }));
    const result = await audit(records, { thresholds: { minCriterionN: 10 } });
    expect(validityOf(result).stages[0]!.verdict).toBe('pass');
    const f = result.findings.find((x) => x.code === 'validity.criterion')!;
    expect(f.status).toBe('pass');
    expect(f.rule.id).toBe('COTAN-V');
    expect(f.evidence['r']).toBeCloseTo(0.8164205163, 9);
  });
});

describe('range restriction: Thorndike case II recovers the pool r exactly by construction', () => {
  // The case of tests/audit/stats/range-restriction.test.ts, now through the whole audit: every
  // x in 1..10 twice, criterion x + 2 and x - 2 (homoscedastic, unrelated error); hired iff x >= 6,
  // and only the hired have a criterion. Pool: var x = 8.25, r = sqrt(8.25 / 12.25); hired: var x
  // = 2, r = sqrt(2 / 6); u = sqrt(8.25 / 2) = 2.0310096011589898 (numpy std, ddof 0).
  const records = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].flatMap((x) =>
    [2, -2].map((e, k) => ({ candidate_id: `r${x}_${k}`, selected: x >= 6 ? 1 : 0, score: x, criterion: x >= 6 ? x + e : null })),
  );

  it('observed r = sqrt(2/6), u = 2.0310, corrected r = sqrt(8.25/12.25) = 0.8207 flagged as corrected', async () => {
    const s = validityOf(await audit(records, { thresholds: { minCriterionN: 10 } })).stages[0]!;
    expect(s.applicants).toBe(20);
    expect(s.n).toBe(10);
    expect(s.r).toBeCloseTo(Math.sqrt(2 / 6), 9);
    expect(s.sd_applicants).toBeCloseTo(Math.sqrt(8.25), 9);
    expect(s.sd_criterion_rows).toBeCloseTo(Math.sqrt(2), 9);
    expect(s.u).toBeCloseTo(2.0310096011589898, 9);
    expect(s.r_corrected_range).toBeCloseTo(Math.sqrt(8.25 / 12.25), 9);
    // scipy pearsonr on the hired: p 0.08051623795726269, CI (-0.08213237411220001, 0.8851949891924391)
    expect(s.p).toBeCloseTo(0.08051623795726269, 9);
    expect(s.r_ci![0]).toBeCloseTo(-0.08213237411220001, 9);
    expect(s.r_ci![1]).toBeCloseTo(0.8851949891924391, 9);
    // scipy spearmanr on the hired: 0.5432512781572743
    expect(s.spearman_rho).toBeCloseTo(0.5432512781572743, 9);
    // judged on the observed r (good band) but p >= .05: warn; the corrected value never decides
    expect(s.rating).toBe('good');
    expect(s.rating_corrected).toBe('good');
    expect(s.verdict).toBe('warn');
    expect(s.r_corrected_range_and_criterion).toBeNull();
  });

  it('with a criterion reliability of .80: r / sqrt(.8), then case II = 0.8640638488223128 (python, same formulas by hand)', async () => {
    const s = validityOf(await audit(records, { thresholds: { minCriterionN: 10 }, validity: { criterionReliability: 0.8 } })).stages[0]!;
    expect(s.criterion_reliability).toBe(0.8);
    expect(s.r_corrected_range_and_criterion).toBeCloseTo(0.8640638488223128, 9);
  });
});

describe('differential prediction: Cleary model with exactly known differences', () => {
  // Per group x = 1..5 twice; residual pattern e = .5 (1, -2, 0, 2, -1) and its negative, which is
  // orthogonal to 1 and x within every group, so least squares returns the generating lines exactly:
  // reference y = 10 + 2x + e; group b y = 13 + 2x + e (intercept +3, same slope);
  // group c y = 10 + 3x + e (slope +1). Standard errors and p from numpy lstsq + scipy.stats.t
  // (python oracle): b vs ref, y ~ xc + g: SE(b2) = 0.34299717, p = 1.06138053e-07 (17 df);
  // c vs ref, y ~ xc + g + xc g: SE(b3) = 0.25, p = 1.03202485e-03 (16 df).
  const pattern = [1, -2, 0, 2, -1].map((v) => v * 0.5);
  const line = (a: number, b: number) => (x: number, k: number) => a + b * x + (k === 0 ? pattern[x - 1]! : -pattern[x - 1]!);
  const groups = { ref: line(10, 2), b: line(13, 2), c: line(10, 3) };
  const records = Object.entries(groups).flatMap(([grp, y]) =>
    [0, 1].flatMap((k) => [1, 2, 3, 4, 5].map((x) => ({ candidate_id: `${grp}${k}${x}`, selected: 1, score: x, criterion: y(x, k), grp }))),
  );
  const policy: PolicyInput = { protected: ['grp'], reference: { rule: 'named', groups: { grp: 'ref' } }, thresholds: { minCriterionN: 4 } };

  it('group b: intercept difference 3 exactly, slope difference 0, mean residual +1.5: the score under-predicts b', async () => {
    const result = await audit(records, policy);
    const b = validityOf(result).prediction.find((p) => p.group === 'b')!;
    expect(b.reference).toBe('ref');
    expect(b.n).toBe(10);
    expect(b.intercept_difference).toBeCloseTo(3, 9);
    expect(b.intercept_difference_se).toBeCloseTo(0.34299717, 7);
    expect(b.intercept_difference_p).toBeCloseTo(1.06138053e-7, 10);
    expect(b.slope_difference).toBeCloseTo(0, 9);
    expect(b.common_slope).toBeCloseTo(2, 9);
    expect(b.mean_residual).toBeCloseTo(1.5, 9);
    expect(b.reference_mean_residual).toBeCloseTo(-1.5, 9);
    // Holm over the two intercept tests (p_b = 1.06e-7, p_c = 9.99e-6): 2 x 1.06138053e-7
    expect(b.intercept_difference_holm_p).toBeCloseTo(2 * 1.06138053e-7, 10);
    // power to detect an intercept difference of 0.2 SD(criterion) = 0.2 x 3.278719262151 (numpy std of the two
    // groups): scipy 1 - t.cdf(t.ppf(.975, 17) - 0.2 * 3.278719262151 / 0.34299717, 17) = 0.4226927986083566
    expect(b.power_intercept).toBeCloseTo(0.4226927986083566, 7);
    expect(b.reading).toBe('underpredicts_group');
    expect(b.underpredicted).toBe('b');
    expect(b.verdict).toBe('fail');
    const f = result.findings.find((x) => x.code === 'validity.differential_prediction' && x.subject.groups?.['grp'] === 'b')!;
    expect(f.status).toBe('fail');
    expect(f.rule.id).toBe('STD-DP');
    expect(f.evidence['reading']).toBe('underpredicts_group');
    expect(f.message).toMatch(/under-predicts performance for grp=b/);
  });

  it('group c: slope difference 1 exactly (SE 0.25, p 1.032e-3), read as slopes differing', async () => {
    const c = validityOf(await audit(records, policy)).prediction.find((p) => p.group === 'c')!;
    expect(c.slope_difference).toBeCloseTo(1, 9);
    expect(c.slope_difference_se).toBeCloseTo(0.25, 9);
    expect(c.slope_difference_p).toBeCloseTo(1.03202485e-3, 10);
    expect(c.slope_difference_holm_p).toBeCloseTo(2 * 1.03202485e-3, 10); // Holm over p_b = 1 and p_c
    // standardized by the pooled SDs (numpy std): 1 x 1.4142135623730951 / 3.968626966596886
    expect(c.slope_difference_std).toBeCloseTo(1.4142135623730951 / 3.968626966596886, 9);
    expect(c.mean_residual).toBeCloseTo(1.5, 9);
    // power to detect a standardized slope difference of 0.2: 0.2 x 3.968626966596886 / 1.4142135623730951 per
    // score point, SE 0.25, 16 df: scipy 0.5489944067247192
    expect(c.power_slope).toBeCloseTo(0.5489944067247192, 7);
    expect(c.reading).toBe('slopes_differ');
    expect(c.underpredicted).toBe('c');
    expect(c.verdict).toBe('fail');
  });

  it('ten rows per group cannot show equal validity: differential validity is insufficient evidence, not a pass', async () => {
    const v = validityOf(await audit(records, policy));
    for (const g of v.groups.filter((x) => !x.is_reference)) {
      expect(g.verdict).toBe('insufficient_evidence');
      expect(g.n_needed).toBe(385); // 2 ((1.959964 + 0.841621) / atanh .2)^2 + 3 = 384.94 (scipy norm.ppf)
    }
  });
});

describe('binary criterion: AUC with Hanley-McNeil CI', () => {
  // Hanley & McNeil (1982) Radiology 143:29-36, Table I: CT ratings 1-5 of 58 normal and 51 abnormal
  // cases; W = 0.893, SE(W) = 0.032. As a summary table: score = rating, criterion 1 = abnormal.
  const normal = [33, 6, 6, 11, 2];
  const abnormal = [3, 2, 2, 11, 33];
  const records = normal.flatMap((count, i) => [
    { stage: 'ct', selected: 1, score: i + 1, criterion: 0, count },
    { stage: 'ct', selected: 1, score: i + 1, criterion: 1, count: abnormal[i] },
  ]);

  it('AUC 0.893, SE 0.032 (Hanley & McNeil); exact values as scipy mannwhitneyu U / (m n) and their SE formula', async () => {
    const v = validityOf(await audit(records));
    expect(v.binary_criterion).toBe(true);
    const s = v.stages[0]!;
    expect(s.auc).toBeCloseTo(0.893, 3);
    expect(s.auc_positive).toBe(51);
    expect(s.auc_negative).toBe(58);
    // python: U/(51*58) = 0.8931710615280595; SE 0.03248657960734214; auc -+ 1.959964 SE
    expect(s.auc).toBeCloseTo(0.8931710615280595, 9);
    expect(s.auc_ci![0]).toBeCloseTo(0.8294985355167755, 9);
    expect(s.auc_ci![1]).toBeCloseTo(0.9568435875393434, 9);
    // point-biserial r and Spearman on the 109 expanded cases (scipy pearsonr / spearmanr)
    expect(s.n).toBe(109);
    expect(s.r).toBeCloseTo(0.6881031909290263, 9);
    expect(s.spearman_rho).toBeCloseTo(0.7078055853614654, 9);
  });

  it('no AUC when the policy says the criterion is not binary', async () => {
    const v = validityOf(await audit(records, { validity: { binaryCriterion: false } }));
    expect(v.binary_criterion).toBe(false);
    expect(v.stages[0]!.auc).toBeNull();
  });
});

describe('no evidence is a finding', () => {
  it('no criterion column: no validity section, one validity.no_evidence (insufficient evidence, n needed 194)', async () => {
    const records = [1, 2, 3, 4, 5, 6].map((x) => ({ selected: x > 3 ? 1 : 0, score: x }));
    const result = await audit(records);
    expect(result.validity).toBeUndefined();
    const f = result.findings.filter((x) => x.code.startsWith('validity.'));
    expect(f).toHaveLength(1);
    expect(f[0]!.code).toBe('validity.no_evidence');
    expect(f[0]!.status).toBe('insufficient_evidence');
    expect(f[0]!.evidence).toMatchObject({ reason: 'no_criterion', n_needed: 194, target_r: 0.2, power: 0.8 });
  });

  it('no score column: validity.no_evidence with reason no_score', async () => {
    const result = await audit([{ selected: 1, criterion: 3 }, { selected: 0, criterion: null }]);
    expect(result.validity).toBeUndefined();
    expect(result.findings.find((x) => x.code === 'validity.no_evidence')?.evidence['reason']).toBe('no_score');
  });

  it('a criterion column with no values: validity.no_evidence with reason criterion_empty', async () => {
    const records = [1, 2, 3, 4].map((x) => ({ selected: 1, score: x, criterion: '' }));
    const result = await audit(records);
    const f = result.findings.filter((x) => x.code.startsWith('validity.'));
    expect(f.map((x) => [x.code, x.status, x.evidence['reason']])).toEqual([['validity.no_evidence', 'insufficient_evidence', 'criterion_empty']]);
  });

  it('the n needed follows the configured power and threshold (Lachin 1981: r = .40, power .80 -> 47)', async () => {
    const result = await audit([{ selected: 1, score: 1 }], { thresholds: { validitySufficient: 0.4, validityGood: 0.5 } });
    expect(result.findings.find((x) => x.code === 'validity.no_evidence')?.evidence['n_needed']).toBe(47);
  });
});

describe('binary criterion declared but not binary', () => {
  it('no AUC, and the section says why', async () => {
    const records = [1, 2, 3, 4, 5, 6].map((x) => ({ selected: 1, score: x, criterion: x % 3 }));
    const v = validityOf(await audit(records, { validity: { binaryCriterion: true } }));
    expect(v.binary_criterion).toBe(false);
    expect(v.stages[0]!.auc).toBeNull();
    expect(v.rank_statistics).toMatch(/No AUC: the policy declares the criterion binary, but 2 criterion values are neither 0 nor 1/);
  });
});
