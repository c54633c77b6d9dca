import { beforeAll, describe, expect, it } from 'vitest';
import type { AuditResult } from '../../../../src/audit/contract/audit-result.js';
import { parsePolicy } from '../../../../src/audit/contract/policy.js';
import { runAudit } from '../../../../src/audit/run-audit.js';
import { fixture, readSimpleCsv } from '../../../support/fixtures.js';
import { expectRelClose } from '../../stats/close-to.js';

/**
 * UC Berkeley graduate admissions 1973, six largest departments, through the whole pipeline
 * (CSV summary table with a count column -> DuckDB -> finalize -> findings).
 *
 * Sources: P. J. Bickel, E. A. Hammel & J. W. O'Connell (1975), "Sex bias in graduate admissions:
 * data from Berkeley", Science 187:398-404; R Core, datasets::UCBAdmissions and the example in
 * ?stats::mantelhaen.test, whose published output is
 *
 *   > mantelhaen.test(UCBAdmissions)
 *   Mantel-Haenszel X-squared = 1.4269, df = 1, p-value = 0.2323
 *   95 percent confidence interval: 0.7719074 1.0603298
 *   common odds ratio 0.9046968
 *
 * Direction: UCBAdmissions is Admit (Admitted, Rejected) x Gender (Male, Female) x Dept, and R's
 * estimate is sum(x[1,1,k] x[2,2,k] / n_k) / sum(x[1,2,k] x[2,1,k] / n_k)
 *   = (admitted men x rejected women) / (admitted women x rejected men),
 * i.e. the odds of admission of men over those of women. Our CMH row puts the focal group in the
 * first row and the reference in the second: [focal admitted, focal rejected, ref admitted, ref
 * rejected], so its odds ratio is focal over reference. The reference rule (highest pooled rate)
 * picks men (1198/2691 = 44.5% against 557/1835 = 30.4%), so the focal group is women and our
 * odds ratio is R's reciprocal, 1 / 0.9046968 = 1.1053; the CI is R's reciprocal interval
 * [1 / 1.0603298, 1 / 0.7719074] = [0.9431, 1.2955]. The statistic and p do not depend on direction.
 */
let result: AuditResult;

beforeAll(async () => {
  // Departments are parallel strata, not consecutive stages: no funnel.
  result = await runAudit({ source: { kind: 'file', path: fixture('ucb-admissions.csv') }, policy: parsePolicy({ protected: ['gender'], funnel: false }) });
});

describe('UCB admissions (Bickel et al. 1975) through the whole pipeline', () => {
  it('reads the 4,526 applications of the summary table', () => {
    expect(result.dataset.weighted).toBe(true);
    expect(result.dataset.accounting).toMatchObject({ rowsRead: 24, rowsUsed: 24, candidatesRead: 4526, candidatesUsed: 4526 });
  });

  it('CMH across the six departments, women vs men, matches R mantelhaen.test(UCBAdmissions)', () => {
    expect(result.disparity.cmh).toHaveLength(1);
    const cmh = result.disparity.cmh[0]!;
    expect([cmh.attribute, cmh.group, cmh.reference]).toEqual(['gender', 'female', 'male']);
    expect([...cmh.strata].sort()).toEqual(['dept_A', 'dept_B', 'dept_C', 'dept_D', 'dept_E', 'dept_F']);
    expect(cmh.statistic).toBeCloseTo(1.4269, 4);
    expect(cmh.p).toBeCloseTo(0.2323, 4);
    expectRelClose(cmh.odds_ratio!, 1 / 0.9046968, 1e-6);
    expectRelClose(cmh.odds_ratio_ci![0], 1 / 1.0603298, 1e-6);
    expectRelClose(cmh.odds_ratio_ci![1], 1 / 0.7719074, 1e-6);
  });

  it('Breslow-Day: the odds ratio is not homogeneous across departments', () => {
    // Department A is the outlier: women's odds of admission there are (89/19)/(512/313) = 2.86
    // times men's, against roughly 1 elsewhere (Bickel et al. 1975). The uncorrected Breslow-Day
    // statistic is commonly reported as 18.83 on 5 df (p about 0.002); we assert only p < 0.01.
    expect(result.disparity.cmh[0]!.breslow_day_p!).toBeLessThan(0.01);
  });

  it('department A: women were admitted at a higher rate (89/108) than men (512/825)', () => {
    const deptA = result.disparity.rows.filter((r) => r.stage === 'dept_A');
    const women = deptA.find((r) => r.groups['gender'] === 'female')!;
    const men = deptA.find((r) => r.groups['gender'] === 'male')!;
    expect([women.n, women.selected, men.n, men.selected]).toEqual([108, 89, 825, 512]);
    expect(women.rate).toBeCloseTo(89 / 108, 9);
    expect(men.rate).toBeCloseTo(512 / 825, 9);
    expect(women.is_reference).toBe(true); // the highest rate in dept A
    expect(men.impact_ratio).toBeCloseTo(512 / 825 / (89 / 108), 9);
  });

  it("Simpson's paradox: pooled over departments, women's rate is 0.68 of men's (four-fifths fails)", async () => {
    // The same applications without the department column: one stage.
    const records = readSimpleCsv(fixture('ucb-admissions.csv')).map(({ stage: _dept, ...rest }) => rest);
    const pooled = await runAudit({ source: { kind: 'records', records, name: 'ucb-pooled' }, policy: parsePolicy({ protected: ['gender'] }) });
    const women = pooled.disparity.rows.find((r) => r.groups['gender'] === 'female')!;
    expect([women.n, women.selected]).toEqual([1835, 557]);
    expect(women.impact_ratio).toBeCloseTo(557 / 1835 / (1198 / 2691), 9); // 0.6818
    expect(women.four_fifths).toBe('fail');
    // ...while stratified by department the CMH test finds no association (p = 0.23 above)
    expect(result.disparity.cmh[0]!.p).toBeGreaterThan(0.05);
  });
});

describe('parallel strata', () => {
  it('with funnel: false the departments are not multiplied into a bottom line', () => {
    expect(result.disparity.funnel).toEqual([]);
    expect(result.findings.some((f) => f.code === 'disparity.bottom_line')).toBe(false);
  });
});
