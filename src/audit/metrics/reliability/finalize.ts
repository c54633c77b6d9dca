import { alphaFromCovariance, feldtInterval, icc2, icc3, type IccResult, pearsonInterval, twoWayAnovaFromMoments } from '../../stats/validity-index.js';
import type { FamilyContext } from '../family.js';
import { testRetestGroupRows } from './groups.js';
import type { MeasuredConsistency, MeasuredDeterminism, MeasuredReliability, MeasuredTestRetest } from './measured.js';
import type { ItemCell, RetestCell } from './cells.js';
import type { ReliabilityAggregates } from './scan.js';

const finite = (x: number) => (Number.isFinite(x) ? x : null);
const sampleSd = (varPop: number, n: number) => (n > 1 ? Math.sqrt((varPop * n) / (n - 1)) : null);
const interval = (lo: number, hi: number): [number, number] | null => (Number.isFinite(lo) && Number.isFinite(hi) ? [lo, hi] : null);

/**
 * Test–retest of one stage from the paired sums (k = 2 occasions): moments of each attempt,
 * Pearson r with its Fisher-z interval, and the two-way ANOVA whose mean squares give ICC(2,1)
 * and ICC(3,1). With population moments m_j, v_j and c = cov(x1, x2):
 *   var(all 2n scores) = (v1 + v2)/2 + ((m1 − m2)/2)²,  var(row means) = (v1 + v2 + 2c)/4,
 *   var(column means) = ((m1 − m2)/2)²   (Shrout & Fleiss 1979 BMS, JMS, EMS via twoWayAnovaFromMoments).
 */
export function testRetestRow(cell: RetestCell, shift: number): Omit<MeasuredTestRetest, 'determinism'> {
  const { n } = cell;
  const d1 = cell.s1 / n;
  const d2 = cell.s2 / n;
  const v1 = Math.max(0, cell.s11 / n - d1 * d1);
  const v2 = Math.max(0, cell.s22 / n - d2 * d2);
  const cov = cell.s12 / n - d1 * d2;
  const row: Omit<MeasuredTestRetest, 'determinism'> = {
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
  return row;
}

/**
 * Determinism (requirements Q7): of the retest pairs whose traits are all equal on both attempts
 * (identical input as far as the data shows), the share scored exactly the same; null when the
 * data has no traits to recognise such pairs or holds none.
 */
function determinism(cell: RetestCell): MeasuredDeterminism | null {
  if (cell.identicalInput === null || cell.identicalScore === null || cell.identicalInput === 0) return null;
  return { identical_input_pairs: cell.identicalInput, identical_rescores: cell.identicalScore, share: cell.identicalScore / cell.identicalInput };
}

/**
 * Internal consistency of one stage: item covariances (population) from the shifted sums and cross
 * products, Cronbach's alpha from that matrix, and Feldt's interval.
 */
function internalConsistencyRow(cell: ItemCell, names: readonly string[], shifts: readonly number[]): MeasuredConsistency {
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
  return {
    tool: cell.tool,
    stage: cell.stage,
    n,
    items: [...names],
    item_means: d.map((x, i) => shifts[i]! + x),
    item_sds: variances.map((x) => sampleSd(x, n) ?? 0),
    alpha,
    alpha_ci: ci,
  };
}

const byStage = (a: { tool: string | null; stage: string }, b: { tool: string | null; stage: string }) =>
  (a.tool ?? '').localeCompare(b.tool ?? '') || (a.stage < b.stage ? -1 : a.stage > b.stage ? 1 : 0);

/**
 * The reliability measurements, or null when the data holds neither retest pairs nor item columns.
 * Bands, ratings and verdicts are the rules' (src/audit/rules/reliability.ts).
 */
export function finalizeReliability(agg: ReliabilityAggregates, ctx: FamilyContext): MeasuredReliability | null {
  if (agg.retest.length === 0 && agg.items.length === 0) return null;
  return {
    test_retest: [...agg.retest].sort(byStage).map((c) => ({ ...testRetestRow(c, agg.scoreShift), determinism: determinism(c) })),
    ...(agg.retest.length > 0
      ? { test_retest_groups: testRetestGroupRows(agg.retestByGroup, ctx.dataset.protectedAttributes, (c) => testRetestRow(c, agg.scoreShift), ctx.policy) }
      : {}),
    internal_consistency: [...agg.items].sort(byStage).filter((c) => c.n > 0).map((c) => internalConsistencyRow(c, agg.itemNames, agg.itemShifts)),
  };
}
