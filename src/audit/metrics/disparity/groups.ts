import { UNKNOWN_GROUP } from '../../contract/dataset.js';
import type { Policy } from '../../contract/policy.js';
import { fisherExact2x2 } from '../../stats/index.js';
import type { DisparityCell } from './scan.js';

/** Aggregates of one group (e.g. gender=female, or gender=female × ethnicity=B) at one stage. */
export interface GroupAgg {
  key: Record<string, string>;
  label: string;
  n: number;
  selected: number;
  /** Candidates with a score, Σ w(x−shift), Σ w(x−shift)², above the stage median, score histogram. */
  scored: number;
  s1: number;
  s2: number;
  above: number;
  hist: number[];
  /** Any attribute value is unknown: counted and listed, never compared (LL144 §5-301). */
  unknown: boolean;
}

/** The attribute sets audited: each attribute alone, then every pair (intersectional, LL144). */
export function groupings(attributes: readonly string[], intersectional: boolean): number[][] {
  const out = attributes.map((_, i) => [i]);
  if (intersectional) {
    for (let i = 0; i < attributes.length; i++) for (let j = i + 1; j < attributes.length; j++) out.push([i, j]);
  }
  return out;
}

export const stageId = (tool: string | null, stage: string) => `${tool ?? ''}\u0000${stage}`;

/** Sums the cells of one stage into the groups of one grouping, in a stable (label) order. */
export function groupStage(
  cells: readonly DisparityCell[],
  attributes: readonly string[],
  grouping: readonly number[],
  bins: number,
): GroupAgg[] {
  const groups = new Map<string, GroupAgg>();
  for (const cell of cells) {
    const values = grouping.map((i) => cell.values[i]!);
    const label = values.join(' × ');
    let g = groups.get(label);
    if (!g) {
      g = {
        key: Object.fromEntries(grouping.map((i, k) => [attributes[i]!, values[k]!])),
        label,
        n: 0,
        selected: 0,
        scored: 0,
        s1: 0,
        s2: 0,
        above: 0,
        hist: new Array<number>(bins).fill(0),
        unknown: values.includes(UNKNOWN_GROUP),
      };
      groups.set(label, g);
    }
    g.n += cell.n;
    g.selected += cell.selected;
    g.s1 += cell.s1;
    g.s2 += cell.s2;
    g.above += cell.above;
    if (cell.bin !== null) {
      g.scored += cell.n;
      g.hist[cell.bin] = (g.hist[cell.bin] ?? 0) + cell.n;
    }
  }
  return [...groups.values()].sort((a, b) => (a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
}

/** Why a group is left out of impact ratios, or null when it is compared. */
export function exclusionOf(g: GroupAgg, stageTotalKnown: number, policy: Policy): string | null {
  if (g.unknown) return 'unknown category: counted, not compared (LL144 §5-301)';
  if (policy.excludeSmallGroups && stageTotalKnown > 0 && g.n / stageTotalKnown < policy.thresholds.smallGroupShare) {
    return `under ${policy.thresholds.smallGroupShare * 100}% of the stage: excluded from impact ratios (LL144 §5-301(d))`;
  }
  return null;
}

/**
 * The reference group: the named one when the policy names a value for every attribute of the
 * grouping; else the highest rate among compared groups of at least minGroupSize (UGESP 4D uses
 * the highest rate; the size floor keeps a group of three with 100% from becoming the yardstick),
 * falling back to all compared groups when none is that large. Ties: larger n, then label.
 */
export function chooseReference<T extends { key: Record<string, string>; label: string }>(
  groups: readonly T[],
  rateOf: (g: T) => number | null,
  sizeOf: (g: T) => number,
  policy: Policy,
): T | null {
  if (groups.length === 0) return null;
  if (policy.reference.rule === 'named') {
    const named = policy.reference.groups;
    const attrs = Object.keys(groups[0]!.key);
    if (attrs.every((a) => named[a] !== undefined)) {
      return groups.find((g) => attrs.every((a) => g.key[a] === named[a])) ?? null;
    }
  }
  const best = (pool: readonly T[]) =>
    pool
      .filter((g) => rateOf(g) !== null)
      .reduce<T | null>((acc, g) => {
        if (acc === null) return g;
        const d = rateOf(g)! - rateOf(acc)!;
        if (d !== 0) return d > 0 ? g : acc;
        if (sizeOf(g) !== sizeOf(acc)) return sizeOf(g) > sizeOf(acc) ? g : acc;
        return g.label < acc.label ? g : acc;
      }, null);
  return best(groups.filter((g) => sizeOf(g) >= policy.minGroupSize)) ?? best(groups);
}

/**
 * When the reference is the group with the highest observed rate, the comparisons shown (each
 * group against that maximum) were chosen after looking at the data: in effect every pair of
 * groups is a candidate comparison. Holm must then count all k(k−1)/2 pairs, or the lowest-vs-
 * highest gap of many small intersectional groups fails far more often than alpha on null data
 * (measured: 8% instead of 5% with 12 groups). These are the Fisher p-values of the pairs that
 * do not involve the reference; they enter the Holm family but are not reported as rows.
 * A named reference is fixed in advance, so it needs none.
 */
export function posthocPairPValues<T>(
  compared: readonly T[],
  reference: T | null,
  policy: Policy,
  counts: (g: T) => { x: number; n: number },
): number[] {
  if (reference === null || policy.reference.rule !== 'highest_rate') return [];
  const others = compared.filter((g) => g !== reference);
  const out: number[] = [];
  for (let i = 0; i < others.length; i++) {
    for (let j = i + 1; j < others.length; j++) {
      const a = counts(others[i]!);
      const b = counts(others[j]!);
      out.push(fisherExact2x2(a.x, a.n - a.x, b.x, b.n - b.x));
    }
  }
  return out;
}

/** Who is compared with whom for one rate (selection, or scoring above the median) of one grouping. */
export interface ComparisonFrame {
  knownTotal: number;
  excluded: Map<GroupAgg, string | null>;
  compared: GroupAgg[];
  ref: GroupAgg | null;
  posthocP: number[];
}

/**
 * The shared set-up of every rate comparison: exclusions (unknown, small groups), the compared
 * groups, the reference and the post-hoc pair p-values; `count` says which count and base the
 * rate is (selected of n, or above-median of scored).
 */
export function comparisonFrame(groups: readonly GroupAgg[], count: (g: GroupAgg) => { x: number; n: number }, policy: Policy): ComparisonFrame {
  const knownTotal = groups.filter((g) => !g.unknown).reduce((a, g) => a + count(g).n, 0);
  const excluded = new Map(groups.map((g) => [g, exclusionOf({ ...g, n: count(g).n }, knownTotal, policy)]));
  const compared = groups.filter((g) => excluded.get(g) === null && count(g).n > 0);
  const rate = (g: GroupAgg) => (count(g).n > 0 ? count(g).x / count(g).n : null);
  const ref = chooseReference(compared, rate, (g) => count(g).n, policy);
  return { knownTotal, excluded, compared, ref, posthocP: posthocPairPValues(compared, ref, policy, count) };
}
