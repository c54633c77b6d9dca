import type { DisparitySection, FindingStatus } from '../../contract/audit-result.js';
import type { Policy } from '../../contract/policy.js';
import type { StabilitySection, VerdictStabilityRow } from '../../contract/sections/stability.js';
import { binomialQuantile } from '../../stats/binomial-quantile.js';
import { chiSquare2x2, createRng, fisherExact2x2, holmAdjust, type Rng } from '../../stats/index.js';
import { type Comparison, fourFifths, verdict } from '../disparity/verdict.js';

/**
 * Verdict stability (requirements Q3 stability, issue 3): how often each verdict of the disparity
 * section survives resampling. A parametric bootstrap on the AGGREGATES, never on rows: per
 * replicate every group's selections (or above-median scores) are redrawn as x* ~ Binomial(n, x/n)
 * with n fixed; each comparison keeps its group and its reference group, its p-value is recomputed
 * and Holm-adjusted over all comparisons, and the requirements Q3 verdict and the four-fifths
 * result are recomputed. The reference is kept (not re-chosen as the highest resampled rate) so
 * that the share measures the robustness of that comparison, not the winner's curse of picking the
 * luckiest small group as yardstick. The cost is replicates x comparisons, the same at a thousand
 * or ten million candidates.
 */
type VerdictStability = NonNullable<StabilitySection['verdict_stability']>;
type FourFifths = VerdictStabilityRow['four_fifths'];

/** A group at a stage (of one grouping, selection or scoring): its size and its observed successes. */
interface Unit {
  n: number;
  x: number;
}

/** A comparison of the disparity section whose verdict is followed through the replicates. */
interface Target {
  unit: number;
  reference: number;
  row: Omit<VerdictStabilityRow, 'verdict_held' | 'four_fifths_held' | 'impact_ratio_interval' | 'fragile' | 'stability_rule'>;
}

/** What one evaluation (observed or replicate) gives each unit of each grouping. */
interface Outcome {
  status: FindingStatus;
  fourFifths: FourFifths;
  impactRatio: number | null;
}

/** n·min(p, 1 − p) below which a draw uses inversion (stdlib loops over n Bernoulli trials there). */
const INVERSION_LIMIT = 10;

/**
 * The p-value of a replicate's 2×2 table [[a, b], [c, d]] at a cost that does not grow with the
 * counts: Fisher's exact test (as the disparity section) when an expected count is below
 * `minExpectedCell` (requirements Q4: Fisher is primary there; the hypergeometric is then narrow
 * and the exact sum short), else the Yates-corrected chi-square, its large-sample equivalent, which
 * tracks Fisher's two-sided p within a few percent (scipy 1.x: [[10, 30], [20, 20]] Fisher .0368,
 * Yates .0377; [[30, 170], [55, 145]] .0032 and .0034). Exact Fisher at every replicate would cost
 * about 30 µs per table at n = 800 and grow with √n.
 */
export function replicatePValue(a: number, b: number, c: number, d: number, minExpectedCell: number): number {
  return smallestExpected(a, b, c, d) < minExpectedCell ? fisherExact2x2(a, b, c, d) : chiSquare2x2(a, b, c, d, { yates: true }).p;
}

/** Smallest expected count of [[a, b], [c, d]] under independence: smallest row total × smallest column total / N (as minExpectedCount, without allocating). */
function smallestExpected(a: number, b: number, c: number, d: number): number {
  const total = a + b + c + d;
  return total === 0 ? 0 : (Math.min(a + b, c + d) * Math.min(a + c, b + d)) / total;
}

/** x ~ Binomial(n, p) in time independent of n: inversion for a small mean, stdlib's BTPE otherwise. */
export function drawBinomial(rng: Rng, n: number, p: number): number {
  if (n === 0 || p <= 0) return 0;
  if (p >= 1) return n;
  const small = Math.min(p, 1 - p);
  if (n * small >= INVERSION_LIMIT) return rng.binomial(n, p);
  const x = binomialQuantile(rng.uniform(), n, small);
  return p > 0.5 ? n - x : x;
}

type Compared = { tool: string | null; stage: string; attributes: string[]; groups: Record<string, string>; reference: Record<string, string> | null; n: number };
const keyOf = (kind: string, r: { tool: string | null; stage: string; attributes: string[] }, groups: Record<string, string>) =>
  [kind, r.tool ?? '', r.stage, ...r.attributes, '', ...Object.values(groups)].join('\u0000');

/**
 * The comparisons of the disparity section (selection and scoring rows with a p-value) and the
 * groups they involve, each group once, so that a reference's draw is shared by every comparison
 * against it within a replicate.
 */
