import type { InternalConsistencyRow, ReliabilitySection, TestRetestRow } from '../../contract/sections/reliability.js';
import type { Policy } from '../../contract/policy.js';
import { alphaFromCovariance, feldtInterval, icc2, icc3, type IccResult, pearsonInterval, twoWayAnovaFromMoments } from '../../stats/validity-index.js';
import type { FamilyContext } from '../family.js';
import { testRetestGroupRows } from './groups.js';
import type { ItemCell, ReliabilityAggregates, RetestCell } from './scan.js';

type Band = NonNullable<TestRetestRow['rating']>;
type Verdict = TestRetestRow['verdict'];

const finite = (x: number) => (Number.isFinite(x) ? x : null);
const fmt = (x: number) => x.toFixed(3);
const sampleSd = (varPop: number, n: number) => (n > 1 ? Math.sqrt((varPop * n) / (n - 1)) : null);
const interval = (lo: number, hi: number): [number, number] | null => (Number.isFinite(lo) && Number.isFinite(hi) ? [lo, hi] : null);

/** COTAN-style band of a reliability coefficient (requirements COTAN-R; bands [U], a convention). */
export function reliabilityBand(value: number, policy: Policy): Band {
  const { reliabilitySufficient, reliabilityGood } = policy.thresholds;
  return value >= reliabilityGood ? 'good' : value >= reliabilitySufficient ? 'sufficient' : 'insufficient';
}

/**
 * The verdict on one reliability coefficient: insufficient evidence under minGroupSize
 * candidates (a convention: the same floor as a compared group) or when it is undefined; fail in
 * the "insufficient" band (COTAN: not adequate for high-stakes individual decisions); else pass.
 */
function judge(what: string, value: number | null, n: number, policy: Policy): { verdict: Verdict; rule: string } {
  const { reliabilitySufficient: lo, reliabilityGood: hi } = policy.thresholds;
  if (n < policy.minGroupSize) {
    return { verdict: 'insufficient_evidence', rule: `insufficient evidence: n = ${n} under the minimum of ${policy.minGroupSize} (convention)` };
  }
  if (value === null) return { verdict: 'insufficient_evidence', rule: `insufficient evidence: ${what} is undefined (no spread in the scores)` };
  const band = reliabilityBand(value, policy);
  const edges = `COTAN-style bands < ${lo} insufficient, ${lo}-${hi} sufficient, >= ${hi} good (unverified [U], a convention)`;
  return band === 'insufficient'
    ? { verdict: 'fail', rule: `fail: ${what} ${fmt(value)} < ${lo}; ${edges}` }
    : { verdict: 'pass', rule: `pass: ${what} ${fmt(value)} is ${band}; ${edges}` };
}

/**
 * Test–retest of one stage from the paired sums (k = 2 occasions): moments of each attempt,
 * Pearson r with its Fisher-z interval, and the two-way ANOVA whose mean squares give ICC(2,1)
 * and ICC(3,1). With population moments m_j, v_j and c = cov(x1, x2):
 *   var(all 2n scores) = (v1 + v2)/2 + ((m1 − m2)/2)²,  var(row means) = (v1 + v2 + 2c)/4,
 *   var(column means) = ((m1 − m2)/2)²   (Shrout & Fleiss 1979 BMS, JMS, EMS via twoWayAnovaFromMoments).
 */
export function testRetestRow(cell: RetestCell, shift: number, policy: Policy): Omit<TestRetestRow, 'determinism'> {
  const { n } = cell;
  const d1 = cell.s1 / n;
  const d2 = cell.s2 / n;
  const v1 = Math.max(0, cell.s11 / n - d1 * d1);
  const v2 = Math.max(0, cell.s22 / n - d2 * d2);
  const cov = cell.s12 / n - d1 * d2;
  const row: Omit<TestRetestRow, 'determinism'> = {
    tool: cell.tool,
    stage: cell.stage,
    n_pairs: n,
    mean_first: shift + d1,
    mean_second: shift + d2,
    sd_first: sampleSd(v1, n),
    sd_second: sampleSd(v2, n),
    mean_change: d2 - d1,
    pearson_r: null,
    pearson_r_ci: null,
    icc_agreement: null,
    icc_agreement_ci: null,
    icc_consistency: null,
    icc_consistency_ci: null,
    rating: null,
    verdict: 'insufficient_evidence',
    verdict_rule: '',
  };
  if (v1 > 0 && v2 > 0) {
    const r = Math.max(-1, Math.min(1, cov / Math.sqrt(v1 * v2)));
    row.pearson_r = r;
    if (n >= 4 && Math.abs(r) < 1) {
      const ci = pearsonInterval(r, n);
      row.pearson_r_ci = [ci.lower, ci.upper];
    }
  }
  if (n >= 2 && Number.isInteger(n)) {
    const half = (d1 - d2) / 2;
    const anova = twoWayAnovaFromMoments({
      n,
      k: 2,
      varAll: (v1 + v2) / 2 + half * half,
      varRowMeans: Math.max(0, (v1 + v2 + 2 * cov) / 4),
      varColMeans: half * half,
    });
    if (anova.ssError <= 1e-12 * anova.ssRows && anova.ssRows > 0) {
      // Perfect consistency (EMS = 0): F and every interval are infinite; the point values are exact.
      const bms = anova.ssRows / (n - 1);
      const jms = anova.ssCols;
      row.icc_agreement = bms / (bms + (2 * jms) / n);
      row.icc_consistency = 1;
    } else if (anova.ssRows + anova.ssError > 0) {
      const fill = (res: IccResult) => ({ value: finite(res.icc), ci: interval(res.lower, res.upper) });
      const agreement = fill(icc2(anova));
      const consistency = fill(icc3(anova));
      row.icc_agreement = agreement.value;
      row.icc_agreement_ci = agreement.ci;
      row.icc_consistency = consistency.value;
      row.icc_consistency_ci = consistency.ci;
    }
  }
  row.rating = row.icc_agreement === null ? null : reliabilityBand(row.icc_agreement, policy);
  const v = judge('test-retest ICC(2,1)', row.icc_agreement, n, policy);
  row.verdict = v.verdict;
  row.verdict_rule = v.rule;
  return row;
}

