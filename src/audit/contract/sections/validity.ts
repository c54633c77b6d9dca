import * as z from 'zod';
import { Interval, NullableNum, Num, Verdict } from '../primitives.js';

/**
 * The `validity` section of the AuditResult (requirements Q6): does the score predict the
 * criterion (later job performance), equally well for every group? Present only when the data
 * has a score and a criterion column; without them the audit holds a `validity.no_evidence`
 * finding instead. Every verdict says which rule and threshold produced it.
 */
const Band = z.enum(['insufficient', 'sufficient', 'good']).describe('COTAN-style criterion-validity band (a convention, see `conventions`)');

const StageValidity = z.object({
  tool: z.string().nullable(),
  stage: z.string(),
  applicants: Num.describe('candidates at this stage with a score (the applicant pool of the range-restriction correction)'),
  n: Num.describe('candidates at this stage with both a score and a criterion value'),
  r: NullableNum.describe('observed Pearson r of score and criterion among those candidates'),
  r_ci: Interval.describe('Fisher-z 95% interval of r'),
  t: NullableNum,
  p: NullableNum.describe('two-sided p of H0: rho = 0 (t test, n - 2 df); UGESP 1607.14(B)(5) asks for p < .05'),
  sd_applicants: NullableNum.describe('SD of the score among all applicants at the stage (divisor n)'),
  sd_criterion_rows: NullableNum.describe('SD of the score among candidates with a criterion, i.e. the hired (divisor n)'),
  u: NullableNum.describe('sd_applicants / sd_criterion_rows'),
  r_corrected_range: NullableNum.describe('CORRECTED, not observed: r corrected for direct range restriction (Thorndike case II with u); never judged on alone'),
  criterion_reliability: NullableNum.describe('policy.validity.criterionReliability, when given'),
  r_corrected_range_and_criterion: NullableNum.describe('CORRECTED, not observed: r corrected for criterion unreliability, then for range restriction (Hunter, Schmidt & Le 2006); null without a criterion reliability'),
  correction_note: z.string().nullable().describe('why a correction is missing, or null'),
  spearman_rho: NullableNum.describe('Spearman rank correlation, from the seeded row sample (see `rank_statistics`)'),
  spearman_n: Num.describe('candidates in the sample the rank correlation was computed on'),
  spearman_exact: z.boolean().describe('true when the sample held every criterion row of the stage'),
  auc: NullableNum.describe('binary criterion only: P(score of a criterion=1 candidate > score of a criterion=0 one), ties 1/2'),
  auc_ci: Interval.describe('Hanley-McNeil 95% interval of the AUC'),
  auc_positive: NullableNum,
  auc_negative: NullableNum,
  rating: Band.nullable().describe('band of the OBSERVED r'),
  rating_corrected: Band.nullable().describe('band of the range-corrected r, for information only'),
  n_needed: Num.describe('criterion rows needed to detect r = thresholds.validitySufficient with thresholds.power at alpha (Fisher z)'),
  verdict: Verdict,
  verdict_rule: z.string(),
});

const GroupValidity = z.object({
  tool: z.string().nullable(),
  stage: z.string(),
  attribute: z.string(),
  group: z.string(),
  reference: z.string().nullable().describe('the reference group of this attribute at this stage (named in the policy, else the largest)'),
  is_reference: z.boolean(),
  n: Num.describe('criterion rows of the group'),
  mean_score: NullableNum,
  mean_criterion: NullableNum,
  r: NullableNum,
  r_ci: Interval,
  z: NullableNum.describe('Fisher z of r(group) - r(reference); negative = lower validity in the group'),
  p: NullableNum.describe('two-sided p of that z'),
  holm_p: NullableNum.describe('p adjusted by Holm over every differential-validity comparison of the audit'),
  minimum_detectable_q: NullableNum.describe('smallest |atanh r1 - atanh r2| the test detects with thresholds.power at alpha'),
  n_needed: NullableNum.describe('criterion rows per group (equal groups) to detect q = atanh(thresholds.validitySufficient) with thresholds.power'),
  excluded: z.string().nullable().describe('why the group is not compared (unknown category), or null'),
  verdict: Verdict.nullable().describe('null for the reference group and for groups not compared'),
  verdict_rule: z.string(),
});

const Reading = z
  .enum(['underpredicts_group', 'underpredicts_reference', 'slopes_differ', 'no_difference_detected', 'insufficient_evidence'])
  .describe('Cleary reading: which group the common regression line under-predicts (the tool disadvantages it), if any');

const DifferentialPrediction = z.object({
  tool: z.string().nullable(),
  stage: z.string(),
  attribute: z.string(),
  group: z.string(),
  reference: z.string(),
  n: Num,
  reference_n: Num,
  centre: NullableNum.describe('pooled mean score of the two groups: intercepts are compared at this score'),
  common_slope: NullableNum.describe('slope of the common line criterion ~ score'),
  slope_difference: NullableNum.describe('b3 of criterion ~ score + g + score x g: group slope - reference slope (criterion units per score unit)'),
  slope_difference_se: NullableNum,
  slope_difference_p: NullableNum,
  slope_difference_holm_p: NullableNum.describe('adjusted by Holm over every slope test of the audit'),
  slope_difference_std: NullableNum.describe('b3 x SD(score) / SD(criterion), pooled over the two groups'),
  minimum_detectable_slope_difference_std: NullableNum.describe('smallest standardized slope difference detected with thresholds.power at alpha'),
  intercept_difference: NullableNum.describe('b2 of criterion ~ score + g: group - reference at the same score (criterion units)'),
  intercept_difference_se: NullableNum,
  intercept_difference_p: NullableNum,
  intercept_difference_holm_p: NullableNum.describe('adjusted by Holm over every intercept test of the audit'),
  intercept_difference_std: NullableNum.describe('b2 / SD(criterion)'),
  minimum_detectable_intercept_difference_std: NullableNum,
  power_slope: NullableNum.describe('power of the slope test to detect a standardized difference of thresholds.validitySufficient at alpha'),
  power_intercept: NullableNum.describe('power of the intercept test to detect a standardized difference of thresholds.validitySufficient at alpha'),
  mean_residual: NullableNum.describe('mean of criterion - common line in the group: > 0 under-predicted, < 0 over-predicted'),
  reference_mean_residual: NullableNum,
  reading: Reading,
  underpredicted: z.string().nullable().describe('the group the common line under-predicts when a difference is significant'),
  n_needed: NullableNum.describe('approximate criterion rows (both groups, same proportions) for the minimum detectable differences to reach thresholds.validitySufficient'),
  verdict: Verdict,
  verdict_rule: z.string(),
});

export const ValiditySection = z.object({
  binary_criterion: z.boolean().describe('the criterion was treated as binary (AUC reported): declared in the policy or detected (only 0 and 1), and every value is 0 or 1'),
  conventions: z.string().describe('what the bands and the power yardstick are: conventions, not law'),
  rank_statistics: z.string().describe('how the Spearman rho was computed (sample size, seed, exactness)'),
  stages: z.array(StageValidity),
  groups: z.array(GroupValidity),
  prediction: z.array(DifferentialPrediction),
});
export type ValiditySection = z.infer<typeof ValiditySection>;
export type StageValidity = z.infer<typeof StageValidity>;
export type GroupValidity = z.infer<typeof GroupValidity>;
export type DifferentialPrediction = z.infer<typeof DifferentialPrediction>;
