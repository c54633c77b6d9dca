import * as z from 'zod';
import { FindingStatus, GroupKey, Interval, NullableNum, Num } from '../primitives.js';
import { TWO_BY_TWO_FIELDS } from './two-by-two.js';

/**
 * The `error_rates` section of the AuditResult (issue 16 item 7): error-rate parity of the tool's
 * decision (selected) against a binary criterion (criterion 1 = qualified: hired and successful,
 * passed probation; 0 = not), per stage and group, as Aequitas, fairlearn, AIF360, holisticai and
 * LiFT report it. Each rate is defined only over the candidates who carry a criterion, and only
 * where its denominator exists: in hiring, rejected candidates usually have no criterion, and then
 * only precision can be measured (the coverage rows say so). Present only when the criterion
 * column holds nothing but 0 and 1.
 */
const ErrorRateName = z
  .enum(['tpr', 'fnr', 'fpr', 'precision'])
  .describe(
    '`tpr` true-positive rate: selected among the qualified (criterion 1; equal opportunity); `fnr` = 1 - tpr: qualified candidates rejected; `fpr` false-positive rate: selected among the unqualified (criterion 0; with tpr: equalized odds); `precision`: qualified among the selected with a criterion (predictive parity)',
  );

const Coverage = z.object({
  tool: z.string().nullable(),
  stage: z.string(),
  n: Num.describe('candidates at this stage'),
  with_criterion: Num.describe('candidates at this stage whose criterion is 0 or 1'),
  selected: Num,
  selected_with_criterion: Num,
  rejected: Num,
  rejected_with_criterion: Num,
  qualified: Num.describe('candidates with criterion 1 (the base of tpr and fnr)'),
  unqualified: Num.describe('candidates with criterion 0 (the base of fpr)'),
  defined: z
    .array(ErrorRateName)
    .describe('the rates this stage can measure: tpr, fnr and fpr need rejected candidates with a criterion; precision needs selected ones'),
});

const GroupCounts = z.object({
  tool: z.string().nullable(),
  stage: z.string(),
  attributes: z.array(z.string()),
  groups: GroupKey,
  n: Num.describe('candidates of the group at this stage'),
  with_criterion: Num,
  tp: Num.describe('selected, criterion 1'),
  fp: Num.describe('selected, criterion 0'),
  fn: Num.describe('rejected, criterion 1'),
  tn: Num.describe('rejected, criterion 0'),
});

const ErrorRateRow = z.object({
  tool: z.string().nullable(),
  stage: z.string(),
  attributes: z.array(z.string()),
  groups: GroupKey,
  rate: ErrorRateName,
  x: Num.describe('numerator (tp for tpr and precision, fn for fnr, fp for fpr)'),
  n: Num.describe('candidates the rate is defined over: criterion 1 for tpr and fnr, criterion 0 for fpr, selected with a criterion for precision'),
  value: NullableNum,
  ci: Interval.describe('Wilson 95% interval of the rate'),
  reference: GroupKey.nullable().describe('the group compared with: the named reference, else the highest rate among groups of at least minGroupSize (tpr and fnr share the tpr reference)'),
  is_reference: z.boolean(),
  ratio: NullableNum.describe('rate / reference rate (UGESP 4D form); for tpr and fpr under the threshold errorRateRatio = the group\'s qualified (or unqualified) candidates are selected less often'),
  difference: NullableNum.describe('rate - reference rate (fairlearn MetricFrame.difference form)'),
  fisher_p: NullableNum.describe('Fisher exact, two-sided, of [x, n - x] against the reference\'s'),
  chi2_p: NullableNum.describe('chi-square p by policy conventions.chiSquare'),
  ...TWO_BY_TWO_FIELDS,
  holm_p: NullableNum.describe('Fisher p adjusted by Holm over the judged comparisons (tpr, fpr) of this section'),
  excluded: z.string().nullable().describe('why the group is not compared (unknown value, small group), or null'),
  verdict: FindingStatus.describe('judged for tpr and fpr only; fnr mirrors tpr and precision is reported, not judged (not_assessed)'),
  verdict_rule: z.string(),
});

const EqualizedOdds = z.object({
  tool: z.string().nullable(),
  stage: z.string(),
  attributes: z.array(z.string()),
  tpr_difference: NullableNum.describe('largest minus smallest tpr over the compared groups (fairlearn equal_opportunity_difference)'),
  tpr_ratio: NullableNum.describe('smallest over largest tpr (fairlearn equal_opportunity_ratio)'),
  fpr_difference: NullableNum,
  fpr_ratio: NullableNum,
  difference: NullableNum.describe('max(tpr_difference, fpr_difference): fairlearn equalized_odds_difference'),
  ratio: NullableNum.describe('min(tpr_ratio, fpr_ratio): fairlearn equalized_odds_ratio'),
});

export const ErrorRatesSection = z.object({
  conventions: z.string().describe('for whom the rates are defined and how they are judged'),
  coverage: z.array(Coverage).describe('per stage: how many candidates carry a criterion, selected and rejected, and which rates are defined'),
  groups: z.array(GroupCounts).describe('per stage and group: the confusion table of decision x criterion'),
  rows: z.array(ErrorRateRow).describe('per stage, group and rate: the rate with its interval and its comparison with the reference'),
  equalized_odds: z.array(EqualizedOdds).describe('per stage and grouping: equal opportunity and equalized odds between the compared groups'),
});
export type ErrorRatesSection = z.infer<typeof ErrorRatesSection>;
