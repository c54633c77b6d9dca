import type { Table2x2 } from './cmh.js';
import { requireConfidence } from './stat-guards.js';
import { wilsonInterval } from './wilson.js';

/**
 * One group's confusion table: the tool's decision (selected) against a binary criterion
 * (1 = qualified: hired and successful, passed probation). Only candidates WITH a criterion belong
 * here; in hiring most rejected candidates have none, and the caller reports how many rows did.
 */
export interface ConfusionCounts {
  /** Selected, criterion 1. */
  readonly tp: number;
  /** Selected, criterion 0. */
  readonly fp: number;
  /** Rejected, criterion 1: a qualified candidate screened out. */
  readonly fn: number;
  /** Rejected, criterion 0. */
  readonly tn: number;
}

/** A proportion x / n with its Wilson interval; value and bounds are null when n = 0. */
export interface RateEstimate {
  readonly x: number;
  readonly n: number;
  readonly value: number | null;
  readonly lower: number | null;
  readonly upper: number | null;
}

const ERROR_RATE_NAMES = ['tpr', 'fnr', 'fpr', 'tnr', 'precision', 'selectionRate'] as const;
export type ErrorRateName = (typeof ERROR_RATE_NAMES)[number];

/** The error rates of one group, each over the candidates for whom it is defined. */
export interface ErrorRates extends Record<ErrorRateName, RateEstimate> {
  readonly counts: ConfusionCounts;
}

/** [x, n - x] of each rate, so the rate's 2x2 table against a reference is [x_g, n_g - x_g, x_r, n_r - x_r]. */
function rateCounts({ tp, fp, fn, tn }: ConfusionCounts): Record<ErrorRateName, [number, number]> {
  return {
    tpr: [tp, fn],
    fnr: [fn, tp],
    fpr: [fp, tn],
    tnr: [tn, fp],
    precision: [tp, fp],
    selectionRate: [tp + fp, fn + tn],
  };
}

/**
 * Error rates of one group from its confusion table (selected x binary criterion), each with a
 * Wilson interval, and each over the candidates for whom it is defined:
 *
 *   tpr = tp / (tp + fn)   qualified candidates who were selected (recall; equal opportunity)
 *   fnr = fn / (tp + fn)   qualified candidates who were rejected (1 - tpr)
 *   fpr = fp / (fp + tn)   unqualified candidates who were selected
 *   tnr = tn / (fp + tn)   unqualified candidates who were rejected (1 - fpr)
 *   precision = tp / (tp + fp)   selected candidates who turned out qualified (predictive parity)
 *   selectionRate = (tp + fp) / (tp + fp + fn + tn)   among candidates with a criterion only
 *
 * A rate whose denominator is 0 is null (undefined), never 0. These are the building blocks of
 * error-rate parity: equal opportunity compares tpr (or fnr), equalized odds compares tpr and fpr
 * (Hardt, Price & Srebro 2016); compare them with compareErrorRates (against a reference group)
 * or equalizedOdds (between all groups, as fairlearn). Applies only where a criterion exists for
 * both selected and rejected candidates (e.g. a pilot where everyone was followed up); when only
 * selected candidates have one, only precision is defined.
 * Sources: Hardt, Price & Srebro (2016) NeurIPS, "Equality of opportunity in supervised learning";
 * fairlearn.metrics (true_positive_rate, false_positive_rate, selection_rate); Wilson (1927).
 * @throws RangeError when a count is negative or not an integer, or confidence is not in (0, 1)
 * @example errorRates({ tp: 3, fp: 0, fn: 2, tn: 1 }).tpr.value // 0.6 (fairlearn MetricFrame docs, group b)
 */
export function errorRates(counts: ConfusionCounts, confidence = 0.95): ErrorRates {
  for (const key of ['tp', 'fp', 'fn', 'tn'] as const) {
    const value = counts[key];
    if (!(Number.isSafeInteger(value) && value >= 0)) {
      throw new RangeError(`errorRates requires ${key} to be a non-negative integer count, got ${key} = ${value}`);
    }
  }
  requireConfidence('errorRates', confidence);
  const pairs = rateCounts(counts);
  const estimate = ([x, rest]: [number, number]): RateEstimate => {
    const n = x + rest;
    if (n === 0) return { x, n, value: null, lower: null, upper: null };
    const [lower, upper] = wilsonInterval(x, n, confidence);
    return { x, n, value: x / n, lower, upper };
  };
  return {
    counts,
    tpr: estimate(pairs.tpr),
    fnr: estimate(pairs.fnr),
    fpr: estimate(pairs.fpr),
    tnr: estimate(pairs.tnr),
    precision: estimate(pairs.precision),
    selectionRate: estimate(pairs.selectionRate),
  };
}

