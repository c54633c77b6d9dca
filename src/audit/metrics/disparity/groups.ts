import { UNKNOWN_GROUP } from '../../contract/dataset.js';
import type { Policy } from '../../contract/policy.js';
import { chooseReference, posthocPairPValues } from '../group-frame.js';
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
  /** Candidates scoring exactly the stage median, and at or above each explicit cut score. */
  at: number;
  cuts: number[];
  hist: number[];
  /** Any attribute value is unknown: counted and listed, never compared (LL144 §5-301). */
  unknown: boolean;
}

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
        at: 0,
        cuts: (cell.cuts ?? []).map(() => 0),
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
    g.at += cell.at ?? 0;
    (cell.cuts ?? []).forEach((x, k) => (g.cuts[k] = (g.cuts[k] ?? 0) + x));
    if (cell.bin !== null) {
      g.scored += cell.n;
      g.hist[cell.bin] = (g.hist[cell.bin] ?? 0) + cell.n;
    }
  }
  return [...groups.values()].sort((a, b) => (a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
}

/**
 * Why a group is left out of impact ratios (the rules word it), or null when it is compared: an
 * unknown value is counted, never compared (LL144 §5-301); a group under the policy's share of the
 * stage is left out only when the policy takes LL144 §5-301(d)'s option. This decides the scope
 * of the comparisons (which groups enter the Holm family), not a verdict.
 */
export type Exclusion = 'unknown_category' | 'small_group' | 'no_candidates';

export function exclusionOf(g: GroupAgg, stageTotalKnown: number, policy: Policy): Exclusion | null {
  if (g.unknown) return 'unknown_category';
  if (policy.excludeSmallGroups && stageTotalKnown > 0 && g.n / stageTotalKnown < policy.thresholds.smallGroupShare) return 'small_group';
  return null;
}

/** Who is compared with whom for one rate (selection, or scoring above the median) of one grouping. */
export interface ComparisonFrame {
  knownTotal: number;
  excluded: Map<GroupAgg, Exclusion | null>;
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
