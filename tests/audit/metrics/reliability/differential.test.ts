/**
 * Differential reliability: test–retest per protected group, each group's r against the
 * reference group's (Fisher z for independent correlations, Holm). Known values from numpy/scipy
 * through the whole engine path; the per-group numbers equal an audit of that group alone; and
 * the warning's calibration on seeded null and effect datasets (rates printed).
 */
import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import { describe, expect, it } from 'vitest';
import { parsePolicy } from '../../../../src/audit/contract/policy.js';
import { testRetestGroupRows } from '../../../../src/audit/metrics/reliability/groups.js';
import { testRetestRow } from '../../../../src/audit/metrics/reliability/finalize.js';
import type { RetestCell } from '../../../../src/audit/metrics/reliability/cells.js';
import { judgeReliability } from '../../../../src/audit/rules/reliability.js';
import { runAudit } from '../../../../src/audit/run-audit.js';
import { createRng, type Rng } from '../../../../src/audit/stats/rng.js';
import { syntheticProfile } from '../../../support/profile.js';

const M = { first: [9, 6, 8, 7, 10, 6, 5, 8], second: [10, 7, 8, 9, 10, 8, 5, 7] };
const F = { first: [4, 6, 8, 5, 9, 7, 6, 8, 7, 5], second: [7, 5, 6, 8, 6, 9, 5, 7, 8, 4] };

function records(groups: Record<string, { first: number[]; second: number[] }>): Record<string, unknown>[] {
  return Object.entries(groups).flatMap(([gender, g]) =>
    g.first.flatMap((s, i) => [
      { candidate_id: `${gender}${i}`, stage: 'game', selected: s >= 7 ? 1 : 0, score: s, attempt: 1, gender },
      { candidate_id: `${gender}${i}`, stage: 'game', selected: g.second[i]! >= 7 ? 1 : 0, score: g.second[i], attempt: 2, gender },
    ]),
  );
}

const policy = parsePolicy({ protected: ['gender'], minGroupSize: 5 });

describe('test-retest by group through the engine', () => {
  it('gives the numpy/scipy r and ICC per group and the Fisher z test against the largest group', async () => {
    const result = await runAudit({ source: { kind: 'records', records: records({ m: M, f: F }), name: 'retest-groups' }, policy });
    const rows = result.reliability!.test_retest_groups!;
    expect(rows.map((r) => [r.attribute, r.group, r.n_pairs, r.is_reference])).toEqual([
      ['gender', 'f', 10, true], // the reference: the known group with the most pairs
      ['gender', 'm', 8, false],
    ]);
    const [f, m] = rows as [(typeof rows)[0], (typeof rows)[0]];
    // numpy.corrcoef: f 0.1111111111111111, m 0.8025117801208307
    expect(f.pearson_r).toBeCloseTo(0.1111111111111111, 9);
    expect(m.pearson_r).toBeCloseTo(0.8025117801208307, 9);
    // ICC(A,1) from the two-way ANOVA in numpy (McGraw & Wong 1996): f 0.12195121951219508, m 0.7687687687687688
    expect(f.icc_agreement).toBeCloseTo(0.12195121951219508, 9);
    expect(m.icc_agreement).toBeCloseTo(0.7687687687687688, 9);
    // z = (atanh r_m - atanh r_f) / sqrt(1/5 + 1/7) = 1.6976754519467046, p = 2 norm.sf(|z|) = 0.08956903339464392
    expect(m.z).toBeCloseTo(1.6976754519467046, 9);
    expect(m.p).toBeCloseTo(0.08956903339464392, 9);
    expect(m.holm_p).toBeCloseTo(0.08956903339464392, 9); // one comparison: Holm changes nothing
    // Not significant, and 8 vs 10 pairs cannot detect the band distance: insufficient evidence, not a pass.
    expect(m.verdict).toBe('insufficient_evidence');
    expect(f.verdict).toBeNull();
    const finding = result.findings.find((x) => x.code === 'reliability.differential')!;
    expect(finding.status).toBe('insufficient_evidence');
    expect(finding.subject.groups).toEqual({ gender: 'm' });
    expect(finding.subject.reference).toEqual({ gender: 'f' });
  });

  it('gives each group the numbers an audit of that group alone gives', async () => {
    const both = await runAudit({ source: { kind: 'records', records: records({ m: M, f: F }), name: 'both' }, policy });
    for (const [gender, data] of [['m', M], ['f', F]] as const) {
      const alone = await runAudit({ source: { kind: 'records', records: records({ [gender]: data }), name: gender }, policy });
      const overall = alone.reliability!.test_retest[0]!;
      const row = both.reliability!.test_retest_groups!.find((g) => g.group === gender)!;
      expect(row.n_pairs).toBe(overall.n_pairs);
      expect(row.pearson_r).toBeCloseTo(overall.pearson_r!, 12);
      expect(row.pearson_r_ci).toEqual(overall.pearson_r_ci);
      expect(row.icc_agreement).toBeCloseTo(overall.icc_agreement!, 10);
      expect(row.icc_agreement_ci![0]).toBeCloseTo(overall.icc_agreement_ci![0], 8);
      expect(row.icc_agreement_ci![1]).toBeCloseTo(overall.icc_agreement_ci![1], 8);
    }
  });

  it('shows the groups in the Markdown summary', async () => {
    const { renderMarkdown } = await import('../../../../src/reports/markdown.js');
    const result = await runAudit({ source: { kind: 'records', records: records({ m: M, f: F }), name: 'md' }, policy });
    const md = renderMarkdown(result);
    expect(md).toContain('Test–retest by group');
    expect(md).toMatch(/\| game \| gender=f \(reference\) \| 10 \| 0\.11 /);
  });
});

