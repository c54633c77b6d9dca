import { UNKNOWN_GROUP } from '../../contract/dataset.js';
import type { DifferentialPrediction, GroupValidity, ValiditySection } from '../../contract/sections/validity.js';
import { holmAdjust } from '../../stats/index.js';
import type { FamilyContext } from '../family.js';
import { chooseLargestReference } from '../group-frame.js';
import { groupCells, groupValidityRows, predictionRow } from './groups.js';
import { addSums, EMPTY_SUMS, type ValiditySums } from './moments.js';
import type { ValidityAggregates, ValidityCell } from './scan.js';
import { stageValidity } from './stage.js';
import { differentialValidityVerdict, predictionVerdict } from './verdict.js';

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

/** Holm over the differential-validity tests, then their verdicts. */
function judgeGroups(rows: GroupValidity[], ctx: FamilyContext): void {
  const compared = rows.filter((r) => !r.is_reference && r.excluded === null);
  const adjusted = holmAdjust(compared.map((r) => r.p));
  compared.forEach((row, i) => {
    row.holm_p = adjusted[i] ?? null;
    const ref = rows.find((r) => r.is_reference && r.tool === row.tool && r.stage === row.stage && r.attribute === row.attribute);
    const judged = differentialValidityVerdict(
      {
        n: row.n,
        referenceN: ref?.n ?? 0,
        r: row.r,
        referenceR: ref?.r ?? null,
        holmP: row.holm_p,
        minimumDetectableQ: row.minimum_detectable_q,
        nNeeded: row.n_needed ?? 0,
      },
      ctx.policy,
    );
    row.verdict = judged.status;
    row.verdict_rule = judged.rule;
  });
}

/** Holm over the slope tests and, separately, the intercept tests; then the Cleary step-down verdicts. */
function judgePredictions(rows: DifferentialPrediction[], ctx: FamilyContext): void {
  const slopes = holmAdjust(rows.map((r) => r.slope_difference_p));
  const intercepts = holmAdjust(rows.map((r) => r.intercept_difference_p));
  rows.forEach((row, i) => {
    if (row.slope_difference === null) return; // not fitted: insufficient evidence already
    row.slope_difference_holm_p = slopes[i] ?? null;
    row.intercept_difference_holm_p = intercepts[i] ?? null;
    const judged = predictionVerdict(row, ctx.policy);
    row.verdict = judged.status;
    row.verdict_rule = judged.rule;
    row.reading = judged.reading;
    row.underpredicted = judged.underpredicted;
  });
}

/**
 * The validity section: per stage (and tool) the criterion validity with its corrections, rank
 * correlation, AUC and verdict; per stage and protected attribute the groups' validities against
 * the reference group (differential validity) and the Cleary moderated regression of each focal
 * group against it (differential prediction), with Holm over each family of tests.
 */
export function finalizeValidity(agg: ValidityAggregates, ctx: FamilyContext): ValiditySection {
  const { policy, dataset } = ctx;
  const shift = { x: agg.shiftX, y: agg.shiftY };
  const histograms = new Map(agg.auc.map((h) => [stageKey(h.tool, h.stage), h]));
  const section: ValiditySection = {
    binary_criterion: agg.binary && agg.nonBinaryValues === 0,
    conventions:
      `Validity bands are conventions: r < ${policy.thresholds.validitySufficient} insufficient, ${policy.thresholds.validitySufficient}–${policy.thresholds.validityGood} sufficient, ` +
      `>= ${policy.thresholds.validityGood} good (COTAN-style cut-offs, unverified against the COTAN text). Verdicts use the observed r; corrected values are shown for information. ` +
      `Differential tests count as powered when they detect a standardized difference of ${policy.thresholds.validitySufficient} with power ${policy.thresholds.power} (our convention).`,
    rank_statistics:
      `Spearman rho is computed on a seeded sample of up to ${agg.sampleSize} criterion rows (seed ${policy.seed}); ` +
      `it is exact where spearman_exact is true (the sample held every criterion row of the stage).` +
      (agg.binary && agg.nonBinaryValues === 0 ? ` AUC uses ${agg.aucBins} equal-width score bins; pairs in one bin count as ties.` : '') +
      (agg.binary && agg.nonBinaryValues > 0 ? ` No AUC: the policy declares the criterion binary, but ${agg.nonBinaryValues} criterion values are neither 0 nor 1.` : ''),
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
  judgeGroups(section.groups, ctx);
  judgePredictions(section.prediction, ctx);
  return section;
}
