import { beforeAll, describe, expect, it } from 'vitest';
import type { AuditResult } from '../../../../src/audit/contract/audit-result.js';
import { parsePolicy, type PolicyInput } from '../../../../src/audit/contract/policy.js';
import { runAudit } from '../../../../src/audit/run-audit.js';
import { fixture } from '../../../support/fixtures.js';
import { expectRelClose } from '../../stats/close-to.js';

/**
 * The stratified statistics of issue 16 through the whole pipeline (records or CSV -> DuckDB ->
 * finalize -> rules), against published values nobody here computed.
 */
const audit = (records: Record<string, unknown>[], policy: Partial<PolicyInput>) =>
  runAudit({ source: { kind: 'records', records, name: 'records' }, policy: parsePolicy({ auditDate: '2026-11-22', ...policy }) });

/** Frequency-weighted records: one row per (stratum, group, selected) cell. */
const cells = (rows: readonly [string, string, number, number][], stratum: string, attribute: string) =>
  rows.map(([s, g, selected, count]) => ({ [stratum]: s, [attribute]: g, selected, count }));

// McDonald & Siebenaller (1989), Lap94 allele in Mytilus trossulus, as tabulated in J. H. McDonald,
// Handbook of Biological Statistics, 3rd ed. (2014), "Cochran-Mantel-Haenszel test for repeated
// tests of independence", and in audit-ai's examples/CMH_test_example.ipynb: per estuary, mussels
// from the estuarine and the marine habitat with (selected = 1) and without the 94 allele.
const MUSSELS = cells(
  [
    ['Tillamook', 'estuarine', 1, 69], ['Tillamook', 'estuarine', 0, 77], ['Tillamook', 'marine', 1, 56], ['Tillamook', 'marine', 0, 40],
    ['Yaquina', 'estuarine', 1, 257], ['Yaquina', 'estuarine', 0, 301], ['Yaquina', 'marine', 1, 61], ['Yaquina', 'marine', 0, 57],
    ['Alsea', 'estuarine', 1, 65], ['Alsea', 'estuarine', 0, 79], ['Alsea', 'marine', 1, 73], ['Alsea', 'marine', 0, 71],
    ['Umpqua', 'estuarine', 1, 48], ['Umpqua', 'estuarine', 0, 48], ['Umpqua', 'marine', 1, 71], ['Umpqua', 'marine', 0, 55],
  ],
  'estuary',
  'habitat',
);

describe('McDonald & Siebenaller mussels across estuaries (policy strata)', () => {
  let result: AuditResult;
  beforeAll(async () => {
    result = await audit(MUSSELS, { protected: ['habitat'], strata: ['estuary'] });
  });

  it("reports audit-ai's uncorrected CMH and R's corrected one; the verdict uses the corrected by default", () => {
    // audit-ai examples/CMH_test_example.ipynb, test_cmh_bd(dfs, pass_col='Estuarine'):
    // (0.7590219991052517, 5.320927767938459, 0.02107078993834932, 0.5294859090315414, 0.9123673420971034);
    // R mantelhaen.test: X-squared = 5.0497, p-value = 0.02463 (issue 16); McDonald: chi2_MH = 5.05, P = 0.025.
    // Marine mussels carry the allele more often (261/484 vs 439/944), so they are the reference and
    // the odds ratio is estuarine over marine, as audit-ai's.
    const [row] = result.disparity.stratified!;
    expect(result.disparity.stratified).toHaveLength(1);
    expect([row!.stage, row!.stratum_column, row!.attribute, row!.group, row!.reference]).toEqual(['all', 'estuary', 'habitat', 'estuarine', 'marine']);
    expect(row!.strata).toEqual(['Alsea', 'Tillamook', 'Umpqua', 'Yaquina']);
    expectRelClose(row!.uncorrected!.statistic, 5.320927767938459, 1e-9);
    expectRelClose(row!.uncorrected!.p, 0.02107078993834932, 1e-9);
    expect(row!.corrected!.statistic).toBeCloseTo(5.0497, 4);
    expect(row!.corrected!.p).toBeCloseTo(0.02463, 5);
    expect(row!.correction).toBe('corrected');
    expect([row!.statistic, row!.p]).toEqual([row!.corrected!.statistic, row!.corrected!.p]);
    expectRelClose(row!.odds_ratio!, 0.7590219991052517, 1e-9);
    expectRelClose(row!.breslow_day!.statistic, 0.5294859090315414, 1e-9);
    expectRelClose(row!.breslow_day!.p, 0.9123673420971034, 1e-9);
    expect(row!.breslow_day!.df).toBe(3);
  });

  it('per-estuary Breslow-Day contributions (numpy/scipy hand formulas, tests/audit/stats/cmh.test.ts)', () => {
    const row = result.disparity.stratified![0]!;
    const expected: Record<string, number> = { Tillamook: 0.41332995123816757, Yaquina: 0.06043855875643107, Alsea: 0.05010069701679425, Umpqua: 0.00561670202014857 };
    for (const t of row.tables!) expectRelClose(t.breslow_day_contribution!, expected[t.stratum]!, 1e-8);
    const tillamook = row.tables!.find((t) => t.stratum === 'Tillamook')!;
    expect([tillamook.n, tillamook.selected, tillamook.reference_n, tillamook.reference_selected]).toEqual([146, 69, 96, 56]);
    // Woolf: (69 * 40) / (77 * 56), by hand.
    expect(tillamook.odds_ratio).toBeCloseTo((69 * 40) / (77 * 56), 9);
    expect(tillamook.odds_ratio_method).toBe('woolf');
  });

  it('policy conventions.cmh: uncorrected makes the headline statistic audit-ai\'s', async () => {
    const uncorrected = await audit(MUSSELS, { protected: ['habitat'], strata: ['estuary'], conventions: { cmh: 'uncorrected' } });
    const row = uncorrected.disparity.stratified![0]!;
    expect(row.correction).toBe('uncorrected');
    expectRelClose(row.statistic, 5.320927767938459, 1e-9);
    expectRelClose(row.p, 0.02107078993834932, 1e-9);
    const finding = uncorrected.findings.find((f) => f.code === 'disparity.pooled_across_strata')!;
    expect(finding.evidence['p']).toBe(row.p);
    expect(finding.rule.threshold).toContain('without continuity correction');
    // The odds ratio is below 1 with p < 0.05 either way: a consistent disadvantage within estuaries.
    expect(finding.status).toBe('warn');
  });
});

