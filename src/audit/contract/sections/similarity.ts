import * as z from 'zod';
import { FindingStatus as Verdict, Interval, NullableNum, Num } from '../primitives.js';

/**
 * The `similarity` section of the AuditResult (requirements Q8, "similar-to-me"): does the tool
 * select people who resemble the benchmark (the incumbents it was calibrated on), and does that
 * homogenise the selected or reproduce the benchmark's demographics? Present when the data has
 * trait_* columns; the benchmark parts need role=benchmark rows (or --benchmark <file>).
 * Traits are standardised on the applicant pool of each tool x stage. Every verdict says which
 * rule and threshold produced it.
 */

const Benchmark = z.object({
  source: z.enum(['rows', 'file', 'none']).describe('role=benchmark rows of the dataset, a separate --benchmark file appended as such rows, or none'),
  file: z.string().nullable().describe('name of the --benchmark file, or null'),
  hash: z.string().nullable().describe('sha256 of the --benchmark file bytes, or null'),
  n: Num.describe('benchmark candidates with every trait'),
  n_missing_traits: Num.describe('benchmark candidates left out because a trait is empty'),
});

const TraitRow = z.object({
  trait: z.string(),
  pool_mean: NullableNum,
  pool_sd: NullableNum.describe('population SD in the applicant pool: the unit of standardisation'),
  benchmark_mean: NullableNum,
  benchmark_z: NullableNum.describe('benchmark centroid in pool SDs: (benchmark mean - pool mean) / pool SD'),
  selected_z: NullableNum.describe('mean of the selected in pool SDs'),
  variance_ratio: NullableNum.describe('variance among the selected / variance in the pool'),
  used: z.boolean().describe('false when the trait is constant in the pool (cannot be standardised) and is left out'),
});

const Resemblance = z.object({
  metric: z.enum(['mahalanobis', 'standardized_euclidean']),
  metric_rule: z.string().describe('why this metric: Mahalanobis needs more than 5 benchmark rows per trait'),
  shrinkage: NullableNum.describe('OAS shrinkage intensity of the benchmark covariance (Chen et al. 2010); null for the Euclidean metric'),
  pool_mean_distance: NullableNum.describe('mean distance to the benchmark centroid in the pool (larger = less alike)'),
  pool_sd_distance: NullableNum,
  selected_mean_distance: NullableNum,
  rejected_mean_distance: NullableNum,
});

const CloneQuintile = z.object({
  quintile: z.number().int().min(1).max(5).describe('1 = the fifth of the pool most like the benchmark, 5 = least alike'),
  distance_from: Num,
  distance_to: Num,
  n: Num.describe('candidates in the quintile (about a fifth; quintiles are cut at fine histogram edges)'),
  selected: Num,
  rate: NullableNum,
  rate_ci: Interval.describe('Wilson 95% interval'),
});

const PartialCoupling = z.object({
  n: Num.describe('candidates with a score, a criterion and every trait'),
  rho: NullableNum.describe('partial correlation of score with resemblance given the criterion'),
  rho_ci: Interval.describe('Fisher-z 95% interval (n reduced by the one control)'),
  p: NullableNum.describe('two-sided t test, n - 3 df'),
  r_score_criterion: NullableNum,
  r_resemblance_criterion: NullableNum,
});

const Coupling = z.object({
  n: Num.describe('candidates with a score and every trait'),
  rho: NullableNum.describe('Pearson correlation of the tool score with resemblance (= minus the distance); positive = higher scores for people like the benchmark'),
  rho_ci: Interval.describe('Fisher-z 95% interval'),
  p: NullableNum.describe('two-sided t test of rho = 0'),
  partial: PartialCoupling.nullable().describe('null when the data has no criterion column or too few criterion rows'),
  partial_note: z.string().nullable(),
  verdict: Verdict,
  verdict_rule: z.string(),
});

