import type { DisparitySection } from '../../contract/audit-result.js';
import { holmAdjust } from '../../stats/index.js';
import type { FamilyContext } from '../family.js';
import { cmhRows, funnelRows } from './funnel.js';
import { groupings, stageId, stagesInOrder, totalN } from '../group-frame.js';
import { type GroupAgg, groupStage } from './groups.js';
import type { DisparityAggregates } from './scan.js';
import { cutScoreCurve, cutScorePoints, type MeasuredScoringRow, scoringRows } from './scoring.js';
import { selectionRows } from './selection.js';
import { stratifiedRows, stratumSelectionRows } from './strata.js';

/** push(...items) passes every item as an argument: with many groups (e.g. 500 values give 124,750 post-hoc pairs) that overflows the stack. */
function appendAll<T>(target: T[], items: readonly T[]): void {
  for (const item of items) target.push(item);
}

/** A disparity section as measured: the scoring rows still say why a group is not compared. */
export type MeasuredDisparity = Omit<DisparitySection, 'scoring'> & { scoring: MeasuredScoringRow[] };

/**
 * Turns the cross-tabulated cells into the disparity section: per stage and grouping the
 * selection-rate rows, scoring-rate rows, cut-score curves and rates at explicit cut scores; per
 * stage the CMH tests across the policy's strata (and rows within each stratum when asked); per
 * tool the funnel and the CMH tests across stages; Holm adjustment over every comparison
 * (selection, scoring and within-stratum rates together, plus the unreported post-hoc pairs, see
 * posthocPairPValues). Verdicts are the rules'.
 */
export function finalizeDisparity(agg: DisparityAggregates, ctx: FamilyContext): MeasuredDisparity {
  const attributes = ctx.dataset.protectedAttributes;
  const bins = agg.grid?.bins ?? 0;
  const stages = stagesInOrder(agg.cells, ctx.policy, totalN);
  const sets = groupings(attributes, ctx.policy.intersectional);
  const medianOf = new Map(agg.stageScores.map((s) => [stageId(s.tool, s.stage), s.median]));
  const groupMedian = new Map((agg.groupMedians ?? []).map((m) => [`${stageId(m.tool, m.stage)}\u0000${m.attributes.join('\u0000')}\u0000${m.values.join('\u0000')}`, m.median]));

  const selection: DisparitySection['rows'] = [];
  const scoring: MeasuredScoringRow[] = [];
  const posthocP: number[] = [];
  const section: MeasuredDisparity = { stages: [], rows: [], scoring: [], cut_scores: [], funnel: [], cmh: [], stratified: [], stratum_rows: [], cut_score_points: [] };
  const stratumRows: NonNullable<DisparitySection['stratum_rows']> = [];
  // grouped[toolKey][grouping index] = per stage, the groups in funnel order
  const grouped = new Map<string, { stage: string; groups: GroupAgg[] }[][]>();

  stages.forEach((s, order) => {
    const n = totalN(s.cells);
    const selected = s.cells.reduce((a, c) => a + c.selected, 0);
    const unknown: Record<string, number> = {};
    for (const [i, attr] of attributes.entries()) {
      unknown[attr] = groupStage(s.cells, attributes, [i], bins).find((g) => g.unknown)?.n ?? 0;
    }
    section.stages.push({
      tool: s.tool,
      stage: s.stage,
      order,
      n,
      selected,
      rate: n > 0 ? selected / n : null,
      score_median: medianOf.get(stageId(s.tool, s.stage)) ?? null,
      unknown,
    });
    const toolKey = s.tool ?? '';
    const perGrouping = grouped.get(toolKey) ?? sets.map(() => []);
    grouped.set(toolKey, perGrouping);
    sets.forEach((set, gi) => {
      const names = set.map((i) => attributes[i]!);
      const groups = groupStage(s.cells, attributes, set, bins);
      perGrouping[gi]!.push({ stage: s.stage, groups });
      const sel = selectionRows(s.tool, s.stage, names, groups, ctx.policy);
      appendAll(selection, sel.rows);
      appendAll(posthocP, sel.posthocP);
      if (agg.grid && groups.some((g) => g.scored > 0)) {
        const medianKey = `${stageId(s.tool, s.stage)}\u0000${names.join('\u0000')}\u0000`;
        const sco = scoringRows(s.tool, s.stage, names, groups, agg.shift, ctx.policy, (g) => groupMedian.get(medianKey + set.map((i) => g.key[attributes[i]!]).join('\u0000')) ?? null);
        appendAll(scoring, sco.rows);
        appendAll(posthocP, sco.posthocP);
        section.cut_scores.push(cutScoreCurve(s.tool, s.stage, names, groups, agg.grid, ctx.policy));
        if (ctx.policy.cutScores.length > 0) section.cut_score_points!.push(cutScorePoints(s.tool, s.stage, names, groups, ctx.policy.cutScores, ctx.policy));
      }
    });
    const strataCells = (agg.strataCells ?? []).filter((c) => c.tool === s.tool && c.stage === s.stage);
    if (strataCells.length > 0) {
      appendAll(section.stratified!, stratifiedRows(s.tool, s.stage, attributes, strataCells, ctx.policy));
      if (ctx.policy.strataRows) {
        const within = stratumSelectionRows(s.tool, s.stage, attributes, sets, strataCells, ctx.policy);
        appendAll(stratumRows, within.rows);
        appendAll(posthocP, within.posthocP);
      }
    }
  });

  for (const [toolKey, perGrouping] of grouped) {
    const tool = ctx.dataset.hasTool ? toolKey : null;
    sets.forEach((set, gi) => {
      const names = set.map((i) => attributes[i]!);
      const byStage = perGrouping[gi]!;
      if (ctx.policy.funnel && byStage.length > 1) appendAll(section.funnel, funnelRows(tool, names, byStage, ctx.policy));
      if (set.length === 1) appendAll(section.cmh, cmhRows(tool, names[0]!, byStage, ctx.policy));
    });
  }

  // Holm over every comparison: selection, scoring and within-stratum rows, then the post-hoc pairs
  // (appended last, so adding stratum rows leaves the order of the others' p-values as it was).
  const compared = [...selection, ...scoring, ...stratumRows].filter((r) => r.fisher_p !== null);
  const adjusted = holmAdjust([...compared.map((r) => r.fisher_p!), ...posthocP]);
  compared.forEach((r, i) => {
    r.holm_p = adjusted[i] ?? null;
  });
  section.rows = selection;
  section.scoring = scoring;
  section.stratum_rows = stratumRows;
  return section;
}
