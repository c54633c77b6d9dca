/**
 * Drift by period: the pure helpers (equal-count windows, baseline-quantile bins) on hand-made
 * inputs, and the PSI through the whole engine path on a two-month table that reproduces the PSI
 * worked example of tests/audit/stats/psi.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { parsePolicy } from '../../../../src/audit/contract/policy.js';
import { baselineQuantileBins, equalCountWindows } from '../../../../src/audit/metrics/stability/drift.js';
import { runAudit } from '../../../../src/audit/run-audit.js';

describe('equalCountWindows', () => {
  it('cuts four equal days into two windows of two days (midpoint of each day\'s count)', () => {
    const days = new Map([['2026-01-01', 10], ['2026-01-02', 10], ['2026-01-03', 10], ['2026-01-04', 10]]);
    // day midpoints 5, 15, 25, 35 of 40: floor(2 * m / 40) = 0, 0, 1, 1
    expect([...equalCountWindows(days, 2).values()]).toEqual(['2026-01-01..2026-01-02', '2026-01-01..2026-01-02', '2026-01-03..2026-01-04', '2026-01-03..2026-01-04']);
  });

  it('never splits a day: a day holding most candidates is a window of its own', () => {
    const days = new Map([['2026-03-02', 1], ['2026-03-01', 1], ['2026-03-03', 100]]);
    // sorted: 03-01 (mid 0.5), 03-02 (1.5), 03-03 (52): floor(3 m / 102) = 0, 0, 1
    expect(Object.fromEntries(equalCountWindows(days, 3))).toEqual({
      '2026-03-01': '2026-03-01..2026-03-02',
      '2026-03-02': '2026-03-01..2026-03-02',
      '2026-03-03': '2026-03-03..2026-03-03',
    });
  });
});

describe('baselineQuantileBins', () => {
  it('merges a fine grid at baseline deciles', () => {
    // 100 equal fine bins of 1: a cut after every 10th
    expect(baselineQuantileBins(new Array(100).fill(1))).toEqual([0, 10, 20, 30, 40, 50, 60, 70, 80, 90]);
  });

  it('gives a two-point baseline two bins, none empty at baseline', () => {
    const fine = new Array(100).fill(0);
    fine[0] = 50;
    fine[99] = 50;
    expect(baselineQuantileBins(fine)).toEqual([0, 1]);
  });

  it('merges bins left empty by a heavy bin into their neighbour', () => {
    // 90% in fine bin 2, the rest in bin 5: cuts at 10%..90% all fall after bin 2
    expect(baselineQuantileBins([0, 0, 90, 0, 0, 10, 0])).toEqual([0, 3]);
  });
});

describe('PSI through the engine: two months of a two-point score', () => {
  it('reproduces the worked example (0.0405465) and the chi-square test of homogeneity from scipy', async () => {
    const at = (month: string, score: number, n: number) =>
      Array.from({ length: n }, (_, i) => ({ candidate_id: `${month}-${score}-${i}`, selected: i % 2, score, decided_at: `2026-${month}-10` }));
    const records = [...at('01', 0, 50), ...at('01', 10, 50), ...at('02', 0, 40), ...at('02', 10, 60)];
    const result = await runAudit({ source: { kind: 'records', records, name: 'psi' }, policy: parsePolicy({}) });
    const stage = result.stability!.drift!.stages[0]!;
    expect(stage.baseline_period).toBe('2026-01');
    // the grid spans 0..10 in 100 fine bins; the baseline deciles merge them into [0, 0.1) and [0.1, 10]
    expect(stage.score_edges).toEqual([0, 0.1, 10]);
    expect(stage.periods.map((p) => p.histogram)).toEqual([[50, 50], [40, 60]]);
    const feb = stage.periods[1]!;
    // (0.4 - 0.5) ln(0.4/0.5) + (0.6 - 0.5) ln(0.6/0.5) = 0.0405465 (tests/audit/stats/psi.test.ts)
    expect(feb.psi).toBeCloseTo(0.1 * Math.log(1.2) - 0.1 * Math.log(0.8), 9);
    // scipy.stats.chi2_contingency([[50, 50], [40, 60]], correction=False) p = 0.15521848968468005
    expect(feb.psi_p).toBeCloseTo(0.15521848968468005, 9);
    expect(feb.psi_drift).toBe(false);
    expect(stage.verdict).toBe('pass');
    expect(result.findings.find((f) => f.code === 'stability.drift')?.status).toBe('pass');
  });

  it('calls a month insufficient evidence when no two periods are large enough to compare', async () => {
    const records = Array.from({ length: 40 }, (_, i) => ({ candidate_id: `c${i}`, selected: i % 2, score: i, decided_at: i < 20 ? '2026-01-05' : '2026-02-05' }));
    const result = await runAudit({ source: { kind: 'records', records, name: 'small' }, policy: parsePolicy({}) });
    const stage = result.stability!.drift!.stages[0]!;
    expect(stage.baseline_period).toBeNull(); // fewer than 5 x 10 scored candidates in any month
    expect(stage.verdict).toBe('insufficient_evidence');
  });
});
