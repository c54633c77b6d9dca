import type { Policy } from '../contract/policy.js';
import type { DifferentialPrediction, StageValidity } from '../contract/sections/validity.js';
import type { CorrectionNote, Exclusion, MeasuredPrediction, RankSampling } from '../metrics/validity/measured.js';

/**
 * The validity decision rules (requirements Q6, COTAN-V, UGESP-14B, STD-DP): pure functions of
 * the measured numbers and the policy, each returning the status and the rule text that produced
 * it. Bands and the power yardstick are conventions [C].
 */
export type Verdict = StageValidity['verdict'];
export interface Judged {
  status: Verdict;
  rule: string;
}

const fmt = (x: number) => (Math.abs(x) >= 0.001 || x === 0 ? x.toFixed(3) : x.toExponential(2));

/** What the bands and the power yardstick are (the section's `conventions`). */
export function validityConventions(policy: Policy): string {
  const { validitySufficient, validityGood, power } = policy.thresholds;
  return (
    `Validity bands are conventions: r < ${validitySufficient} insufficient, ${validitySufficient}–${validityGood} sufficient, ` +
    `>= ${validityGood} good (COTAN-style cut-offs, unverified against the COTAN text). Verdicts use the observed r; corrected values are shown for information. ` +
    `Differential tests count as powered when they detect a standardized difference of ${validitySufficient} with power ${power} (our convention).`
  );
}

/** How the rank statistics were computed (the section's `rank_statistics`). */
export function rankStatisticsNote(s: RankSampling): string {
  return (
    `Spearman rho is computed on a seeded sample of up to ${s.sampleSize} criterion rows (seed ${s.seed}); ` +
    `it is exact where spearman_exact is true (the sample held every criterion row of the stage).` +
    (s.binary && s.nonBinaryValues === 0 ? ` AUC uses ${s.aucBins} equal-width score bins; pairs in one bin count as ties.` : '') +
    (s.binary && s.nonBinaryValues > 0 ? ` No AUC: the policy declares the criterion binary, but ${s.nonBinaryValues} criterion values are neither 0 nor 1.` : '')
  );
}

/** Why a correction of r is missing or lowers r, in words (the stage's `correction_note`). */
export function correctionText(note: CorrectionNote): string {
  switch (note.code) {
    case 'r_undefined':
      return 'no correction: r is undefined';
    case 'sd_zero':
      return 'no range-restriction correction: a score SD is 0';
    case 'u_below_1':
      return 'u < 1: the candidates with a criterion are more spread than the pool, so the correction lowers r';
    case 'disattenuated_above_1':
      return `no unreliability correction: r / sqrt(${note.criterionReliability}) exceeds 1 (the criterion reliability is too low for these data)`;
  }
}

/** Why a group is not compared, in words (the row's `excluded`). */
export function exclusionText(e: Exclusion): string {
  return e === 'unknown_category' ? 'unknown category: counted, not compared' : 'no reference group with criterion rows';
}

/** COTAN-style band of a correlation: < sufficient, sufficient .. good, >= good (unverified cut-offs, a convention). */
export function band(r: number | null, policy: Policy): StageValidity['rating'] {
  if (r === null) return null;
  const { validitySufficient, validityGood } = policy.thresholds;
  return r >= validityGood ? 'good' : r >= validitySufficient ? 'sufficient' : 'insufficient';
}

/**
 * Criterion validity of one stage, judged on the OBSERVED r (never on a corrected value alone):
 * insufficient evidence under thresholds.minCriterionN criterion rows or when r is undefined;
 * otherwise two signals, the COTAN band (r >= validitySufficient) and UGESP 1607.14(B)(5)
 * significance (p < alpha with r > 0): pass when both hold, warn when one, fail when neither.
 * `nNeeded` is the criterion rows that detect r = validitySufficient with the policy power.
 */
export function criterionVerdict(n: number, r: number | null, p: number | null, nNeeded: number, policy: Policy): Judged {
  const { minCriterionN, validitySufficient, power } = policy.thresholds;
  const needed = `${nNeeded} criterion rows detect r = ${validitySufficient} with power ${power}`;
  if (n === 0) return { status: 'insufficient_evidence', rule: `insufficient evidence: no candidate has both a score and a criterion value; ${needed}` };
  if (n < minCriterionN) {
    return { status: 'insufficient_evidence', rule: `insufficient evidence: n = ${n} criterion rows < thresholds.minCriterionN ${minCriterionN}; ${needed}` };
  }
  if (r === null || p === null) {
    return { status: 'insufficient_evidence', rule: 'insufficient evidence: r is undefined (no variance in the score or the criterion among criterion rows)' };
  }
  const inBand = r >= validitySufficient;
  const sig = p < policy.alpha && r > 0;
  const bandText = `observed r ${fmt(r)} ${inBand ? '>=' : '<'} ${validitySufficient} (COTAN band, a convention)`;
  const sigText = `p ${fmt(p)} ${sig ? `< ${policy.alpha}` : `not < ${policy.alpha} with r > 0`} (UGESP 1607.14(B)(5))`;
  if (inBand && sig) return { status: 'pass', rule: `pass: ${bandText} and ${sigText}` };
  if (inBand || sig) return { status: 'warn', rule: `warn: ${bandText}, ${sigText}: one of the two signals` };
  return { status: 'fail', rule: `fail: ${bandText} and ${sigText}: validity not shown` };
}

/** What a differential-validity comparison is judged on. */
export interface ValidityComparison {
  n: number;
  referenceN: number;
  r: number | null;
  referenceR: number | null;
  holmP: number | null;
  minimumDetectableQ: number | null;
  nNeeded: number;
}

