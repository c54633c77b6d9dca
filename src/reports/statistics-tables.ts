import type { AuditResult } from '../audit/contract/audit-result.js';
import { fix, groupText, interval as ci, pct, pValue as pv, stageText } from './format.js';
import { type Words, wordsFor } from './i18n/index.js';

/**
 * The statistics behind the verdicts that issue 16 added to the AuditResult, as plain tables
 * (header and cells as text, unescaped), so the Markdown and the HTML report print the same
 * numbers from one place: every 2x2 comparison both ways (chi-square with and without Yates, odds
 * ratio with its method, Bayes factor), scoring rates with ties and medians, explicit cut scores,
 * both CMH statistics with Breslow-Day (Tarone, per-stratum terms) across stages and across strata,
 * rows within strata, and error-rate parity. Tiny p-values print in scientific notation. Reads
 * only the AuditResult; each renderer escapes the cells for its format.
 */
export interface StatisticsTable {
  /** Short heading. */
  title: string;
  /** One sentence on how to read it (method, convention, prior). */
  note: string;
  header: string[];
  rows: string[][];
}

type Disparity = AuditResult['disparity'];
type Conventions = AuditResult['policy']['conventions'];
type ChiSquare = { statistic: number; p: number } | null | undefined;
type Stratified = NonNullable<Disparity['stratified']>[number] | Disparity['cmh'][number];

const chi = (t: ChiSquare) => (t ? `${fix(t.statistic, 3)} (p ${pv(t.p)})` : '–');
const orText = (or: number | null | undefined, interval: readonly [number, number] | null | undefined, method?: string | null) =>
  or === null || or === undefined ? '–' : `${fix(or, 3)} (${ci(interval ?? null, (x) => fix(x, 3))})${method ? ` ${method.replace('_', ' ')}` : ''}`;
const bf = (x: number | null | undefined, log: number | null | undefined) =>
  x !== null && x !== undefined ? (x >= 1e4 || x < 1e-3 ? x.toExponential(2) : fix(x, 3)) : log !== null && log !== undefined ? `e^${fix(log, 1)}` : '–';
const vs = (groups: Record<string, string>, reference: Record<string, string> | null) => `${groupText(groups)} vs ${groupText(reference)}`;
const cmhUsed = (c: Conventions) => (c.cmh === 'corrected' ? 'with continuity correction (R mantelhaen.test)' : 'without continuity correction (audit-ai, SAS, statsmodels)');

function comparisonsTable(result: AuditResult): StatisticsTable | null {
  const rows = result.disparity.rows.filter((r) => r.fisher_p !== null && r.attributes.length === 1);
  if (rows.length === 0 || rows.every((r) => r.chi2_pearson === undefined)) return null;
  const c = result.policy.conventions;
  return {
    title: 'Tests and odds ratios per comparison',
    note: `Each group's 2x2 table against its reference. chi2_p in the JSON is the ${c.chiSquare === 'pearson' ? 'Pearson' : 'Yates'} value (policy conventions.chiSquare); odds ratio ${c.oddsRatio === 'woolf' ? "with Woolf's log interval (0.5 added to every cell only when one is 0)" : 'as the conditional MLE with the exact interval of R fisher.test'}. BF10: Bayes factor for different rates over equal ones under a uniform Dirichlet(1, 1, 1, 1) prior on the four cells (Albert 2007; audit-ai): > 1 favours a difference. Reported, never used in a verdict. Intersectional comparisons are in the JSON result.`,
    header: ['stage', 'comparison', 'Fisher p', 'chi-square (Pearson)', 'chi-square (Yates)', 'odds ratio (95% CI)', 'BF10'],
    rows: rows.map((r) => [stageText(r.tool, r.stage), vs(r.groups, r.reference), pv(r.fisher_p), chi(r.chi2_pearson), chi(r.chi2_yates), orText(r.odds_ratio, r.odds_ratio_ci, r.odds_ratio_method), bf(r.bayes_factor_10, r.log_bayes_factor_10)]),
  };
}

