import { describe, expect, it } from 'vitest';
import { parsePolicy } from '../../../src/audit/contract/policy.js';
import { finalizeAutomation } from '../../../src/audit/metrics/automation/finalize.js';
import type { MeasuredStage } from '../../../src/audit/metrics/automation/measured.js';
import { automationThresholds, batchNote, comparisonVerdict, reviewerRow, rubberStamp } from '../../../src/audit/rules/automation-verdicts.js';
import { automationFindings, judgeAutomation } from '../../../src/audit/rules/automation.js';
import { agg, policy, profile } from '../metrics/automation/hand-made-stage.js';
import { expectRelClose } from '../stats/close-to.js';

/**
 * The automation rules on the hand-made stage (tests/audit/metrics/automation/hand-made-stage.ts):
 * finalize measures, judgeAutomation rates and judges. p-values cross-checked with scipy 1.17.1.
 */
const ctx = (p = policy) => ({ policy: p, dataset: profile, judged: {} });
const judged = (p = policy, a = agg) => judgeAutomation(finalizeAutomation(a, { policy: p, dataset: profile }), ctx(p));
const { section, findings } = judged();
const stage = section!.stages[0]!;
const row = (g: string) => section!.groups.find((r) => r.groups['gender'] === g)!;
const measuredStage = finalizeAutomation(agg, { policy, dataset: profile }).stages[0]!;
const columns = agg.columns;

describe('judgeAutomation: the stage', () => {
  it('rubber-stamp signals: exact one-sided binomial p-values and the medium rating', () => {
    // scipy binomtest(2, 180, 0.02, 'less'), binomtest(1, 50, 0.02, 'less'), binomtest(145, 180, 0.5, 'greater')
    expectRelClose(stage.override_p!, 0.29988654916680774, 1e-9);
    expectRelClose(stage.adherence_p!, 0.7357713944617262, 1e-9);
    expectRelClose(stage.dwell_p!, 2.066410706365288e-17, 1e-8);
    expect([stage.agreement_signal, stage.dwell_signal, stage.batch_signal]).toEqual(['absent', 'present', 'absent']);
    expect(stage.rubber_stamp_risk).toBe('medium');
  });

  it('lists the reviewers who never override across at least 50 reviews (Q9)', () => {
    expect(stage.reviewers.map((r) => [r.reviewer_id, r.never_overrides])).toEqual([['r1', true], ['r2', false]]);
    const r1 = measuredStage.reviewers[0]!;
    expect(reviewerRow({ ...r1, override_known: 50 }, columns).never_overrides).toBe(true);
    expect(reviewerRow({ ...r1, override_known: 49 }, columns).never_overrides).toBe(false);
    expect(reviewerRow(r1, { ...columns, override: false }).never_overrides).toBe(false);
  });

  it('fails AVG-22 with unreviewed rejections, and warns once a basis and contest channel are declared', () => {
    expect(stage.verdict).toBe('fail');
    const declared = parsePolicy({ protected: ['gender'], declarations: { art22Basis: 'contract', contestChannel: true } });
    const s2 = judged(declared).section!;
    expect(s2.stages[0]!.verdict).toBe('warn');
    expect(s2.stages[0]!.verdict_rule).toContain('declared, not verified');
    const art22 = automationFindings(s2, declared).find((f) => f.code === 'automation.unreviewed_rejections')!;
    expect([art22.status, art22.evidence['art22_basis'], art22.evidence['reason']]).toEqual(['warn', 'contract', 'unreviewed']);
    expect(art22.message).toContain('has not verified');
    // A basis without the 22(3) contest channel is not enough.
    const basisOnly = parsePolicy({ protected: ['gender'], declarations: { art22Basis: 'contract' } });
    expect(judged(basisOnly).section!.stages[0]!.verdict).toBe('fail');
  });

  it('findings: one AVG-22 and one rubber-stamp finding for the stage, one warning for the more automated group', () => {
    expect(findings.filter((f) => f.code === 'automation.unreviewed_rejections').map((f) => f.status)).toEqual(['fail']);
    expect(findings.filter((f) => f.code === 'automation.rubber_stamp').map((f) => [f.status, f.evidence['risk']])).toEqual([['warn', 'medium']]);
    expect(findings.filter((f) => f.code === 'automation.unequal_automation').map((f) => [f.status, f.subject.groups])).toEqual([['warn', { gender: 'female' }]]);
    // female has 10 timed reviewed rejections (< 30): the rushed-review comparison is insufficient evidence
    expect(findings.filter((f) => f.code === 'automation.unequal_review').map((f) => [f.status, f.evidence['small_groups']])).toEqual([['insufficient_evidence', 'female']]);
    expect(findings.find((f) => f.code === 'automation.rubber_stamp')!.message).toContain('C-634/21 SCHUFA');
  });

  it('the batch signal: index above 50% over at least 100 timed decisions (Q9)', () => {
    const batch = (s: Partial<MeasuredStage>) => rubberStamp({ ...measuredStage, ...s }, columns, policy);
    expect(batch({ batch_index: 0.51, batch_decisions_timed: 100 })).toMatchObject({ batch_signal: 'present', rubber_stamp_risk: 'high' });
    expect(batch({ batch_index: 0.5, batch_decisions_timed: 100 }).batch_signal).toBe('absent');
    expect(batch({ batch_index: 0.5 + 1e-12, batch_decisions_timed: 100 }).batch_signal).toBe('absent'); // within the tolerance of rules/thresholds.ts
    expect(batch({ batch_index: 0.9, batch_decisions_timed: 99 }).batch_signal).toBe('not_assessable');
    expect(batch({ batch_index: null }).batch_signal).toBe('not_assessable');
  });

  it('without a human_override column the agreement signal is not assessable; the dwell signal alone rates medium', () => {
    const r = rubberStamp(measuredStage, { ...columns, override: false }, policy);
    expect([r.agreement_signal, r.override_p, r.adherence_p, r.dwell_signal, r.rubber_stamp_risk]).toEqual(['not_assessable', null, null, 'present', 'medium']);
    const neither = rubberStamp(measuredStage, { ...columns, override: false, seconds: false }, policy);
    expect(neither.rubber_stamp_risk).toBe('insufficient_evidence');
    expect(rubberStamp({ ...measuredStage, reviewed: 0 }, columns, policy).rubber_stamp_risk).toBe('not_applicable');
  });

  it('says why the batch index is missing, and when it was read from a sample of days', () => {
    expect(stage.batch_note).toBeNull();
    expect(batchNote(null)).toContain('needs reviewer_id and decided_at');
    expect(batchNote({ decisionsTotal: 0, decisionsUsed: 0, daysTotal: 0, daysUsed: 0, resolvesSeconds: false })).toContain('no reviewed decision');
    expect(batchNote({ decisionsTotal: 9, decisionsUsed: 9, daysTotal: 3, daysUsed: 3, resolvesSeconds: false })).toContain('finer than a minute');
    expect(batchNote({ decisionsTotal: 90_000, decisionsUsed: 49_000, daysTotal: 30, daysUsed: 16, resolvesSeconds: true })).toContain('16 of 30 days');
  });

  it('records the Q9 thresholds it used: O < 2%, A >= 98%, 100 reviews, 50 for never-overriding, batch 10 s / runs of 10 / > 50%', () => {
    expect(section!.thresholds).toMatchObject({
      min_review_seconds: 30,
      low_override_rate: 0.02,
      high_adherence: 0.98,
      min_reviews: 100,
      never_override_reviews: 50,
      batch_gap_seconds: 10,
      batch_min_run: 10,
      batch_index: 0.5,
      alpha: 0.05,
      signal_alpha: 0.025,
    });
    expect(automationThresholds(parsePolicy({ alpha: 0.01 })).signal_alpha).toBe(0.005);
  });

  it('judges nothing when the family did not apply', () => {
    expect(judgeAutomation(null, ctx())).toEqual({ section: null, findings: [] });
  });
});

