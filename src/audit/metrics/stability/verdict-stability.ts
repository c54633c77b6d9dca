import type { DisparitySection, FindingStatus } from '../../contract/audit-result.js';
import type { Policy } from '../../contract/policy.js';
import type { VerdictStabilityRow } from '../../contract/sections/stability.js';
import { binomialQuantile } from '../../stats/binomial-quantile.js';
import { chiSquare2x2, createRng, fisherExact2x2, holmAdjust, type Rng } from '../../stats/index.js';
import { type Comparison, scoringCount } from '../group-frame.js';
import { minExpectedCount } from '../../stats/expected-count.js';

/**
 * Verdict stability (requirements Q3 stability, issue 3): how often each verdict of the disparity
 * section survives resampling. A parametric bootstrap on the AGGREGATES, never on rows: per
 * replicate every group's selections (or above-median scores) are redrawn as x* ~ Binomial(n, x/n)
 * with n fixed; each comparison keeps its group and its reference group, its p-value is recomputed
 * and Holm-adjusted over all comparisons, and the requirements Q3 verdict and the four-fifths
 * result are recomputed by the rules' own judge (passed in: metrics hold no verdicts). The reference is kept (not re-chosen as the highest resampled rate) so
 * that the share measures the robustness of that comparison, not the winner's curse of picking the
 * luckiest small group as yardstick. The cost is replicates x comparisons, the same at a thousand
 * or ten million candidates.
 */
type FourFifths = VerdictStabilityRow['four_fifths'];

/** How the rules judge one comparison (requirements Q3 verdict and the four-fifths rule alone). */
export type ComparisonJudge = (c: Comparison) => { status: FindingStatus; fourFifths: FourFifths };

/** A verdict-stability row as measured: the shares; whether they make the verdict fragile is the rules'. */
export type MeasuredVerdictStabilityRow = Omit<VerdictStabilityRow, 'fragile' | 'stability_rule'>;

/** The bootstrap's replicates, seed and measured rows. */
export interface MeasuredVerdictStability {
  replicates: number;
  seed: number;
  rows: MeasuredVerdictStabilityRow[];
}

/** A group at a stage (of one grouping, selection or scoring): its size and its observed successes. */
interface Unit {
  n: number;
  x: number;
}