function scoringTable(result: AuditResult, w: Words): StatisticsTable | null {
  const rows = result.disparity.scoring.filter((r) => r.attributes.length === 1);
  if (rows.length === 0) return null;
  const atOrAbove = result.policy.conventions.scoringRate === 'at_or_above_median';
  return {
    title: 'Scoring rates and scores by group',
    note: `Scoring rate: share of the group scoring ${atOrAbove ? 'at or above the stage median (audit-ai, policy conventions.scoringRate)' : 'strictly above the stage median (NYC LL144 §5-300)'}; candidates exactly at the median are counted either way. Mean and median of the group's scores at the stage; intersectional groups are in the JSON result.`,
    header: ['stage', 'group', 'n', 'above median', 'at median', 'scoring rate', 'impact ratio', 'Fisher p', 'odds ratio (95% CI)', 'BF10', 'mean', 'median', 'SD', 'verdict'],
    rows: rows.map((r) => [
      stageText(r.tool, r.stage),
      groupText(r.groups) + (r.is_reference ? ' (reference)' : ''),
      String(r.n),
      String(r.above_median),
      r.at_median === undefined ? '–' : String(r.at_median),
      pct(r.scoring_rate),
      fix(r.impact_ratio),
      pv(r.fisher_p),
      orText(r.odds_ratio, r.odds_ratio_ci, r.odds_ratio_method),
      bf(r.bayes_factor_10, r.log_bayes_factor_10),
      fix(r.mean),
      fix(r.median ?? null),
      fix(r.sd),
      w.status(r.verdict),
    ]),
  };
}

function cutScoreTable(result: AuditResult): StatisticsTable | null {
  const points = result.disparity.cut_score_points ?? [];
  if (points.length === 0) return null;
  return {
    title: 'At the policy\'s cut scores',
    note: 'Share of each group with a score at or above each cut score the policy names, and that share over the highest share at the same cut.',
    header: ['stage', 'attributes', 'cut score', 'group', 'n', 'at or above', 'rate', 'impact ratio'],
    rows: points.flatMap((p) =>
      p.cuts.flatMap((cut, k) =>
        p.groups.map((g) => [stageText(p.tool, p.stage), p.attributes.join(' × '), String(cut), groupText(g.groups), String(g.n), String(g.at_or_above[k] ?? 0), pct(g.rates[k] ?? null), fix(g.impact_ratios[k] ?? null)]),
      ),
    ),
  };
}

/** The CMH, common odds ratio and Breslow-Day cells of a stratified row. */
function stratifiedCells(r: Stratified): string[] {
  const bd = r.breslow_day;
  return [
    String(r.strata.length),
    chi(r.uncorrected),
    chi(r.corrected),
    r.correction ?? 'corrected',
    orText(r.odds_ratio, r.odds_ratio_ci),
    bd ? `${fix(bd.statistic, 3)} on ${bd.df} df (p ${pv(bd.p)})` : r.breslow_day_p === null ? '–' : `p ${pv(r.breslow_day_p)}`,
    bd ? `${fix(bd.tarone_statistic, 3)} (p ${pv(bd.tarone_p)})` : '–',
  ];
}

const STRATIFIED_HEADER = ['strata', 'CMH uncorrected', 'CMH corrected', 'verdict uses', 'common odds ratio (95% CI)', 'Breslow–Day', 'Tarone'];

function acrossStagesTable(result: AuditResult): StatisticsTable | null {
  const rows = result.disparity.cmh;
  if (rows.length === 0) return null;
  return {
    title: 'Pooled across stages (Cochran–Mantel–Haenszel)',
    note: `Each group against the reference with the stages as strata: CMH without and with continuity correction (the verdict uses the one ${cmhUsed(result.policy.conventions)}), the Mantel–Haenszel common odds ratio with the Robins–Breslow–Greenland interval, and Breslow–Day for homogeneity (Tarone-adjusted beside it).`,
    header: ['tool', 'comparison', ...STRATIFIED_HEADER],
    rows: rows.map((r) => [r.tool ?? '–', vs({ [r.attribute]: r.group }, { [r.attribute]: r.reference }), ...stratifiedCells(r)]),
  };
}

