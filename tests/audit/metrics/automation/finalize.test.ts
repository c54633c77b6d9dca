import { describe, expect, it } from 'vitest';
import { finalizeAutomation } from '../../../../src/audit/metrics/automation/finalize.js';
import { expectRelClose } from '../../stats/close-to.js';
import { agg, policy, profile } from './hand-made-stage.js';

/** The numbers of the hand-made stage (hand-made-stage.ts); its verdicts are tested in tests/audit/rules/automation.test.ts. */
const measured = finalizeAutomation(agg, { policy, dataset: profile });
const stage = measured.stages[0]!;
const group = (g: string) => measured.groups.find((r) => r.row.groups['gender'] === g)!;
const row = (g: string) => group(g).row;

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
    expect(stage.reviewers.map((r) => [r.reviewer_id, r.override_known, r.overrides])).toEqual([['r1', 100, 0], ['r2', 80, 2]]);
    // sample SD of override rates 0 and 0.025 (numpy std ddof=1)
    expectRelClose(stage.reviewer_override_sd!, 0.01767766952966369, 1e-12);
    expect(stage.batch_index).toBeCloseTo(19 / 180, 12);
    expect(stage.reviewers[0]!.batch_index).toBeCloseTo(19 / 100, 12);
  });

  it('what the decision times covered, for the rules\' batch note', () => {
    expect(measured.decisionTimes).toEqual({ decisionsTotal: 180, decisionsUsed: 180, daysTotal: 1, daysUsed: 1, resolvesSeconds: true });
    const dates = finalizeAutomation({ ...agg, times: { ...agg.times!, seconds: [{ tool: null, stage: 's1', reviewer: 'r1', second: 86_400 * 20_500, n: 180 }] } }, { policy, dataset: profile });
    expect(dates.decisionTimes!.resolvesSeconds).toBe(false);
    expect(dates.stages[0]!.batch_index).toBeNull();
    expect(finalizeAutomation({ ...agg, times: null }, { policy, dataset: profile }).decisionTimes).toBeNull();
  });
});

describe('finalizeAutomation: group comparisons', () => {
  it('ARR: Fisher exact one group vs the rest, Holm over both rows', () => {
    // scipy fisher_exact([[90, 10], [80, 40]]).pvalue; Holm over the two (identical) tables doubles it
    expectRelClose(row('female').arr_fisher_p!, 4.0549363274140594e-5, 1e-9);
    expectRelClose(row('female').arr_holm_p!, 2 * 4.0549363274140594e-5, 1e-9);
  });

  it('short reviews of rejections: Fisher p 1', () => {
    // scipy fisher_exact([[9, 1], [35, 5]]).pvalue = 1.0
    expect(row('female').short_fisher_p).toBe(1);
  });

  it('reviewers by group: Mantel-Haenszel over the tool outcome, with tool vs final impact ratios', () => {
    // strata [[1, 10], [0, 39]] and [[49, 0], [80, 1]]; CMH with continuity correction (R mantelhaen.test), in numpy
    expectRelClose(row('female').human_cmh_p!, 0.30281782230391696, 1e-9);
    expect(row('female').human_odds_ratio).toBeNull(); // infinite: the rest has no up-override
    // final rates 50/150 and 80/200: reference male (0.4); tool rates 49/150 and 81/200
    expect(row('female').reference).toEqual({ gender: 'male' });
    expect(row('female').final_impact_ratio).toBeCloseTo(50 / 150 / 0.4, 12);
    expect(row('female').tool_impact_ratio).toBeCloseTo(49 / 150 / (81 / 200), 12);
  });

  it('the sizes each comparison is over, and that every comparison ran', () => {
    // female: 100 rejections with a known review status, 10 timed reviewed rejections, 11 + 49 reviewed decisions with a known tool outcome
    expect(group('female').sizes).toEqual({ arr: 100, short: 10, human: 60 });
    expect(group('male').sizes).toEqual({ arr: 120, short: 40, human: 120 });
    expect(group('female').notCompared).toEqual({ arr: null, short: null, human: null });
  });
});