/**
 * Differential validity [C]: warn when the Fisher-z difference is significant after Holm (the
 * score is more valid for one group); insufficient evidence under minCriterionN rows in either
 * group, or when the test could not detect q = atanh(validitySufficient) with the configured power;
 * else pass.
 */
export function differentialValidityVerdict(c: ValidityComparison, policy: Policy): Judged {
  const { minCriterionN, validitySufficient, power } = policy.thresholds;
  const yardstick = Math.atanh(validitySufficient);
  if (c.n < minCriterionN || c.referenceN < minCriterionN) {
    return {
      status: 'insufficient_evidence',
      rule: `insufficient evidence: n = ${c.n} (reference ${c.referenceN}) < thresholds.minCriterionN ${minCriterionN}; ${c.nNeeded} per group detect q = ${fmt(yardstick)} with power ${power}`,
    };
  }
  if (c.r === null || c.referenceR === null || c.holmP === null) {
    return { status: 'insufficient_evidence', rule: 'insufficient evidence: r is undefined in the group or the reference group (no variance)' };
  }
  const pText = `Holm-adjusted Fisher-z p ${fmt(c.holmP)}`;
  if (c.holmP < policy.alpha) {
    return { status: 'warn', rule: `warn: r ${fmt(c.r)} vs ${fmt(c.referenceR)}, ${pText} < ${policy.alpha}: differential validity indicated (STD-DP, convention)` };
  }
  if (c.minimumDetectableQ !== null && c.minimumDetectableQ > yardstick) {
    return {
      status: 'insufficient_evidence',
      rule: `insufficient evidence: ${pText} >= ${policy.alpha}, but the test detects only |q| >= ${fmt(c.minimumDetectableQ)} > atanh(${validitySufficient}) = ${fmt(yardstick)} with power ${power}; about ${c.nNeeded} per group needed`,
    };
  }
  return { status: 'pass', rule: `pass: ${pText} >= ${policy.alpha} and the test detects |q| >= ${fmt(c.minimumDetectableQ ?? 0)} <= ${fmt(yardstick)} with power ${power}` };
}

export type PredictionJudged = Judged & { reading: DifferentialPrediction['reading']; underpredicted: string | null };

const NOT_FITTED = { status: 'insufficient_evidence', reading: 'insufficient_evidence', underpredicted: null } as const;

/**
 * Differential prediction (Cleary; Q6 step-down, STD-DP): insufficient evidence when the
 * regression was not fitted (a group under thresholds.minCriterionN, no score variance, a singular
 * fit); fail when the slope difference is significant after Holm, or else the intercept difference,
 * and a group is thereby under-predicted by the common line; when neither is significant,
 * insufficient evidence if either minimum detectable standardized difference exceeds
 * thresholds.validitySufficient (the test could miss a difference that large), else pass.
 */
export function predictionVerdict(row: MeasuredPrediction, policy: Policy): PredictionJudged {
  const { minCriterionN, validitySufficient, power } = policy.thresholds;
  const { fit } = row;
  if (fit.status === 'below_minimum') {
    return { ...NOT_FITTED, rule: `insufficient evidence: n = ${row.n} (reference ${row.reference_n}) < thresholds.minCriterionN ${minCriterionN}` };
  }
  if (fit.status === 'no_score_variance') return { ...NOT_FITTED, rule: 'insufficient evidence: no variance in the score within a group' };
  if (fit.status === 'singular') return { ...NOT_FITTED, rule: `insufficient evidence: the moderated regression could not be fitted (${fit.message})` };
  const slopeP = row.slope_difference_holm_p;
  const interceptP = row.intercept_difference_holm_p;
  const under = (row.mean_residual ?? 0) > 0 ? row.group : row.reference;
  const reading = under === row.group ? 'underpredicts_group' : 'underpredicts_reference';
  if (slopeP !== null && slopeP < policy.alpha) {
    return {
      status: 'fail',
      reading: 'slopes_differ',
      underpredicted: under,
      rule: `fail: slope difference ${fmt(row.slope_difference!)} (Holm-adjusted p ${fmt(slopeP)} < ${policy.alpha}); on average the common line under-predicts ${under} (STD-DP, Cleary 1968)`,
    };
  }
  if (interceptP !== null && interceptP < policy.alpha) {
    return {
      status: 'fail',
      reading,
      underpredicted: under,
      rule: `fail: intercept difference ${fmt(row.intercept_difference!)} (Holm-adjusted p ${fmt(interceptP)} < ${policy.alpha}) with equal slopes: the common line under-predicts ${under} (STD-DP, Cleary 1968)`,
    };
  }
  const mdes = row.minimum_detectable_slope_difference_std;
  const mdei = row.minimum_detectable_intercept_difference_std;
  if (mdes === null || mdei === null || slopeP === null || interceptP === null) {
    return { ...NOT_FITTED, rule: 'insufficient evidence: the moderated regression could not be fitted' };
  }
  if (mdes > validitySufficient || mdei > validitySufficient) {
    return {
      ...NOT_FITTED,
      rule: `insufficient evidence: no significant difference, but with power ${power} the tests detect only standardized differences >= ${fmt(mdes)} (slope) and ${fmt(mdei)} (intercept), above ${validitySufficient}; about ${row.n_needed} criterion rows needed`,
    };
  }
  return {
    status: 'pass',
    reading: 'no_difference_detected',
    underpredicted: null,
    rule: `pass: Holm-adjusted p ${fmt(slopeP)} (slope) and ${fmt(interceptP)} (intercept) >= ${policy.alpha}; the tests detect standardized differences of ${fmt(mdes)} and ${fmt(mdei)} <= ${validitySufficient} with power ${power}`,
  };
}
