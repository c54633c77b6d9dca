import { describe, expect, it } from 'vitest';
import { parsePolicy, type PolicyInput } from '../../../../src/audit/contract/policy.js';
import { runAudit } from '../../../../src/audit/run-audit.js';

/**
 * Scoring-rate conventions, ties at the median, group medians and explicit cut scores (issue 16
 * item 5), on a table small enough to check by hand:
 *
 *   group a: 1 2 3 3 3 4 5 6     mean 27/8 = 3.375, median (3 + 3)/2 = 3
 *   group b: 3 3 4 5 6 7 8 9     mean 45/8 = 5.625, median (5 + 6)/2 = 5.5
 *   all 16 sorted: 1 2 3 3 3 3 3 4 | 4 5 5 6 6 7 8 9  -> stage median (4 + 4)/2 = 4
 *
 * Strictly above 4 (LL144 §5-300): a 2 of 8, b 5 of 8, impact ratio 0.25 / 0.625 = 0.4.
 * At or above 4 (audit-ai bias_test_check, `results >= median`): a 3 of 8, b 6 of 8, ratio 0.5.
 * One candidate of each group scores exactly the median.
 */
const A = [1, 2, 3, 3, 3, 4, 5, 6];
const B = [3, 3, 4, 5, 6, 7, 8, 9];
const records = [...A.map((score) => ({ group: 'a', score })), ...B.map((score) => ({ group: 'b', score }))].map((r) => ({ ...r, selected: r.score >= 5 ? 1 : 0 }));
const audit = (policy: Partial<PolicyInput>) => runAudit({ source: { kind: 'records', records, name: 'scores' }, policy: parsePolicy({ protected: ['group'], auditDate: '2026-11-22', ...policy }) });

describe('scoring rate: above or at-or-above the median', () => {
  it('strictly above by default (LL144), ties counted and group medians reported', async () => {
    const r = await audit({});
    expect(r.disparity.stages[0]!.score_median).toBe(4);
    const [a, b] = ['a', 'b'].map((g) => r.disparity.scoring.find((x) => x.groups['group'] === g)!);
    expect([a!.above_median, a!.at_median, a!.scoring_rate]).toEqual([2, 1, 0.25]);
    expect([b!.above_median, b!.at_median, b!.scoring_rate]).toEqual([5, 1, 0.625]);
    expect(a!.impact_ratio).toBeCloseTo(0.4, 12);
    expect([a!.median, b!.median]).toEqual([3, 5.5]);
    expect(a!.mean).toBeCloseTo(3.375, 12);
    expect(b!.mean).toBeCloseTo(5.625, 12);
  });

  it('at or above with conventions.scoringRate at_or_above_median (audit-ai)', async () => {
    const r = await audit({ conventions: { scoringRate: 'at_or_above_median' } });
    const [a, b] = ['a', 'b'].map((g) => r.disparity.scoring.find((x) => x.groups['group'] === g)!);
    expect([a!.above_median, a!.at_median, a!.scoring_rate]).toEqual([2, 1, 0.375]);
    expect(b!.scoring_rate).toBe(0.75);
    expect(a!.impact_ratio).toBeCloseTo(0.5, 12);
    // The 2x2 of the comparison is [3, 5, 6, 2]: Woolf odds ratio (3 x 2) / (5 x 6) = 0.2.
    expect(a!.odds_ratio).toBeCloseTo(0.2, 12);
  });
});

describe('explicit cut scores beside the grid', () => {
  it('counts and rates at score >= each cut, impact ratio against the highest rate', async () => {
    const r = await audit({ cutScores: [3.5, 6] });
    const points = r.disparity.cut_score_points!;
    expect(points).toHaveLength(1);
    expect(points[0]!.cuts).toEqual([3.5, 6]);
    const a = points[0]!.groups.find((g) => g.groups['group'] === 'a')!;
    const b = points[0]!.groups.find((g) => g.groups['group'] === 'b')!;
    // >= 3.5: a {4, 5, 6} = 3, b {4 … 9} = 6; >= 6: a {6} = 1, b {6, 7, 8, 9} = 4.
    expect(a.at_or_above).toEqual([3, 1]);
    expect(b.at_or_above).toEqual([6, 4]);
    expect(a.rates).toEqual([0.375, 0.125]);
    expect(a.impact_ratios).toEqual([0.5, 0.25]);
    expect(b.impact_ratios).toEqual([1, 1]);
    // The grid is still there.
    expect(r.disparity.cut_scores).toHaveLength(1);
  });

  it('without cutScores the section has none', async () => {
    const r = await audit({});
    expect(r.disparity.cut_score_points).toEqual([]);
  });
});
