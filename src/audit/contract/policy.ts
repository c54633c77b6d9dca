import { readFile } from 'node:fs/promises';
import * as z from 'zod';
import { PolicyError } from '../errors.js';
import { CANONICAL_COLUMN_NAMES, MISSING_MARKERS, TRAIT_PREFIX } from './dataset.js';
import { Declarations } from './declarations.js';
import { PARSE_ONCE } from './primitives.js';

/**
 * The audit policy: column mapping, protected attributes, thresholds (each default with its
 * source and status tag of requirements.md), reference-group rule, minimum group size and alpha.
 * Parsed once at the way in; inner code trusts the resulting `Policy`.
 */

/** Status tags of requirements.md: law, guidance, professional standard, our convention. */
export const SourceKind = z.enum(['law', 'law-NYC', 'guidance', 'guidance-US', 'professional', 'convention']);
export type SourceKind = z.infer<typeof SourceKind>;

export interface ThresholdDefault {
  value: number;
  source: string;
  kind: SourceKind;
}

/** Every numeric default, with where it comes from. The AuditResult repeats these beside the applied values. */
export const THRESHOLD_DEFAULTS = {
  impactRatio: {
    value: 0.8,
    source: 'UGESP 29 CFR 1607.4(D) four-fifths rule; a screening signal only under Dutch/EU law',
    kind: 'guidance-US',
  },
  alpha: {
    value: 0.05,
    source: 'requirements.md Q3/Q4: p < .05 after Holm adjustment; UGESP 1607.14(B)(5) significance level',
    kind: 'convention',
  },
  minGroupSize: {
    value: 30,
    source: 'requirements.md Q3: insufficient evidence when n_g < 30 (convention)',
    kind: 'convention',
  },
  minExpectedCell: {
    value: 5,
    source: 'requirements.md Q3/Q4: Fisher exact is primary when an expected count < 5 (Cochran 1954)',
    kind: 'professional',
  },
  smallGroupShare: {
    value: 0.02,
    source: 'NYC LL144, 6 RCNY §5-301(d): a category under 2% of the data may be excluded from impact ratios',
    kind: 'law-NYC',
  },
  cutScoreBins: {
    value: 50,
    source: 'requirements.md Q2: impact ratio on a grid of cut scores (grid size is our convention)',
    kind: 'convention',
  },
  minCriterionN: {
    value: 30,
    source: 'requirements.md Q6: criterion rows per group below this are insufficient evidence (convention)',
    kind: 'convention',
  },
  validitySufficient: {
    value: 0.2,
    source: 'COTAN rating system, criterion validity: r < .20 insufficient (bands unverified [U]; a convention)',
    kind: 'professional',
  },
  validityGood: {
    value: 0.35,
    source: 'COTAN rating system, criterion validity: r >= .35 good (bands unverified [U]; a convention)',
    kind: 'professional',
  },
  reliabilitySufficient: {
    value: 0.8,
    source: 'COTAN rating system, reliability: < .80 insufficient for high-stakes decisions (bands unverified [U])',
    kind: 'professional',
  },
  reliabilityGood: {
    value: 0.9,
    source: 'COTAN rating system, reliability: >= .90 good (bands unverified [U])',
    kind: 'professional',
  },
  psi: {
    value: 0.25,
    source: 'requirements.md Q7: population stability index > 0.25 => drift warning (industry convention)',
    kind: 'convention',
  },
  flipRate: {
    value: 0.01,
    source: 'requirements.md Q7: decision flip rate under an irrelevant change > 1% => fail (convention)',
    kind: 'convention',
  },
  verdictStability: {
    value: 0.95,
    source: 'requirements.md Q3/issue 3: a four-fifths verdict held in < 95% of bootstrap resamples is fragile (convention)',
    kind: 'convention',
  },
  power: {
    value: 0.8,
    source: 'Cohen (1988): conventional power for the n-needed calculation when evidence is insufficient',
    kind: 'professional',
  },
  minReviewSeconds: {
    value: 30,
    source: 'requirements.md Q9: a median review under 30 s is a rubber-stamp (dwell-time) signal for AVG art. 22 meaningful review (convention)',
    kind: 'convention',
  },
  resemblanceCoupling: {
    value: 0.3,
    source: 'requirements.md Q8: partial correlation of score with resemblance to the benchmark > 0.30 (p < .05) => similar-to-me flag (convention)',
    kind: 'convention',
  },
  homogeneityRatio: {
    value: 0.8,
    source: 'requirements.md Q8: trait variance of the selected / of the pool (trace ratio) < 0.80 => homogenisation warning (convention)',
    kind: 'convention',
  },
  representationRatio: {
    value: 0.8,
    source: 'requirements.md Q8, AI Act art. 10(3): benchmark share / pool share < 0.8 => under-represented in the benchmark (four-fifths applied to shares; convention)',
    kind: 'convention',
  },
  diversityLoss: {
    value: 0.05,
    source: 'requirements.md Q8: Gini-Simpson diversity of the selected more than 0.05 below the pool => diversity-loss warning (convention)',
    kind: 'convention',
  },
  errorRateRatio: {
    value: 0.8,
    source: 'issue 16, requirements Q3 by analogy: a group\'s true- or false-positive rate under 0.8 of the reference group\'s (the four-fifths band applied to error rates; no law sets one, a convention)',
    kind: 'convention',
  },
  proxyAuc: {
    value: 0.7,
    source: 'requirements.md AVG-22(4)/9, Q8: cross-validated AUC of the traits predicting a protected attribute >= 0.70 => proxy warning (convention)',
    kind: 'convention',
  },
} as const satisfies Record<string, ThresholdDefault>;

