import { UNKNOWN_GROUP } from '../../contract/dataset.js';
import type { Policy } from '../../contract/policy.js';
import type { ErrorRatesSection } from '../../contract/sections/error-rates.js';
import { type ConfusionCounts, equalizedOdds, type ErrorRates, errorRates, fisherExact2x2, holmAdjust, rateTable2x2 } from '../../stats/index.js';
import type { FamilyContext } from '../family.js';
import { chooseReference, groupings, posthocPairPValues, type StageCells, stagesInOrder, totalN } from '../group-frame.js';
import { chosenChiSquare, NO_TWO_BY_TWO, twoByTwoStats } from '../two-by-two.js';
import type { ErrorRateAggregates, ErrorRateCell } from './scan.js';

type Row = ErrorRatesSection['rows'][number];
type RateName = Row['rate'];
type Coverage = ErrorRatesSection['coverage'][number];

/** The rates compared with a reference and judged by the rules (equalized odds); fnr mirrors tpr, precision is reported. */
export const JUDGED_RATES: readonly RateName[] = ['tpr', 'fpr'];
const RATES: readonly RateName[] = ['tpr', 'fnr', 'fpr', 'precision'];

/** Why a group is not compared, as a code the rules word (as disparity's excluded_from_ir). */
export type ErrorRateExclusion = 'unknown_category' | 'small_group' | 'no_candidates';

/**
 * The measured section: verdict fields unset (`not_assessed`, empty rule), `excluded` holding an
 * ErrorRateExclusion code, `conventions` empty; the rules fill them.
 */
export type MeasuredErrorRates = ErrorRatesSection;

interface Group {
  key: Record<string, string>;
  label: string;
  unknown: boolean;
  n: number;
  counts: ConfusionCounts;
  rates: ErrorRates;
}

/** Sums a stage's cells into the groups of one grouping, in label order. */
function groupsOf(cells: readonly ErrorRateCell[], attributes: readonly string[], set: readonly number[]): Group[] {
  const sums = new Map<string, { key: Record<string, string>; unknown: boolean; n: number; tp: number; fp: number; fn: number; tn: number }>();
  for (const c of cells) {
    const values = set.map((i) => c.values[i]!);
    const label = values.join(' × ');
    const g = sums.get(label) ?? { key: Object.fromEntries(set.map((i, k) => [attributes[i]!, values[k]!])), unknown: values.includes(UNKNOWN_GROUP), n: 0, tp: 0, fp: 0, fn: 0, tn: 0 };
    g.n += c.n;
    g.tp += c.tp;
    g.fp += c.fp;
    g.fn += c.fn;
    g.tn += c.tn;
    sums.set(label, g);
  }
  return [...sums.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([label, g]) => {
      const counts = { tp: g.tp, fp: g.fp, fn: g.fn, tn: g.tn };
      return { key: g.key, label, unknown: g.unknown, n: g.n, counts, rates: errorRates(counts) };
    });
}

/** Which rates a stage can measure: tpr, fnr and fpr only when rejected candidates carry a criterion. */
function definedRates(c: Omit<Coverage, 'defined'>): RateName[] {
  const out: RateName[] = [];
  if (c.rejected_with_criterion > 0 && c.qualified > 0) out.push('tpr', 'fnr');
  if (c.rejected_with_criterion > 0 && c.unqualified > 0) out.push('fpr');
  if (c.selected_with_criterion > 0) out.push('precision');
  return out;
}

function coverageOf(s: StageCells<ErrorRateCell>): Coverage {
  const sum = (f: (c: ErrorRateCell) => number) => s.cells.reduce((a, c) => a + f(c), 0);
  const n = sum((c) => c.n);
  const [tp, fp, fn, tn] = [sum((c) => c.tp), sum((c) => c.fp), sum((c) => c.fn), sum((c) => c.tn)];
  const selected = sum((c) => c.selected);
  const base = {
    tool: s.tool,
    stage: s.stage,
    n,
    with_criterion: tp + fp + fn + tn,
    selected,
    selected_with_criterion: tp + fp,
    rejected: n - selected,
    rejected_with_criterion: fn + tn,
    qualified: tp + fn,
    unqualified: fp + tn,
  };
  return { ...base, defined: RATES.filter((r) => definedRates(base).includes(r)) };
}

/** The comparisons of one rate in one grouping: who is compared, the reference, the post-hoc pairs. */
function rateFrame(groups: readonly Group[], rate: RateName, policy: Policy) {
  const knownTotal = groups.filter((g) => !g.unknown).reduce((a, g) => a + g.rates[rate].n, 0);
  const exclusion = (g: Group): ErrorRateExclusion | null => {
    if (g.unknown) return 'unknown_category';
    if (g.rates[rate].n === 0) return 'no_candidates';
    if (policy.excludeSmallGroups && knownTotal > 0 && g.rates[rate].n / knownTotal < policy.thresholds.smallGroupShare) return 'small_group';
    return null;
  };
  const compared = groups.filter((g) => exclusion(g) === null);
  const ref = chooseReference(compared, (g) => g.rates[rate].value, (g) => g.rates[rate].n, policy);
  return { exclusion, compared, ref };
}