/** A group's rate against the reference group's. */
export interface RateComparison {
  /** group / reference; null when either is undefined or the reference rate is 0. */
  readonly ratio: number | null;
  /** group - reference; null when either is undefined. */
  readonly difference: number | null;
}

/**
 * Each error rate of a group against a reference group: ratio (group / reference, the impact-ratio
 * form of UGESP 4D, read by the rules against the policy's band) and difference (group -
 * reference, fairlearn's form). A tpr ratio below 1 (an fnr ratio above 1) means qualified
 * candidates of the group are selected less often (rejected more often) than those of the
 * reference. For the significance test of one rate, apply Fisher's exact test (or
 * chiSquare2x2Both, oddsRatioWoolf, ...) to rateTable2x2(group, reference, rate).
 * Sources: fairlearn MetricFrame.difference / ratio; UGESP 29 CFR 1607.4(D).
 * @example compareErrorRates(a, b).tpr // { ratio: 0.5 / 0.6, difference: -0.1 } (fairlearn docs groups a, b)
 */
export function compareErrorRates(group: ErrorRates, reference: ErrorRates): Record<ErrorRateName, RateComparison> {
  const compare = (name: ErrorRateName): RateComparison => {
    const g = group[name].value;
    const r = reference[name].value;
    if (g === null || r === null) return { ratio: null, difference: null };
    return { ratio: r === 0 ? null : g / r, difference: g - r };
  };
  return Object.fromEntries(ERROR_RATE_NAMES.map((name) => [name, compare(name)])) as Record<ErrorRateName, RateComparison>;
}

/**
 * The 2x2 table [x_g, n_g - x_g, x_r, n_r - x_r] of one rate of a group against a reference, the
 * input of fisherExact2x2, chiSquare2x2Both, oddsRatioWoolf or mantelHaenszelAnalysis (one table
 * per stage), e.g. for tpr [tp_g, fn_g, tp_r, fn_r].
 * @example rateTable2x2({ tp: 1, fp: 2, fn: 1, tn: 0 }, { tp: 3, fp: 0, fn: 2, tn: 1 }, 'tpr') // [1, 1, 3, 2]
 */
export function rateTable2x2(group: ConfusionCounts, reference: ConfusionCounts, rate: ErrorRateName): Table2x2 {
  const [xg, restG] = rateCounts(group)[rate];
  const [xr, restR] = rateCounts(reference)[rate];
  return [xg, restG, xr, restR];
}

/** Between-groups spread of one rate: largest minus smallest, and smallest over largest. */
export interface BetweenGroups {
  readonly difference: number | null;
  readonly ratio: number | null;
}

/** fairlearn's equal-opportunity and equalized-odds summaries over all groups. */
export interface EqualizedOdds {
  /** tpr spread: fairlearn equal_opportunity_difference / _ratio. */
  readonly tpr: BetweenGroups;
  readonly fpr: BetweenGroups;
  /** max(tpr difference, fpr difference): fairlearn equalized_odds_difference. */
  readonly difference: number | null;
  /** min(tpr ratio, fpr ratio): fairlearn equalized_odds_ratio. */
  readonly ratio: number | null;
}

/**
 * Equal opportunity and equalized odds between groups, as fairlearn defines them (method
 * 'between_groups'): for tpr and fpr, difference = max - min over the groups where the rate is
 * defined and ratio = min / max; equalized odds takes the larger difference and the smaller ratio.
 * 0 means parity for a difference, 1 for a ratio. Groups with an undefined rate are left out; with
 * no defined value, or a largest rate of 0 for the ratio, the result is null.
 * Sources: Hardt, Price & Srebro (2016); fairlearn.metrics.equalized_odds_difference,
 * equalized_odds_ratio, MetricFrame.difference / ratio.
 * @example equalizedOdds([a, b, c]) // fairlearn docs: tpr 0.2 / 0.667, fpr 1 / 0 -> difference 1, ratio 0
 */
export function equalizedOdds(groups: readonly ErrorRates[]): EqualizedOdds {
  const spread = (name: 'tpr' | 'fpr'): BetweenGroups => {
    const values = groups.map((g) => g[name].value).filter((v): v is number => v !== null);
    if (values.length === 0) return { difference: null, ratio: null };
    const [min, max] = [Math.min(...values), Math.max(...values)];
    return { difference: max - min, ratio: max === 0 ? null : min / max };
  };
  const tpr = spread('tpr');
  const fpr = spread('fpr');
  const pick = (x: number | null, y: number | null, f: (a: number, b: number) => number) =>
    x === null || y === null ? null : f(x, y);
  return { tpr, fpr, difference: pick(tpr.difference, fpr.difference, Math.max), ratio: pick(tpr.ratio, fpr.ratio, Math.min) };
}
