import { UNKNOWN_GROUP } from '../../contract/dataset.js';
import type { Policy } from '../../contract/policy.js';
import type { DriftStage, StabilitySection } from '../../contract/sections/stability.js';
import { chiSquareHomogeneity } from '../../stats/chi-square-homogeneity.js';
import { fisherExact2x2, holmAdjust } from '../../stats/index.js';
import { populationStabilityIndex } from '../../stats/validity-index.js';
import { chooseReference, stageId } from '../group-frame.js';
import type { FamilyContext } from '../family.js';
import type { PeriodCell, StabilityAggregates } from './scan.js';

/**
 * Drift by period of decided_at (requirements Q7, AI Act art. 15): per stage and period the
 * selection rate, each single attribute's impact ratios, and the score distribution on a shared
 * grid with its population stability index against the baseline period.
 */
type Drift = NonNullable<StabilitySection['drift']>;
type GroupTrend = DriftStage['groups'][number];
type GroupPeriod = GroupTrend['periods'][number];

/** Score bins of the PSI: the fine grid merged at about these many baseline quantiles (deciles, a convention). */
export const PSI_BINS = 10;

interface StageData {
  tool: string | null;
  stage: string;
  /** Period label -> cells and fine score histogram. */
  cells: Map<string, PeriodCell[]>;
  fine: Map<string, number[]>;
}

/**
 * Equal-count windows of days: day d (with n_d candidates, days in order) goes to window
 * floor(W (N_<d + n_d / 2) / N), N = all candidates: the window holding the middle of its count.
 * Windows therefore hold about N / W candidates each; a day is never split. Returns day -> label
 * "first..last" of its window.
 */
export function equalCountWindows(dayCounts: ReadonlyMap<string, number>, windows: number): Map<string, string> {
  const days = [...dayCounts.keys()].sort();
  const total = days.reduce((a, d) => a + dayCounts.get(d)!, 0);
  const index = new Map<string, number>();
  let before = 0;
  for (const day of days) {
    const n = dayCounts.get(day)!;
    index.set(day, total > 0 ? Math.min(windows - 1, Math.floor((windows * (before + n / 2)) / total)) : 0);
    before += n;
  }
  const members = new Map<number, string[]>();
  for (const day of days) members.set(index.get(day)!, [...(members.get(index.get(day)!) ?? []), day]);
  const label = new Map<string, string>();
  for (const list of members.values()) for (const day of list) label.set(day, `${list[0]}..${list.at(-1)}`);
  return label;
}

/**
 * Start indices (into the fine grid) of about `parts` bins holding equal shares of the baseline:
 * a cut after fine bin k whenever the baseline's cumulative share passes j / parts; bins whose
 * baseline count is 0 are merged into their left neighbour so no merged bin is empty at baseline.
 */
export function baselineQuantileBins(baseline: readonly number[], parts = PSI_BINS): number[] {
  const total = baseline.reduce((a, b) => a + b, 0);
  const starts = [0];
  let cum = 0;
  let next = 1;
  baseline.forEach((c, k) => {
    cum += c;
    while (next < parts && cum >= (next * total) / parts) {
      if (k + 1 < baseline.length && starts.at(-1) !== k + 1) starts.push(k + 1);
      next++;
    }
  });
  const massOf = (i: number) => baseline.slice(starts[i]!, starts[i + 1] ?? baseline.length).reduce((a, b) => a + b, 0);
  return starts.filter((_, i) => i === 0 || massOf(i) > 0);
}

function merge(fine: readonly number[], starts: readonly number[]): number[] {
  return starts.map((s, i) => fine.slice(s, starts[i + 1] ?? fine.length).reduce((a, b) => a + b, 0));
}