function acrossStrataTable(result: AuditResult): StatisticsTable | null {
  const rows = result.disparity.stratified ?? [];
  if (rows.length === 0) return null;
  return {
    title: 'Within strata (Cochran–Mantel–Haenszel across the policy\'s strata)',
    note: `At each stage, each group against the reference with the values of a stratum column as strata, beside the pooled comparison. Simpson's paradox: the pooled impact ratio and the common odds ratio on opposite sides of 1 with one of them significant. The verdict uses the CMH ${cmhUsed(result.policy.conventions)}.`,
    header: ['stage', 'stratum column', 'comparison', ...STRATIFIED_HEADER, 'pooled impact ratio', 'pooled odds ratio (95% CI)', 'pooled Fisher p', "Simpson's paradox", 'without a stratum'],
    rows: rows.map((r) => [
      stageText(r.tool, r.stage),
      r.stratum_column,
      vs({ [r.attribute]: r.group }, { [r.attribute]: r.reference }),
      ...stratifiedCells(r),
      fix(r.pooled.impact_ratio),
      orText(r.pooled.odds_ratio, r.pooled.odds_ratio_ci),
      pv(r.pooled.fisher_p),
      r.simpson_paradox === null ? '–' : r.simpson_paradox ? 'yes' : 'no',
      String(r.without_stratum),
    ]),
  };
}

function strataTermsTable(result: AuditResult): StatisticsTable | null {
  const all: { where: string; comparison: string; r: Stratified }[] = [
    ...result.disparity.cmh.map((r) => ({ where: `${r.tool ? `${r.tool}, ` : ''}across stages`, comparison: vs({ [r.attribute]: r.group }, { [r.attribute]: r.reference }), r })),
    ...(result.disparity.stratified ?? []).map((r) => ({ where: `${stageText(r.tool, r.stage)}, by ${r.stratum_column}`, comparison: vs({ [r.attribute]: r.group }, { [r.attribute]: r.reference }), r })),
  ];
  const rows = all.flatMap(({ where, comparison, r }) =>
    (r.tables ?? []).map((t) => [
      where,
      comparison,
      t.stratum,
      `${t.selected} / ${t.n}`,
      `${t.reference_selected} / ${t.reference_n}`,
      orText(t.odds_ratio, t.odds_ratio_ci, t.odds_ratio_method),
      fix(t.breslow_day_expected, 2),
      fix(t.breslow_day_contribution, 3),
    ]),
  );
  if (rows.length === 0) return null;
  return {
    title: 'Per stratum: odds ratios and Breslow–Day terms',
    note: "Each stratum's selections of the group and of the reference, its own odds ratio, the count expected under the common odds ratio (A_k) and its share of the Breslow–Day statistic (which strata differ).",
    header: ['analysis', 'comparison', 'stratum', 'group selected / n', 'reference selected / n', 'odds ratio (95% CI)', 'expected A_k', 'Breslow–Day term'],
    rows,
  };
}

function stratumRowsTable(result: AuditResult, w: Words): StatisticsTable | null {
  const rows = (result.disparity.stratum_rows ?? []).filter((r) => r.attributes.length === 1);
  if (rows.length === 0) return null;
  return {
    title: 'Selection rates within each stratum',
    note: 'The rows of a stage computed on the candidates of one stratum (policy strataRows), judged as the stage rows and Holm-adjusted with them; intersectional rows are in the JSON result.',
    header: ['stage', 'stratum', 'group', 'n', 'selected', 'rate', 'impact ratio', 'Fisher p', 'Holm p', 'chi-square (Pearson)', 'chi-square (Yates)', 'odds ratio (95% CI)', 'BF10', 'verdict'],
    rows: rows.map((r) => [
      stageText(r.tool, r.stage),
      groupText(r.stratum),
      groupText(r.groups) + (r.is_reference ? ' (reference)' : ''),
      String(r.n),
      String(r.selected),
      pct(r.rate),
      r.impact_ratio === null ? (r.excluded_from_ir ?? '–') : fix(r.impact_ratio),
      pv(r.fisher_p),
      pv(r.holm_p),
      chi(r.chi2_pearson),
      chi(r.chi2_yates),
      orText(r.odds_ratio, r.odds_ratio_ci, r.odds_ratio_method),
      bf(r.bayes_factor_10, r.log_bayes_factor_10),
      w.status(r.verdict),
    ]),
  };
}