/**
 * Determinism (requirements Q7): of the retest pairs whose traits are all equal on both attempts
 * (identical input as far as the data shows), the share scored exactly the same. Any other re-score
 * of identical input is a warning [C]; null when the data has no traits to recognise such pairs or
 * holds none.
 */
export function determinism(cell: RetestCell): TestRetestRow['determinism'] {
  if (cell.identicalInput === null || cell.identicalScore === null || cell.identicalInput === 0) return null;
  const share = cell.identicalScore / cell.identicalInput;
  const rule = `share of identical re-scores of identical input ${share.toFixed(4)}; requirements Q7 determinism, warn below 1 (convention)`;
  return {
    identical_input_pairs: cell.identicalInput,
    identical_rescores: cell.identicalScore,
    share,
    verdict: share < 1 ? 'warn' : 'pass',
    verdict_rule: `${share < 1 ? 'warn' : 'pass'}: ${rule}`,
  };
}

/**
 * Internal consistency of one stage: item covariances (population) from the shifted sums and cross
 * products, Cronbach's alpha from that matrix, and Feldt's interval.
 */
export function internalConsistencyRow(cell: ItemCell, names: readonly string[], shifts: readonly number[], policy: Policy): InternalConsistencyRow {
  const { n } = cell;
  const k = names.length;
  const d = cell.sums.map((s) => s / n);
  const cov = cell.cross.map((row, i) => row.map((c, j) => c / n - d[i]! * d[j]!));
  const variances = cov.map((row, i) => Math.max(0, row[i]!));
  const total = cov.reduce((a, row) => a + row.reduce((b, c) => b + c, 0), 0);
  let alpha: number | null = null;
  let ci: [number, number] | null = null;
  if (n >= 2 && total > 0) {
    alpha = alphaFromCovariance(cov.map((row, i) => row.map((c, j) => (i === j ? variances[i]! : c))));
    if (alpha < 1 && Number.isInteger(n)) {
      const f = feldtInterval(alpha, n, k);
      ci = [f.lower, f.upper];
    }
  }
  const v = judge("Cronbach's alpha", alpha, n, policy);
  return {
    tool: cell.tool,
    stage: cell.stage,
    n,
    items: [...names],
    item_means: d.map((x, i) => shifts[i]! + x),
    item_sds: variances.map((x) => sampleSd(x, n) ?? 0),
    alpha,
    alpha_ci: ci,
    rating: alpha === null ? null : reliabilityBand(alpha, policy),
    verdict: v.verdict,
    verdict_rule: v.rule,
  };
}

const byStage = (a: { tool: string | null; stage: string }, b: { tool: string | null; stage: string }) =>
  (a.tool ?? '').localeCompare(b.tool ?? '') || (a.stage < b.stage ? -1 : a.stage > b.stage ? 1 : 0);

/** The reliability section, or null when the data holds neither retest pairs nor item columns. */
export function finalizeReliability(agg: ReliabilityAggregates, ctx: FamilyContext): ReliabilitySection | null {
  const { policy } = ctx;
  if (agg.retest.length === 0 && agg.items.length === 0) return null;
  const { reliabilitySufficient, reliabilityGood } = policy.thresholds;
  return {
    bands: {
      sufficient: reliabilitySufficient,
      good: reliabilityGood,
      note: `COTAN rating system, criterion "Betrouwbaarheid": < ${reliabilitySufficient} insufficient, ${reliabilitySufficient}-${reliabilityGood} sufficient, >= ${reliabilityGood} good; recalled from the 2009/2010 system and unverified against the COTAN text [U], applied here as a convention`,
    },
    test_retest: [...agg.retest].sort(byStage).map((c) => ({ ...testRetestRow(c, agg.scoreShift, policy), determinism: determinism(c) })),
    ...(agg.retest.length > 0
      ? { test_retest_groups: testRetestGroupRows(agg.retestByGroup, ctx.dataset.protectedAttributes, (c) => testRetestRow(c, agg.scoreShift, policy), policy) }
      : {}),
    internal_consistency: [...agg.items].sort(byStage).filter((c) => c.n > 0).map((c) => internalConsistencyRow(c, agg.itemNames, agg.itemShifts, policy)),
  };
}