/** Cells and histograms per stage, relabelled to equal-count windows when the policy asks for them. */
function byStage(agg: StabilityAggregates, ctx: FamilyContext): StageData[] {
  const stages = new Map<string, StageData>();
  const get = (c: { tool: string | null; stage: string }) => {
    const key = stageId(c.tool, c.stage);
    if (!stages.has(key)) stages.set(key, { tool: c.tool, stage: c.stage, cells: new Map(), fine: new Map() });
    return stages.get(key)!;
  };
  const windowed = ctx.policy.stability.period === 'windows';
  const labels = new Map<string, Map<string, string>>();
  if (windowed) {
    const counts = new Map<string, Map<string, number>>();
    for (const c of agg.periods) {
      const key = stageId(c.tool, c.stage);
      const days = counts.get(key) ?? new Map<string, number>();
      days.set(c.period, (days.get(c.period) ?? 0) + c.n);
      counts.set(key, days);
    }
    for (const [key, days] of counts) labels.set(key, equalCountWindows(days, ctx.policy.stability.windows));
  }
  const relabel = (c: { tool: string | null; stage: string; period: string }) =>
    windowed ? (labels.get(stageId(c.tool, c.stage))?.get(c.period) ?? c.period) : c.period;
  for (const c of agg.periods) {
    const s = get(c);
    const label = relabel(c);
    s.cells.set(label, [...(s.cells.get(label) ?? []), c]);
  }
  const bins = agg.grid?.bins ?? 0;
  for (const c of agg.periodBins) {
    const s = get(c);
    const label = relabel(c);
    const hist = s.fine.get(label) ?? new Array<number>(bins).fill(0);
    hist[c.bin] = (hist[c.bin] ?? 0) + c.n;
    s.fine.set(label, hist);
  }
  return [...stages.values()].sort((a, b) => (a.tool ?? '').localeCompare(b.tool ?? '') || (a.stage < b.stage ? -1 : a.stage > b.stage ? 1 : 0));
}

interface PendingComparison {
  row: GroupPeriod;
}

/** Impact ratio per period of every known group of one attribute (reference re-chosen per period). */
function groupTrends(stage: StageData, periods: readonly string[], attr: number, name: string, policy: Policy, pending: PendingComparison[]): GroupTrend[] {
  const trends = new Map<string, GroupTrend>();
  for (const period of periods) {
    const tally = new Map<string, { key: Record<string, string>; label: string; n: number; selected: number }>();
    for (const c of stage.cells.get(period) ?? []) {
      const value = c.values[attr]!;
      const t = tally.get(value) ?? { key: { [name]: value }, label: value, n: 0, selected: 0 };
      t.n += c.n;
      t.selected += c.selected;
      tally.set(value, t);
    }
    const known = [...tally.values()].filter((g) => g.label !== UNKNOWN_GROUP && g.n > 0);
    const ref = chooseReference(known, (g) => g.selected / g.n, (g) => g.n, policy);
    for (const g of known.sort((a, b) => (a.label < b.label ? -1 : 1))) {
      const trend = trends.get(g.label) ?? { attribute: name, group: g.label, baseline_period: null, baseline_impact_ratio: null, crossed_in: null, periods: [] };
      trends.set(g.label, trend);
      const refRate = ref && ref.selected > 0 ? ref.selected / ref.n : null;
      const row: GroupPeriod = {
        period,
        n: g.n,
        selected: g.selected,
        rate: g.selected / g.n,
        reference: ref?.label ?? null,
        impact_ratio: refRate === null ? null : g.selected / g.n / refRate,
        fisher_p: null,
        holm_p: null,
        assessable: ref !== null && refRate !== null && g.n >= policy.minGroupSize && ref.n >= policy.minGroupSize,
      };
      if (ref && g !== ref) {
        row.fisher_p = fisherExact2x2(g.selected, g.n - g.selected, ref.selected, ref.n - ref.selected);
        pending.push({ row });
      }
      trend.periods.push(row);
    }
  }
  return [...trends.values()].sort((a, b) => (a.group < b.group ? -1 : 1));
}

/**
 * A group's baseline: the first period it is assessable in (both it and the reference of at least
 * the minimum group size). Whether it later crossed the threshold is the rules' (drift verdict).
 */
