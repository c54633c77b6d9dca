import * as z from 'zod';
import { EXCLUSION_REASONS } from './dataset.js';
import { Policy, SourceKind } from './policy.js';
import { ValiditySection } from './sections/validity.js';
import { ReliabilitySection } from './sections/reliability.js';
import { StabilitySection } from './sections/stability.js';
import { AutomationSection } from './sections/automation.js';
import { SimilaritySection } from './sections/similarity.js';
import { FindingStatus, FourFifths, GroupKey, Interval, NullableNum, Num } from './primitives.js';
import { PooledComparison, STRATIFIED_FIELDS, TWO_BY_TWO_FIELDS } from './sections/two-by-two.js';
import { ErrorRatesSection } from './sections/error-rates.js';

export { FindingStatus };

/** Most severe first: the summary status is the first of these any finding has (`not_assessed` never is). */
export const STATUS_SEVERITY: readonly FindingStatus[] = ['fail', 'warn', 'insufficient_evidence', 'not_assessed', 'pass'];

/** The summary of an AuditResult: how many findings have each status, and the worst of them. */
export interface Summary {
  status: FindingStatus;
  counts: Record<FindingStatus, number>;
}

/**
 * The one computation of `summary` from the findings: used when an audit assembles its result and
 * when a saved result is read back (a stored summary that disagrees is refused).
 */
export function summarize(findings: readonly { status: FindingStatus }[]): Summary {
  const counts = Object.fromEntries(STATUS_SEVERITY.map((s) => [s, findings.filter((f) => f.status === s).length])) as Record<FindingStatus, number>;
  const status = STATUS_SEVERITY.find((s) => s !== 'not_assessed' && counts[s] > 0) ?? 'pass';
  return { status, counts };
}

/**
 * AuditResult: the one product of an audit. Versioned and deterministic (same data, policy and
 * seed give byte-identical JSON); every report, API response and exit code is derived from it.
 * Bump SCHEMA_VERSION (and CHANGELOG.md) with every change to this file.
 */
export const SCHEMA_VERSION = '1.4.0';

const RuleRef = z.object({
  id: z.string().describe('requirement id of requirements.md, e.g. "UGESP-4D"'),
  source: z.string().describe('the rule applied, with article or section'),
  threshold: z.string().describe('the threshold or decision rule that produced the status'),
  kind: SourceKind.describe('whether the threshold is law, guidance, a professional standard or our convention'),
});

export const Finding = z.object({
  code: z.string().describe('stable id, e.g. "disparity.selection_rate"'),
  status: FindingStatus,
  subject: z
    .object({
      tool: z.string().nullable(),
      stage: z.string().nullable(),
      groups: GroupKey.nullable(),
      reference: GroupKey.nullable(),
    })
    .describe('what the finding is about'),
  evidence: z.record(z.string(), z.union([z.number(), z.string(), z.null()])).describe('the numbers behind the status'),
  rule: RuleRef,
  message: z.string().describe('one plain sentence for a recruiter'),
  requirement: z
    .object({ set: z.string(), set_name: z.string(), edition: z.string(), title: z.string() })
    .optional()
    .describe('present on requirement verdicts (code requirement.<set>.<id>): which rule set and edition judged'),
});
export type Finding = z.infer<typeof Finding>;


const DisparityRow = z.object({
  tool: z.string().nullable(),
  stage: z.string(),
  attributes: z.array(z.string()).describe('the attributes this row groups by (one, or two for intersectional rows)'),
  groups: GroupKey,
  reference: GroupKey.nullable().describe('the comparison group; null when no reference could be chosen'),
  is_reference: z.boolean(),
  n: Num.describe('candidates in the group at this stage'),
  selected: Num,
  rate: NullableNum,
  rate_ci: Interval,
  share: Num.describe('share of the stage\'s candidates with a known value of these attributes'),
  impact_ratio: NullableNum,
  impact_ratio_ci: Interval,
  four_fifths: FourFifths,
  fisher_p: NullableNum.describe('Fisher exact, two-sided'),
  chi2_p: NullableNum.describe('chi-square p of the 2x2 table by policy conventions.chiSquare: Pearson without continuity correction (default) or with Yates\' (both in chi2_pearson and chi2_yates)'),
  z_p: NullableNum.describe('two-proportion z-test, pooled'),
  ...TWO_BY_TWO_FIELDS,
  holm_p: NullableNum.describe('Fisher p adjusted by Holm over every comparison of the audit'),
  cohens_h: NullableNum.describe('2 asin sqrt(rate) - 2 asin sqrt(reference rate); negative = lower'),
  shortfall: NullableNum.describe('extra selections the group needs for the reference rate'),
  one_selection_flip: z.boolean().nullable().describe('moving one selection from reference to group flips the four-fifths verdict'),
  excluded_from_ir: z.string().nullable().describe('why this group has no impact ratio (small group, unknown), or null'),
  verdict: FindingStatus,
  verdict_rule: z.string(),
});
export type DisparityRow = z.infer<typeof DisparityRow>;

