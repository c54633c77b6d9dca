import { UNKNOWN_GROUP } from '../contract/dataset.js';
import type { Policy } from '../contract/policy.js';
import { fisherExact2x2 } from '../stats/index.js';

/*
 * The group frame every family shares (compare fairlearn's MetricFrame): which attribute sets are
 * audited, how a stage is identified, which group is the reference (highest rate, largest, or
 * named), and the post-hoc pairs that join a Holm family. Families import this module, never one
 * another.
 */

/** The attribute sets audited: each attribute alone, then every pair (intersectional, LL144). */
export function groupings(attributes: readonly string[], intersectional: boolean): number[][] {
  const out = attributes.map((_, i) => [i]);
  if (intersectional) {
    for (let i = 0; i < attributes.length; i++) for (let j = i + 1; j < attributes.length; j++) out.push([i, j]);
  }
  return out;
}

export const stageId = (tool: string | null, stage: string) => `${tool ?? ''}\u0000${stage}`;

/** Candidates (Σ n) of some cells. */
export const totalN = (cells: readonly { n: number }[]) => cells.reduce((a, c) => a + c.n, 0);

/** A stage (of a tool) and its cells. */
export interface StageCells<C> {
  tool: string | null;
  stage: string;
  cells: C[];
}

/**
 * Cells grouped by stage in the one order every section lists stages (the funnel): by tool, then
 * the policy's stage list, then larger stages first (`size` of a stage's cells), then by name.
 */
export function stagesInOrder<C extends { tool: string | null; stage: string }>(cells: readonly C[], policy: Pick<Policy, 'stages'>, size: (cells: readonly C[]) => number): StageCells<C>[] {
  const byStage = new Map<string, StageCells<C>>();
  for (const c of cells) {
    const id = stageId(c.tool, c.stage);
    const s = byStage.get(id) ?? { tool: c.tool, stage: c.stage, cells: [] };
    s.cells.push(c);
    byStage.set(id, s);
  }
  const declared = policy.stages ?? [];
  const rank = (stage: string) => {
    const i = declared.indexOf(stage);
    return i < 0 ? declared.length : i;
  };
  const sized = [...byStage.values()].map((s) => ({ s, size: size(s.cells) }));
  sized.sort(
    (a, b) =>
      (a.s.tool ?? '').localeCompare(b.s.tool ?? '') || rank(a.s.stage) - rank(b.s.stage) || b.size - a.size || (a.s.stage < b.s.stage ? -1 : a.s.stage > b.s.stage ? 1 : 0),
  );
  return sized.map((x) => x.s);
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

/**
 * The reference group of a comparison of coefficients (validity r, retest r): the policy's named
 * value for this attribute when it has data, else the known group with the most (`sizeOf`, e.g.
 * criterion rows; ties: label order, as the groups come sorted). Unknown is never one. Chosen by
 * size, not by the coefficient, so the comparisons are fixed before looking at the results.
 */
export function chooseLargestReference<T extends { value: string }>(groups: readonly T[], sizeOf: (g: T) => number, attribute: string, policy: Policy): T | null {
  const known = groups.filter((g) => g.value !== UNKNOWN_GROUP && sizeOf(g) > 0);
  const ref = policy.reference;
  if (ref.rule === 'named' && ref.groups[attribute] !== undefined) {
    const named = known.find((g) => g.value === ref.groups[attribute]);
    if (named) return named;
  }
  return known.reduce<T | null>((best, g) => (best === null || sizeOf(g) > sizeOf(best) ? g : best), null);
}

/**
 * What the verdict of one focal-vs-reference rate comparison is read from (the rules judge it:
 * src/audit/rules/four-fifths.ts); verdict stability builds one per bootstrap replicate.
 */
export interface Comparison {
  impactRatio: number | null;
  holmP: number | null;
  n: number;
  referenceN: number;
  /** Smallest expected count of the 2×2 table (Cochran's rule of five). */
  minExpected: number;
}

/**
 * Candidates a scoring-rate row counts (its numerator): those strictly above the stage median
 * (LL144 §5-300), plus the ties at the median under the at-or-above convention (audit-ai), as
 * policy conventions.scoringRate says. Verdicts and the bootstrap read the same count.
 */
export function scoringCount(row: { above_median: number; at_median?: number | undefined }, policy: Pick<Policy, 'conventions'>): number {
  return row.above_median + (policy.conventions.scoringRate === 'at_or_above_median' ? (row.at_median ?? 0) : 0);
}
