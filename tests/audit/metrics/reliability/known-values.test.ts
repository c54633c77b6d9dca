/**
 * Reliability through the whole engine path (records -> DuckDB -> paired and item aggregates ->
 * finalize) on small hand-made tables whose statistics were computed independently with numpy and
 * scipy (numbers and the script's formulas beside each assertion). The Shrout & Fleiss 6 x 4 table
 * cannot be written as attempt pairs; its ICCs are checked in tests/audit/stats/icc.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { parsePolicy } from '../../../../src/audit/contract/policy.js';
import { runAudit } from '../../../../src/audit/run-audit.js';

const FIRST = [9, 6, 8, 7, 10, 6];
const SECOND = [10, 7, 8, 9, 10, 8];

/** Six candidates scored on two attempts, plus an unpaired second attempt and a variant row that must not pair. */
function retestRecords(): Record<string, unknown>[] {
  const rows = FIRST.flatMap((s, i) => [
    { candidate_id: `c${i}`, stage: 'game', selected: s >= 8 ? 1 : 0, score: s, attempt: 1, gender: i % 2 ? 'f' : 'm' },
    { candidate_id: `c${i}`, stage: 'game', selected: SECOND[i]! >= 8 ? 1 : 0, score: SECOND[i], attempt: 2, gender: i % 2 ? 'f' : 'm' },
  ]);
  rows.push({ candidate_id: 'lonely', stage: 'game', selected: 1, score: 3, attempt: 2, gender: 'f' });
  rows.push({ candidate_id: 'c0', stage: 'other', selected: 1, score: 1, attempt: 2, gender: 'f' });
  return rows;
}

describe('test-retest through the engine: six candidates, two attempts', () => {
  it('gives the numpy/scipy values of Pearson r, ICC(3,1), ICC(2,1) and their intervals', async () => {
    const result = await runAudit({ source: { kind: 'records', records: retestRecords(), name: 'retest' }, policy: parsePolicy({ protected: ['gender'] }) });
    const rows = result.reliability!.test_retest;
    expect(rows).toHaveLength(1); // the 'other' stage row has no first attempt to pair with
    const r = rows[0]!;
    expect(r.n_pairs).toBe(6);
    // numpy: x1.mean() = 7.6667, x2.mean() = 8.6667, x1.std(ddof=1) = 1.632993161855452, x2.std(ddof=1) = 1.2110601416389968
    expect(r.mean_first).toBeCloseTo(23 / 3, 9);
    expect(r.mean_second).toBeCloseTo(26 / 3, 9);
    expect(r.mean_change).toBeCloseTo(1, 9);
    expect(r.sd_first).toBeCloseTo(1.632993161855452, 9);
    expect(r.sd_second).toBeCloseTo(1.2110601416389968, 9);
    // numpy.corrcoef = 0.8427498280790527; tanh(atanh(r) -+ norm.ppf(.975)/sqrt(3)) = 0.09868018172314903, 0.9824031935168466
    expect(r.pearson_r).toBeCloseTo(0.8427498280790527, 9);
    expect(r.pearson_r_ci![0]).toBeCloseTo(0.09868018172314903, 8);
    expect(r.pearson_r_ci![1]).toBeCloseTo(0.9824031935168466, 8);
    // Two-way ANOVA by hand in numpy (BMS, JMS, EMS), McGraw & Wong (1996) ICC(C,1) with F limits
    // from scipy.stats.f.ppf(.975, 5, 5): 0.806451612903225 [0.1327056616630426, 0.9704577121377997]
    expect(r.icc_consistency).toBeCloseTo(0.806451612903225, 9);
    expect(r.icc_consistency_ci![0]).toBeCloseTo(0.1327056616630426, 6);
    expect(r.icc_consistency_ci![1]).toBeCloseTo(0.9704577121377997, 6);
    // ICC(A,1) with the Satterthwaite interval of Shrout & Fleiss (1979):
    // 0.6666666666666663 [-0.09497590324069191, 0.9448095377993874]
    expect(r.icc_agreement).toBeCloseTo(2 / 3, 9);
    expect(r.icc_agreement_ci![0]).toBeCloseTo(-0.09497590324069191, 5);
    expect(r.icc_agreement_ci![1]).toBeCloseTo(0.9448095377993874, 5);
    // 0.667 is in the "insufficient" band, but six pairs are under the minimum of 30: never a pass or fail
    expect(r.rating).toBe('insufficient');
    expect(r.verdict).toBe('insufficient_evidence');
    expect(r.determinism).toBeNull(); // no trait columns to recognise identical input
    const finding = result.findings.find((f) => f.code === 'reliability.test_retest')!;
    expect(finding.status).toBe('insufficient_evidence');
    expect(finding.rule.id).toBe('COTAN-R');
  });

  it('determinism: pairs with equal traits count as identical input; the share of equal re-scores is reported', async () => {
    const records = FIRST.flatMap((s, i) => [
      { candidate_id: `c${i}`, stage: 'cv', selected: 1, score: s, attempt: 1, trait_a: i, trait_b: 1 },
      // c0-c3 re-scored from the same traits (c3 with another score); c4, c5 with a changed trait
      { candidate_id: `c${i}`, stage: 'cv', selected: 1, score: i === 3 ? s + 1 : s, attempt: 2, trait_a: i, trait_b: i < 4 ? 1 : 2 },
    ]);
    const result = await runAudit({ source: { kind: 'records', records, name: 'determinism' }, policy: parsePolicy({}) });
    const d = result.reliability!.test_retest[0]!.determinism!;
    expect(d).toMatchObject({ identical_input_pairs: 4, identical_rescores: 3, share: 0.75, verdict: 'warn' });
    expect(result.findings.find((f) => f.code === 'reliability.determinism')?.status).toBe('warn');
  });
});