// ─── Calibration ─────────────────────────────────────────────────────────────────────────────────

/** Scores T + e on two attempts: T ~ N(50, 10²), e ~ N(0, se²), so r = ICC = 100 / (100 + se²). */
function cell(rng: Rng, group: string, pairs: number, reliability: number): RetestCell {
  const se = Math.sqrt(100 * (1 / reliability - 1));
  const c: RetestCell = { tool: null, stage: 'game', values: [group], n: 0, s1: 0, s2: 0, s11: 0, s22: 0, s12: 0, identicalInput: null, identicalScore: null };
  for (let i = 0; i < pairs; i++) {
    const t = rng.normal(0, 10);
    const x1 = t + rng.normal(0, se);
    const x2 = t + rng.normal(0, se);
    c.n++;
    c.s1 += x1;
    c.s2 += x2;
    c.s11 += x1 * x1;
    c.s22 += x2 * x2;
    c.s12 += x1 * x2;
  }
  return c;
}

const REPLICATES = 200;
const PAIRS = 600;
/** Nominal rate of a warning on null data: alpha, plus the 99% binomial margin over 200 replicates. */
const NULL_LIMIT = 0.05 + 2.576 * Math.sqrt((0.05 * 0.95) / REPLICATES);

function warnRate(reliabilities: [number, number], firstSeed: number): number {
  const calibration = parsePolicy({ protected: ['gender'] });
  let warned = 0;
  for (let k = 0; k < REPLICATES; k++) {
    const rng = createRng(firstSeed + k);
    const cells = [cell(rng, 'a', PAIRS, reliabilities[0]), cell(rng, 'b', PAIRS, reliabilities[1]), cell(rng, 'c', PAIRS, reliabilities[0])];
    // The measured rows (finalize), then the rules' verdicts on them.
    const measured = { test_retest: [], test_retest_groups: testRetestGroupRows(cells, ['gender'], (c) => testRetestRow(c, 0), calibration), internal_consistency: [] };
    const rows = judgeReliability(measured, { policy: calibration, dataset: syntheticProfile(['gender']), judged: {} }).section!.test_retest_groups!;
    if (rows.some((r) => r.verdict === 'warn')) warned++;
  }
  return warned / REPLICATES;
}

describe('differential reliability: calibration (three groups of 600 pairs, 200 seeded datasets each)', () => {
  it('warns on null data at no more than alpha (all groups r = 0.8)', () => {
    const rate = warnRate([0.8, 0.8], 7_000);
    console.log(`differential reliability, null (r 0.8 in every group): warn rate ${rate.toFixed(3)} (limit ${NULL_LIMIT.toFixed(3)})`);
    expect(rate).toBeLessThanOrEqual(NULL_LIMIT);
  });

  it('warns in at least 90% of datasets where one group is measured at r = 0.7 against 0.8', () => {
    // Fisher z difference atanh(0.8) - atanh(0.7) = 0.231 (under the default bands' yardstick, atanh(0.9) - atanh(0.8) = 0.374);
    // with 600 pairs per group the power is about Phi(0.231 / sqrt(2/597) - 2.241) = 0.96 (2.241: Holm over two tests at worst).
    const power = normalCdf((Math.atanh(0.8) - Math.atanh(0.7)) / Math.sqrt(2 / (PAIRS - 3)) - 2.241, 0, 1); // Holm over two tests: alpha / 2
    const rate = warnRate([0.8, 0.7], 9_000);
    console.log(`differential reliability, effect (r 0.7 vs 0.8): warn rate ${rate.toFixed(3)} (normal-theory power ${power.toFixed(3)})`);
    expect(rate).toBeGreaterThanOrEqual(0.9);
  });
});