/** The requirement rule sets a policy can choose (src/audit/rules/requirements). */
const RequirementSetId = z.enum(['nvp', 'avg', 'ai-act', 'ugesp', 'll144', 'wor']);
export type RequirementSetId = z.infer<typeof RequirementSetId>;
const DEFAULT_REQUIREMENT_SETS: readonly RequirementSetId[] = ['nvp', 'avg', 'ai-act'];

/** Languages of the reports. */
export const Language = z.enum(['en', 'nl']);
export type Language = z.infer<typeof Language>;

/** The report language of a policy: its `language`, else English. */
export const languageOf = (policy: Pick<Policy, 'language'>): Language => policy.language ?? 'en';

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The requirement sets a policy gets when it names none: the Dutch frame (NVP, AVG, AI Act), plus
 * the works-council set (WOR) when the policy says the employer is Dutch
 * (`declarations.employerCountry: NL`) or asks for Dutch reports (`language: nl`). Reads a policy
 * input as well as a parsed policy.
 */
function defaultRequirementSets(input: unknown): RequirementSetId[] {
  const declarations = isRecord(input) && isRecord(input['declarations']) ? input['declarations'] : {};
  const dutch = isRecord(input) && (input['language'] === 'nl' || declarations['employerCountry'] === 'NL');
  return dutch ? [...DEFAULT_REQUIREMENT_SETS, 'wor'] : [...DEFAULT_REQUIREMENT_SETS];
}

/** The input with the default requirement sets filled in when it names none (they depend on other keys). */
function withDefaultSets(input: unknown): unknown {
  if (!isRecord(input) || input['requirementSets'] !== undefined) return input;
  return { ...input, requirementSets: defaultRequirementSets(input) };
}

const mappableColumn = z
  .string()
  .refine(
    (c) => (CANONICAL_COLUMN_NAMES as string[]).includes(c) || c.startsWith(TRAIT_PREFIX),
    { message: `must be a contract column (${CANONICAL_COLUMN_NAMES.join(', ')}) or start with ${TRAIT_PREFIX}` },
  );

const Reference = z.discriminatedUnion('rule', [
  z
    .strictObject({ rule: z.literal('highest_rate') })
    .describe('Reference = the group with the highest rate among groups of at least minGroupSize (UGESP 4D, LL144 §5-300)'),
  z
    .strictObject({
      rule: z.literal('named'),
      groups: z.record(z.string(), z.string()).describe('attribute -> reference value, e.g. {gender: male}'),
    })
    .describe('A fixed reference group per attribute'),
]);

