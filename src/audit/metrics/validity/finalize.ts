import { UNKNOWN_GROUP } from '../../contract/dataset.js';
import { holmAdjust } from '../../stats/index.js';
import type { FamilyContext } from '../family.js';
import { chooseLargestReference } from '../group-frame.js';
import { groupCells, groupValidityRows, predictionRow } from './groups.js';
import type { MeasuredGroup, MeasuredPrediction, MeasuredValidity } from './measured.js';
import { addSums, EMPTY_SUMS, type ValiditySums } from './moments.js';
import type { ValidityAggregates, ValidityCell } from './scan.js';
import { stageValidity } from './stage.js';

interface StageCells {
  tool: string | null;
  stage: string;
  cells: ValidityCell[];
  sums: ValiditySums;
}

const stageKey = (tool: string | null, stage: string) => `${tool ?? ''}\u0000${stage}`;

/** Report order: by tool, then the policy's stage list, then by applicants (largest first), then name. */
function orderStages(cells: readonly ValidityCell[], ctx: FamilyContext): StageCells[] {
  const byStage = new Map<string, StageCells>();
  for (const c of cells) {
    const key = stageKey(c.tool, c.stage);
    const s = byStage.get(key) ?? { tool: c.tool, stage: c.stage, cells: [], sums: EMPTY_SUMS };
    s.cells.push(c);
    s.sums = addSums(s.sums, c);
    byStage.set(key, s);
  }
  const declared = ctx.policy.stages ?? [];
  const rank = (s: StageCells) => (declared.includes(s.stage) ? declared.indexOf(s.stage) : declared.length);
  return [...byStage.values()].sort(
    (a, b) =>
      (a.tool ?? '').localeCompare(b.tool ?? '') ||
      rank(a) - rank(b) ||
      b.sums.applicants - a.sums.applicants ||
      (a.stage < b.stage ? -1 : a.stage > b.stage ? 1 : 0),
  );
}

/** Holm over every differential-validity test of the section (compared groups only). */
function adjustGroups(rows: MeasuredGroup[]): void {
  const compared = rows.filter((r) => !r.is_reference && r.excluded === null);
  const adjusted = holmAdjust(compared.map((r) => r.p));
  compared.forEach((row, i) => {
    row.holm_p = adjusted[i] ?? null;
  });
}

/** Holm over the slope tests and, separately, the intercept tests of the fitted regressions. */
function adjustPredictions(rows: MeasuredPrediction[]): void {
  const slopes = holmAdjust(rows.map((r) => r.slope_difference_p));
  const intercepts = holmAdjust(rows.map((r) => r.intercept_difference_p));
  rows.forEach((row, i) => {
    if (row.slope_difference === null) return; // not fitted
    row.slope_difference_holm_p = slopes[i] ?? null;
    row.intercept_difference_holm_p = intercepts[i] ?? null;
  });
}

/**
 * The validity measurements: per stage (and tool) the criterion validity with its corrections,
 * rank correlation and AUC; per stage and protected attribute the groups' validities against the
 * reference group (differential validity) and the Cleary moderated regression of each focal group
 * against it (differential prediction), with Holm over each family of tests. Bands, verdicts and
 * notes are the rules' (src/audit/rules/validity.ts).
 */
export function finalizeValidity(agg: ValidityAggregates, ctx: FamilyContext): MeasuredValidity {
  const { policy, dataset } = ctx;
  const shift = { x: agg.shiftX, y: agg.shiftY };
  const histograms = new Map(agg.auc.map((h) => [stageKey(h.tool, h.stage), h]));
  const section: MeasuredValidity = {
    binary_criterion: agg.binary && agg.nonBinaryValues === 0,
    rankSampling: { sampleSize: agg.sampleSize, seed: policy.seed, binary: agg.binary, nonBinaryValues: agg.nonBinaryValues, aucBins: agg.aucBins },
    stages: [],
    groups: [],
    prediction: [],
  };
  for (const s of orderStages(agg.cells, ctx)) {
    const key = stageKey(s.tool, s.stage);
    const sample = agg.sample.filter((r) => stageKey(r.tool, r.stage) === key);
    section.stages.push(stageValidity(s.tool, s.stage, s.sums, shift, sample, histograms.get(key), policy));
    if (s.sums.n === 0) continue;
    dataset.protectedAttributes.forEach((attribute, i) => {
      const groups = groupCells(s.cells, i);
      const reference = chooseLargestReference(groups, (g) => g.sums.n, attribute, policy);
      section.groups.push(...groupValidityRows(s.tool, s.stage, attribute, groups, reference, shift, policy));
      if (reference === null) return;
      for (const g of groups) {
        if (g.value === reference.value || g.value === UNKNOWN_GROUP) continue;
        section.prediction.push(predictionRow(s.tool, s.stage, attribute, g, reference, shift, policy));
      }
    });
  }
  adjustGroups(section.groups);
  adjustPredictions(section.prediction);
  return section;
}
