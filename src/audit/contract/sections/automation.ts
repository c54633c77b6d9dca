import * as z from 'zod';
import { FindingStatus as Verdict, GroupKey, interval, NullableNum, Num } from '../primitives.js';

const Interval = interval('Wilson interval');

/**
 * The `automation` section of the AuditResult (requirements Q9; GDPR/AVG art. 22): how many
 * rejections no person looked at, and whether the reviews that did happen look meaningful or
 * like a rubber stamp; per stage (and tool) and per protected group. Present only when the data
 * has a reviewed_by_human column. Every verdict says which rule and threshold produced it.
 */
const Signal = z
  .enum(['present', 'absent', 'not_assessable'])
  .describe('present: the data show the signal at the one-sided level in `thresholds`; absent: they do not; not_assessable: too few reviews or a missing column');
const Risk = z
  .enum(['high', 'medium', 'low', 'insufficient_evidence', 'not_applicable'])
  .describe('rubber-stamp risk of requirements Q9; not_applicable when no decision at the stage was reviewed');

const Reviewer = z.object({
  reviewer_id: z.string(),
  reviews: Num,
  override_known: Num.describe('reviews with human_override recorded'),
  overrides: Num,
  override_rate: NullableNum,
  short_reviews: Num.describe('reviews under thresholds.min_review_seconds'),
  timed: Num.describe('reviews with review_seconds'),
  never_overrides: z.boolean().describe('no override across at least thresholds.never_override_reviews reviews (requirements Q9 lists these)'),
  decisions_timed: Num.describe('decisions with decided_at used for the batch index (0 when not assessed)'),
  batch_decisions: Num.describe('of those, decisions within the batch gap of the previous one, in runs of at least the batch run length'),
  batch_index: NullableNum,
});

const Stage = z.object({
  tool: z.string().nullable(),
  stage: z.string(),
  n: Num.describe('decisions at this stage'),
  rejected: Num,
  rejected_unreviewed: Num.describe('rejections with reviewed_by_human = 0: taken by the tool alone'),
  rejected_review_unknown: Num.describe('rejections with reviewed_by_human empty: no evidence of review either way'),
  arr: NullableNum.describe('automated rejection rate ARR = rejected_unreviewed / rejections with a known review status (Q9)'),
  arr_ci: Interval,
  reviewed: Num,
  reviewed_rejected: Num,
  review_seconds_n: Num.describe('reviews with review_seconds'),
  review_seconds_median: NullableNum.describe('median review time (s), from a 1-second histogram: exact for whole-second times, else rounded down; 600 means 600 or more'),
  review_seconds_p10: NullableNum.describe('10th percentile of review time (s), same histogram (Hyndman-Fan definition 2)'),
  short_reviews: Num.describe('reviews under thresholds.min_review_seconds'),
  short_share: NullableNum.describe('short_reviews / review_seconds_n'),
  short_share_ci: Interval,
  override_known: Num,
  overrides_up: Num.describe('reviewer advanced a candidate the tool rejected (reject -> advance)'),
  overrides_down: Num.describe('reviewer rejected a candidate the tool advanced'),
  override_rate: NullableNum.describe('O = (up + down) / override_known'),
  override_rate_ci: Interval,
  tool_rejected_reviewed: Num.describe('reviewed decisions where the tool rejected (selected XOR human_override = 0)'),
  adherence: NullableNum.describe('A = P(final reject | tool reject) among reviewed tool rejections = 1 - up / tool_rejected_reviewed (SCHUFA "draws strongly" proxy)'),
  adherence_ci: Interval,
  tool_rate: NullableNum.describe("the tool's own selection rate, over decisions whose tool outcome is derivable"),
  final_rate: NullableNum.describe('the final selection rate over the same decisions'),
  reviewer_count: Num,
  reviewer_override_sd: NullableNum.describe('reviewer spread: sample SD of per-reviewer override rates over reviewers with at least thresholds.spread_min_reviews reviews'),
  reviewers: z.array(Reviewer),
  batch_index: NullableNum.describe('share of timed reviewed decisions within the batch gap of the same reviewer\'s previous decision, in runs of at least the run length'),
  batch_decisions_timed: Num.describe('reviewed decisions with a reviewer and decided_at whose times were read (the denominator of batch_index)'),
  batch_decisions: Num.describe('of those, decisions within the batch gap of the same reviewer\'s previous one, in runs of at least the run length'),
  batch_note: z.string().nullable().describe('why the batch index is missing, or which days it was computed on when sampled; null when exact'),
  agreement_signal: Signal.describe('O < low_override_rate or A >= high_adherence, each by an exact one-sided binomial test at alpha/4'),
  override_p: NullableNum.describe('P(X <= overrides), X ~ Bin(override_known, low_override_rate)'),
  adherence_p: NullableNum.describe('P(X <= up), X ~ Bin(tool_rejected_reviewed, 1 - high_adherence)'),
  dwell_signal: Signal.describe('median review under min_review_seconds: more than half the reviews are short, exact one-sided binomial test at alpha/2'),
  dwell_p: NullableNum.describe('P(X >= short_reviews), X ~ Bin(review_seconds_n, 1/2)'),
  batch_signal: Signal.describe('batch_index > batch_index threshold'),
  rubber_stamp_risk: Risk,
  rubber_stamp_rule: z.string(),
  verdict: Verdict.describe('AVG art. 22 verdict of the stage'),
  verdict_rule: z.string(),
});