describe('UCB admissions with department as a stratum column (fixtures/ucb-admissions-departments.csv)', () => {
  let result: AuditResult;
  beforeAll(async () => {
    result = await runAudit({
      source: { kind: 'file', path: fixture('ucb-admissions-departments.csv') },
      policy: parsePolicy({ protected: ['gender'], strata: ['department'], auditDate: '2026-11-22' }),
    });
  });

  it('CMH across the six departments within the one stage, both ways (R mantelhaen.test(UCBAdmissions))', () => {
    // R ?mantelhaen.test: corrected X-squared = 1.4269, p-value = 0.2323, common odds ratio 0.9046968,
    // 95% CI 0.7719074 1.0603298 (odds of admission of men over women); correct = FALSE: 1.5246, p 0.2169.
    // The reference is men (highest pooled rate), so our odds ratio is women over men, R's reciprocal.
    const row = result.disparity.stratified![0]!;
    expect([row.stage, row.group, row.reference]).toEqual(['all', 'female', 'male']);
    expect(row.corrected!.statistic).toBeCloseTo(1.4269, 4);
    expect(row.corrected!.p).toBeCloseTo(0.2323, 4);
    expect(row.uncorrected!.statistic).toBeCloseTo(1.5246, 4);
    expect(row.uncorrected!.p).toBeCloseTo(0.2169, 4);
    expectRelClose(row.odds_ratio!, 1 / 0.9046968, 1e-6);
    expectRelClose(row.odds_ratio_ci![0], 1 / 1.0603298, 1e-6);
    expectRelClose(row.odds_ratio_ci![1], 1 / 0.7719074, 1e-6);
    // Breslow-Day 18.826 on 5 df, p 0.00207 (issue 16; numpy/scipy: 18.825513705235867, 0.002071390349918148).
    expectRelClose(row.breslow_day!.statistic, 18.825513705235867, 1e-9);
    expectRelClose(row.breslow_day!.p, 0.002071390349918148, 1e-8);
    expect(row.breslow_day!.tarone_statistic).toBeLessThanOrEqual(row.breslow_day!.statistic);
    expect(row.without_stratum).toBe(0);
  });

  it("flags Simpson's paradox: pooled, women's rate is 0.68 of men's; within departments their odds are 1.11 times", () => {
    const row = result.disparity.stratified![0]!;
    // Bickel, Hammel & O'Connell (1975): 557/1835 women and 1198/2691 men admitted.
    expect(row.pooled.impact_ratio).toBeCloseTo(557 / 1835 / (1198 / 2691), 9);
    expect(row.pooled.fisher_p!).toBeLessThan(1e-15);
    expect(row.simpson_paradox).toBe(true);
    const flag = result.findings.filter((f) => f.code === 'disparity.simpson_paradox');
    expect(flag).toHaveLength(1);
    expect(flag[0]!.status).toBe('warn');
    expect(flag[0]!.evidence['pooled_impact_ratio']).toBeCloseTo(0.6818, 4);
    expect(flag[0]!.evidence['odds_ratio']).toBeCloseTo(1.1053, 4);
  });

  it('has no funnel: one stage, no bottom line and no funnel finding', () => {
    expect(result.disparity.stages.map((s) => s.stage)).toEqual(['all']);
    expect(result.disparity.funnel).toEqual([]);
    expect(result.findings.some((f) => f.code === 'disparity.bottom_line')).toBe(false);
  });

  it('the pooled 2x2 both ways: SAS Chi-Square 92.2053 and Continuity Adj. Chi-Square 91.6096', () => {
    // Brunner, U. Toronto STA429 (2004) Handout 3, SAS PROC FREQ "Table of sex by admit".
    const women = result.disparity.rows.find((r) => r.groups['gender'] === 'female')!;
    expect(women.chi2_pearson!.statistic).toBeCloseTo(92.2053, 4);
    expect(women.chi2_yates!.statistic).toBeCloseTo(91.6096, 4);
    expect(women.chi2_p).toBe(women.chi2_pearson!.p); // conventions.chiSquare: pearson (default)
    // Woolf odds ratio by hand: (557 x 1493) / (1278 x 1198), ln SE sqrt(1/557 + 1/1278 + 1/1198 + 1/1493).
    const or = (557 * 1493) / (1278 * 1198);
    const se = Math.sqrt(1 / 557 + 1 / 1278 + 1 / 1198 + 1 / 1493);
    expectRelClose(women.odds_ratio!, or, 1e-9);
    expectRelClose(women.odds_ratio_ci![0], or * Math.exp(-1.959963984540054 * se), 1e-9);
    expectRelClose(women.odds_ratio_ci![1], or * Math.exp(1.959963984540054 * se), 1e-9);
    expect(women.odds_ratio_method).toBe('woolf');
    // A p far below 1e-16 keeps its digits (survival function): SAS prints <.0001; scipy chi2.sf(92.2053, 1) = 7.8136e-22.
    expectRelClose(women.chi2_pearson!.p, 7.813600388994667e-22, 1e-8);
  });

  it('rows within each department when strataRows is set, judged and Holm-adjusted with the rest', async () => {
    const within = await runAudit({
      source: { kind: 'file', path: fixture('ucb-admissions-departments.csv') },
      policy: parsePolicy({ protected: ['gender'], strata: ['department'], strataRows: true, auditDate: '2026-11-22' }),
    });
    const rows = within.disparity.stratum_rows!;
    expect(rows).toHaveLength(12);
    const deptA = rows.filter((r) => r.stratum['department'] === 'dept_A');
    const men = deptA.find((r) => r.groups['gender'] === 'male')!;
    // Department A admitted 89 of 108 women and 512 of 825 men (Bickel et al. 1975).
    expect([men.n, men.selected, men.is_reference]).toEqual([825, 512, false]);
    expect(men.impact_ratio).toBeCloseTo(512 / 825 / (89 / 108), 9);
    expect(men.verdict).toBe('fail');
    expect(men.holm_p!).toBeGreaterThanOrEqual(men.fisher_p!);
    const findings = within.findings.filter((f) => f.code === 'disparity.stratum_selection_rate');
    expect(findings.map((f) => f.evidence['stratum'])).toContain('department=dept_A');
    // Adding comparisons to the Holm family can only raise the stage row's adjusted p.
    const pooled = (r: AuditResult) => r.disparity.rows.find((x) => x.groups['gender'] === 'female')!.holm_p!;
    expect(pooled(within)).toBeGreaterThanOrEqual(pooled(result));
  });

  it('an empty stratum value is counted, not a stratum', async () => {
    const records = [
      ...cells([['d1', 'f', 1, 10], ['d1', 'f', 0, 30], ['d1', 'm', 1, 20], ['d1', 'm', 0, 20], ['d2', 'f', 1, 25], ['d2', 'f', 0, 15], ['d2', 'm', 1, 30], ['d2', 'm', 0, 10]], 'site', 'gender'),
      { site: '', gender: 'f', selected: 1, count: 7 },
    ];
    const r = await audit(records, { protected: ['gender'], strata: ['site'] });
    const row = r.disparity.stratified![0]!;
    expect(row.strata).toEqual(['d1', 'd2']);
    expect(row.without_stratum).toBe(7);
  });

  it('a stratum column missing from the data is a contract error naming it', async () => {
    await expect(audit([{ gender: 'f', selected: 1 }], { protected: ['gender'], strata: ['department'] })).rejects.toThrow(/department/);
  });
});

