import { beforeAll, describe, expect, it } from 'vitest';
import type { AuditResult } from '../../../../src/audit/contract/audit-result.js';
import { parsePolicy, type PolicyInput } from '../../../../src/audit/contract/policy.js';
import { runAudit } from '../../../../src/audit/run-audit.js';
import { effectsOf, fixture } from '../../../support/fixtures.js';
import { expectRelClose } from '../../stats/close-to.js';

const audit = (records: Record<string, unknown>[], policy: Partial<PolicyInput> = {}) =>
  runAudit({ source: { kind: 'records', records, name: 'records' }, policy: parsePolicy({ protected: ['group'], auditDate: '2026-11-22', ...policy }) });

// fairlearn user guide, "Performing a Fairness Assessment" (docs/user_guide/assessment/
// perform_fairness_assessment.rst): the MetricFrame example, y_pred as the decision (selected) and
// y_true as the criterion.
const Y_TRUE = [0, 1, 1, 1, 1, 0, 1, 0, 1, 0, 0, 0, 1, 1, 1, 1, 1, 1];
const Y_PRED = [0, 0, 1, 0, 1, 1, 1, 0, 0, 1, 1, 1, 1, 0, 0, 1, 1, 0];
const SF = ['b', 'b', 'a', 'b', 'b', 'c', 'c', 'c', 'a', 'a', 'c', 'a', 'b', 'c', 'c', 'b', 'c', 'c'];
const FAIRLEARN = Y_TRUE.map((criterion, i) => ({ group: SF[i], selected: Y_PRED[i], criterion }));

describe("error-rate parity on fairlearn's MetricFrame example, through the whole pipeline", () => {
  let result: AuditResult;
  beforeAll(async () => {
    result = await audit(FAIRLEARN);
  });
  const row = (group: string, rate: string) => result.error_rates!.rows.find((r) => r.groups['group'] === group && r.rate === rate)!;

  it('confusion tables as counted by hand from the arrays', () => {
    // a: rows 2 (TP), 8 (FN), 9 and 11 (FP); b: 0 (TN), 1 and 3 (FN), 4, 12, 15 (TP);
    // c: 5 and 10 (FP), 6 and 16 (TP), 7 (TN), 13, 14, 17 (FN).
    const counts = (g: string) => {
      const x = result.error_rates!.groups.find((r) => r.groups['group'] === g)!;
      return [x.tp, x.fp, x.fn, x.tn];
    };
    expect(counts('a')).toEqual([1, 2, 1, 0]);
    expect(counts('b')).toEqual([3, 0, 2, 1]);
    expect(counts('c')).toEqual([2, 2, 3, 1]);
    expect(result.error_rates!.coverage).toEqual([
      expect.objectContaining({ n: 18, with_criterion: 18, selected_with_criterion: 10, rejected_with_criterion: 8, qualified: 12, unqualified: 6, defined: ['tpr', 'fnr', 'fpr', 'precision'] }),
    ]);
  });

  it('tpr and fpr by group as fairlearn prints them (mf.by_group)', () => {
    // a: tpr 0.5, fpr 1.000000; b: 0.6, 0.000000; c: 0.4, 0.666667
    const printed = { a: [0.5, 1], b: [0.6, 0], c: [0.4, 0.666667] } as const;
    for (const [g, [tpr, fpr]] of Object.entries(printed)) {
      expect(row(g, 'tpr').value).toBeCloseTo(tpr, 6);
      expect(row(g, 'fpr').value).toBeCloseTo(fpr, 6);
    }
    // scipy binomtest(3, 5).proportion_ci(method='wilson') = (0.23072428127601297, 0.8823792257673521)
    expectRelClose(row('b', 'tpr').ci![0], 0.23072428127601297, 1e-9);
    expectRelClose(row('b', 'tpr').ci![1], 0.8823792257673521, 1e-9);
    // By hand: fnr b = 2/5, precision a = 1/3.
    expect(row('b', 'fnr').value).toBe(0.4);
    expectRelClose(row('a', 'precision').value!, 1 / 3, 1e-9);
  });

  it('ratios and differences against the highest-rate reference', () => {
    // tpr: b is highest (0.6): a 0.5 / 0.6, c 0.4 / 0.6; fpr: a is highest (1.0): b 0, c 2/3.
    expect(row('b', 'tpr').is_reference).toBe(true);
    expectRelClose(row('a', 'tpr').ratio!, 5 / 6, 1e-9);
    expectRelClose(row('c', 'tpr').difference!, -0.2, 1e-9);
    expect(row('a', 'fpr').is_reference).toBe(true);
    expect(row('b', 'fpr').ratio).toBe(0);
    expectRelClose(row('c', 'fpr').ratio!, 2 / 3, 1e-9);
    // fnr uses the tpr reference: c 0.6 / 0.4.
    expect(row('c', 'fnr').reference).toEqual({ group: 'b' });
    expectRelClose(row('c', 'fnr').ratio!, 1.5, 1e-9);
    // The test of a tpr comparison is the 2x2 of its qualified candidates: c [2, 3] against b [3, 2]:
    // Fisher p = 1 (symmetric hypergeometric), Woolf odds ratio (2 x 2) / (3 x 3).
    expect(row('c', 'tpr').fisher_p).toBeCloseTo(1, 12);
    expectRelClose(row('c', 'tpr').odds_ratio!, 4 / 9, 1e-9);
  });

  it("between groups: fairlearn's equalized odds (difference 1, ratio 0; tpr 0.2 and 0.666667)", () => {
    // mf.difference(): tpr 0.20, fpr 1.00; mf.ratio(): tpr 0.666667, fpr 0.000000;
    // equalized_odds_difference = 1, equalized_odds_ratio = 0.
    const eo = result.error_rates!.equalized_odds[0]!;
    expectRelClose(eo.tpr_difference!, 0.2, 1e-9);
    expect(eo.tpr_ratio).toBeCloseTo(0.666667, 6);
    expect([eo.fpr_difference, eo.fpr_ratio, eo.difference, eo.ratio]).toEqual([1, 0, 1, 0]);
  });

  it('groups under the minimum size are insufficient evidence, never a pass', () => {
    for (const f of result.findings.filter((x) => x.code.startsWith('error_rates.'))) expect(f.status).toBe('insufficient_evidence');
    expect(row('a', 'precision').verdict).toBe('not_assessed');
  });
});