const share = (key: keyof typeof THRESHOLD_DEFAULTS) => z.number().gt(0).lt(1).default(THRESHOLD_DEFAULTS[key].value);
const Thresholds = z.strictObject({
  impactRatio: share('impactRatio'),
  minExpectedCell: z.number().positive().default(THRESHOLD_DEFAULTS.minExpectedCell.value),
  smallGroupShare: z.number().min(0).lt(1).default(THRESHOLD_DEFAULTS.smallGroupShare.value),
  cutScoreBins: z.number().int().min(2).max(1000).default(THRESHOLD_DEFAULTS.cutScoreBins.value),
  minCriterionN: z.number().int().min(4).default(THRESHOLD_DEFAULTS.minCriterionN.value),
  validitySufficient: share('validitySufficient'),
  validityGood: share('validityGood'),
  reliabilitySufficient: share('reliabilitySufficient'),
  reliabilityGood: share('reliabilityGood'),
  psi: z.number().positive().default(THRESHOLD_DEFAULTS.psi.value),
  flipRate: share('flipRate'),
  verdictStability: share('verdictStability'),
  power: share('power'),
  resemblanceCoupling: share('resemblanceCoupling'),
  homogeneityRatio: share('homogeneityRatio'),
  representationRatio: share('representationRatio'),
  diversityLoss: share('diversityLoss'),
  proxyAuc: z.number().gt(0.5).lt(1).default(THRESHOLD_DEFAULTS.proxyAuc.value),
  errorRateRatio: share('errorRateRatio'),
});

const Validity = z.strictObject({
  criterionReliability: z
    .number()
    .gt(0)
    .max(1)
    .optional()
    .describe('reliability of the criterion (e.g. inter-rater reliability of performance ratings); enables the unreliability correction'),
  binaryCriterion: z
    .boolean()
    .optional()
    .describe('treat the criterion as binary (0/1, e.g. retained after a year): AUC is reported; default: detected from the data'),
});

const Reliability = z.strictObject({
  items: z.array(z.string().min(1)).default([]).describe('item columns of a multi-item score, for Cronbach alpha'),
});

const Automation = z.strictObject({
  minReviewSeconds: z
    .number()
    .positive()
    .default(THRESHOLD_DEFAULTS.minReviewSeconds.value)
    .describe('shortest review (seconds) that can be a meaningful human review of a rejection (AVG art. 22, requirements Q9)'),
});

/**
 * Which published convention a reported statistic follows, where the tools disagree. Every value is
 * reported both ways in the AuditResult; these choose the one that feeds a verdict or a headline
 * field, so an earlier audit made with another tool can be reproduced (README: matching other tools).
 */
const Conventions = z.strictObject({
  cmh: z
    .enum(['corrected', 'uncorrected'])
    .default('corrected')
    .describe(
      'the Cochran-Mantel-Haenszel statistic a verdict uses: `corrected` subtracts 1/2 from |sum a - sum E| (R stats::mantelhaen.test default; Mantel & Haenszel 1959), `uncorrected` does not (audit-ai test_cmh_bd, SAS PROC FREQ, statsmodels StratifiedTable.test_null_odds(correction=False)); both are reported',
    ),
  chiSquare: z
    .enum(['pearson', 'yates'])
    .default('pearson')
    .describe(
      'the 2x2 chi-square in `chi2_p`: `pearson` without continuity correction (requirements Q4; SAS "Chi-Square"; R chisq.test(correct = FALSE)), `yates` with Yates\' (1934) correction (R chisq.test and scipy chi2_contingency defaults, so audit-ai); both are reported',
    ),
  scoringRate: z
    .enum(['above_median', 'at_or_above_median'])
    .default('above_median')
    .describe(
      'who counts in the scoring rate: `above_median`, strictly above the stage median (NYC LL144, 6 RCNY §5-300 "scoring rate": the rate at which individuals in a category receive a score above the sample\'s median score), or `at_or_above_median` (audit-ai bias_test_check: pass when score >= the median); ties at the median are counted either way',
    ),
  oddsRatio: z
    .enum(['woolf', 'conditional'])
    .default('woolf')
    .describe(
      'the odds ratio of each 2x2 comparison: `woolf`, the sample odds ratio with Woolf\'s (1955) log interval, 0.5 added to every cell only when one is 0 (Haldane 1956; SAS "Wald", statsmodels Table2x2), or `conditional`, the conditional MLE with the exact interval of R fisher.test (Cornfield 1956)',
    ),
});