/** A comparison of the disparity section whose verdict is followed through the replicates. */
interface Target {
  unit: number;
  reference: number;
  row: Omit<MeasuredVerdictStabilityRow, 'verdict_held' | 'four_fifths_held' | 'impact_ratio_interval'>;
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
export function replicatePValue(a: number, b: number, c: number, d: number, minExpectedCell: number, minExpected = minExpectedCount(a, b, c, d)): number {
  return minExpected < minExpectedCell ? fisherExact2x2(a, b, c, d) : chiSquare2x2(a, b, c, d, { yates: true }).p;
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
function collect(section: DisparitySection, policy: Policy, judge: ComparisonJudge): { units: Unit[]; targets: Target[] } {
  const units: Unit[] = [];
  const targets: Target[] = [];
  const index = new Map<string, number>();
  const successes = new Map<string, Unit>();
  for (const r of section.rows) successes.set(keyOf('selection', r, r.groups), { n: r.n, x: r.selected });
  for (const r of section.scoring) successes.set(keyOf('scoring', r, r.groups), { n: r.n, x: scoringCount(r, policy) });
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
    add('scoring', r, r.impact_ratio, r.verdict, (ref) => judge({ impactRatio: r.impact_ratio, holmP: null, n: r.n, referenceN: ref.n, minExpected: 0 }).fourFifths);
  }
  return { units, targets };
}

/** The Q3 verdict and four-fifths result of every target given the groups' successes, as the disparity family judges them. */
function evaluate(units: readonly Unit[], targets: readonly Target[], successes: readonly number[], pValue: PValue, judge: ComparisonJudge): Outcome[] {
  const comparisons = targets.map((t) => {
    const u = units[t.unit]!;
    const ref = units[t.reference]!;
    const x = successes[t.unit]!;
    const xr = successes[t.reference]!;
    const [a, b, c, d] = [x, u.n - x, xr, ref.n - xr];
    const minExpected = minExpectedCount(a, b, c, d);
    const comparison: Comparison = {
      impactRatio: xr > 0 ? x / u.n / (xr / ref.n) : null,
      holmP: null,
      n: u.n,
      referenceN: ref.n,
      minExpected,
    };
    return { comparison, p: pValue(a, b, c, d, minExpected) };
  });
  const adjusted = holmAdjust(comparisons.map((c) => c.p));
  return comparisons.map(({ comparison }, i) => {
    comparison.holmP = adjusted[i] ?? null;
    const { status, fourFifths } = judge(comparison);
    return { status, fourFifths, impactRatio: comparison.impactRatio };
  });
}

/** The p-value of a drawn table, given its smallest expected count (which picks the test). */
type PValue = (a: number, b: number, c: number, d: number, minExpected: number) => number;

/** Small tables remembered per bootstrap (see rememberingPValue). */
const REMEMBERED_TABLES = 100_000;

/**
 * replicatePValue, remembering the exact test's p-value of each small table drawn (the same value,
 * computed once: small samples redraw the same few tables). A table large enough for the
 * chi-square test costs less to test again than to remember: large groups seldom redraw a table,
 * and keying and keeping them took most of the bootstrap's time at 10M rows.
 */
function rememberingPValue(minExpectedCell: number): PValue {
  const seen = new Map<string, number>();
  return (a, b, c, d, minExpected) => {
    if (minExpected >= minExpectedCell) return replicatePValue(a, b, c, d, minExpectedCell, minExpected);
    const key = `${a},${b},${c},${d}`;
    let p = seen.get(key);
    if (p === undefined) {
      p = replicatePValue(a, b, c, d, minExpectedCell, minExpected);
      if (seen.size < REMEMBERED_TABLES) seen.set(key, p);
    }
    return p;
  };
}

/** Percentile (type 7) of sorted values. */
function percentile(sorted: readonly number[], q: number): number {
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  return sorted[lo]! + (h - lo) * ((sorted[Math.min(lo + 1, sorted.length - 1)] ?? sorted[lo]!) - sorted[lo]!);
}

/**
 * The verdict-stability part of the stability section, or null when the disparity section has no
 * comparison: per comparison the share of resamples in which its verdict and its four-fifths
 * result hold, and the percentile interval of its impact ratio. Seeded with policy.seed;
 * replicates = policy.stability.bootstrapReplicates; `judge` is the rules' verdict.
 */
export function verdictStability(section: DisparitySection, policy: Policy, judge: ComparisonJudge): MeasuredVerdictStability | null {
  const { units, targets } = collect(section, policy, judge);
  if (targets.length === 0) return null;
  const replicates = policy.stability.bootstrapReplicates;
  const rng = createRng(policy.seed);
  const pValue = rememberingPValue(policy.thresholds.minExpectedCell);
  const held = targets.map(() => ({ verdict: 0, fourFifths: 0, ratios: [] as number[] }));
  for (let b = 0; b < replicates; b++) {
    const draws = units.map((u) => drawBinomial(rng, u.n, u.x / u.n));
    const outcomes = evaluate(units, targets, draws, pValue, judge);
    targets.forEach((t, i) => {
      const o = outcomes[i]!;
      if (o.status === t.row.verdict) held[i]!.verdict++;
      if (o.fourFifths === t.row.four_fifths) held[i]!.fourFifths++;
      if (o.impactRatio !== null) held[i]!.ratios.push(o.impactRatio);
    });
  }
  return {
    replicates,
    seed: policy.seed,
    rows: targets.map((t, i) => {
      const h = held[i]!;
      const sorted = [...h.ratios].sort((a, b) => a - b);
      return {
        ...t.row,
        impact_ratio_interval: sorted.length * 2 >= replicates ? [percentile(sorted, 0.025), percentile(sorted, 0.975)] : null,
        verdict_held: h.verdict / replicates,
        four_fifths_held: h.fourFifths / replicates,
      };
    }),
  };
}
