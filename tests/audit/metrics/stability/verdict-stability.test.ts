/**
 * Verdict stability (pure, no engine; the metric bootstrap judged by the rules): the replicate p-value and binomial draw, and the bootstrap
 * share against its normal-approximation value on synthetic disparity aggregates.
 */
import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import { describe, expect, it } from 'vitest';
import { parsePolicy } from '../../../../src/audit/contract/policy.js';
import { finalizeDisparity } from '../../../../src/audit/metrics/disparity/finalize.js';
import type { DisparityCell } from '../../../../src/audit/metrics/disparity/scan.js';
import { drawBinomial, replicatePValue } from '../../../../src/audit/metrics/stability/verdict-stability.js';
import { judgeDisparitySection } from '../../../../src/audit/rules/disparity-verdicts.js';
import { judgedVerdictStability as verdictStability } from '../../../../src/audit/rules/stability.js';
import { binomialQuantile } from '../../../../src/audit/stats/binomial-quantile.js';
import { createRng } from '../../../../src/audit/stats/rng.js';
import { syntheticProfile } from '../../../support/profile.js';

describe('replicatePValue', () => {
  it("is Fisher's exact p when an expected count is under 5", () => {
    // Fisher (1935) tea tasting, two-sided: scipy.stats.fisher_exact([[3, 1], [1, 3]]) = 0.48571428571428565
    expect(replicatePValue(3, 1, 1, 3, 5)).toBeCloseTo(0.48571428571428565, 12);
    // scipy.stats.fisher_exact([[2, 30], [9, 25]]) = 0.04520679303148118: smallest expected count 11 * 32 / 66 = 5.33,
    // so it is exact only when the policy's minimum expected cell is above that
    expect(replicatePValue(2, 30, 9, 25, 6)).toBeCloseTo(0.04520679303148118, 12);
  });

  it('is the Yates-corrected chi-square p when every expected count is at least 5', () => {
    // scipy.stats.chi2_contingency([[30, 170], [55, 145]], correction=True) p = 0.003352336346847893
    expect(replicatePValue(30, 170, 55, 145, 5)).toBeCloseTo(0.003352336346847893, 12);
  });
});

describe('drawBinomial', () => {
  it('inverts the CDF at the generator\'s uniform when n·p < 10, mirrored for p > 0.5', () => {
    const u = createRng(5).uniform();
    expect(drawBinomial(createRng(5), 10_000_000, 3e-7)).toBe(binomialQuantile(u, 10_000_000, 3e-7));
    expect(drawBinomial(createRng(5), 10_000_000, 1 - 3e-7)).toBe(10_000_000 - binomialQuantile(u, 10_000_000, 3e-7));
  });

  it('has the binomial mean and variance (2000 draws, 4 SE)', () => {
    const rng = createRng(11);
    for (const [n, p] of [[1_000_000, 2e-6], [500, 0.3]] as const) {
      const draws = Array.from({ length: 2000 }, () => drawBinomial(rng, n, p));
      const mean = draws.reduce((a, b) => a + b, 0) / draws.length;
      const variance = n * p * (1 - p);
      expect(Math.abs(mean - n * p)).toBeLessThan(4 * Math.sqrt(variance / draws.length));
    }
    expect(drawBinomial(rng, 0, 0.5)).toBe(0);
    expect(drawBinomial(rng, 7, 0)).toBe(0);
    expect(drawBinomial(rng, 7, 1)).toBe(7);
  });
});

/** One stage, groups a (1000 candidates, 400 selected) and b (1000, `selected`). */
function section(selectedB: number, scale = 1) {
  const policy = parsePolicy({ protected: ['g'], seed: 99 });
  const cells: DisparityCell[] = [
    { tool: null, stage: 's', values: ['a'], bin: null, n: 1000 * scale, selected: 400 * scale, s1: 0, s2: 0, above: 0 },
    { tool: null, stage: 's', values: ['b'], bin: null, n: 1000 * scale, selected: selectedB * scale, s1: 0, s2: 0, above: 0 },
  ];
  const disparity = judgeDisparitySection(finalizeDisparity({ cells, stageScores: [], grid: null, shift: 0 }, { policy, dataset: syntheticProfile(['g']) })!, policy);
  return { policy, disparity };
}

describe('verdictStability', () => {
  it('holds a verdict on the four-fifths line about as often as the normal approximation of ln IR says', () => {
    // IR = 322/400 = 0.805; Katz SE of ln IR = sqrt((1 - .322)/322 + (1 - .4)/400) = 0.06004;
    // P(resampled IR >= 0.8) ~ Phi(ln(0.805/0.8) / 0.06004) = 0.5413 (scipy.stats.norm.cdf)
    const { policy, disparity } = section(322);
    const vs = verdictStability(disparity, policy)!;
    expect(vs.replicates).toBe(1000);
    expect(vs.rows).toHaveLength(1);
    const row = vs.rows[0]!;
    expect(row.groups).toEqual({ g: 'b' });
    expect(row.four_fifths).toBe('pass');
    const se = Math.sqrt((1 - 0.322) / 322 + (1 - 0.4) / 400);
    const expected = normalCdf(Math.log(0.805 / 0.8) / se, 0, 1);
    expect(expected).toBeCloseTo(0.5413208751090611, 9);
    // 1000 resamples: binomial SE of the share 0.016; allow 3 SE
    expect(Math.abs(row.four_fifths_held - expected)).toBeLessThan(0.048);
    expect(row.fragile).toBe(true);
    expect(row.impact_ratio_interval![0]).toBeLessThan(0.8);
    expect(row.impact_ratio_interval![1]).toBeGreaterThan(0.805);
  });

  it('is stable far from the line, and the same at 10,000 times the candidates costs no more rows (aggregates only)', () => {
    // Equal rates: the verdict changes only when a resample is significant in b's disfavour (about 2.5%)
    const equal = section(400);
    const held = verdictStability(equal.disparity, equal.policy)!.rows[0]!;
    expect(held.verdict).toBe('pass');
    expect(held.four_fifths_held).toBe(1);
    expect(held.verdict_held).toBeGreaterThan(0.95);
    expect(held.fragile).toBe(false);
    // The same proportions at n = 10,000,000 per group: a 0.805 ratio is then many SE from 0.8
    const big = section(322, 10_000);
    const row = verdictStability(big.disparity, big.policy)!.rows[0]!;
    expect(row.four_fifths_held).toBe(1);
    expect(row.fragile).toBe(false);
  });

  it('is seeded: the same policy seed gives the same shares, another seed other ones', () => {
    const { policy, disparity } = section(322);
    const a = verdictStability(disparity, policy)!;
    expect(verdictStability(disparity, policy)).toEqual(a);
    const other = verdictStability(disparity, parsePolicy({ protected: ['g'], seed: 100 }))!;
    expect(other.rows[0]!.four_fifths_held).not.toBe(a.rows[0]!.four_fifths_held);
  });

  it('is null when the disparity section has no comparison', () => {
    const policy = parsePolicy({});
    const disparity = judgeDisparitySection(
      finalizeDisparity(
        { cells: [{ tool: null, stage: 's', values: [], bin: null, n: 10, selected: 3, s1: 0, s2: 0, above: 0 }], stageScores: [], grid: null, shift: 0 },
        { policy, dataset: syntheticProfile([]) },
      )!,
      policy,
    );
    expect(verdictStability(disparity, policy)).toBeNull();
  });
});
