import { describe, expect, it } from 'vitest';
import { parsePolicy } from '../../../../src/audit/contract/policy.js';
import { finalizeAutomation } from '../../../../src/audit/metrics/automation/finalize.js';
import type { AutomationAggregates, AutomationCell, DwellCell } from '../../../../src/audit/metrics/automation/scan.js';
import { automationFindings } from '../../../../src/audit/rules/automation.js';
import { syntheticProfile } from '../../../support/profile.js';
import { expectRelClose } from '../../stats/close-to.js';

/**
 * A hand-made stage with two gender groups, every number below cross-checked with scipy 1.17.1
 * (fisher_exact, binomtest, and the Mantel-Haenszel formula of R's mantelhaen.test in numpy).
 *   female: 100 rejections, 90 unreviewed; 60 reviews, 45 under 30 s; 1 override (up)
 *   male:   120 rejections, 80 unreviewed; 120 reviews, 100 under 30 s; 1 override (down)
 */
const zero = { rejectedReviewUnknown: 0, toolKnown: 0, toolSelected: 0, finalSelected: 0 };
const cells: AutomationCell[] = [
  { tool: null, stage: 's1', values: ['female'], n: 150, rejected: 100, rejectedUnreviewed: 90, reviewed: 60, reviewedRejected: 10, timed: 60, short: 45, timedRejected: 10, shortRejected: 9, overrideKnown: 60, up: 1, down: 0, toolRejectedReviewed: 11, toolSelectedReviewed: 49, ...zero, toolKnown: 150, toolSelected: 49, finalSelected: 50 },
  { tool: null, stage: 's1', values: ['male'], n: 200, rejected: 120, rejectedUnreviewed: 80, reviewed: 120, reviewedRejected: 40, timed: 120, short: 100, timedRejected: 40, shortRejected: 35, overrideKnown: 120, up: 0, down: 1, toolRejectedReviewed: 39, toolSelectedReviewed: 81, ...zero, toolKnown: 200, toolSelected: 81, finalSelected: 80 },
];
const dwell: DwellCell[] = [
  { tool: null, stage: 's1', attribute: 0, value: 'female', bin: 10, n: 45 },
  { tool: null, stage: 's1', attribute: 0, value: 'female', bin: 100, n: 15 },
  { tool: null, stage: 's1', attribute: 0, value: 'male', bin: 5, n: 100 },
  { tool: null, stage: 's1', attribute: 0, value: 'male', bin: 200, n: 20 },
];
/** r1: 20 decisions 2 s apart (one run of 20: 19 batched) then 80 spaced 100 s; r2: 80 spaced 100 s. */
const seconds = [
  ...Array.from({ length: 20 }, (_, i) => ({ tool: null, stage: 's1', reviewer: 'r1', second: 1_000_001 + 2 * i, n: 1 })),
  ...Array.from({ length: 80 }, (_, i) => ({ tool: null, stage: 's1', reviewer: 'r1', second: 1_010_001 + 100 * i, n: 1 })),
  ...Array.from({ length: 80 }, (_, i) => ({ tool: null, stage: 's1', reviewer: 'r2', second: 1_020_001 + 100 * i, n: 1 })),
];
const agg: AutomationAggregates = {
  cells,
  dwell,
  reviewers: [
    { tool: null, stage: 's1', reviewer: 'r1', reviews: 100, overrideKnown: 100, overrides: 0, timed: 100, short: 90 },
    { tool: null, stage: 's1', reviewer: 'r2', reviews: 80, overrideKnown: 80, overrides: 2, timed: 80, short: 55 },
  ],
  times: { seconds, daysTotal: 1, daysUsed: 1, decisionsTotal: 180, decisionsUsed: 180 },
  columns: { seconds: true, override: true, reviewer: true, decidedAt: true },
};
const policy = parsePolicy({ protected: ['gender'] });
const section = finalizeAutomation(agg, { policy, dataset: syntheticProfile(['gender']) });
const stage = section.stages[0]!;
const row = (g: string) => section.groups.find((r) => r.groups['gender'] === g)!;

