import type { AuditResult } from '../audit/contract/audit-result.js';
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

/** The cell formatters of one report language. */
function cells(w: Words) {
  const { fix, pct, pv } = w;
  const sci = (x: number) => (w.lang === 'en' ? x.toExponential(2) : x.toExponential(2).replace('.', ','));
  return {
    fix,
    pct,
    pv,
    ci: w.ci,
    groupText: w.groupText,
    stageText: w.stageText,
    count: w.count,
    chi: (t: ChiSquare) => (t ? `${fix(t.statistic, 3)} (p ${pv(t.p)})` : '–'),
    orText: (or: number | null | undefined, interval: readonly [number, number] | null | undefined, method?: 'woolf' | 'woolf_haldane' | 'conditional_exact' | null) =>
      or === null || or === undefined ? '–' : `${fix(or, 3)} (${w.ci(interval ?? null, (x) => fix(x, 3))})${method ? ` ${w.t(`stats.method.${method}`)}` : ''}`,
    bf: (x: number | null | undefined, log: number | null | undefined) =>
      x !== null && x !== undefined ? (x >= 1e4 || x < 1e-3 ? sci(x) : fix(x, 3)) : log !== null && log !== undefined ? `e^${fix(log, 1)}` : '–',
    vs: (groups: Record<string, string>, reference: Record<string, string> | null) => w.t('subject.versus', { who: w.groupText(groups), reference: w.groupText(reference) }),
    cmhUsed: (c: Conventions) => w.t(c.cmh === 'corrected' ? 'stats.cmh.corrected' : 'stats.cmh.uncorrected'),
    reference: (isReference: boolean) => (isReference ? ` ${w.t('label.reference')}` : ''),
  };
}

function comparisonsTable(result: AuditResult, w: Words): StatisticsTable | null {
  const rows = result.disparity.rows.filter((r) => r.fisher_p !== null && r.attributes.length === 1);
  if (rows.length === 0 || rows.every((r) => r.chi2_pearson === undefined)) return null;
  const c = result.policy.conventions;
  const { t } = w;
  const { stageText, vs, pv, chi, orText, bf } = cells(w);
  return {
    title: t('stats.comparisons.title'),
    note: t('stats.comparisons.note', { chi: c.chiSquare === 'pearson' ? 'Pearson' : 'Yates', or: t(c.oddsRatio === 'woolf' ? 'stats.or.woolf' : 'stats.or.conditional') }),
    header: [t('col.stage'), t('stats.col.comparison'), 'Fisher p', t('stats.col.chiPearson'), t('stats.col.chiYates'), t('stats.col.or'), 'BF10'],
    rows: rows.map((r) => [stageText(r.tool, r.stage), vs(r.groups, r.reference), pv(r.fisher_p), chi(r.chi2_pearson), chi(r.chi2_yates), orText(r.odds_ratio, r.odds_ratio_ci, r.odds_ratio_method), bf(r.bayes_factor_10, r.log_bayes_factor_10)]),
  };
}