function collect(section: DisparitySection, policy: Policy): { units: Unit[]; targets: Target[] } {
  const units: Unit[] = [];
  const targets: Target[] = [];
  const index = new Map<string, number>();
  const successes = new Map<string, Unit>();
  for (const r of section.rows) successes.set(keyOf('selection', r, r.groups), { n: r.n, x: r.selected });
  for (const r of section.scoring) successes.set(keyOf('scoring', r, r.groups), { n: r.n, x: r.above_median });
  const unitOf = (key: string) => {
    if (!index.has(key)) {
      index.set(key, units.length);
      units.push(successes.get(key)!);
    }
    return index.get(key)!;
  };
  const add = (kind: VerdictStabilityRow['kind'], r: Compared, impactRatio: number | null, verdict: FindingStatus, observed: (ref: Unit) => FourFifths) => {
    const refKey = r.reference === null ? undefined : keyOf(kind, r, r.reference);
    if (refKey === undefined || !successes.has(refKey)) return;
    const reference = unitOf(refKey);
    targets.push({
      unit: unitOf(keyOf(kind, r, r.groups)),
      reference,
      row: { kind, tool: r.tool, stage: r.stage, attributes: r.attributes, groups: r.groups, reference: r.reference, impact_ratio: impactRatio, verdict, four_fifths: observed(units[reference]!) },
    });
  };
  for (const r of section.rows) if (r.fisher_p !== null) add('selection', r, r.impact_ratio, r.verdict, () => r.four_fifths);
  for (const r of section.scoring) {
    if (r.fisher_p === null) continue;
    add('scoring', r, r.impact_ratio, r.verdict, (ref) => fourFifths({ impactRatio: r.impact_ratio, holmP: null, n: r.n, referenceN: ref.n, minExpected: 0 }, policy));
  }
  return { units, targets };
}

/** The Q3 verdict and four-fifths result of every target given the groups' successes, as the disparity family judges them. */
export function evaluate(units: readonly Unit[], targets: readonly Target[], successes: readonly number[], policy: Policy): Outcome[] {
  const comparisons = targets.map((t) => {
    const u = units[t.unit]!;
    const ref = units[t.reference]!;
    const x = successes[t.unit]!;
    const xr = successes[t.reference]!;
    const [a, b, c, d] = [x, u.n - x, xr, ref.n - xr];
    const comparison: Comparison = {
      impactRatio: xr > 0 ? x / u.n / (xr / ref.n) : null,
      holmP: null,
      n: u.n,
      referenceN: ref.n,
      minExpected: smallestExpected(a, b, c, d),
    };
    return { comparison, p: replicatePValue(a, b, c, d, policy.thresholds.minExpectedCell) };
  });
  const adjusted = holmAdjust(comparisons.map((c) => c.p));
  return comparisons.map(({ comparison }, i) => {
    comparison.holmP = adjusted[i] ?? null;
    return { status: verdict(comparison, policy).status, fourFifths: fourFifths(comparison, policy), impactRatio: comparison.impactRatio };
  });
}

/** Percentile (type 7) of sorted values. */
function percentile(sorted: readonly number[], q: number): number {
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  return sorted[lo]! + (h - lo) * ((sorted[Math.min(lo + 1, sorted.length - 1)] ?? sorted[lo]!) - sorted[lo]!);
}

/**
 * The verdict-stability part of the stability section, or null when the disparity section has no
 * comparison. Seeded with policy.seed; replicates = policy.stability.bootstrapReplicates.
 */
export function verdictStability(section: DisparitySection, policy: Policy): VerdictStability | null {
  const { units, targets } = collect(section, policy);
  if (targets.length === 0) return null;
  const replicates = policy.stability.bootstrapReplicates;
  const threshold = policy.thresholds.verdictStability;
  const rng = createRng(policy.seed);
  const held = targets.map(() => ({ verdict: 0, fourFifths: 0, ratios: [] as number[] }));
  for (let b = 0; b < replicates; b++) {
    const draws = units.map((u) => drawBinomial(rng, u.n, u.x / u.n));
    const outcomes = evaluate(units, targets, draws, policy);
    targets.forEach((t, i) => {
      const o = outcomes[i]!;
      if (o.status === t.row.verdict) held[i]!.verdict++;
      if (o.fourFifths === t.row.four_fifths) held[i]!.fourFifths++;
      if (o.impactRatio !== null) held[i]!.ratios.push(o.impactRatio);
    });
  }
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  return {
    replicates,
    seed: policy.seed,
    method:
      'parametric bootstrap on the aggregates: per group x* ~ Binomial(n, x/n) with n fixed; each comparison keeps its reference group; ' +
      'Fisher exact p where an expected count is below minExpectedCell, else Yates chi-square; Holm over every comparison; verdict per requirements Q3',
    rows: targets.map((t, i) => {
      const h = held[i]!;
      const verdictHeld = h.verdict / replicates;
      const fourFifthsHeld = h.fourFifths / replicates;
      const fragile = verdictHeld < threshold || fourFifthsHeld < threshold;
      const sorted = [...h.ratios].sort((a, b) => a - b);
      const judged = `verdict held in ${pct(verdictHeld)} and the four-fifths result in ${pct(fourFifthsHeld)} of ${replicates} resamples`;
      return {
        ...t.row,
        impact_ratio_interval: sorted.length * 2 >= replicates ? [percentile(sorted, 0.025), percentile(sorted, 0.975)] : null,
        verdict_held: verdictHeld,
        four_fifths_held: fourFifthsHeld,
        fragile,
        stability_rule: fragile ? `fragile: ${judged}, below ${threshold} (convention)` : `stable: ${judged}, both at least ${threshold} (convention)`,
      };
    }),
  };
}
