import * as z from 'zod';
import { FindingStatus as Status, FourFifths, GroupKey, interval, NullableNum, Num, Verdict } from '../primitives.js';

const Interval = interval('interval');

/**
 * The `stability` section of the AuditResult (requirements Q3 stability, Q7 drift and
 * perturbation; AI Act art. 15): does the tool's behaviour hold still over time (drift by period of
 * `decided_at`), do the audit's own four-fifths verdicts hold under resampling (verdict stability,
 * a seeded bootstrap on the aggregates), and do decisions survive irrelevant changes to the input
 * (`variant_of`/`variant` rows)? Each part is null when the data cannot support it; every verdict
 * says which rule and threshold produced it.
 */

const Period = z.object({
  period: z.string().describe("'2026-03' (month), '2026-Q1' (quarter) or 'first..last day' (equal-count window)"),
  n: Num,
  selected: Num,
  rate: NullableNum,
  scored: Num.describe('candidates with a score in this period'),
  histogram: z.array(Num).describe('candidates per score bin of `score_edges`'),
  psi: NullableNum.describe('population stability index of this period against the baseline period'),
  psi_p: NullableNum.describe('Pearson chi-square test of homogeneity of the two binned histograms; null when either period has fewer than minExpectedCell x 10 scored candidates'),
  psi_holm_p: NullableNum.describe('psi_p adjusted by Holm over every period of every stage of the section'),
  psi_drift: z.boolean().nullable().describe('psi > thresholds.psi and psi_holm_p < alpha'),
});

const GroupPeriod = z.object({
  period: z.string(),
  n: Num,
  selected: Num,
  rate: NullableNum,
  reference: z.string().nullable().describe('the period\'s reference group (highest rate among groups of at least minGroupSize)'),
  impact_ratio: NullableNum,
  fisher_p: NullableNum.describe('Fisher exact, two-sided, against the period\'s reference'),
  holm_p: NullableNum.describe('Fisher p adjusted by Holm over every period comparison of the section'),
  assessable: z.boolean().describe('group and reference both have at least minGroupSize candidates and the reference has selections'),
});

const GroupTrend = z.object({
  attribute: z.string(),
  group: z.string(),
  baseline_period: z.string().nullable().describe('first period in which this group is assessable'),
  baseline_impact_ratio: NullableNum,
  crossed_in: z.string().nullable().describe('first later period whose impact ratio is below the threshold with Holm p < alpha while the baseline\'s was not'),
  periods: z.array(GroupPeriod),
});

const DriftStage = z.object({
  tool: z.string().nullable(),
  stage: z.string(),
  baseline_period: z.string().nullable().describe('first period with at least minExpectedCell x 10 scored candidates: the PSI baseline'),
  score_edges: z.array(Num).describe('edges of the shared score bins (about ten, at baseline deciles of a 100-bin grid)'),
  periods: z.array(Period),
  groups: z.array(GroupTrend).describe('per single protected attribute and group: impact ratio per period'),
  verdict: Verdict,
  verdict_rule: z.string(),
});

const Drift = z.object({
  unit: z.enum(['month', 'quarter', 'windows']),
  windows: Num.nullable().describe('number of equal-count windows requested (unit "windows"); null otherwise'),
  stages: z.array(DriftStage),
});

const VerdictStabilityRow = z.object({
  kind: z.enum(['selection', 'scoring']).describe('a selection-rate row or a scoring-rate row of the disparity section'),
  tool: z.string().nullable(),
  stage: z.string(),
  attributes: z.array(z.string()),
  groups: GroupKey,
  reference: GroupKey.nullable(),
  impact_ratio: NullableNum,
  impact_ratio_interval: Interval.describe('2.5th and 97.5th percentile of the resampled impact ratio'),
  verdict: Status.describe('the disparity section\'s verdict'),
  verdict_held: Num.describe('share of resamples giving the same verdict'),
  four_fifths: FourFifths,
  four_fifths_held: Num.describe('share of resamples giving the same four-fifths result'),
  fragile: z.boolean().describe('verdict_held or four_fifths_held below thresholds.verdictStability'),
  stability_rule: z.string(),
});

const VerdictStability = z.object({
  replicates: Num,
  seed: Num,
  method: z.string(),
  rows: z.array(VerdictStabilityRow),
});

const PerturbationGroup = z.object({
  attribute: z.string(),
  group: z.string(),
  n_pairs: Num,
  mean_abs_change: NullableNum,
  decided: Num.describe('pairs with a decision on both the original and the variant'),
  flips: Num,
  flip_rate: NullableNum,
  is_reference: z.boolean().describe('the group with the lowest flip rate, the comparison for the others'),
  fisher_p: NullableNum.describe('Fisher exact, two-sided, flip rate against the reference group'),
  holm_p: NullableNum.describe('Holm over every perturbation group comparison of the section'),
  rank_pairs: Num.optional().describe("the group's scored pairs in the rank sample"),
  kendall_tau: NullableNum.optional().describe("Kendall's tau-b of original vs variant scores within the group (null under 2 pairs or constant scores)"),
});

const PerturbationRow = z.object({
  tool: z.string().nullable(),
  stage: z.string(),
  variant: z.string(),
  n_pairs: Num.describe('original candidates paired with a variant of this kind (same candidate, same stage)'),
  scored: Num,
  mean_abs_change: NullableNum.describe('mean |variant score - original score|'),
  mean_change: NullableNum.describe('mean variant score - original score'),
  score_sd: NullableNum.describe('sample SD of the score among the stage\'s audited candidates'),
  mean_abs_change_sd: NullableNum.describe('mean_abs_change / score_sd'),
  decided: Num,
  flips: Num.describe('pairs whose decision differs between original and variant'),
  flip_rate: NullableNum,
  flip_rate_ci: Interval.describe('Wilson 95% interval'),
  rank_pairs: Num.optional().describe('scored pairs whose ranks are compared: all of them up to rank_sample_limit, else a seeded sample of that size'),
  rank_sample_limit: Num.optional().describe('the bound on rank_pairs this audit ran with (schema 1.4.0)'),
  kendall_tau: NullableNum.optional().describe("Kendall's tau-b between the originals' and the variants' scores: 1 = the variant leaves the ranking unchanged"),
  kendall_tau_ci: Interval.optional().describe('95% interval, Fisher z with var = 0.437 / (n - 4) (Fieller, Hartley & Pearson 1957)'),
  groups: z.array(PerturbationGroup),
  verdict: Verdict,
  verdict_rule: z.string(),
});

export const StabilitySection = z.object({
  drift: Drift.nullable().describe('null without a decided_at column'),
  verdict_stability: VerdictStability.nullable().describe('null when the disparity section has no comparison'),
  perturbation: z.array(PerturbationRow).nullable().describe('null without variant_of rows paired to an original'),
});
export type StabilitySection = z.infer<typeof StabilitySection>;
export type DriftStage = z.infer<typeof DriftStage>;
export type VerdictStabilityRow = z.infer<typeof VerdictStabilityRow>;
export type PerturbationRow = z.infer<typeof PerturbationRow>;