describe('judgeAutomation: group comparisons', () => {
  it('ARR: warn for the more automated group (Holm p 8.1e-5 < 0.05), pass for the other', () => {
    expect(row('female').arr_verdict).toBe('warn');
    expect(row('male').arr_verdict).toBe('pass');
  });

  it('short reviews of rejections: a group under 30 timed rejections is insufficient evidence', () => {
    expect(row('female').short_verdict).toBe('insufficient_evidence');
    expect(row('male').short_verdict).toBe('pass');
  });

  it('reviewers by group: CMH p 0.30 passes', () => {
    expect(row('female').human_verdict).toBe('pass');
  });

  it('a comparison that did not run is not assessed, whatever its sizes', () => {
    const g = finalizeAutomation(agg, { policy, dataset: profile }).groups[0]!;
    for (const reason of ['unknown_category', 'only_known_group', 'no_variation', 'no_override_column', 'no_override'] as const) {
      expect(comparisonVerdict({ ...g, notCompared: { ...g.notCompared, arr: reason } }, 'arr', policy).verdict).toBe('not_assessed');
    }
    expect(comparisonVerdict({ ...g, row: { ...g.row, human_cmh_p: null } }, 'human', policy)).toEqual({ verdict: 'not_assessed', rule: 'not compared' });
    // A significant difference against the group (ARR below the rest's) is a pass, not a warning.
    const male = finalizeAutomation(agg, { policy, dataset: profile }).groups[1]!;
    expect(comparisonVerdict({ ...male, row: { ...male.row, arr_holm_p: 0.001 } }, 'arr', policy).verdict).toBe('pass');
  });

  it('the unknown category is counted, not compared', () => {
    const unknown = { ...agg, cells: [...agg.cells, { ...agg.cells[0]!, values: ['unknown'], n: 40, rejected: 20, rejectedUnreviewed: 10 }] };
    const s = judged(policy, unknown).section!;
    const u = s.groups.find((r) => r.groups['gender'] === 'unknown')!;
    expect(u.excluded).not.toBeNull();
    expect([u.arr_verdict, u.short_verdict, u.human_verdict, u.arr_rest]).toEqual(['not_assessed', 'not_assessed', 'not_assessed', null]);
    expect(s.groups.find((r) => r.groups['gender'] === 'female')!.excluded).toBeNull();
  });
});