const ScoringRow = z.object({
  tool: z.string().nullable(),
  stage: z.string(),
  attributes: z.array(z.string()),
  groups: GroupKey,
  reference: GroupKey.nullable(),
  is_reference: z.boolean(),
  n: Num.describe('candidates with a score'),
  above_median: Num.describe('candidates scoring strictly above the stage median'),
  at_median: Num.optional().describe('candidates scoring exactly the stage median (ties)'),
  scoring_rate: NullableNum.describe(
    'share scoring above the median of the whole stage (LL144 §5-300), or at or above it when policy conventions.scoringRate is at_or_above_median (audit-ai)',
  ),
  impact_ratio: NullableNum,
  impact_ratio_ci: Interval,
  fisher_p: NullableNum,
  holm_p: NullableNum,
  ...TWO_BY_TWO_FIELDS,
  mean: NullableNum,
  median: NullableNum.optional().describe('median score of the group at this stage (weighted, interpolated as the stage median)'),
  sd: NullableNum,
  smd: NullableNum.describe('standardized mean difference (Cohen d) against the reference'),
  verdict: FindingStatus,
  verdict_rule: z.string(),
});

const CutScoreCurve = z.object({
  tool: z.string().nullable(),
  stage: z.string(),
  attributes: z.array(z.string()),
  cuts: z.array(Num).describe('candidate cut scores (bin edges)'),
  groups: z.array(
    z.object({
      groups: GroupKey,
      n: Num,
      rates: z.array(Num).describe('share with score >= cut, per cut'),
      impact_ratios: z.array(NullableNum).describe('rate / highest rate at that cut, per cut'),
    }),
  ),
});

const FunnelRow = z.object({
  tool: z.string().nullable(),
  attributes: z.array(z.string()),
  groups: GroupKey,
  stages: z.array(z.object({ stage: z.string(), n: Num, selected: Num, rate: NullableNum })),
  cumulative_rate: NullableNum.describe('product of the stage pass rates, first stage to last'),
  impact_ratio: NullableNum,
  four_fifths: FourFifths,
  is_reference: z.boolean(),
});

const CmhRow = z.object({
  tool: z.string().nullable(),
  attribute: z.string(),
  group: z.string(),
  reference: z.string(),
  strata: z.array(z.string()),
  statistic: Num,
  p: Num,
  odds_ratio: NullableNum,
  odds_ratio_ci: Interval,
  breslow_day_p: NullableNum.describe('homogeneity of the odds ratio across strata; small p = pooled OR is not meaningful'),
  ...STRATIFIED_FIELDS,
});

const StratifiedRow = CmhRow.extend({
  stage: z.string(),
  stratum_column: z.string().describe('the policy\'s stratum column whose values are the strata'),
  pooled: PooledComparison.describe('the same two groups at this stage with the strata pooled: what the stage\'s selection rows show'),
  without_stratum: Num.describe('candidates of the two groups at this stage with an empty stratum value: counted, left out of the strata'),
  simpson_paradox: z
    .boolean()
    .nullable()
    .describe("Simpson's paradox (judged by the rules): the pooled impact ratio and the common odds ratio across strata point in opposite directions, and one of the two is significant; null when a direction is undefined"),
}).describe('Cochran-Mantel-Haenszel across the values of a stratum column within one stage (odds ratio: group over reference)');

const StratumRow = DisparityRow.extend({
  stratum: GroupKey.describe('the stratum column and value this row is within, e.g. {"department":"A"}'),
}).describe('a selection-rate row within one stratum (policy strataRows)');

const CutScorePoints = z.object({
  tool: z.string().nullable(),
  stage: z.string(),
  attributes: z.array(z.string()),
  cuts: z.array(Num).describe('the policy\'s explicit cut scores (cutScores)'),
  groups: z.array(
    z.object({
      groups: GroupKey,
      n: Num.describe('candidates of the group with a score'),
      at_or_above: z.array(Num).describe('candidates with score >= cut, per cut'),
      rates: z.array(Num).describe('share with score >= cut, per cut'),
      impact_ratios: z.array(NullableNum).describe('rate / highest rate at that cut among the compared groups, per cut'),
    }),
  ),
});

const StageSummary = z.object({
  tool: z.string().nullable(),
  stage: z.string(),
  order: z.number().int(),
  n: Num,
  selected: Num,
  rate: NullableNum,
  score_median: NullableNum,
  unknown: z.record(z.string(), Num).describe('candidates with an empty value, per protected attribute (LL144 §5-301)'),
});

