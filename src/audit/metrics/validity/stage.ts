import type { Policy } from '../../contract/policy.js';
import {
  aucFromHistograms,
  correctCriterionUnreliability,
  correctDirectRangeRestriction,
  correlationSampleSize,
  correlationTest,
  pearsonFromCoMoments,
  pearsonInterval,
  spearmanRho,
} from '../../stats/validity-index.js';
import type { CoMoments } from '../../stats/co-moments.js';
import type { CorrectionNote, MeasuredStage } from './measured.js';
import { applicantSd, criterionMoments, type ValiditySums } from './moments.js';
import type { AucHistogram, SampledRow } from './scan.js';

/** Pearson r of co-moments, or null when undefined (fewer than 2 rows or a constant variable). */
export function correlationOf(m: CoMoments | null): number | null {
  if (m === null || m.n < 2 || !(m.varX > 0) || !(m.varY > 0)) return null;
  return pearsonFromCoMoments(m);
}

/** Fisher-z 95% interval, or null when n <= 3 or n is not whole (it needs n - 3 > 0). */
export function intervalOf(r: number | null, n: number): [number, number] | null {
  if (r === null || n <= 3 || !Number.isInteger(n)) return null;
  const ci = pearsonInterval(r, n);
  return [ci.lower, ci.upper];
}

interface Corrections {
  u: number | null;
  rRange: number | null;
  rFull: number | null;
  note: CorrectionNote | null;
}

/**
 * Thorndike case II with u = SD(applicants) / SD(criterion rows), and, given a criterion
 * reliability, r / sqrt(r_yy) first and then case II (Hunter, Schmidt & Le 2006, direct restriction).
 */
function corrections(r: number | null, sdApplicants: number | null, sdCriterion: number | null, ryy: number | undefined): Corrections {
  if (r === null) return { u: null, rRange: null, rFull: null, note: { code: 'r_undefined' } };
  if (!(sdApplicants !== null && sdApplicants > 0 && sdCriterion !== null && sdCriterion > 0)) {
    return { u: null, rRange: null, rFull: null, note: { code: 'sd_zero' } };
  }
  const u = sdApplicants / sdCriterion;
  const rRange = correctDirectRangeRestriction(r, sdApplicants, sdCriterion);
  let rFull: number | null = null;
  // u < 1: the candidates with a criterion are more spread than the pool, so the correction lowers r.
  let note: CorrectionNote | null = u < 1 ? { code: 'u_below_1' } : null;
  if (ryy !== undefined) {
    const disattenuated = correctCriterionUnreliability(r, ryy);
    // |r / sqrt(r_yy)| > 1: the criterion reliability is too low for these data, no such correction.
    if (Math.abs(disattenuated) > 1) note = { code: 'disattenuated_above_1', criterionReliability: ryy };
    else rFull = correctDirectRangeRestriction(disattenuated, sdApplicants, sdCriterion);
  }
  return { u, rRange, rFull, note };
}

/** Spearman rho of the stage's sampled rows; exact when they hold every criterion row (Σw equal). */
function rankCorrelation(rows: readonly SampledRow[], n: number): { rho: number | null; n: number; exact: boolean } {
  const weight = rows.reduce((a, r) => a + r.w, 0);
  const exact = n > 0 && weight === n;
  const constant = (f: (r: SampledRow) => number) => rows.every((r) => f(r) === f(rows[0]!));
  if (rows.length < 2 || constant((r) => r.score) || constant((r) => r.criterion)) return { rho: null, n: weight, exact };
  const rho = spearmanRho(rows.map((r) => r.score), rows.map((r) => r.criterion), rows.map((r) => r.w));
  return { rho, n: weight, exact };
}

function aucOf(h: AucHistogram | undefined) {
  if (!h) return null;
  const pos = h.positive.reduce((a, b) => a + b, 0);
  const neg = h.negative.reduce((a, b) => a + b, 0);
  if (!(pos > 0 && neg > 0)) return null;
  return aucFromHistograms(h.positive, h.negative);
}

/**
 * The validity row of one stage (tool): observed r with CI and test, corrections, rank and AUC,
 * and the criterion rows needed to detect r = thresholds.validitySufficient with thresholds.power.
 */
export function stageValidity(
  tool: string | null,
  stage: string,
  sums: ValiditySums,
  shift: { x: number; y: number },
  sample: readonly SampledRow[],
  histogram: AucHistogram | undefined,
  policy: Policy,
): MeasuredStage {
  const m = criterionMoments(sums, shift.x, shift.y);
  const n = sums.n;
  const r = correlationOf(m);
  const test = r !== null && n >= 3 && Number.isInteger(n) ? correlationTest(r, n) : null;
  const sdApplicants = applicantSd(sums);
  const sdCriterion = m === null ? null : Math.sqrt(m.varX);
  const c = corrections(r, sdApplicants, sdCriterion, policy.validity.criterionReliability);
  const rank = rankCorrelation(sample, n);
  const auc = aucOf(histogram);
  return {
    tool,
    stage,
    applicants: sums.applicants,
    n,
    r,
    r_ci: intervalOf(r, n),
    t: test && Number.isFinite(test.t) ? test.t : null,
    p: test?.p ?? null,
    sd_applicants: sdApplicants,
    sd_criterion_rows: sdCriterion,
    u: c.u,
    r_corrected_range: c.rRange,
    criterion_reliability: policy.validity.criterionReliability ?? null,
    r_corrected_range_and_criterion: c.rFull,
    correction_note: c.note,
    spearman_rho: rank.rho,
    spearman_n: rank.n,
    spearman_exact: rank.exact,
    auc: auc?.auc ?? null,
    auc_ci: auc ? [auc.lower, auc.upper] : null,
    auc_positive: auc?.nPositive ?? null,
    auc_negative: auc?.nNegative ?? null,
    n_needed: correlationSampleSize(policy.thresholds.validitySufficient, policy.alpha, policy.thresholds.power),
  };
}