/** n candidates of a group: `qualified` with criterion 1 of whom `tp` selected, the rest criterion 0 with `fp` selected. */
function confusion(group: string, qualified: number, tp: number, unqualified: number, fp: number): Record<string, unknown>[] {
  return [
    { group, selected: 1, criterion: 1, count: tp },
    { group, selected: 0, criterion: 1, count: qualified - tp },
    { group, selected: 1, criterion: 0, count: fp },
    { group, selected: 0, criterion: 0, count: unqualified - fp },
  ];
}

describe('error-rate verdicts and coverage', () => {
  it('qualified candidates of one group selected far less often: tpr fails (ratio 0.5, Fisher p tiny)', async () => {
    // tpr 40/100 against 80/100; fpr 10/100 against 12/100 (ratio 0.83 >= 0.8, not significant).
    const r = await audit([...confusion('x', 100, 40, 100, 10), ...confusion('y', 100, 80, 100, 12)]);
    const tpr = r.error_rates!.rows.find((x) => x.groups['group'] === 'x' && x.rate === 'tpr')!;
    expect(tpr.ratio).toBeCloseTo(0.5, 12);
    expect(tpr.verdict).toBe('fail');
    const fpr = r.error_rates!.rows.find((x) => x.groups['group'] === 'x' && x.rate === 'fpr')!;
    expect(fpr.verdict).toBe('pass');
    const findings = r.findings.filter((f) => f.code.startsWith('error_rates.'));
    expect(findings.map((f) => [f.code, f.status])).toEqual([
      ['error_rates.tpr', 'fail'],
      ['error_rates.fpr', 'pass'],
    ]);
    expect(findings[0]!.evidence['threshold']).toBe(0.8);
  });

  it('only selected candidates carry a criterion: tpr, fnr, fpr undefined, said as insufficient evidence', async () => {
    const records = [
      ...[1, 1, 1, 0].map((criterion) => ({ group: 'x', selected: 1, criterion })),
      ...[1, 0, 1, 1].map((criterion) => ({ group: 'y', selected: 1, criterion })),
      ...Array.from({ length: 6 }, (_, i) => ({ group: i % 2 ? 'x' : 'y', selected: 0, criterion: '' })),
    ];
    const r = await audit(records);
    expect(r.error_rates!.coverage[0]).toMatchObject({ with_criterion: 8, rejected_with_criterion: 0, defined: ['precision'] });
    expect(new Set(r.error_rates!.rows.map((x) => x.rate))).toEqual(new Set(['precision']));
    const undefinedRates = r.findings.find((f) => f.code === 'error_rates.undefined')!;
    expect(undefinedRates.status).toBe('insufficient_evidence');
    expect(undefinedRates.evidence).toMatchObject({ with_criterion: 8, selected_with_criterion: 8, rejected_with_criterion: 0, defined: 'precision' });
  });

  it('a criterion with other values than 0 and 1 (performance ratings) gets no error-rate section', async () => {
    const r = await audit([
      { group: 'x', selected: 1, criterion: 3.5 },
      { group: 'y', selected: 1, criterion: 1 },
      { group: 'y', selected: 0, criterion: 0 },
    ]);
    expect(r.error_rates).toBeUndefined();
    expect(r.findings.some((f) => f.code.startsWith('error_rates.'))).toBe(false);
  });
});

describe('fixtures/error-rates-pilot.csv (scripts/fixtures/error-rates.ts)', () => {
  it('finds the injected equal-opportunity gap of group_b (tpr 0.49 against 0.7) and none by gender', async () => {
    const r = await runAudit({ source: { kind: 'file', path: fixture('error-rates-pilot.csv') }, policy: parsePolicy({ protected: ['gender', 'ethnicity'], auditDate: '2026-11-22' }) });
    const effect = effectsOf('error-rates-pilot.csv') as unknown as { errorRateEffects: { group: string; expectedRatio: number }[] };
    const expected = effect.errorRateEffects[0]!;
    const row = r.error_rates!.rows.find((x) => x.attributes.length === 1 && x.groups['ethnicity'] === expected.group && x.rate === 'tpr')!;
    // Observed ratio within 3 standard errors of the injected 0.7 (delta method on ln ratio, n = 373 and 1441 qualified).
    const se = Math.sqrt((1 - 0.49) / (0.49 * row.n) + (1 - 0.7) / (0.7 * 1441));
    expect(Math.abs(Math.log(row.ratio!) - Math.log(expected.expectedRatio))).toBeLessThan(3 * se);
    expect(row.verdict).toBe('fail');
    const gender = r.findings.filter((f) => f.code === 'error_rates.tpr' && f.evidence['attributes'] === 'gender');
    expect(gender.map((f) => f.status)).toEqual(['pass']);
    expect(r.error_rates!.coverage[0]).toMatchObject({ n: 4000, with_criterion: 4000 });
  });
});