const Group = z.object({
  tool: z.string().nullable(),
  stage: z.string(),
  attributes: z.array(z.string()),
  groups: GroupKey,
  excluded: z.string().nullable().describe('why the group is not compared (unknown category), or null'),
  n: Num,
  rejected: Num,
  rejected_unreviewed: Num,
  arr: NullableNum,
  arr_ci: Interval,
  arr_rest: NullableNum.describe('ARR of the other known groups of these attributes at this stage'),
  arr_fisher_p: NullableNum.describe('Fisher exact, two-sided: unreviewed vs reviewed rejections, this group vs the rest'),
  arr_holm_p: NullableNum.describe('Holm over every ARR comparison of the audit'),
  arr_verdict: Verdict,
  arr_verdict_rule: z.string(),
  reviewed: Num,
  review_seconds_median: NullableNum.describe('single-attribute groups only (histogram per attribute); null for intersections'),
  review_seconds_p10: NullableNum,
  timed_rejected: Num.describe('reviewed rejections with review_seconds'),
  short_rejected: Num.describe('of those, reviews under min_review_seconds: a rubber-stamped rejection'),
  short_share: NullableNum,
  short_rest: NullableNum,
  short_fisher_p: NullableNum,
  short_holm_p: NullableNum,
  short_verdict: Verdict,
  short_verdict_rule: z.string(),
  override_known: Num,
  overrides_up: Num,
  overrides_down: Num,
  override_rate: NullableNum,
  reference: GroupKey.nullable().describe('group with the highest final selection rate (the impact-ratio reference)'),
  tool_rate: NullableNum,
  final_rate: NullableNum,
  tool_impact_ratio: NullableNum.describe("impact ratio of the tool's own outcome against the reference"),
  final_impact_ratio: NullableNum.describe('impact ratio after human review; lower than tool_impact_ratio = review widened the gap'),
  human_odds_ratio: NullableNum.describe('Mantel-Haenszel odds of advancing after review, this group vs the rest, stratified by the tool outcome; < 1 = reviewers favour the rest'),
  human_cmh_p: NullableNum,
  human_holm_p: NullableNum,
  human_verdict: Verdict,
  human_verdict_rule: z.string(),
});

export const AutomationSection = z.object({
  thresholds: z.object({
    min_review_seconds: Num.describe('policy automation.minReviewSeconds'),
    low_override_rate: Num,
    high_adherence: Num,
    min_reviews: Num,
    never_override_reviews: Num,
    spread_min_reviews: Num,
    batch_gap_seconds: Num,
    batch_min_run: Num,
    batch_index: Num,
    signal_alpha: Num.describe('one-sided level of each rubber-stamp signal (alpha/2; the two tests of the agreement signal alpha/4 each), so the rating is at most alpha when no signal holds'),
    alpha: Num,
    source: z.string(),
  }),
  dwell_method: z.string().describe('how review-time quantiles are computed'),
  stages: z.array(Stage),
  groups: z.array(Group),
});
export type AutomationSection = z.infer<typeof AutomationSection>;
export type AutomationStage = z.infer<typeof Stage>;
export type AutomationGroup = z.infer<typeof Group>;
export type AutomationReviewer = z.infer<typeof Reviewer>;
