import * as z from 'zod';
import { Interval, NullableNum, Num } from '../primitives.js';

/**
 * Schema pieces of every focal-vs-reference 2x2 comparison (selection rates, scoring rates, rates
 * within a stratum, error rates) and of every stratified analysis (Cochran-Mantel-Haenszel across
 * stages or across strata). Each statistic is reported under every published convention, so an
 * audit made with another tool can be reproduced (README: matching other tools); the policy's
 * `conventions` say which one a verdict or a headline field uses. All fields are optional in the
 * schema because results of schema 1.3 and earlier lack them.
 */

const ChiSquareTest = z.object({ statistic: Num, p: Num.describe('upper chi-square tail (survival function, so a tiny p keeps its digits)') });

const OddsRatioMethod = z
  .enum(['woolf', 'woolf_haldane', 'conditional_exact'])
  .describe(
    '`woolf`: sample odds ratio a d / (b c) with Woolf\'s log interval; `woolf_haldane`: the same with 0.5 added to every cell because one is 0 (Haldane 1956; the estimate stays a d / (b c)); `conditional_exact`: conditional MLE with the exact interval of R fisher.test',
  );

/** The 2x2 table [focal selected, focal not, reference selected, reference not] tested every way. */
export const TWO_BY_TWO_FIELDS = {
  chi2_pearson: ChiSquareTest.nullable().optional().describe('Pearson chi-square of the 2x2 table without continuity correction (R chisq.test(correct = FALSE), SAS "Chi-Square")'),
  chi2_yates: ChiSquareTest.nullable()
    .optional()
    .describe('with Yates\' continuity correction, capped at 0 (R chisq.test and scipy chi2_contingency defaults, so audit-ai; SAS "Continuity Adj. Chi-Square")'),
  odds_ratio: NullableNum.optional().describe('odds of selection of the group over those of the reference (policy conventions.oddsRatio); null when undefined (0/0)'),
  odds_ratio_ci: Interval.optional().describe('95% interval of the odds ratio by `odds_ratio_method`'),
  odds_ratio_method: OddsRatioMethod.nullable().optional(),
  bayes_factor_10: NullableNum.optional().describe(
    'Bayes factor for an association (different rates) over none, joint multinomial sampling with a uniform Dirichlet(1, 1, 1, 1) prior on the four cell probabilities (Albert 2007, LearnBayes ctable; audit-ai crosstab_bayes_factor): > 1 favours different rates, < 1 equal ones. Reported, never used in a verdict; null when it overflows (see log_bayes_factor_10)',
  ),
  log_bayes_factor_10: NullableNum.optional().describe('natural log of bayes_factor_10 (never overflows)'),
} as const;

/** One stratum's table of a stratified analysis. */
const StratumTable = z.object({
  stratum: z.string().describe('the stratum (a stage, or a value of the stratum column)'),
  n: Num.describe('candidates of the group in the stratum'),
  selected: Num,
  reference_n: Num,
  reference_selected: Num,
  odds_ratio: NullableNum.describe('the stratum\'s odds ratio (policy conventions.oddsRatio); null when undefined'),
  odds_ratio_ci: Interval,
  odds_ratio_method: OddsRatioMethod.nullable(),
  breslow_day_expected: NullableNum.describe('A_k: the group\'s selected count in a table with this stratum\'s margins and the common odds ratio; null when the stratum has an empty margin (left out of Breslow-Day)'),
  breslow_day_contribution: NullableNum.describe('(a_k - A_k)^2 / Var_k: the stratum\'s share of the Breslow-Day statistic (which strata differ)'),
});

const BreslowDay = z
  .object({
    statistic: Num.describe('Breslow & Day (1980) eq. 4.30 without Tarone\'s adjustment (SAS "Breslow-Day", DescTools::BreslowDayTest(correct = FALSE), audit-ai)'),
    df: Num.describe('strata with all four margins positive, minus one'),
    p: Num,
    tarone_statistic: Num.describe('Tarone (1985): statistic - (sum a_k - sum A_k)^2 / sum Var_k (DescTools correct = TRUE, statsmodels test_equal_odds(adjust = True))'),
    tarone_p: Num,
  })
  .describe('homogeneity of the odds ratio across strata; small p = the common odds ratio hides strata that differ');

/** What a Cochran-Mantel-Haenszel analysis adds to a row besides its headline statistic and p. */
export const STRATIFIED_FIELDS = {
  correction: z.enum(['corrected', 'uncorrected']).optional().describe('which CMH statistic `statistic` and `p` are (policy conventions.cmh)'),
  uncorrected: ChiSquareTest.optional().describe('CMH without continuity correction: (sum a - sum E)^2 / sum V (audit-ai, SAS, statsmodels)'),
  corrected: ChiSquareTest.optional().describe('CMH with the 1/2 continuity correction, applied when |sum a - sum E| >= 1/2 (R mantelhaen.test)'),
  breslow_day: BreslowDay.nullable().optional().describe('null when fewer than two strata have all four margins positive or the common odds ratio is 0 or infinite'),
  tables: z.array(StratumTable).optional().describe('the strata in `strata` order, with their odds ratios and Breslow-Day terms'),
} as const;

/** The pooled (unstratified) comparison a stratified analysis is read against (Simpson's paradox). */
export const PooledComparison = z.object({
  n: Num,
  selected: Num,
  reference_n: Num,
  reference_selected: Num,
  impact_ratio: NullableNum.describe('the group\'s pooled selection rate over the reference\'s, at this stage'),
  fisher_p: NullableNum.describe('Fisher exact, two-sided, of the pooled table'),
  ...TWO_BY_TWO_FIELDS,
});

