import * as z from 'zod';
import { Interval, NullableNum, Num, Verdict } from '../primitives.js';

/**
 * The `reliability` section of the AuditResult (requirements Q7, COTAN-R): does the tool give a
 * candidate the same score twice (test–retest from `attempt` 1 and 2, determinism on identical
 * input), and do the items of a multi-item score hang together (Cronbach's alpha)? Present only
 * when the data has retest pairs or the policy names item columns; without either the audit holds
 * a `reliability.no_evidence` finding instead. Every verdict says which rule and threshold
 * produced it.
 */
const Band = z
  .enum(['insufficient', 'sufficient', 'good'])
  .describe('COTAN-style reliability band (a convention, see `bands`)');

const Determinism = z
  .object({
    identical_input_pairs: Num.describe('retest pairs whose trait_* columns are all present and equal on both attempts: the same input, as far as the data shows'),
    identical_rescores: Num.describe('of those, pairs scored exactly the same both times'),
    share: NullableNum.describe('identical_rescores / identical_input_pairs (requirements Q7 determinism)'),
    verdict: Verdict,
    verdict_rule: z.string(),
  })
  .describe('determinism of re-scoring identical input; null when no trait columns identify identical input');

const TestRetestRow = z.object({
  tool: z.string().nullable(),
  stage: z.string(),
  n_pairs: Num.describe('candidates with a score on both attempt 1 (or no attempt) and attempt 2 at this stage'),
  mean_first: NullableNum,
  mean_second: NullableNum,
  sd_first: NullableNum.describe('sample SD of the first-attempt scores'),
  sd_second: NullableNum,
  mean_change: NullableNum.describe('mean of second minus first score: a systematic shift between attempts'),
  pearson_r: NullableNum.describe('test–retest Pearson r (consistency of rank order)'),
  pearson_r_ci: Interval.describe('Fisher-z 95% interval of r'),
  icc_agreement: NullableNum.describe('ICC(2,1), two-way random, absolute agreement (McGraw & Wong ICC(A,1)): the rated statistic'),
  icc_agreement_ci: Interval.describe('Shrout & Fleiss (1979) 95% interval with Satterthwaite df'),
  icc_consistency: NullableNum.describe('ICC(3,1), two-way mixed, consistency (McGraw & Wong ICC(C,1)): ignores a shift between attempts'),
  icc_consistency_ci: Interval.describe('F-based 95% interval'),
  rating: Band.nullable().describe('band of icc_agreement'),
  determinism: Determinism.nullable(),
  verdict: Verdict,
  verdict_rule: z.string(),
});

const TestRetestGroup = z.object({
  tool: z.string().nullable(),
  stage: z.string(),
  attribute: z.string(),
  group: z.string(),
  reference: z.string().nullable().describe('the group compared with: the policy reference, else the known group with the most pairs'),
  is_reference: z.boolean(),
  n_pairs: Num,
  pearson_r: NullableNum.describe("test–retest Pearson r within the group"),
  pearson_r_ci: Interval.describe('Fisher-z 95% interval of r'),
  icc_agreement: NullableNum.describe('ICC(2,1) within the group (shown, not tested: no standard test compares ICCs of independent groups)'),
  icc_agreement_ci: Interval.describe('Shrout & Fleiss (1979) 95% interval'),
  z: NullableNum.describe('Fisher z of r(group) − r(reference); negative: the group is scored less consistently'),
  p: NullableNum.describe('two-sided p of z'),
  holm_p: NullableNum.describe('Holm-adjusted p over every group comparison of the section'),
  minimum_detectable_q: NullableNum.describe('smallest |atanh r − atanh r_ref| the test detects with the policy power'),
  excluded: z.string().nullable().describe('why the group is not compared (unknown category, no reference), else null'),
  verdict: Verdict.nullable().describe('null for the reference group and groups not compared'),
  verdict_rule: z.string(),
});

const InternalConsistencyRow = z.object({
  tool: z.string().nullable(),
  stage: z.string(),
  n: Num.describe('candidates with every item present'),
  items: z.array(z.string()),
  item_means: z.array(Num),
  item_sds: z.array(Num).describe('sample SD per item'),
  alpha: NullableNum.describe("Cronbach's alpha from the item covariance matrix"),
  alpha_ci: Interval.describe('Feldt (1965) F-based 95% interval'),
  rating: Band.nullable().describe('band of alpha'),
  verdict: Verdict,
  verdict_rule: z.string(),
});

export const ReliabilitySection = z.object({
  bands: z
    .object({
      sufficient: Num.describe('lower edge of "sufficient" (policy thresholds.reliabilitySufficient)'),
      good: Num.describe('lower edge of "good" (policy thresholds.reliabilityGood)'),
      note: z.string(),
    })
    .describe('the rating bands applied: COTAN-style, unverified against the COTAN text, used as a convention'),
  test_retest: z.array(TestRetestRow),
  test_retest_groups: z
    .array(TestRetestGroup)
    .optional()
    .describe('differential reliability (schema 1.3.0): test–retest per protected group, each compared with the reference group (Fisher z of r, Holm-adjusted)'),
  internal_consistency: z.array(InternalConsistencyRow),
});
export type ReliabilitySection = z.infer<typeof ReliabilitySection>;
export type TestRetestRow = z.infer<typeof TestRetestRow>;
export type TestRetestGroup = z.infer<typeof TestRetestGroup>;
export type InternalConsistencyRow = z.infer<typeof InternalConsistencyRow>;