const Homogeneity = z.object({
  h: NullableNum.describe('tr(Sigma_selected) / tr(Sigma_pool) on pool-standardised traits = mean variance ratio over the traits used'),
  h_ci: Interval.describe('seeded bootstrap 95% interval (see bootstrap_basis)'),
  replicates: Num,
  bootstrap_n: Num.describe('candidates in the seeded engine sample the bootstrap resampled'),
  bootstrap_basis: z.string().describe('what was resampled and how the interval was scaled to the full pool'),
  verdict: Verdict,
  verdict_rule: z.string(),
});

const MirrorGroup = z.object({
  group: z.string(),
  pool_n: Num,
  pool_share: NullableNum,
  selected_n: Num,
  selected_share: NullableNum,
  benchmark_n: Num,
  benchmark_share: NullableNum,
  representation_ratio: NullableNum.describe('benchmark share / pool share (AI Act art. 10(3) representativeness)'),
  representation_p: NullableNum.describe('Fisher exact, one-sided: the benchmark holds a smaller share of the group than the pool'),
  selection_p: NullableNum.describe('Fisher exact, one-sided: the selected hold a smaller share of the group than the rejected'),
});

const Mirror = z.object({
  attribute: z.string(),
  groups: z.array(MirrorGroup).describe('known groups; unknown values are counted in pool_unknown / benchmark_unknown'),
  pool_unknown: Num,
  benchmark_unknown: Num,
  js_selected_benchmark: NullableNum.describe('Jensen-Shannon divergence (bits) between the selected composition and the benchmark'),
  js_selected_pool: NullableNum.describe('Jensen-Shannon divergence (bits) between the selected composition and the pool'),
  closer_to_benchmark: z.boolean().nullable(),
  verdict: Verdict,
  verdict_rule: z.string(),
  diversity_pool: NullableNum.describe('Gini-Simpson diversity 1 - sum p^2 of the pool'),
  diversity_selected: NullableNum,
  diversity_change: NullableNum.describe('selected - pool; negative = less diverse'),
  independence_chi2: NullableNum.describe('Pearson chi-square of selected x group'),
  independence_df: NullableNum,
  independence_p: NullableNum,
  diversity_verdict: Verdict,
  diversity_rule: z.string(),
});

const Unit = z.object({
  tool: z.string().nullable(),
  stage: z.string(),
  n_pool: Num.describe('applicants at this tool x stage with every trait'),
  n_selected: Num,
  n_missing_traits: Num.describe('applicants left out of the trait analyses because a trait is empty'),
  traits: z.array(TraitRow),
  resemblance: Resemblance.nullable().describe('null without benchmark rows'),
  clone_curve: z.array(CloneQuintile).describe('selection rate by resemblance quintile; empty without benchmark rows'),
  coupling: Coupling.nullable().describe('null without a benchmark or without a score column'),
  homogeneity: Homogeneity,
  mirror: z.array(Mirror).describe('one per protected attribute'),
});

const ProbeTarget = z.object({
  group: z.string().describe('the group predicted against every other known group of the attribute'),
  n_positive: Num,
  n_negative: Num,
  auc: NullableNum.describe('cross-validated AUC of the traits predicting membership (mean of the held-out folds)'),
  auc_ci: Interval.describe('95% interval of the cross-validated AUC: mean of the folds, their Hanley-McNeil variances doubled because the folds share training rows'),
  se: NullableNum,
});

const Probe = z.object({
  attribute: z.string(),
  tool: z.string().nullable(),
  stage: z.string(),
  n: Num.describe('sampled candidates with a known value of the attribute'),
  targets: z.array(ProbeTarget),
  max_auc: NullableNum,
  verdict: Verdict,
  verdict_rule: z.string(),
});

const ProxyProbe = z.object({
  backend: z.string().describe('TensorFlow.js backend that ran the model: wasm, or tensorflow when tfjs-node is installed and imported'),
  model: z.string(),
  sample_size: Num.describe('upper bound of the seeded engine sample'),
  folds: Num,
  seed: Num,
  probes: z.array(Probe),
});

export const SimilaritySection = z.object({
  traits: z.array(z.string()),
  benchmark: Benchmark,
  units: z.array(Unit).describe('one per tool x stage'),
  proxy_probe: ProxyProbe.nullable().describe('null when no protected attribute is named'),
});
export type SimilaritySection = z.infer<typeof SimilaritySection>;
