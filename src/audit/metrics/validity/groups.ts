import { UNKNOWN_GROUP } from '../../contract/dataset.js';
import type { Policy } from '../../contract/policy.js';
import { mergeCoMoments } from '../../stats/co-moments.js';
import {
  compareCorrelations,
  correlationDifferenceSampleSize,
  minimumDetectableEffect,
  moderatedRegression,
  powerOfTest,
} from '../../stats/validity-index.js';
import type { MeasuredGroup, MeasuredPrediction } from './measured.js';
import { addSums, criterionMoments, EMPTY_SUMS, type ValiditySums } from './moments.js';
import type { ValidityCell } from './scan.js';
import { correlationOf, intervalOf } from './stage.js';

/** One group of one attribute at one stage. */
export interface GroupSums {
  value: string;
  sums: ValiditySums;
}

/** Sums the stage's cells per value of attribute i, in label order. */
export function groupCells(cells: readonly ValidityCell[], i: number): GroupSums[] {
  const groups = new Map<string, ValiditySums>();
  for (const c of cells) groups.set(c.values[i]!, addSums(groups.get(c.values[i]!) ?? EMPTY_SUMS, c));
  return [...groups.entries()]
    .map(([value, sums]) => ({ value, sums }))
    .sort((a, b) => (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
}


interface Shift {
  x: number;
  y: number;
}

/**
 * Differential-validity rows of one attribute at one stage: each group's r, and for every group
 * compared (not the reference, not the unknown category) the Fisher z test against the reference
 * and its minimum detectable difference; Holm runs over the whole section (finalize.ts).
 */
export function groupValidityRows(
  tool: string | null,
  stage: string,
  attribute: string,
  groups: readonly GroupSums[],
  reference: GroupSums | null,
  shift: Shift,
  policy: Policy,
): MeasuredGroup[] {
  const { alpha, thresholds } = policy;
  const nNeeded = correlationDifferenceSampleSize(Math.atanh(thresholds.validitySufficient), alpha, thresholds.power);
  const refMoments = reference ? criterionMoments(reference.sums, shift.x, shift.y) : null;
  const refR = correlationOf(refMoments);
  return groups.map((g) => {
    const m = criterionMoments(g.sums, shift.x, shift.y);
    const r = correlationOf(m);
    const isReference = reference !== null && g.value === reference.value;
    const excluded = g.value === UNKNOWN_GROUP ? 'unknown_category' : reference === null ? 'no_reference' : null;
    let z: number | null = null;
    let p: number | null = null;
    let mdq: number | null = null;
    if (!isReference && excluded === null && r !== null && refR !== null && g.sums.n > 3 && reference!.sums.n > 3) {
      const cmp = compareCorrelations(r, g.sums.n, refR, reference!.sums.n);
      z = cmp.z;
      p = Number.isNaN(cmp.p) ? null : cmp.p;
      mdq = minimumDetectableEffect(Math.sqrt(1 / (g.sums.n - 3) + 1 / (reference!.sums.n - 3)), Infinity, alpha, thresholds.power);
    }
    return {
      tool,
      stage,
      attribute,
      group: g.value,
      reference: reference?.value ?? null,
      is_reference: isReference,
      n: g.sums.n,
      mean_score: m?.meanX ?? null,
      mean_criterion: m?.meanY ?? null,
      r,
      r_ci: intervalOf(r, g.sums.n),
      z,
      p,
      holm_p: null,
      minimum_detectable_q: mdq,
      n_needed: isReference || excluded !== null ? null : nNeeded,
      excluded,
    };
  });
}

const nullFit = {
  centre: null,
  common_slope: null,
  slope_difference: null,
  slope_difference_se: null,
  slope_difference_p: null,
  slope_difference_holm_p: null,
  slope_difference_std: null,
  minimum_detectable_slope_difference_std: null,
  intercept_difference: null,
  intercept_difference_se: null,
  intercept_difference_p: null,
  intercept_difference_holm_p: null,
  intercept_difference_std: null,
  minimum_detectable_intercept_difference_std: null,
  power_slope: null,
  power_intercept: null,
  mean_residual: null,
  reference_mean_residual: null,
  n_needed: null,
} as const;

const finiteOrNull = (x: number) => (Number.isFinite(x) ? x : null);

/**
 * Cleary moderated regression of one focal group against the reference: the fit's numbers, in
 * criterion units and standardized by the pooled SDs, with the power and minimum detectable
 * differences at thresholds.validitySufficient; Holm is applied over the section (finalize.ts).
 * The fit is not estimated for a group (or reference) under thresholds.minCriterionN criterion
 * rows, nor without score variance: `fit` says why, and the rules judge it.
 */
export function predictionRow(
  tool: string | null,
  stage: string,
  attribute: string,
  focal: GroupSums,
  reference: GroupSums,
  shift: Shift,
  policy: Policy,
): MeasuredPrediction {
  const base = {
    tool,
    stage,
    attribute,
    group: focal.value,
    reference: reference.value,
    n: focal.sums.n,
    reference_n: reference.sums.n,
  };
  const { minCriterionN, validitySufficient, power } = policy.thresholds;
  const f = criterionMoments(focal.sums, shift.x, shift.y);
  const r = criterionMoments(reference.sums, shift.x, shift.y);
  if (f === null || r === null || f.n < minCriterionN || r.n < minCriterionN) {
    return { ...base, ...nullFit, fit: { status: 'below_minimum' } };
  }
  if (!(f.varX > 0 && r.varX > 0)) return { ...base, ...nullFit, fit: { status: 'no_score_variance' } };
  let fit: ReturnType<typeof moderatedRegression>;
  try {
    fit = moderatedRegression(f, r);
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    return { ...base, ...nullFit, fit: { status: 'singular', message: e.message } };
  }
  const pooled = mergeCoMoments(f, r);
  const sdX = Math.sqrt(pooled.varX);
  const sdY = Math.sqrt(pooled.varY);
  const b3 = fit.slopeDifference;
  const b2 = fit.interceptDifference;
  const std = (v: number, scale: number) => (sdY > 0 ? v * scale / sdY : null);
  const mdeSlope = std(minimumDetectableEffect(b3.se, b3.df, policy.alpha, power), sdX);
  const mdeIntercept = std(minimumDetectableEffect(b2.se, b2.df, policy.alpha, power), 1);
  const worst = Math.max(mdeSlope ?? Infinity, mdeIntercept ?? Infinity);
  return {
    ...base,
    centre: fit.centre,
    common_slope: fit.common.coefficients[1]!,
    slope_difference: b3.estimate,
    slope_difference_se: b3.se,
    slope_difference_p: finiteOrNull(b3.p),
    slope_difference_holm_p: null,
    slope_difference_std: std(b3.estimate, sdX),
    minimum_detectable_slope_difference_std: mdeSlope,
    intercept_difference: b2.estimate,
    intercept_difference_se: b2.se,
    intercept_difference_p: finiteOrNull(b2.p),
    intercept_difference_holm_p: null,
    intercept_difference_std: std(b2.estimate, 1),
    minimum_detectable_intercept_difference_std: mdeIntercept,
    // Power at the yardstick: a standardized difference of validitySufficient, back in criterion units.
    power_slope: sdX > 0 && sdY > 0 && b3.se > 0 ? powerOfTest((validitySufficient * sdY) / sdX, b3.se, b3.df, policy.alpha) : null,
    power_intercept: sdY > 0 && b2.se > 0 ? powerOfTest(validitySufficient * sdY, b2.se, b2.df, policy.alpha) : null,
    mean_residual: fit.meanResidual.focal,
    reference_mean_residual: fit.meanResidual.reference,
    n_needed: Number.isFinite(worst) ? Math.ceil((f.n + r.n) * (worst / validitySufficient) ** 2) : null,
    fit: { status: 'fitted' },
  };
}
