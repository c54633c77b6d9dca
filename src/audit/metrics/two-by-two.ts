import type { Policy } from '../contract/policy.js';
import {
  bayesFactorContingency2x2,
  chiSquare2x2Both,
  conditionalOddsRatio,
  fisherExact2x2,
  impactRatioInterval,
  mantelHaenszelAnalysis,
  oddsRatioWoolf,
  type Table2x2,
} from '../stats/index.js';

/*
 * The numbers every focal-vs-reference 2x2 comparison reports, whichever family makes it
 * (selection and scoring rates in disparity, true- and false-positive rates in error_rates), and
 * the Cochran-Mantel-Haenszel analysis of stratified tables (across stages, across strata).
 * Numbers only: which of them a verdict reads is the rules' business, guided by the policy's
 * `conventions`. Beside group-frame.ts, shared by the families; no family imports another.
 */

type Conventions = Policy['conventions'];

export interface ChiSquareTest {
  statistic: number;
  p: number;
}

export type OddsRatioMethod = 'woolf' | 'woolf_haldane' | 'conditional_exact';

/** The fields of contract/sections/two-by-two.ts TWO_BY_TWO_FIELDS, as measured. */
export interface TwoByTwoStats {
  chi2_pearson: ChiSquareTest | null;
  chi2_yates: ChiSquareTest | null;
  odds_ratio: number | null;
  odds_ratio_ci: [number, number] | null;
  odds_ratio_method: OddsRatioMethod | null;
  bayes_factor_10: number | null;
  log_bayes_factor_10: number | null;
}

/** A comparison that was not made (a reference row, an excluded group): every statistic null. */
export const NO_TWO_BY_TWO: Readonly<TwoByTwoStats> = Object.freeze({
  chi2_pearson: null,
  chi2_yates: null,
  odds_ratio: null,
  odds_ratio_ci: null,
  odds_ratio_method: null,
  bayes_factor_10: null,
  log_bayes_factor_10: null,
});

const finite = (x: number) => (Number.isFinite(x) ? x : null);
const finiteInterval = (lo: number, hi: number): [number, number] | null => (Number.isFinite(lo) && Number.isFinite(hi) ? [lo, hi] : null);

/**
 * The odds ratio of [a, b, c, d] (group selected, not, reference selected, not) by the policy's
 * convention: Woolf's sample odds ratio and log interval (Haldane's 0.5 only when a cell is 0), or
 * the conditional MLE with the exact interval (R fisher.test). Undefined values (0/0, an
 * unbounded bound) are null.
 */
function oddsRatioOf([a, b, c, d]: Table2x2, convention: Conventions['oddsRatio']): Pick<TwoByTwoStats, 'odds_ratio' | 'odds_ratio_ci' | 'odds_ratio_method'> {
  if (convention === 'conditional') {
    const r = conditionalOddsRatio(a, b, c, d);
    return { odds_ratio: finite(r.estimate), odds_ratio_ci: finiteInterval(r.lower, r.upper), odds_ratio_method: 'conditional_exact' };
  }
  const r = oddsRatioWoolf(a, b, c, d);
  return { odds_ratio: finite(r.estimate), odds_ratio_ci: finiteInterval(r.lower, r.upper), odds_ratio_method: r.haldane ? 'woolf_haldane' : 'woolf' };
}

/** Chi-square both ways, the odds ratio and the Bayes factor of one comparison's table. */
export function twoByTwoStats(table: Table2x2, conventions: Conventions): TwoByTwoStats {
  const [a, b, c, d] = table;
  const chi = chiSquare2x2Both(a, b, c, d);
  const bf = bayesFactorContingency2x2(a, b, c, d);
  return {
    chi2_pearson: { ...chi.pearson },
    chi2_yates: { ...chi.yates },
    ...oddsRatioOf(table, conventions.oddsRatio),
    bayes_factor_10: finite(bf.bf10),
    log_bayes_factor_10: finite(bf.logBf10),
  };
}

/** The chi-square p the policy reports in `chi2_p` (conventions.chiSquare). */
export const chosenChiSquare = (s: Pick<TwoByTwoStats, 'chi2_pearson' | 'chi2_yates'>, conventions: Conventions): ChiSquareTest | null =>
  conventions.chiSquare === 'yates' ? s.chi2_yates : s.chi2_pearson;

/** One stratum of a stratified comparison: the group's and the reference's counts. */
export interface StratumCounts {
  stratum: string;
  n: number;
  selected: number;
  referenceN: number;
  referenceSelected: number;
}