function markBaseline(trend: GroupTrend): void {
  const base = trend.periods.find((p) => p.assessable && p.impact_ratio !== null);
  if (!base) return;
  trend.baseline_period = base.period;
  trend.baseline_impact_ratio = base.impact_ratio;
}

/**
 * Periods with histograms and PSI against the baseline. A period is compared only when it and the
 * baseline both hold at least minExpectedCell × PSI_BINS scored candidates (about 5 expected per
 * bin, Cochran's rule); the baseline is the first period that large. Whether a PSI is more than
 * noise is judged by Pearson's chi-square test of homogeneity on the two binned histograms (the
 * PSI's own epsilon floor makes it explode on empty bins at small counts).
 */
function periodRows(stage: StageData, periods: readonly string[], agg: StabilityAggregates, policy: Policy) {
  const fineOf = (p: string) => stage.fine.get(p) ?? [];
  const scoredOf = (p: string) => fineOf(p).reduce((a, b) => a + b, 0);
  const minScored = policy.thresholds.minExpectedCell * PSI_BINS;
  const baseline = agg.grid ? (periods.find((p) => scoredOf(p) >= minScored) ?? null) : null;
  const starts = baseline ? baselineQuantileBins(fineOf(baseline)) : [];
  const edges = agg.grid && baseline ? [...starts.map((s) => agg.grid!.lo + s * agg.grid!.width), agg.grid.lo + agg.grid.bins * agg.grid.width] : [];
  const baseHist = baseline ? merge(fineOf(baseline), starts) : [];
  const rows: DriftStage['periods'] = periods.map((period) => {
    const cells = stage.cells.get(period) ?? [];
    const n = cells.reduce((a, c) => a + c.n, 0);
    const selected = cells.reduce((a, c) => a + c.selected, 0);
    const scored = scoredOf(period);
    const histogram = baseline && scored > 0 ? merge(fineOf(period), starts) : baseline ? starts.map(() => 0) : [];
    const row: DriftStage['periods'][number] = { period, n, selected, rate: n > 0 ? selected / n : null, scored, histogram, psi: null, psi_p: null, psi_holm_p: null, psi_drift: null };
    if (baseline && period !== baseline && scored > 0 && starts.length >= 2) {
      row.psi = populationStabilityIndex(baseHist, histogram).psi;
      if (scored >= minScored) row.psi_p = chiSquareHomogeneity(baseHist, histogram).p;
    }
    return row;
  });
  return { baseline, edges, rows };
}

/** The drift part of the stability section, or null without decided_at. */
export function finalizeDrift(agg: StabilityAggregates, ctx: FamilyContext): Drift | null {
  if (agg.unit === null) return null;
  const { policy, dataset } = ctx;
  const pending: PendingComparison[] = [];
  const stages = byStage(agg, ctx).map((s) => {
    const periods = [...new Set([...s.cells.keys(), ...s.fine.keys()])].sort();
    const { baseline, edges, rows } = periodRows(s, periods, agg, policy);
    const groups = dataset.protectedAttributes.flatMap((name, i) => groupTrends(s, periods, i, name, policy, pending));
    // The verdict fields are the rules' (src/audit/rules/stability-verdicts.ts).
    return { tool: s.tool, stage: s.stage, baseline_period: baseline, score_edges: edges, periods: rows, groups, verdict: 'insufficient_evidence' as DriftStage['verdict'], verdict_rule: '' };
  });
  const adjusted = holmAdjust(pending.map((p) => p.row.fisher_p));
  pending.forEach((p, i) => (p.row.holm_p = adjusted[i] ?? null));
  const psiRows = stages.flatMap((s) => s.periods.filter((p) => p.psi_p !== null));
  const psiAdjusted = holmAdjust(psiRows.map((p) => p.psi_p));
  psiRows.forEach((p, i) => (p.psi_holm_p = psiAdjusted[i] ?? null));
  for (const s of stages) s.groups.forEach(markBaseline);
  return { unit: policy.stability.period, windows: policy.stability.period === 'windows' ? policy.stability.windows : null, stages };
}