const Stability = z.strictObject({
  period: z.enum(['month', 'quarter', 'windows']).default('month').describe('period of decided_at for drift: calendar month, quarter, or `windows` equal-count windows'),
  windows: z.number().int().min(2).max(100).default(6).describe('number of equal-count windows of decided_at when period is "windows" (cut at quantiles of the per-day counts)'),
  bootstrapReplicates: z.number().int().min(100).max(100_000).default(1000),
});

export const Policy = z
  .strictObject({
    columns: z
      .record(mappableColumn, z.string().min(1))
      .default({})
      .describe('contract column -> column name in the file, e.g. {selected: advanced, score: cv_score}'),
    protected: z.array(z.string().min(1)).default([]).describe('protected attribute columns, e.g. [gender, ethnicity]'),
    stages: z
      .array(z.string().min(1))
      .optional()
      .describe('funnel order of the stages; default: by number of candidates, largest first'),
    reference: Reference.default({ rule: 'highest_rate' }),
    minGroupSize: z.number().int().positive().default(THRESHOLD_DEFAULTS.minGroupSize.value),
    alpha: z.number().gt(0).lt(1).default(THRESHOLD_DEFAULTS.alpha.value),
    thresholds: Thresholds.default(Thresholds.parse({}, PARSE_ONCE)),
    intersectional: z.boolean().default(true).describe('also audit every pair of protected attributes'),
    funnel: z
      .boolean()
      .default(true)
      .describe('stages are consecutive steps of one funnel (bottom line = product of pass rates); false for parallel strata such as departments'),
    strata: z
      .array(z.string().min(1))
      .default([])
      .describe(
        'categorical columns whose values are strata within each stage (department, location, requisition, job family; UGESP 29 CFR 1607.15(A) asks for adverse-impact information for each job): a Cochran-Mantel-Haenszel test with common odds ratio and Breslow-Day across the strata, and a Simpson\'s-paradox flag; an empty value is counted, not a stratum',
      ),
    strataRows: z
      .boolean()
      .default(false)
      .describe('also compare the selection rates within every stratum (rows per stratum, judged and Holm-adjusted with the rest)'),
    cutScores: z
      .array(z.number().finite())
      .default([])
      .describe('explicit cut scores (e.g. the vendor\'s 54.18): each group\'s share at or above each, with impact ratios, beside the grid of cutScoreBins'),
    conventions: Conventions.default(Conventions.parse({}, PARSE_ONCE)).describe('which published convention a statistic follows where tools differ; both values are always reported'),
    excludeSmallGroups: z
      .boolean()
      .default(false)
      .describe('LL144 §5-301(d) option: leave groups under smallGroupShare out of impact ratios (still listed)'),
    seed: z.number().int().min(1).max(0xffffffff).default(1),
    requirementSets: z
      .array(RequirementSetId)
      .default([...DEFAULT_REQUIREMENT_SETS])
      .describe('which requirement rule sets judge the audit; default: nvp, avg and ai-act (the Dutch frame), plus wor when declarations.employerCountry is NL or language is nl'),
    auditDate: z.iso
      .date()
      .optional()
      .describe('the date the audit speaks for (AI Act duties depend on it); default: today (CLI --audit-date)'),
    language: Language.optional().describe('language of the reports: en or nl (CLI --lang); default en'),
    declarations: Declarations.default({}).describe('vendor/employer declarations: shown as declared, not verified'),
    values: z
      .record(z.string(), z.record(z.string(), z.string().min(1)))
      .default({})
      .describe('per protected attribute (or stage, tool): value in the file -> value audited, e.g. {gender: {Female: female, F: female}}; matched on the value as read and after normalisation (Unicode NFC, invisible characters removed, trimmed)'),
    missingValues: z
      .array(z.string())
      .default([...MISSING_MARKERS])
      .describe('protected-attribute values that mean "not known": audited as unknown, counted and listed (exact spellings)'),
    duplicates: z
      .enum(['refuse', 'exclude'])
      .default('refuse')
      .describe('rows with the same candidate_id, stage and tool (applicant rows only): refuse the dataset listing them, or exclude every repeat (the first row is kept), counted in the row accounting'),
    validity: Validity.default(Validity.parse({}, PARSE_ONCE)),
    reliability: Reliability.default(Reliability.parse({}, PARSE_ONCE)),
    stability: Stability.default(Stability.parse({}, PARSE_ONCE)),
    automation: Automation.default(Automation.parse({}, PARSE_ONCE)),
  })
  .superRefine((p, ctx) => {
    const reserved = new Set<string>(CANONICAL_COLUMN_NAMES);
    for (const attr of p.protected) {
      if (reserved.has(attr) || attr.startsWith(TRAIT_PREFIX)) {
        ctx.addIssue({ code: 'custom', path: ['protected'], message: `"${attr}" is a contract column, not a protected attribute` });
      }
    }
    for (const item of p.reliability.items) {
      if (reserved.has(item) || item.startsWith(TRAIT_PREFIX) || p.protected.includes(item)) {
        ctx.addIssue({ code: 'custom', path: ['reliability', 'items'], message: `"${item}" is already a contract column or protected attribute` });
      }
    }
    for (const stratum of p.strata) {
      if (reserved.has(stratum) || stratum.startsWith(TRAIT_PREFIX) || p.protected.includes(stratum) || p.reliability.items.includes(stratum)) {
        ctx.addIssue({ code: 'custom', path: ['strata'], message: `"${stratum}" is already a contract column, protected attribute or item, not a stratum column` });
      }
    }
    if (new Set(p.strata).size !== p.strata.length) {
      ctx.addIssue({ code: 'custom', path: ['strata'], message: 'a stratum column is named twice' });
    }
    if (new Set(p.protected).size !== p.protected.length) {
      ctx.addIssue({ code: 'custom', path: ['protected'], message: 'a protected attribute is named twice' });
    }
    for (const column of Object.keys(p.values)) {
      if (!p.protected.includes(column) && column !== 'stage' && column !== 'tool') {
        ctx.addIssue({ code: 'custom', path: ['values', column], message: `"${column}" is not a protected attribute, stage or tool` });
      }
    }
    if (p.reference.rule === 'named') {
      for (const attr of Object.keys(p.reference.groups)) {
        if (!p.protected.includes(attr)) {
          ctx.addIssue({ code: 'custom', path: ['reference', 'groups', attr], message: `"${attr}" is not a protected attribute` });
        }
      }
    }
  });