function scoringTable(result: AuditResult, w: Words): StatisticsTable | null {
  const rows = result.disparity.scoring.filter((r) => r.attributes.length === 1);
  if (rows.length === 0) return null;
  const atOrAbove = result.policy.conventions.scoringRate === 'at_or_above_median';
  const { t } = w;
  const { stageText, groupText, reference, count, pct, fix, pv, orText, bf } = cells(w);
  return {
    title: t('stats.scoring.title'),
    note: t('stats.scoring.note', { rule: t(atOrAbove ? 'stats.scoring.atOrAbove' : 'stats.scoring.above') }),
    header: [t('col.stage'), t('col.group'), 'n', t('stats.col.aboveMedian'), t('stats.col.atMedian'), t('stats.col.scoringRate'), t('col.impactRatio'), 'Fisher p', t('stats.col.or'), 'BF10', t('stats.col.mean'), t('stats.col.median'), 'SD', t('col.verdict')],
    rows: rows.map((r) => [
      stageText(r.tool, r.stage),
      groupText(r.groups) + reference(r.is_reference),
      count(r.n),
      count(r.above_median),
      r.at_median === undefined ? '–' : count(r.at_median),
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

function cutScoreTable(result: AuditResult, w: Words): StatisticsTable | null {
  const points = result.disparity.cut_score_points ?? [];
  if (points.length === 0) return null;
  const { t } = w;
  const { stageText, groupText, count, pct, fix } = cells(w);
  const cutText = (x: number) => (w.lang === 'en' ? String(x) : String(x).replace('.', ','));
  return {
    title: t('stats.cuts.title'),
    note: t('stats.cuts.note'),
    header: [t('col.stage'), t('stats.col.attributes'), t('stats.col.cut'), t('col.group'), 'n', t('stats.col.atOrAbove'), t('stats.col.rate'), t('col.impactRatio')],
    rows: points.flatMap((p) =>
      p.cuts.flatMap((cut, k) =>
        p.groups.map((g) => [stageText(p.tool, p.stage), p.attributes.join(' × '), cutText(cut), groupText(g.groups), count(g.n), count(g.at_or_above[k] ?? 0), pct(g.rates[k] ?? null), fix(g.impact_ratios[k] ?? null)]),
      ),
    ),
  };
}

/** The CMH, common odds ratio and Breslow-Day cells of a stratified row. */
function stratifiedCells(r: Stratified, w: Words): string[] {
  const { count, chi, orText, fix, pv } = cells(w);
  const bd = r.breslow_day;
  return [
    count(r.strata.length),
    chi(r.uncorrected),
    chi(r.corrected),
    w.t((r.correction ?? 'corrected') === 'corrected' ? 'stats.corrected' : 'stats.uncorrected'),
    orText(r.odds_ratio, r.odds_ratio_ci),
    bd ? w.t('stats.breslowDay', { statistic: fix(bd.statistic, 3), df: count(bd.df), p: pv(bd.p) }) : r.breslow_day_p === null ? '–' : `p ${pv(r.breslow_day_p)}`,
    bd ? `${fix(bd.tarone_statistic, 3)} (p ${pv(bd.tarone_p)})` : '–',
  ];
}

const stratifiedHeader = (w: Words) => [w.t('stats.col.strata'), w.t('stats.col.cmhUncorrected'), w.t('stats.col.cmhCorrected'), w.t('stats.col.verdictUses'), w.t('stats.col.commonOr'), 'Breslow–Day', 'Tarone'];

function acrossStagesTable(result: AuditResult, w: Words): StatisticsTable | null {
  const rows = result.disparity.cmh;
  if (rows.length === 0) return null;
  const { vs, cmhUsed } = cells(w);
  return {
    title: w.t('stats.stages.title'),
    note: w.t('stats.stages.note', { used: cmhUsed(result.policy.conventions) }),
    header: ['tool', w.t('stats.col.comparison'), ...stratifiedHeader(w)],
    rows: rows.map((r) => [r.tool ?? '–', vs({ [r.attribute]: r.group }, { [r.attribute]: r.reference }), ...stratifiedCells(r, w)]),
  };
}

function acrossStrataTable(result: AuditResult, w: Words): StatisticsTable | null {
  const rows = result.disparity.stratified ?? [];
  if (rows.length === 0) return null;
  const { t } = w;
  const { stageText, vs, cmhUsed, fix, orText, pv, count } = cells(w);
  return {
    title: t('stats.strata.title'),
    note: t('stats.strata.note', { used: cmhUsed(result.policy.conventions) }),
    header: [t('col.stage'), t('stats.col.stratumColumn'), t('stats.col.comparison'), ...stratifiedHeader(w), t('stats.col.pooledIr'), t('stats.col.pooledOr'), t('stats.col.pooledFisher'), t('stats.col.simpson'), t('stats.col.withoutStratum')],
    rows: rows.map((r) => [
      stageText(r.tool, r.stage),
      r.stratum_column,
      vs({ [r.attribute]: r.group }, { [r.attribute]: r.reference }),
      ...stratifiedCells(r, w),
      fix(r.pooled.impact_ratio),
      orText(r.pooled.odds_ratio, r.pooled.odds_ratio_ci),
      pv(r.pooled.fisher_p),
      r.simpson_paradox === null ? '–' : t(r.simpson_paradox ? 'evidence.yes' : 'evidence.no'),
      count(r.without_stratum),
    ]),
  };
}

function strataTermsTable(result: AuditResult, w: Words): StatisticsTable | null {
  const { t } = w;
  const { stageText, vs, orText, fix, count } = cells(w);
  const all: { where: string; comparison: string; r: Stratified }[] = [
    ...result.disparity.cmh.map((r) => ({ where: r.tool ? t('stats.terms.acrossStagesOf', { tool: r.tool }) : t('stats.terms.acrossStages'), comparison: vs({ [r.attribute]: r.group }, { [r.attribute]: r.reference }), r })),
    ...(result.disparity.stratified ?? []).map((r) => ({ where: t('stats.terms.by', { stage: stageText(r.tool, r.stage), column: r.stratum_column }), comparison: vs({ [r.attribute]: r.group }, { [r.attribute]: r.reference }), r })),
  ];
  const rows = all.flatMap(({ where, comparison, r }) =>
    (r.tables ?? []).map((x) => [
      where,
      comparison,
      x.stratum,
      `${count(x.selected)} / ${count(x.n)}`,
      `${count(x.reference_selected)} / ${count(x.reference_n)}`,
      orText(x.odds_ratio, x.odds_ratio_ci, x.odds_ratio_method),
      fix(x.breslow_day_expected, 2),
      fix(x.breslow_day_contribution, 3),
    ]),
  );
  if (rows.length === 0) return null;
  return {
    title: t('stats.terms.title'),
    note: t('stats.terms.note'),
    header: [t('stats.col.analysis'), t('stats.col.comparison'), t('stats.col.stratum'), t('stats.col.groupSelected'), t('stats.col.referenceSelected'), t('stats.col.or'), t('stats.col.expected'), t('stats.col.bdTerm')],
    rows,
  };
}

function stratumRowsTable(result: AuditResult, w: Words): StatisticsTable | null {
  const rows = (result.disparity.stratum_rows ?? []).filter((r) => r.attributes.length === 1);
  if (rows.length === 0) return null;
  const { t } = w;
  const { stageText, groupText, reference, count, pct, fix, pv, chi, orText, bf } = cells(w);
  return {
    title: t('stats.rows.title'),
    note: t('stats.rows.note'),
    header: [t('col.stage'), t('stats.col.stratum'), t('col.group'), 'n', t('col.selected'), t('stats.col.rate'), t('col.impactRatio'), 'Fisher p', 'Holm p', t('stats.col.chiPearson'), t('stats.col.chiYates'), t('stats.col.or'), 'BF10', t('col.verdict')],
    rows: rows.map((r) => [
      stageText(r.tool, r.stage),
      groupText(r.stratum),
      groupText(r.groups) + reference(r.is_reference),
      count(r.n),
      count(r.selected),
      pct(r.rate),
      r.impact_ratio === null ? w.exclusion(r.excluded_from_ir) : fix(r.impact_ratio),
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
  const { t } = w;
  const { stageText, groupText, reference, count, pct, fix, pv, chi, orText, bf, ci } = cells(w);
  return [
    {
      title: t('stats.err.coverage.title'),
      note: w.lang === 'en' ? e.conventions : t('stats.err.conventions'),
      header: [t('col.stage'), t('html.col.candidates'), t('stats.col.withCriterion'), t('stats.col.selectedWith'), t('stats.col.rejectedWith'), t('stats.col.qualified'), t('stats.col.unqualified'), t('stats.col.defined')],
      rows: e.coverage.map((c) => [
        stageText(c.tool, c.stage),
        count(c.n),
        count(c.with_criterion),
        `${count(c.selected_with_criterion)} / ${count(c.selected)}`,
        `${count(c.rejected_with_criterion)} / ${count(c.rejected)}`,
        count(c.qualified),
        count(c.unqualified),
        c.defined.join(', ') || t('label.none'),
      ]),
    },
    {
      title: t('stats.err.groups.title'),
      note: t('stats.err.groups.note'),
      header: [t('col.stage'), t('col.group'), t('stats.col.rate'), 'x / n', t('stats.col.value'), t('chart.tip.reference'), t('stats.col.ratio'), t('stats.col.difference'), 'Fisher p', 'Holm p', t('stats.col.chiPearson'), t('stats.col.chiYates'), t('stats.col.or'), 'BF10', t('col.verdict')],
      rows: e.rows
        .filter((r) => r.attributes.length === 1)
        .map((r) => [
          stageText(r.tool, r.stage),
          groupText(r.groups) + reference(r.is_reference),
          r.rate,
          `${count(r.x)} / ${count(r.n)}`,
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
          r.excluded === null ? w.status(r.verdict) : w.exclusion(r.excluded),
        ]),
    },
    {
      title: t('stats.err.odds.title'),
      note: t('stats.err.odds.note'),
      header: [t('col.stage'), t('stats.col.attributes'), t('stats.col.tprDifference'), t('stats.col.tprRatio'), t('stats.col.fprDifference'), t('stats.col.fprRatio'), t('stats.col.eoDifference'), t('stats.col.eoRatio')],
      rows: e.equalized_odds.map((x) => [stageText(x.tool, x.stage), x.attributes.join(' × '), fix(x.tpr_difference), fix(x.tpr_ratio), fix(x.fpr_difference), fix(x.fpr_ratio), fix(x.difference), fix(x.ratio)]),
    },
  ];
}

/** Every table the result has data for, in report order. */
export function statisticsTables(result: AuditResult, w: Words = wordsFor(result)): StatisticsTable[] {
  return [
    comparisonsTable(result, w),
    scoringTable(result, w),
    cutScoreTable(result, w),
    acrossStagesTable(result, w),
    acrossStrataTable(result, w),
    strataTermsTable(result, w),
    stratumRowsTable(result, w),
    ...errorRateTables(result, w),
  ].filter((t): t is StatisticsTable => t !== null);
}
