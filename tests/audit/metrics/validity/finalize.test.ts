/**
 * The finalize step on hand-made aggregates (pure, no engine): r from shifted sums, a rank
 * statistic from a partial sample flagged as not exact; and the rules judging that section
 * (src/audit/rules/validity.ts) fill in its band, verdict and notes.
 */
import { describe, expect, it } from 'vitest';
import { parsePolicy } from '../../../../src/audit/contract/policy.js';
import { finalizeValidity } from '../../../../src/audit/metrics/validity/finalize.js';
import type { ValidityAggregates, ValidityCell } from '../../../../src/audit/metrics/validity/scan.js';
import { judgeValidity } from '../../../../src/audit/rules/validity.js';
import { syntheticProfile } from '../../../support/profile.js';

describe('finalizeValidity on hand-made aggregates', () => {
  // One stage; criterion rows x = 1..4, y = 2, 1, 4, 3 (r = 0.6); shifts 0, so the sums are raw sums.
  const x = [1, 2, 3, 4];
  const y = [2, 1, 4, 3];
  const sum = (f: (i: number) => number) => x.reduce((a, _, i) => a + f(i), 0);
  const cell: ValidityCell = {
    tool: null,
    stage: 's',
    values: [],
    applicants: 4,
    a1: sum((i) => x[i]!),
    a2: sum((i) => x[i]! ** 2),
    n: 4,
    sx: sum((i) => x[i]!),
    sy: sum((i) => y[i]!),
    sxx: sum((i) => x[i]! ** 2),
    syy: sum((i) => y[i]! ** 2),
    sxy: sum((i) => x[i]! * y[i]!),
  };
  const agg = (sample: ValidityAggregates['sample']): ValidityAggregates => ({
    criterionRows: 4,
    shiftX: 0,
    shiftY: 0,
    binary: false,
    nonBinaryValues: 4,
    cells: [cell],
    auc: [],
    sample,
    sampleSize: 2,
    aucBins: 10,
  });
  const ctx = { policy: parsePolicy({ thresholds: { minCriterionN: 4 } }), dataset: syntheticProfile([], { hasScore: true }) };

  it('r from the shifted sums: 0.6 (hand: cov 0.75, var 1.25 each)', () => {
    const all = x.map((v, i) => ({ tool: null, stage: 's', score: v, criterion: y[i]!, w: 1 }));
    const s = finalizeValidity(agg(all), ctx).stages[0]!;
    expect(s.r).toBeCloseTo(0.6, 12);
    expect(s.spearman_rho).toBeCloseTo(0.6, 12); // the values are their own ranks
    expect(s.spearman_exact).toBe(true);
  });

  it('a sample that misses rows gives a rank statistic flagged as not exact', () => {
    const partial = [0, 1, 2].map((i) => ({ tool: null, stage: 's', score: x[i]!, criterion: y[i]!, w: 1 }));
    const s = finalizeValidity(agg(partial), ctx).stages[0]!;
    expect(s.spearman_exact).toBe(false);
    expect(s.spearman_n).toBe(3);
    expect(s.spearman_rho).toBeCloseTo(0.5, 12); // ranks (1,2,3) vs (2,1,3)
  });

  it('the judge fills band, verdict and notes: r = 0.6 at n = 4 is "good" but not significant, so warn', () => {
    const all = x.map((v, i) => ({ tool: null, stage: 's', score: v, criterion: y[i]!, w: 1 }));
    const section = judgeValidity(finalizeValidity(agg(all), ctx), { ...ctx, judged: {} }).section!;
    const s = section.stages[0]!;
    // t = r sqrt(n - 2) / sqrt(1 - r²) = 0.6 sqrt 2 / 0.8; with 2 df the two-sided p is 1 - |t| / sqrt(t² + 2) = 0.4 exactly.
    expect(s.p).toBeCloseTo(0.4, 12);
    expect(s.rating).toBe('good'); // 0.6 >= thresholds.validityGood 0.35
    expect(s.verdict).toBe('warn'); // in the band, p not < alpha 0.05
    expect(s.verdict_rule).toBe('warn: observed r 0.600 >= 0.2 (COTAN band, a convention), p 0.400 not < 0.05 with r > 0 (UGESP 1607.14(B)(5)): one of the two signals');
    // Applicant and criterion rows are the same four: u = 1, no correction note.
    expect(s.u).toBe(1);
    expect(s.correction_note).toBeNull();
    expect(section.rank_statistics).toMatch(/^Spearman rho is computed on a seeded sample of up to 2 criterion rows \(seed 1\);/);
    expect(section.rank_statistics).not.toMatch(/AUC/); // not binary
  });

  it('records why a correction lowers r as a code, and the judge writes the note', () => {
    // A fifth applicant without criterion at the mean score 2.5: applicant variance (2.25 + 0.25 + 0.25 + 2.25 + 0) / 5 = 1
    // against 1.25 among criterion rows, so u = sqrt(0.8) < 1. Thorndike case II: r u / sqrt(1 - r² + r² u²) = 0.6 sqrt(0.8) / sqrt(0.928).
    const wider: ValidityCell = { ...cell, applicants: 5, a1: cell.a1 + 2.5, a2: cell.a2 + 6.25 };
    const all = x.map((v, i) => ({ tool: null, stage: 's', score: v, criterion: y[i]!, w: 1 }));
    const measured = finalizeValidity({ ...agg(all), cells: [wider] }, ctx);
    const m = measured.stages[0]!;
    expect(m.u).toBeCloseTo(Math.sqrt(0.8), 12);
    expect(m.r_corrected_range).toBeCloseTo((0.6 * Math.sqrt(0.8)) / Math.sqrt(0.928), 12);
    expect(m.correction_note).toEqual({ code: 'u_below_1' });
    const judged = judgeValidity(measured, { ...ctx, judged: {} }).section!.stages[0]!;
    expect(judged.correction_note).toMatch(/^u < 1/);
    expect(judged.rating_corrected).toBe('good'); // 0.557 >= 0.35
  });
});