describe("internal consistency through the engine: Cronbach's alpha of four items", () => {
  const ITEMS = [
    [3, 4, 3, 5],
    [2, 2, 3, 2],
    [4, 5, 4, 4],
    [1, 2, 1, 2],
    [3, 3, 4, 3],
    [5, 4, 5, 5],
    [2, 3, 2, 3],
  ];

  it('gives the numpy alpha and the Feldt interval from scipy', async () => {
    const records = ITEMS.map((items, i) => ({ candidate_id: `c${i}`, selected: i % 2, q1: items[0], q2: items[1], q3: items[2], q4: items[3] }));
    records.push({ candidate_id: 'partial', selected: 1, q1: 5, q2: 1, q3: undefined, q4: 1 } as never);
    const result = await runAudit({ source: { kind: 'records', records, name: 'items' }, policy: parsePolicy({ reliability: { items: ['q1', 'q2', 'q3', 'q4'] } }) });
    const row = result.reliability!.internal_consistency[0]!;
    expect(row.n).toBe(7); // the candidate with a missing item is left out
    // numpy: C = np.cov(I, rowvar=False); alpha = 4/3 (1 - trace(C)/C.sum()) = 0.9330389992641648
    expect(row.alpha).toBeCloseTo(0.9330389992641648, 9);
    // Feldt: 1 - (1 - alpha) f.ppf(.975 / .025, 6, 18) = 0.7843242877251089, 0.9871281682293284
    expect(row.alpha_ci![0]).toBeCloseTo(0.7843242877251089, 6);
    expect(row.alpha_ci![1]).toBeCloseTo(0.9871281682293284, 6);
    // I.mean(0) and I.std(0, ddof=1)
    expect(row.item_means.map((m) => Number(m.toFixed(6)))).toEqual([2.857143, 3.285714, 3.142857, 3.428571]);
    expect(row.item_sds[0]).toBeCloseTo(1.34518542, 7);
    expect(row.item_sds[1]).toBeCloseTo(1.11269728, 7);
    expect(row.rating).toBe('good');
    expect(row.verdict).toBe('insufficient_evidence'); // 7 candidates < 30
    expect(result.reliability!.test_retest).toEqual([]);
  });
});

describe('no reliability evidence', () => {
  it('omits the section and says what is missing, as insufficient evidence', async () => {
    const records = FIRST.map((s, i) => ({ candidate_id: `c${i}`, selected: 1, score: s }));
    const result = await runAudit({ source: { kind: 'records', records, name: 'none' }, policy: parsePolicy({}) });
    expect(result.reliability).toBeUndefined();
    const f = result.findings.filter((x) => x.code.startsWith('reliability.'));
    expect(f.map((x) => [x.code, x.status])).toEqual([['reliability.no_evidence', 'insufficient_evidence']]);
  });
});