describe('finalizeAutomation: stage figures', () => {
  it('ARR with its Wilson interval', () => {
    expect(stage.arr).toBeCloseTo(170 / 220, 12);
    // scipy binomtest(170, 220).proportion_ci(method='wilson')
    expectRelClose(stage.arr_ci![0], 0.7129486840393889, 1e-10);
    expectRelClose(stage.arr_ci![1], 0.8231450343996279, 1e-10);
  });

  it('review-time quantiles from the histogram, override rate, adherence, reviewers, batch index', () => {
    // 100 x 5 s, 45 x 10 s, 15 x 100 s, 20 x 200 s: 90th and 91st values are 5; the 18th and 19th too
    expect(stage.review_seconds_median).toBe(5);
    expect(stage.review_seconds_p10).toBe(5);
    expect(row('female').review_seconds_median).toBe(10);
    expect(stage.override_rate).toBeCloseTo(2 / 180, 12);
    // scipy binomtest(2, 180).proportion_ci(method='wilson')
    expectRelClose(stage.override_rate_ci![0], 0.0030523748459926198, 1e-10);
    expect(stage.adherence).toBeCloseTo(1 - 1 / 50, 12);
    expect(stage.reviewers.map((r) => [r.reviewer_id, r.never_overrides])).toEqual([['r1', true], ['r2', false]]);
    // sample SD of override rates 0 and 0.025 (numpy std ddof=1)
    expectRelClose(stage.reviewer_override_sd!, 0.01767766952966369, 1e-12);
    expect(stage.batch_index).toBeCloseTo(19 / 180, 12);
    expect(stage.reviewers[0]!.batch_index).toBeCloseTo(19 / 100, 12);
  });

  it('rubber-stamp signals: exact one-sided binomial p-values and the medium rating', () => {
    // scipy binomtest(2, 180, 0.02, 'less'), binomtest(1, 50, 0.02, 'less'), binomtest(145, 180, 0.5, 'greater')
    expectRelClose(stage.override_p!, 0.29988654916680774, 1e-9);
    expectRelClose(stage.adherence_p!, 0.7357713944617262, 1e-9);
    expectRelClose(stage.dwell_p!, 2.066410706365288e-17, 1e-8);
    expect([stage.agreement_signal, stage.dwell_signal, stage.batch_signal]).toEqual(['absent', 'present', 'absent']);
    expect(stage.rubber_stamp_risk).toBe('medium');
  });

  it('fails AVG-22 with unreviewed rejections, and warns once a basis and contest channel are declared', () => {
    expect(stage.verdict).toBe('fail');
    const declared = parsePolicy({ protected: ['gender'], declarations: { art22Basis: 'contract', contestChannel: true } });
    const s2 = finalizeAutomation(agg, { policy: declared, dataset: syntheticProfile(['gender']) });
    expect(s2.stages[0]!.verdict).toBe('warn');
    expect(s2.stages[0]!.verdict_rule).toContain('declared, not verified');
    const art22 = automationFindings(s2, declared).find((f) => f.code === 'automation.unreviewed_rejections')!;
    expect([art22.status, art22.evidence['art22_basis'], art22.evidence['reason']]).toEqual(['warn', 'contract', 'unreviewed']);
    expect(art22.message).toContain('has not verified');
    // A basis without the 22(3) contest channel is not enough.
    const basisOnly = parsePolicy({ protected: ['gender'], declarations: { art22Basis: 'contract' } });
    expect(finalizeAutomation(agg, { policy: basisOnly, dataset: syntheticProfile(['gender']) }).stages[0]!.verdict).toBe('fail');
  });

  it('findings: one AVG-22 and one rubber-stamp finding for the stage, one warning for the more automated group', () => {
    const list = automationFindings(section, policy);
    expect(list.filter((f) => f.code === 'automation.unreviewed_rejections').map((f) => f.status)).toEqual(['fail']);
    expect(list.filter((f) => f.code === 'automation.rubber_stamp').map((f) => [f.status, f.evidence['risk']])).toEqual([['warn', 'medium']]);
    expect(list.filter((f) => f.code === 'automation.unequal_automation').map((f) => [f.status, f.subject.groups])).toEqual([['warn', { gender: 'female' }]]);
    // female has 10 timed reviewed rejections (< 30): the rushed-review comparison is insufficient evidence
    expect(list.filter((f) => f.code === 'automation.unequal_review').map((f) => [f.status, f.evidence['small_groups']])).toEqual([['insufficient_evidence', 'female']]);
    expect(list.find((f) => f.code === 'automation.rubber_stamp')!.message).toContain('C-634/21 SCHUFA');
  });
});

describe('finalizeAutomation: group comparisons', () => {
  it('ARR: Fisher exact one group vs the rest, Holm over both rows, warn for the more automated group', () => {
    // scipy fisher_exact([[90, 10], [80, 40]]).pvalue; Holm over the two (identical) tables doubles it
    expectRelClose(row('female').arr_fisher_p!, 4.0549363274140594e-5, 1e-9);
    expectRelClose(row('female').arr_holm_p!, 2 * 4.0549363274140594e-5, 1e-9);
    expect(row('female').arr_verdict).toBe('warn');
    expect(row('male').arr_verdict).toBe('pass');
  });

  it('short reviews of rejections: Fisher p 1, and a group under 30 timed rejections is insufficient evidence', () => {
    // scipy fisher_exact([[9, 1], [35, 5]]).pvalue = 1.0
    expect(row('female').short_fisher_p).toBe(1);
    expect(row('female').short_verdict).toBe('insufficient_evidence');
    expect(row('male').short_verdict).toBe('pass');
  });

  it('reviewers by group: Mantel-Haenszel over the tool outcome, with tool vs final impact ratios', () => {
    // strata [[1, 10], [0, 39]] and [[49, 0], [80, 1]]; CMH with continuity correction (R mantelhaen.test), in numpy
    expectRelClose(row('female').human_cmh_p!, 0.30281782230391696, 1e-9);
    expect(row('female').human_odds_ratio).toBeNull(); // infinite: the rest has no up-override
    expect(row('female').human_verdict).toBe('pass');
    // final rates 50/150 and 80/200: reference male (0.4); tool rates 49/150 and 81/200
    expect(row('female').reference).toEqual({ gender: 'male' });
    expect(row('female').final_impact_ratio).toBeCloseTo(50 / 150 / 0.4, 12);
    expect(row('female').tool_impact_ratio).toBeCloseTo(49 / 150 / (81 / 200), 12);
  });
});