describe('2x2 statistics of every comparison', () => {
  it("audit-ai's Bayes factor: [[75, 50], [25, 50]] gives 202.95548692414306", async () => {
    // audit-ai auditai/misc.py test_multiple docstring: all_test_ctabs(np.array([[75,50],[25,50]]))
    // -> (..., 202.95548692414306); Albert's ctable is symmetric in rows and columns.
    const records = cells([['x', 'a', 1, 75], ['x', 'a', 0, 50], ['x', 'b', 1, 25], ['x', 'b', 0, 50]], 'unused', 'group');
    const r = await audit(records, { protected: ['group'] });
    const b = r.disparity.rows.find((x) => x.groups['group'] === 'b')!;
    expectRelClose(b.bayes_factor_10!, 202.95548692414306, 1e-9);
    expectRelClose(b.log_bayes_factor_10!, Math.log(202.95548692414306), 1e-9);
    // Reported, never used in a verdict: the verdict rule names the impact ratio and Fisher p only.
    expect(b.verdict_rule).not.toMatch(/Bayes/i);
  });

  it("Yates' correction: R's ?chisq.test 2x2 example gives p 0.4233; conventions.chiSquare picks it", async () => {
    // R Core, stats::chisq.test help: x <- matrix(c(12, 5, 7, 7), ncol = 2); chisq.test(x)$p.value  # 0.4233
    // Rows [12, 7] and [5, 7]: group a 12 of 19 selected, group b 5 of 12.
    const records = cells([['x', 'a', 1, 12], ['x', 'a', 0, 7], ['x', 'b', 1, 5], ['x', 'b', 0, 7]], 'unused', 'group');
    const r = await audit(records, { protected: ['group'], conventions: { chiSquare: 'yates' } });
    const b = r.disparity.rows.find((x) => x.groups['group'] === 'b')!;
    expect(b.chi2_yates!.p).toBeCloseTo(0.4233, 4);
    expect(b.chi2_p).toBe(b.chi2_yates!.p);
    expect(b.chi2_pearson!.p).toBeLessThan(b.chi2_yates!.p);
  });

  it("conventions.oddsRatio conditional: R fisher.test's exact interval (Fisher's tea tasting)", async () => {
    // R: fisher.test(matrix(c(3, 1, 1, 3), 2)): odds ratio 6.408309, 95% CI 0.2117329 621.9337 (R's
    // uniroot tolerance; the exact bound is 626.24, see conditional-odds-ratio.test.ts). Group b has
    // the lower rate (1 of 4 against 3 of 4), so its odds ratio is the reciprocal.
    const records = cells([['x', 'a', 1, 3], ['x', 'a', 0, 1], ['x', 'b', 1, 1], ['x', 'b', 0, 3]], 'unused', 'group');
    const r = await audit(records, { protected: ['group'], conventions: { oddsRatio: 'conditional' } });
    const b = r.disparity.rows.find((x) => x.groups['group'] === 'b')!;
    expect(b.odds_ratio_method).toBe('conditional_exact');
    expectRelClose(b.odds_ratio!, 1 / 6.408309, 1e-5); // R solves the MLE with uniroot's tolerance too
    expectRelClose(b.odds_ratio_ci![1], 1 / 0.2117329, 1e-3);
    expect(1 / b.odds_ratio_ci![0]).toBeGreaterThan(600);
  });

  it("a zero cell: Woolf's interval from Haldane-corrected cells, and the method says so", async () => {
    // a d / (b c) with a = 0 is 0; the interval uses 0.5 added to every cell (Haldane 1956):
    // ln((0.5 x 5.5) / (10.5 x 5.5)) -+ 1.96 sqrt(1/0.5 + 1/10.5 + 1/5.5 + 1/5.5).
    const records = cells([['x', 'a', 1, 5], ['x', 'a', 0, 5], ['x', 'b', 1, 0], ['x', 'b', 0, 10]], 'unused', 'group');
    const r = await audit(records, { protected: ['group'] });
    const b = r.disparity.rows.find((x) => x.groups['group'] === 'b')!;
    expect(b.odds_ratio).toBe(0);
    expect(b.odds_ratio_method).toBe('woolf_haldane');
    const centre = Math.log((0.5 * 5.5) / (10.5 * 5.5));
    const se = Math.sqrt(1 / 0.5 + 1 / 10.5 + 1 / 5.5 + 1 / 5.5);
    expectRelClose(b.odds_ratio_ci![0], Math.exp(centre - 1.959963984540054 * se), 1e-9);
  });
});
