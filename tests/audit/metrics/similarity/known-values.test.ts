import { beforeAll, describe, expect, it } from 'vitest';
import type { AuditResult } from '../../../../src/audit/contract/audit-result.js';
import { parsePolicy } from '../../../../src/audit/contract/policy.js';
import { runAudit } from '../../../../src/audit/run-audit.js';

/**
 * The similar-to-me engine path end to end on a dataset small enough to compute by hand: ten
 * applicants with two traits, four benchmark rows (too few for Mahalanobis: 4 <= 5 x 2, so the
 * standardized Euclidean distance is used). Expected values: numpy 2.4.6 / scipy 1.17.1, as
 *   m, s = A.mean(0), A.std(0); c = B.mean(0); d = sqrt((((A - c) / s)**2).sum(1))
 *   scipy.stats.pearsonr(score, -d) (and .confidence_interval()), H = mean(A[sel].var(0) / A.var(0)),
 *   jensenshannon(p, q, base=2)**2, chi2_contingency(..., correction=False), fisher_exact(..., 'less').
 */
const A = [
  [1.0, 2.0],
  [2.0, 1.0],
  [3.0, 4.0],
  [4.0, 3.0],
  [5.0, 6.0],
  [6.0, 5.0],
  [2.5, 3.5],
  [3.5, 2.5],
  [4.5, 1.5],
  [1.5, 4.5],
];
const SCORE = [10, 12, 15, 14, 20, 19, 16, 13, 11, 17];
const SELECTED = [0, 0, 1, 1, 1, 1, 1, 0, 0, 1];
const GENDER = ['female', 'female', 'male', 'male', 'male', 'male', 'female', 'male', 'female', 'female'];
const B = [
  [5.0, 5.0, 'male'],
  [6.0, 6.0, 'male'],
  [5.5, 4.5, 'male'],
  [4.5, 6.5, 'female'],
] as const;

function records(count = 1): Record<string, string | number>[] {
  const applicants = A.map(([a, b], i) => ({ role: 'applicant', selected: SELECTED[i]!, score: SCORE[i]!, gender: GENDER[i]!, trait_a: a!, trait_b: b!, count }));
  const benchmark = B.map(([a, b, g]) => ({ role: 'benchmark', selected: '', score: '', gender: g, trait_a: a, trait_b: b, count }));
  return [...benchmark, ...applicants];
}

async function audit(recs: Record<string, string | number>[]): Promise<NonNullable<AuditResult['similarity']>> {
  // minGroupSize 2 so that ten applicants get verdicts; the numbers do not depend on it.
  const result = await runAudit({ source: { kind: 'records', records: recs, name: 'tiny' }, policy: parsePolicy({ protected: ['gender'], minGroupSize: 2 }) });
  return result.similarity!;
}

type Section = NonNullable<AuditResult['similarity']>;