/**
 * Error-rate parity (issue 16 item 7): per stage the criterion coverage, per grouping the groups'
 * confusion tables, and per group and rate defined at the stage the rate with its Wilson interval,
 * compared with the reference group (ratio, difference, Fisher, chi-square both ways, odds ratio,
 * Bayes factor), plus fairlearn's between-groups equal opportunity and equalized odds. Holm runs
 * over the judged comparisons (tpr and fpr) and their post-hoc pairs. Null when the criterion is
 * not binary (any value other than 0 and 1) or no candidate has one. Verdicts are the rules'.
 */
export function finalizeErrorRates(agg: ErrorRateAggregates, ctx: FamilyContext): MeasuredErrorRates | null {
  const { policy } = ctx;
  const attributes = ctx.dataset.protectedAttributes;
  if (agg.nonBinary > 0 || attributes.length === 0) return null;
  const stages = stagesInOrder(agg.cells, policy, totalN);
  const coverage = stages.map(coverageOf);
  if (coverage.every((c) => c.with_criterion === 0)) return null;

  const section: MeasuredErrorRates = { conventions: '', coverage, groups: [], rows: [], equalized_odds: [] };
  const judged: Row[] = [];
  const posthoc: number[] = [];
  stages.forEach((s, si) => {
    const defined = coverage[si]!.defined;
    for (const set of groupings(attributes, policy.intersectional)) {
      const names = set.map((i) => attributes[i]!);
      const groups = groupsOf(s.cells, attributes, set);
      for (const g of groups) section.groups.push({ tool: s.tool, stage: s.stage, attributes: names, groups: g.key, n: g.n, with_criterion: g.rates.selectionRate.n, ...g.counts });
      const frames = new Map(RATES.map((r) => [r, rateFrame(groups, r, policy)]));
      for (const rate of RATES.filter((r) => defined.includes(r))) {
        const { exclusion } = frames.get(rate)!;
        // fnr = 1 - tpr (same candidates) is compared with the tpr reference: the two rows of a group tell one story.
        const ref = frames.get(rate === 'fnr' ? 'tpr' : rate)!.ref;
        for (const g of groups) {
          const row = rateRow(s.tool, s.stage, names, g, rate, ref, exclusion(g), policy);
          section.rows.push(row);
          if (JUDGED_RATES.includes(rate) && row.fisher_p !== null) judged.push(row);
        }
        if (JUDGED_RATES.includes(rate)) {
          const { compared } = frames.get(rate)!;
          for (const p of posthocPairPValues(compared, ref, policy, (g) => ({ x: g.rates[rate].x, n: g.rates[rate].n }))) posthoc.push(p);
        }
      }
      const known = groups.filter((g) => !g.unknown);
      const eo = equalizedOdds(known.map((g) => restrictTo(g.rates, defined)));
      section.equalized_odds.push({
        tool: s.tool,
        stage: s.stage,
        attributes: names,
        tpr_difference: eo.tpr.difference,
        tpr_ratio: eo.tpr.ratio,
        fpr_difference: eo.fpr.difference,
        fpr_ratio: eo.fpr.ratio,
        difference: eo.difference,
        ratio: eo.ratio,
      });
    }
  });
  const adjusted = holmAdjust([...judged.map((r) => r.fisher_p!), ...posthoc]);
  judged.forEach((r, i) => (r.holm_p = adjusted[i] ?? null));
  return section;
}

/** A group's rates with those the stage cannot measure made undefined (e.g. tpr = 1 when no rejected candidate has a criterion). */
function restrictTo(rates: ErrorRates, defined: readonly RateName[]): ErrorRates {
  const none = (r: ErrorRates['tpr']) => ({ ...r, value: null, lower: null, upper: null });
  return {
    ...rates,
    tpr: defined.includes('tpr') ? rates.tpr : none(rates.tpr),
    fnr: defined.includes('fnr') ? rates.fnr : none(rates.fnr),
    fpr: defined.includes('fpr') ? rates.fpr : none(rates.fpr),
    precision: defined.includes('precision') ? rates.precision : none(rates.precision),
  };
}

function rateRow(tool: string | null, stage: string, attributes: string[], g: Group, rate: RateName, ref: Group | null, exclusion: ErrorRateExclusion | null, policy: Policy): Row {
  const est = g.rates[rate];
  const row: Row = {
    tool,
    stage,
    attributes,
    groups: g.key,
    rate,
    x: est.x,
    n: est.n,
    value: est.value,
    ci: est.lower === null || est.upper === null ? null : [est.lower, est.upper],
    reference: ref?.key ?? null,
    is_reference: g === ref,
    ratio: g === ref ? 1 : null,
    difference: g === ref ? 0 : null,
    fisher_p: null,
    chi2_p: null,
    ...NO_TWO_BY_TWO,
    holm_p: null,
    excluded: exclusion,
    verdict: 'not_assessed',
    verdict_rule: '',
  };
  if (ref === null || g === ref || exclusion !== null) return row;
  const r = ref.rates[rate];
  if (est.value !== null && r.value !== null) {
    row.ratio = r.value === 0 ? null : est.value / r.value;
    row.difference = est.value - r.value;
  }
  const table = rateTable2x2(g.counts, ref.counts, rate);
  row.fisher_p = fisherExact2x2(...table);
  const tests = twoByTwoStats(table, policy.conventions);
  Object.assign(row, tests);
  row.chi2_p = chosenChiSquare(tests, policy.conventions)?.p ?? null;
  return row;
}
