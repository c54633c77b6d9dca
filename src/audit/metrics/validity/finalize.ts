import { UNKNOWN_GROUP } from '../../contract/dataset.js';
import { holmAdjust } from '../../stats/index.js';
import type { FamilyContext } from '../family.js';
import { chooseLargestReference, stageId, stagesInOrder } from '../group-frame.js';
import { groupCells, groupValidityRows, predictionRow } from './groups.js';
import type { MeasuredGroup, MeasuredPrediction, MeasuredValidity } from './measured.js';
import { addSums, EMPTY_SUMS, type ValiditySums } from './moments.js';
import type { ValidityAggregates } from './scan.js';
import { stageValidity } from './stage.js';

/** The sums of some cells. */
const sumCells = (cells: readonly ValiditySums[]) => cells.reduce(addSums, EMPTY_SUMS);

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
  const histograms = new Map(agg.auc.map((h) => [stageId(h.tool, h.stage), h]));
  const section: MeasuredValidity = {
    binary_criterion: agg.binary && agg.nonBinaryValues === 0,
    rankSampling: { sampleSize: agg.sampleSize, seed: policy.seed, binary: agg.binary, nonBinaryValues: agg.nonBinaryValues, aucBins: agg.aucBins },
    stages: [],
    groups: [],
    prediction: [],
  };
  for (const s of stagesInOrder(agg.cells, policy, (cells) => sumCells(cells).applicants)) {
    const sums = sumCells(s.cells);
    const key = stageId(s.tool, s.stage);
    const sample = agg.sample.filter((r) => stageId(r.tool, r.stage) === key);
    section.stages.push(stageValidity(s.tool, s.stage, sums, shift, sample, histograms.get(key), policy));
    if (sums.n === 0) continue;
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