export type Policy = z.infer<typeof Policy>;
export type PolicyInput = z.input<typeof Policy>;

function describeIssues(error: z.ZodError): string[] {
  return error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(top level)'}: ${i.message}`);
}

/**
 * Parses a policy object; throws PolicyError listing every problem. Use this rather than
 * `Policy.parse`: the default requirement sets depend on other keys (see defaultRequirementSets).
 */
export function parsePolicy(input: unknown, source = 'policy'): Policy {
  const result = Policy.safeParse(withDefaultSets(input ?? {}), PARSE_ONCE);
  if (!result.success) throw new PolicyError(source, describeIssues(result.error));
  return result.data;
}

/** Reads a YAML or JSON policy file (JSON is valid YAML). */
export async function loadPolicy(path: string): Promise<Policy> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw new PolicyError(path, [`cannot read the file: ${(e as Error).message}`]);
  }
  let raw: unknown;
  const { parse: parseYaml } = await import('yaml'); // only for a policy file: audits without one skip loading it
  try {
    raw = parseYaml(text);
  } catch (e) {
    throw new PolicyError(path, [`not valid YAML or JSON: ${(e as Error).message}`]);
  }
  return parsePolicy(raw, path);
}

/**
 * Applies CLI overrides (e.g. --protected, --seed, --lang) on top of a policy, re-validating the
 * result. When the policy's requirement sets are the default for it and the overrides name none,
 * they follow the default of the overridden policy (--lang nl adds the WOR set); sets that differ
 * from the default were chosen and stay as they are.
 */
export function withOverrides(policy: Policy, overrides: Partial<PolicyInput>, source = 'command line'): Policy {
  const merged: Record<string, unknown> = { ...policy, ...overrides };
  const defaulted = policy.requirementSets.join() === defaultRequirementSets(policy).join();
  if (overrides.requirementSets === undefined && defaulted) merged['requirementSets'] = defaultRequirementSets(merged);
  return parsePolicy(merged, source);
}