function errorRateTables(result: AuditResult, w: Words): StatisticsTable[] {
  const e = result.error_rates;
  if (!e) return [];
  return [
    {
      title: 'Error rates: who carries a criterion',
      note: e.conventions,
      header: ['stage', 'candidates', 'with a 0/1 criterion', 'selected with one / selected', 'rejected with one / rejected', 'qualified', 'unqualified', 'rates defined'],
      rows: e.coverage.map((c) => [
        stageText(c.tool, c.stage),
        String(c.n),
        String(c.with_criterion),
        `${c.selected_with_criterion} / ${c.selected}`,
        `${c.rejected_with_criterion} / ${c.rejected}`,
        String(c.qualified),
        String(c.unqualified),
        c.defined.join(', ') || 'none',
      ]),
    },
    {
      title: 'Error rates by group',
      note: 'tpr: selected among the qualified; fnr = 1 - tpr; fpr: selected among the unqualified; precision: qualified among the selected. Wilson 95% intervals; ratio and difference against the reference group of the same rate.',
      header: ['stage', 'group', 'rate', 'x / n', 'value (95% CI)', 'reference', 'ratio', 'difference', 'Fisher p', 'Holm p', 'chi-square (Pearson)', 'chi-square (Yates)', 'odds ratio (95% CI)', 'BF10', 'verdict'],
      rows: e.rows
        .filter((r) => r.attributes.length === 1)
        .map((r) => [
          stageText(r.tool, r.stage),
          groupText(r.groups) + (r.is_reference ? ' (reference)' : ''),
          r.rate,
          `${r.x} / ${r.n}`,
          `${pct(r.value)} (${ci(r.ci, (x) => pct(x))})`,
          groupText(r.reference),
          fix(r.ratio),
          fix(r.difference),
          pv(r.fisher_p),
          pv(r.holm_p),
          chi(r.chi2_pearson),
          chi(r.chi2_yates),
          orText(r.odds_ratio, r.odds_ratio_ci, r.odds_ratio_method),
          bf(r.bayes_factor_10, r.log_bayes_factor_10),
          r.excluded ?? w.status(r.verdict),
        ]),
    },
    {
      title: 'Equal opportunity and equalized odds between groups',
      note: 'As fairlearn defines them (between_groups): difference = largest minus smallest rate, ratio = smallest over largest, over the known groups; equalized odds takes the larger difference and the smaller ratio.',
      header: ['stage', 'attributes', 'tpr difference', 'tpr ratio', 'fpr difference', 'fpr ratio', 'equalized-odds difference', 'equalized-odds ratio'],
      rows: e.equalized_odds.map((x) => [stageText(x.tool, x.stage), x.attributes.join(' × '), fix(x.tpr_difference), fix(x.tpr_ratio), fix(x.fpr_difference), fix(x.fpr_ratio), fix(x.difference), fix(x.ratio)]),
    },
  ];
}

/** Every table the result has data for, in report order. */
export function statisticsTables(result: AuditResult, w: Words = wordsFor(result)): StatisticsTable[] {
  return [
    comparisonsTable(result),
    scoringTable(result, w),
    cutScoreTable(result),
    acrossStagesTable(result),
    acrossStrataTable(result),
    strataTermsTable(result),
    stratumRowsTable(result, w),
    ...errorRateTables(result, w),
  ].filter((t): t is StatisticsTable => t !== null);
}
