import { holmAdjust } from '../../stats/index.js';
import { groupings, stageId, stagesInOrder, totalN } from '../group-frame.js';
import type { FamilyContext } from '../family.js';
import { resolvesSeconds } from './batch.js';
import { groupRows, groupTotals } from './groups.js';
import type { AutomationMeasurement, Comparison, DecisionTimesCoverage, MeasuredGroup, MeasuredStage } from './measured.js';
import { DWELL } from './parameters.js';
import type { AutomationAggregates } from './scan.js';
import { stageRow, sumCells } from './stage.js';

/** Review-time histograms keyed by stage, attribute index and value (value '' for the whole stage). */
function histograms(agg: AutomationAggregates): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const d of agg.dwell) {
    const keys = [`${stageId(d.tool, d.stage)}\u0000${d.attribute}\u0000${d.value ?? ''}`];
    // The whole stage: the first attribute's values summed (every row has one value), or the attribute-free query.
    if (d.attribute <= 0) keys.push(`${stageId(d.tool, d.stage)}\u0000stage`);
    for (const key of keys) {
      const h = out.get(key) ?? new Array<number>(DWELL.bins).fill(0);
      h[d.bin] = (h[d.bin] ?? 0) + d.n;
      out.set(key, h);
    }
  }
  return out;
}

/** What the decision times cover, for the batch index (null without reviewer_id or decided_at). */
function coverage(agg: AutomationAggregates): DecisionTimesCoverage | null {
  if (agg.times === null) return null;
  const { decisionsTotal, decisionsUsed, daysTotal, daysUsed } = agg.times;
  return { decisionsTotal, decisionsUsed, daysTotal, daysUsed, resolvesSeconds: resolvesSeconds(agg.times.seconds) };
}

/** Holm over one kind of comparison across the audit (the p-values of every group row). */
function holm(groups: readonly MeasuredGroup[], kind: Comparison): void {
  const pKey = kind === 'human' ? 'human_cmh_p' : (`${kind}_fisher_p` as const);
  holmAdjust(groups.map((g) => g.row[pKey])).forEach((adjusted, i) => (groups[i]!.row[`${kind}_holm_p`] = adjusted ?? null));
}

/**
 * The automation measurement: per stage the ARR, review-time distribution, overrides, adherence,
 * reviewers and batch index; per group the ARR, rubber-stamped rejections and reviewers' decisions
 * against the rest, Holm-adjusted per kind of test across the audit. The rubber-stamp rating, the
 * AVG-22 verdict and the group verdicts are the rules' (src/audit/rules/automation.ts).
 */
export function finalizeAutomation(agg: AutomationAggregates, ctx: FamilyContext): AutomationMeasurement {
  const { policy } = ctx;
  const attributes = ctx.dataset.protectedAttributes;
  const hists = histograms(agg);
  const times = coverage(agg);
  // The batch index needs reviewed decisions whose times resolve seconds.
  const usable = times !== null && times.decisionsTotal > 0 && times.resolvesSeconds;
  const stages: MeasuredStage[] = [];
  const groups: MeasuredGroup[] = [];
  for (const s of stagesInOrder(agg.cells, policy, totalN)) {
    const id = stageId(s.tool, s.stage);
    const totals = sumCells(s.cells);
    stages.push(
      stageRow({
        tool: s.tool,
        stage: s.stage,
        totals,
        hist: hists.get(`${id}\u0000stage`) ?? [],
        reviewers: agg.reviewers.filter((r) => stageId(r.tool, r.stage) === id),
        seconds: usable ? agg.times!.seconds.filter((x) => stageId(x.tool, x.stage) === id) : null,
        cols: agg.columns,
      }),
    );
    for (const set of groupings(attributes, policy.intersectional)) {
      const names = set.map((i) => attributes[i]!);
      const dwell = set.length === 1 && agg.columns.seconds ? (g: { key: Record<string, string> }) => hists.get(`${id}\u0000${set[0]}\u0000${g.key[names[0]!]}`) ?? [] : null;
      groups.push(...groupRows(s.tool, s.stage, names, groupTotals(s.cells, attributes, set), totals, dwell, agg.columns.override, policy));
    }
  }
  for (const kind of ['arr', 'short', 'human'] as const) holm(groups, kind);
  return { stages, groups, columns: agg.columns, decisionTimes: times };
}