export const DisparitySection = z.object({
  stages: z.array(StageSummary),
  rows: z.array(DisparityRow),
  scoring: z.array(ScoringRow),
  cut_scores: z.array(CutScoreCurve),
  funnel: z.array(FunnelRow),
  cmh: z.array(CmhRow),
  stratified: z.array(StratifiedRow).optional().describe('CMH across the strata of each policy stratum column, per stage and attribute'),
  stratum_rows: z.array(StratumRow).optional().describe('selection-rate rows within each stratum (policy strataRows); empty otherwise'),
  cut_score_points: z.array(CutScorePoints).optional().describe('rates and impact ratios at the policy\'s explicit cut scores'),
});
export type DisparitySection = z.infer<typeof DisparitySection>;

const Accounting = z.object({
  rowsRead: Num,
  rowsUsed: Num,
  candidatesRead: Num,
  candidatesUsed: Num,
  excluded: z.array(
    z.object({
      reason: z.enum(Object.keys(EXCLUSION_REASONS) as [keyof typeof EXCLUSION_REASONS, ...(keyof typeof EXCLUSION_REASONS)[]]),
      description: z.string(),
      rows: Num,
      candidates: Num,
    }),
  ),
});

const ValueChange = z.object({
  column: z.string(),
  from: z.string().describe('the value as in the file'),
  to: z.string().nullable().describe('the value audited; null: unknown (a missing-value marker) or empty'),
  rows: Num,
});

const Values = z.object({
  normalisation: z.string().describe('what every stage, tool and protected-attribute value goes through before grouping'),
  missing: z.array(ValueChange).describe('missing-value markers (policy missingValues) audited as unknown'),
  mapped: z.array(ValueChange).describe("values changed by the policy's values mapping"),
  normalised: z.array(ValueChange).describe('values changed by the normalisation (invisible characters, Unicode form, spaces)'),
  variants: z
    .array(z.object({ column: z.string(), values: z.array(z.object({ value: z.string(), rows: Num })) }))
    .describe('values of one column that differ only in case: probably one group spelled several ways, compared as separate groups; map them with the policy\'s values'),
  unlisted: z.array(z.string()).describe('columns with too many distinct values to list here (normalised all the same)'),
});

/** What every AuditResult opens with: version, generator, dataset provenance, the applied policy. */
const HEADER = {
  schemaVersion: z.literal(SCHEMA_VERSION),
  generator: z.object({ name: z.literal('hireaudit'), version: z.string() }),
  dataset: z.object({
    source: z.string(),
    format: z.string(),
    hash: z.string().describe('sha256 of the file bytes (or of the records in canonical JSON)'),
    columns: z.array(z.string()),
    protectedAttributes: z.array(z.string()),
    traits: z.array(z.string()),
    weighted: z.boolean(),
    accounting: Accounting.describe('rows read = rows used + rows excluded, each reason counted'),
    values: Values.optional().describe('what normalising the categorical values changed and found (absent for a ClickHouse table not loaded by hireaudit load)'),
  }),
  policy: Policy.describe('the policy as applied, defaults filled'),
  thresholdSources: z.record(z.string(), z.object({ value: Num, source: z.string(), kind: SourceKind })),
};

/** What every AuditResult closes with: the findings and their summary. */
const TAIL = {
  findings: z.array(Finding),
  summary: z.object({
    status: FindingStatus.describe('the worst status among the findings'),
    counts: z.record(FindingStatus, Num),
  }),
};

/**
 * The section of each metric family of src/audit/registry.ts, under the family's id and in its
 * order (a test checks that the two lists agree). A new family adds its section here.
 */
export const SECTION_SCHEMAS = {
  disparity: DisparitySection,
  validity: ValiditySection.optional().describe('criterion validity, differential validity and prediction (requirements Q6); omitted without a score and a criterion'),
  reliability: ReliabilitySection.optional().describe('test-retest, determinism and internal consistency (requirements Q7, COTAN-R); omitted without retest pairs or item columns'),
  stability: StabilitySection.optional().describe('drift by period, verdict stability under the bootstrap, perturbation stability (requirements Q3, Q7); omitted when none applies'),
  automation: AutomationSection.optional().describe('automated rejections and rubber-stamp review per stage and group (requirements Q9, GDPR/AVG art. 22); omitted without a reviewed_by_human column'),
  similarity: SimilaritySection.optional().describe('similar-to-me: resemblance to the benchmark, coupling, clone curve, homogeneity, demographic mirror, proxy probe (requirements Q8); omitted without trait_* columns'),
  error_rates: ErrorRatesSection.optional().describe('error-rate parity against a binary (0/1) criterion: true- and false-positive rates, precision per group (equal opportunity, equalized odds); omitted without a 0/1 criterion column'),
};

/** The AuditResult schema for a list of family sections: header, the sections in order, findings and summary. */
export function auditResultSchema<S extends z.ZodRawShape>(sections: S) {
  return z.object({ ...HEADER, ...sections, ...TAIL });
}

export const AuditResult = auditResultSchema(SECTION_SCHEMAS);
export type AuditResult = z.infer<typeof AuditResult>;
