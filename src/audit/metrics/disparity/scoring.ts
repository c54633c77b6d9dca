import type { DisparitySection } from '../../contract/audit-result.js';
import type { Policy } from '../../contract/policy.js';
import { fisherExact2x2, impactRatioInterval, type Moments, momentsFromShiftedSums, standardizedMeanDifference } from '../../stats/index.js';
import { scoringCount } from '../group-frame.js';
import { NO_TWO_BY_TWO, twoByTwoStats } from '../two-by-two.js';
import { comparisonFrame, type Exclusion, exclusionOf, type GroupAgg } from './groups.js';

/** A scoring-rate row as measured: why the group is not compared (the rules word it), or null. */
export type MeasuredScoringRow = DisparitySection['scoring'][number] & { exclusion: Exclusion | null };
type CutScoreCurve = DisparitySection['cut_scores'][number];

/** The scoring rate's numerator (policy conventions.scoringRate) over the group's scored candidates. */
const countOf = (g: GroupAgg, policy: Policy) => ({ x: scoringCount({ above_median: g.above, at_median: g.at }, policy), n: g.scored });

function momentsOfGroup(g: GroupAgg, shift: number): Moments | null {
  return g.scored > 0 ? momentsFromShiftedSums(g.scored, g.s1, g.s2, shift) : null;
}

/**
 * Scoring-rate rows (LL144 §5-300, requirements Q2): the share of each group scoring above the
 * stage median (or at or above it, policy conventions.scoringRate; the ties are counted either
 * way), its impact ratio against the highest-scoring-rate group with the 2x2 tests, the group's
 * mean and median score, and the standardized mean difference. The verdict fields are left for
 * the rules. `medianOf` gives a group's median score at this stage (null when unknown).
 */
export function scoringRows(
  tool: string | null,
  stage: string,
  attributes: string[],
  groups: readonly GroupAgg[],
  shift: number,
  policy: Policy,
  medianOf: (g: GroupAgg) => number | null = () => null,
): { rows: MeasuredScoringRow[]; posthocP: number[] } {
  const { excluded, ref, posthocP } = comparisonFrame(groups, (g) => countOf(g, policy), policy);
  const refMoments = ref ? momentsOfGroup(ref, shift) : null;

  const rows = groups
    .filter((g) => g.scored > 0)
    .map((g) => {
      const m = momentsOfGroup(g, shift);
      const row: MeasuredScoringRow = {
        tool,
        stage,
        attributes,
        groups: g.key,
        reference: ref?.key ?? null,
        is_reference: g === ref,
        n: g.scored,
        above_median: g.above,
        at_median: g.at,
        scoring_rate: countOf(g, policy).x / g.scored,
        impact_ratio: g === ref ? 1 : null,
        impact_ratio_ci: null,
        fisher_p: null,
        holm_p: null,
        ...NO_TWO_BY_TWO,
        mean: m?.mean ?? null,
        median: medianOf(g),
        sd: m && m.n > 1 ? Math.sqrt((m.varPop * m.n) / (m.n - 1)) : null,
        smd: null,
        verdict: 'not_assessed',
        verdict_rule: '',
        exclusion: excluded.get(g) ?? null,
      };
      if (!ref || g === ref || excluded.get(g) !== null) return row;
      const x = countOf(g, policy).x;
      const xr = countOf(ref, policy).x;
      const [a, b, c, d] = [x, g.scored - x, xr, ref.scored - xr];
      if (xr > 0) {
        const ir = impactRatioInterval(a, g.scored, c, ref.scored);
        row.impact_ratio = ir.ratio;
        row.impact_ratio_ci = [ir.lower, ir.upper];
      }
      row.fisher_p = fisherExact2x2(a, b, c, d);
      Object.assign(row, twoByTwoStats([a, b, c, d], policy.conventions));
      if (m && refMoments && m.n > 1 && refMoments.n > 1 && m.n + refMoments.n > 2) {
        const smd = standardizedMeanDifference(m, refMoments);
        row.smd = Number.isFinite(smd) ? smd : null;
      }
      return row;
    });
  return { rows, posthocP };
}

/**
 * Impact ratio as a function of the cut score (requirements Q2, UGESP 1607.3(B)): at each bin
 * edge c, each group's share with score >= c, divided by the highest such share among the
 * compared groups. Exact at the edges because bins are aligned with them.
 */
export function cutScoreCurve(
  tool: string | null,
  stage: string,
  attributes: string[],
  groups: readonly GroupAgg[],
  grid: { lo: number; width: number; bins: number },
  policy: Policy,
): CutScoreCurve {
  const knownTotal = groups.filter((g) => !g.unknown).reduce((a, g) => a + g.scored, 0);
  const compared = groups.filter((g) => g.scored > 0 && exclusionOf({ ...g, n: g.scored }, knownTotal, policy) === null);
  const cuts = Array.from({ length: grid.bins }, (_, k) => grid.lo + k * grid.width);
  const rates = compared.map((g) => {
    const out = new Array<number>(grid.bins);
    let atOrAbove = 0;
    for (let k = grid.bins - 1; k >= 0; k--) {
      atOrAbove += g.hist[k] ?? 0;
      out[k] = atOrAbove / g.scored;
    }
    return out;
  });
  const best = cuts.map((_, k) => rates.reduce((m, r) => Math.max(m, r[k]!), -Infinity));
  return {
    tool,
    stage,
    attributes,
    cuts,
    groups: compared.map((g, i) => ({
      groups: g.key,
      n: g.scored,
      rates: rates[i]!,
      impact_ratios: rates[i]!.map((r, k) => (best[k]! > 0 ? r / best[k]! : null)),
    })),
  };
}

type CutScorePoints = NonNullable<DisparitySection['cut_score_points']>[number];

/**
 * Rates at the policy's explicit cut scores (e.g. the vendor's actual 54.18), beside the grid:
 * each compared group's count and share with score >= cut, and that share over the highest share
 * among the compared groups at the same cut (UGESP 1607.3(B): a cut with less adverse impact).
 */
export function cutScorePoints(tool: string | null, stage: string, attributes: string[], groups: readonly GroupAgg[], cuts: readonly number[], policy: Policy): CutScorePoints {
  const knownTotal = groups.filter((g) => !g.unknown).reduce((a, g) => a + g.scored, 0);
  const compared = groups.filter((g) => g.scored > 0 && exclusionOf({ ...g, n: g.scored }, knownTotal, policy) === null);
  const rates = compared.map((g) => cuts.map((_, k) => (g.cuts[k] ?? 0) / g.scored));
  const best = cuts.map((_, k) => rates.reduce((m, r) => Math.max(m, r[k]!), -Infinity));
  return {
    tool,
    stage,
    attributes,
    cuts: [...cuts],
    groups: compared.map((g, i) => ({
      groups: g.key,
      n: g.scored,
      at_or_above: cuts.map((_, k) => g.cuts[k] ?? 0),
      rates: rates[i]!,
      impact_ratios: rates[i]!.map((r, k) => (best[k]! > 0 ? r / best[k]! : null)),
    })),
  };
}