/** The contract's StratumTable, as measured. */
export interface StratumTable {
  stratum: string;
  n: number;
  selected: number;
  reference_n: number;
  reference_selected: number;
  odds_ratio: number | null;
  odds_ratio_ci: [number, number] | null;
  odds_ratio_method: OddsRatioMethod | null;
  breslow_day_expected: number | null;
  breslow_day_contribution: number | null;
}

/** A Cochran-Mantel-Haenszel analysis as the contract's CMH and stratified rows carry it. */
export interface StratifiedStats {
  strata: string[];
  statistic: number;
  p: number;
  odds_ratio: number | null;
  odds_ratio_ci: [number, number] | null;
  breslow_day_p: number | null;
  correction: Conventions['cmh'];
  uncorrected: ChiSquareTest;
  corrected: ChiSquareTest;
  breslow_day: { statistic: number; df: number; p: number; tarone_statistic: number; tarone_p: number } | null;
  tables: StratumTable[];
}

const tableOf = (s: StratumCounts): Table2x2 => [s.selected, s.n - s.selected, s.referenceSelected, s.referenceN - s.referenceSelected];

/**
 * Cochran-Mantel-Haenszel analysis of the strata (each with candidates in both groups), or null
 * with fewer than two: both CMH statistics, `statistic`/`p` the one conventions.cmh names, the
 * Mantel-Haenszel common odds ratio with its Robins-Breslow-Greenland interval, Breslow-Day with
 * Tarone's adjustment and each stratum's odds ratio and contribution. Every p comes from a survival
 * function. `breslow_day_p` keeps the convention of results before schema 1.4: 1 (no evidence of
 * heterogeneity) when fewer than two strata have all four margins positive, else null when the
 * common odds ratio is 0 or infinite.
 */
export function stratifiedStats(counts: readonly StratumCounts[], conventions: Conventions): StratifiedStats | null {
  const used = counts.filter((s) => s.n > 0 && s.referenceN > 0);
  if (used.length < 2) return null;
  const tables = used.map(tableOf);
  const mh = mantelHaenszelAnalysis(tables);
  const psi = mh.oddsRatio.estimate;
  const withMargins = tables.filter(([a, b, c, d]) => a + b > 0 && c + d > 0 && a + c > 0 && b + d > 0).length;
  const bd = mh.breslowDay;
  const terms = new Map((bd?.strata ?? []).map((s) => [s.index, s]));
  const chosen = conventions.cmh === 'uncorrected' ? mh.uncorrected : mh.corrected;
  return {
    strata: used.map((s) => s.stratum),
    statistic: chosen.statistic,
    p: chosen.p,
    odds_ratio: finite(psi),
    odds_ratio_ci: finiteInterval(mh.oddsRatio.lower, mh.oddsRatio.upper),
    breslow_day_p: bd ? bd.p : withMargins < 2 ? 1 : null,
    correction: conventions.cmh,
    uncorrected: { ...mh.uncorrected },
    corrected: { ...mh.corrected },
    breslow_day: bd ? { statistic: bd.statistic, df: bd.df, p: bd.p, tarone_statistic: bd.tarone.statistic, tarone_p: bd.tarone.p } : null,
    tables: used.map((s, k) => {
      const term = terms.get(k);
      return {
        stratum: s.stratum,
        n: s.n,
        selected: s.selected,
        reference_n: s.referenceN,
        reference_selected: s.referenceSelected,
        ...oddsRatioOf(tables[k]!, conventions.oddsRatio),
        breslow_day_expected: term?.expected ?? null,
        breslow_day_contribution: term?.contribution ?? null,
      };
    }),
  };
}

/** The pooled comparison of a group with the reference (contract PooledComparison), as measured. */
export function pooledComparison(g: { n: number; selected: number }, ref: { n: number; selected: number }, conventions: Conventions) {
  const table: Table2x2 = [g.selected, g.n - g.selected, ref.selected, ref.n - ref.selected];
  const ir = g.n > 0 && ref.n > 0 && ref.selected > 0 ? impactRatioInterval(g.selected, g.n, ref.selected, ref.n).ratio : null;
  return {
    n: g.n,
    selected: g.selected,
    reference_n: ref.n,
    reference_selected: ref.selected,
    impact_ratio: ir === null ? null : finite(ir),
    fisher_p: fisherExact2x2(...table),
    ...twoByTwoStats(table, conventions),
  };
}