describe('similar-to-me on ten applicants, by hand / numpy', () => {
  let s: Section;
  let u: Section['units'][number];
  beforeAll(async () => {
    s = await audit(records());
    u = s.units[0]!;
  });

  it('standardises on the pool and places the benchmark centroid in pool SDs', () => {
    expect(s.benchmark).toMatchObject({ source: 'rows', n: 4, n_missing_traits: 0 });
    expect(u.n_pool).toBe(10);
    expect(u.n_selected).toBe(6);
    // pool mean 3.3, population SD sqrt(2.31) = 1.5198684153570663; benchmark centroid (5.25, 5.5)
    expect(u.traits[0]!.pool_mean).toBeCloseTo(3.3, 9);
    expect(u.traits[0]!.pool_sd).toBeCloseTo(1.5198684153570663, 9);
    expect(u.traits[0]!.benchmark_z).toBeCloseTo(1.2830058051715496, 9);
    expect(u.traits[1]!.benchmark_z).toBeCloseTo(1.447493728911492, 9);
    expect(u.traits[0]!.selected_z).toBeCloseTo(0.24124895, 7);
    expect(u.traits[1]!.variance_ratio).toBeCloseTo(0.42087542, 7);
  });

  it('measures the standardized Euclidean distance to the centroid (4 benchmark rows <= 5 x 2 traits)', () => {
    expect(u.resemblance!.metric).toBe('standardized_euclidean');
    expect(u.resemblance!.shrinkage).toBeNull();
    expect(u.resemblance!.pool_mean_distance).toBeCloseTo(2.1607436585761652, 9);
    expect(u.resemblance!.pool_sd_distance).toBeCloseTo(1.0356296795983018, 9);
    expect(u.resemblance!.selected_mean_distance).toBeCloseTo(1.5616554256789454, 9);
    expect(u.resemblance!.rejected_mean_distance).toBeCloseTo(3.0593760079219945, 9);
  });

  it('cuts the clone curve into fifths of the pool (two applicants each) with their selection', () => {
    // Sorted distances (selected?): 0.368 (1), 0.593 (1) | 1.779 (1), 1.839 (1) | 2.237 (1), 2.285 (0) |
    // 2.554 (1), 2.678 (0) | 3.622 (0), 3.652 (0).
    expect(u.clone_curve.map((q) => [q.n, q.selected])).toEqual([[2, 2], [2, 2], [2, 1], [2, 1], [2, 0]]);
    expect(u.clone_curve[0]!.distance_from).toBeCloseTo(0.3678061789603123, 9);
    expect(u.clone_curve[4]!.distance_to).toBeCloseTo(3.6522246082004033, 9);
  });

  it('correlates the score with resemblance: scipy pearsonr(score, -d)', () => {
    const c = u.coupling!;
    expect(c.n).toBe(10);
    expect(c.rho).toBeCloseTo(0.8591601409565457, 9);
    expect(c.p).toBeCloseTo(0.0014471944339214207, 9);
    expect(c.rho_ci![0]).toBeCloseTo(0.5000190634148709, 9);
    expect(c.rho_ci![1]).toBeCloseTo(0.9661485540047348, 9);
    expect(c.partial).toBeNull(); // no criterion column
    expect(c.verdict).toBe('warn'); // rho > 0.30 with p < .05, and no criterion to look beyond
  });

  it('homogeneity ratio = mean of per-trait variance ratios, with a bootstrap interval around it', () => {
    expect(u.homogeneity.h).toBeCloseTo(0.7094757094757094, 9);
    const [lo, hi] = u.homogeneity.h_ci!;
    expect(lo).toBeLessThan(0.7094757094757094);
    expect(hi).toBeGreaterThan(0.7094757094757094);
    expect(u.homogeneity.bootstrap_n).toBe(10);
  });

  it('mirror: shares, representation ratio, Jensen-Shannon, Fisher, Gini-Simpson and chi-square', () => {
    const m = u.mirror[0]!;
    const female = m.groups.find((g) => g.group === 'female')!;
    expect(female).toMatchObject({ pool_n: 5, selected_n: 2, benchmark_n: 1 });
    expect(female.representation_ratio).toBeCloseTo(0.5, 12);
    expect(female.representation_p).toBeCloseTo(0.4055944055944055, 9); // fisher_exact([[1, 3], [5, 5]], 'less')
    expect(female.selection_p).toBeCloseTo(0.2619047619047619, 9); // fisher_exact([[2, 4], [3, 1]], 'less')
    expect(m.js_selected_benchmark).toBeCloseTo(0.0060774899785535, 9);
    expect(m.js_selected_pool).toBeCloseTo(0.020720839623908173, 9);
    expect(m.closer_to_benchmark).toBe(true);
    expect(m.verdict).toBe('pass'); // under-represented (0.5 < 0.8) but neither Fisher test is significant
    expect(m.diversity_pool).toBeCloseTo(0.5, 12);
    expect(m.diversity_selected).toBeCloseTo(0.4444444444444444, 9);
    expect(m.independence_chi2).toBeCloseTo(1.6666666666666665, 9);
    expect(m.independence_p).toBeCloseTo(0.1967056024589432, 9);
  });

  it('a summary table with count = 2 gives the same statistics as the rows counted twice', async () => {
    const weighted = await audit(records(2));
    const doubled = await audit([...records(), ...records()]);
    const strip = (x: Section) => ({ ...x, units: x.units.map((v) => ({ ...v, homogeneity: { ...v.homogeneity, h_ci: null, verdict: null, verdict_rule: null }, coupling: { ...v.coupling!, verdict: null, verdict_rule: null } })), proxy_probe: null });
    expect(weighted.units[0]!.n_pool).toBe(20);
    expect(weighted.units[0]!.coupling!.rho).toBeCloseTo(0.8591601409565457, 9);
    expect(strip(weighted)).toEqual(strip(doubled));
  });
});

describe('Mahalanobis with an OAS-shrunk benchmark covariance (12 benchmark rows > 5 x 2 traits)', () => {
  it('matches numpy: covariance of the pool-standardised benchmark, OAS (Chen et al. 2010 eq. 23), distances', async () => {
    // numpy 2.4.6: Bz = (B - m) / s; S = np.cov(Bz.T, bias=True); rho from eq. 23 with n = 12, p = 2;
    // Sigma = (1 - rho) S + rho tr(S)/p I; u = (A - m)/s - Bz.mean(0); d = sqrt(einsum(u, inv(Sigma), u)).
    const bench = [[5, 5], [6, 6], [5.5, 4.5], [4.5, 6.5], [5, 6], [6, 5.5], [4, 5], [5.5, 5.5], [6.5, 6], [4.5, 4], [5, 4.5], [6, 7]];
    const recs = [
      ...bench.map(([a, b]) => ({ role: 'benchmark', selected: '', score: '', gender: 'male', trait_a: a!, trait_b: b!, count: 1 })),
      ...records().filter((r) => r['role'] === 'applicant'),
    ];
    const s = await audit(recs);
    const r = s.units[0]!.resemblance!;
    expect(r.metric).toBe('mahalanobis');
    expect(r.shrinkage).toBeCloseTo(0.813611858136687, 9);
    expect(r.pool_mean_distance).toBeCloseTo(4.0478972843973455, 8);
    expect(r.pool_sd_distance).toBeCloseTo(1.9074080303955818, 8);
    expect(s.units[0]!.clone_curve.map((q) => q.n)).toEqual([2, 2, 2, 2, 2]);
  });
});
