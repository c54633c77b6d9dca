import { UNKNOWN_GROUP } from '../../contract/dataset.js';
import type { Policy } from '../../contract/policy.js';
import type { PerturbationRow } from '../../contract/sections/stability.js';
import { fisherExact2x2, holmAdjust, momentsFromShiftedSums, wilsonInterval } from '../../stats/index.js';
import { chooseReference } from '../group-frame.js';
import type { FamilyContext } from '../family.js';
import { kendallTauB, kendallTauInterval } from '../../stats/kendall.js';
import type { PerturbationCell, PerturbationSample, StabilityAggregates } from './scan.js';

/**
 * Perturbation stability (requirements Q7, AI Act art. 15(4)): per stage and kind of irrelevant
 * change (glasses, background, white-text keywords …), how far the score moves and how many
 * decisions flip, overall and per group, with a Fisher test of each group's flip rate against the
 * group with the lowest one.
 */
type PerturbationGroup = PerturbationRow['groups'][number];

interface Tally {
  n: number;
  scored: number;
  absDiff: number;
  sumOriginal: number;
  sumVariant: number;
  decided: number;
  flips: number;
}

const zero = (): Tally => ({ n: 0, scored: 0, absDiff: 0, sumOriginal: 0, sumVariant: 0, decided: 0, flips: 0 });
function add(t: Tally, c: PerturbationCell): void {
  t.n += c.n;
  t.scored += c.scored;
  t.absDiff += c.absDiff;
  t.sumOriginal += c.sumOriginal;
  t.sumVariant += c.sumVariant;
  t.decided += c.decided;
  t.flips += c.flips;
}

/** Per single attribute, each group's tally; the reference is the lowest flip rate (chooseReference on 1 − rate). */
function groupRows(cells: readonly PerturbationCell[], attributes: readonly string[], policy: Policy, pending: PerturbationGroup[]): PerturbationGroup[] {
  return attributes.flatMap((name, i) => {
    const tallies = new Map<string, Tally>();
    for (const c of cells) {
      const t = tallies.get(c.values[i]!) ?? zero();
      add(t, c);
      tallies.set(c.values[i]!, t);
    }
    const known = [...tallies.entries()]
      .filter(([value, t]) => value !== UNKNOWN_GROUP && t.decided > 0)
      .map(([value, t]) => ({ key: { [name]: value }, label: value, t }));
    const ref = chooseReference(known, (g) => 1 - g.t.flips / g.t.decided, (g) => g.t.decided, policy);
    return [...tallies.entries()]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([value, t]) => {
        const isRef = ref !== null && ref.label === value;
        const row: PerturbationGroup = {
          attribute: name,
          group: value,
          n_pairs: t.n,
          mean_abs_change: t.scored > 0 ? t.absDiff / t.scored : null,
          decided: t.decided,
          flips: t.flips,
          flip_rate: t.decided > 0 ? t.flips / t.decided : null,
          is_reference: isRef,
          fisher_p: null,
          holm_p: null,
        };
        if (ref && !isRef && value !== UNKNOWN_GROUP && t.decided > 0) {
          row.fisher_p = fisherExact2x2(t.flips, t.decided - t.flips, ref.t.flips, ref.t.decided - ref.t.flips);
          pending.push(row);
        }
        return row;
      });
  });
}

/** Kendall's tau-b of original vs variant scores over pairs; null under 2 pairs or when a side is constant. */
function tau(pairs: PerturbationSample['pairs']): number | null {
  return pairs.length < 2 ? null : kendallTauB(pairs.map((p) => p.original), pairs.map((p) => p.variant));
}

/**
 * Rank agreement (requirements Q7: Kendall tau of rankings, by group) from the stage x variant's
 * pair sample: does the variant keep candidates in the same order? Per group, over the pairs
 * whose original belongs to it. Rows without scores get nothing.
 */
function rankAgreement(row: PerturbationRow, sample: PerturbationSample | undefined, attributes: readonly string[]): void {
  if (!sample) return;
  const overall = tau(sample.pairs);
  row.rank_pairs = sample.pairs.length;
  row.rank_sample_limit = sample.limit;
  row.kendall_tau = overall;
  row.kendall_tau_ci = overall !== null && sample.pairs.length > 4 ? toPair(kendallTauInterval(overall, sample.pairs.length)) : null;
  for (const g of row.groups) {
    const i = attributes.indexOf(g.attribute);
    const pairs = sample.pairs.filter((p) => p.values[i] === g.group);
    g.rank_pairs = pairs.length;
    g.kendall_tau = tau(pairs);
  }
}

const toPair = (ci: { lower: number; upper: number }): [number, number] => [ci.lower, ci.upper];

/** The perturbation part of the stability section, or null without variant rows paired to an original. */
export function finalizePerturbation(agg: StabilityAggregates, ctx: FamilyContext): PerturbationRow[] | null {
  if (agg.perturbation === null || agg.perturbation.length === 0) return null;
  const { policy, dataset } = ctx;
  const sds = new Map(
    agg.stageMoments
      .filter((m) => m.n > 1)
      .map((m) => {
        const mo = momentsFromShiftedSums(m.n, m.s1, m.s2, agg.shift);
        return [`${m.tool ?? ''}\u0000${m.stage}`, Math.sqrt((mo.varPop * mo.n) / (mo.n - 1))];
      }),
  );
  const cellsOf = new Map<string, PerturbationCell[]>();
  for (const c of agg.perturbation) {
    const key = [c.tool ?? '', c.stage, c.variant].join('\u0000');
    cellsOf.set(key, [...(cellsOf.get(key) ?? []), c]);
  }
  const samples = new Map(agg.perturbationSamples.map((p) => [[p.tool ?? '', p.stage, p.variant].join('\u0000'), p]));
  const pending: PerturbationGroup[] = [];
  const rows = [...cellsOf.keys()].sort().map((key) => {
    const cells = cellsOf.get(key)!;
    const { tool, stage, variant } = cells[0]!;
    const t = zero();
    cells.forEach((c) => add(t, c));
    const sd = sds.get(`${tool ?? ''}\u0000${stage}`) ?? null;
    const meanAbs = t.scored > 0 ? t.absDiff / t.scored : null;
    const row: PerturbationRow = {
      tool,
      stage,
      variant,
      n_pairs: t.n,
      scored: t.scored,
      mean_abs_change: meanAbs,
      mean_change: t.scored > 0 ? (t.sumVariant - t.sumOriginal) / t.scored : null,
      score_sd: sd,
      mean_abs_change_sd: meanAbs !== null && sd !== null && sd > 0 ? meanAbs / sd : null,
      decided: t.decided,
      flips: t.flips,
      flip_rate: t.decided > 0 ? t.flips / t.decided : null,
      flip_rate_ci: t.decided > 0 ? wilsonInterval(t.flips, t.decided) : null,
      groups: groupRows(cells, dataset.protectedAttributes, policy, pending),
      verdict: 'insufficient_evidence', // until the rules judge it: never a pass by default
      verdict_rule: '',
    };
    rankAgreement(row, samples.get(key), dataset.protectedAttributes);
    return row;
  });
  const adjusted = holmAdjust(pending.map((g) => g.fisher_p));
  pending.forEach((g, i) => (g.holm_p = adjusted[i] ?? null));
  return rows;
}
