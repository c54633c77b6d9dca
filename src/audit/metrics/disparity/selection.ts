import type { DisparityRow } from '../../contract/audit-result.js';
import type { Policy } from '../../contract/policy.js';
import { chiSquare2x2, cohensH, fisherExact2x2, impactRatioInterval, twoProportionZ, wilsonInterval } from '../../stats/index.js';
import { comparisonFrame, type GroupAgg } from './groups.js';
import { type Comparison, fourFifths, minExpectedCount } from './verdict.js';

/** A disparity row before Holm adjustment and verdict, with what the verdict needs. */
export interface PendingRow {
  row: DisparityRow;
  comparison: Comparison | null;
}

const rateOf = (g: GroupAgg) => (g.n > 0 ? g.selected / g.n : null);

/** Selection-rate rows of one stage and grouping (requirements Q1, Q4, Q5), and the p-values of the unreported pairs. */
export function selectionRows(
  tool: string | null,
  stage: string,
  attributes: string[],
  groups: readonly GroupAgg[],
  policy: Policy,
): { rows: PendingRow[]; posthocP: number[] } {
  const { knownTotal, excluded, ref, posthocP } = comparisonFrame(groups, (g) => ({ x: g.selected, n: g.n }), policy);

  const rows = groups.map((g): PendingRow => {
    const rate = rateOf(g);
    const base: DisparityRow = {
      tool,
      stage,
      attributes,
      groups: g.key,
      reference: ref?.key ?? null,
      is_reference: g === ref,
      n: g.n,
      selected: g.selected,
      rate,
      rate_ci: g.n > 0 ? wilsonInterval(g.selected, g.n) : null,
      share: knownTotal > 0 && !g.unknown ? g.n / knownTotal : 0,
      impact_ratio: null,
      impact_ratio_ci: null,
      four_fifths: 'insufficient',
      fisher_p: null,
      chi2_p: null,
      z_p: null,
      holm_p: null,
      cohens_h: null,
      shortfall: null,
      one_selection_flip: null,
      excluded_from_ir: excluded.get(g) ?? (g.n === 0 ? 'no candidates' : null),
      verdict: 'not_assessed',
      verdict_rule: excluded.get(g) ?? 'no candidates at this stage',
    };
    if (ref === null || base.excluded_from_ir !== null) {
      if (ref === null && base.excluded_from_ir === null) {
        base.verdict = 'insufficient_evidence';
        base.verdict_rule = policy.reference.rule === 'named' ? 'the named reference group has no candidates here' : 'no group to compare with';
      }
      return { row: base, comparison: null };
    }
    if (g === ref) {
      const small = g.n < policy.minGroupSize;
      base.impact_ratio = 1;
      base.four_fifths = small ? 'insufficient' : 'pass';
      base.verdict = small ? 'insufficient_evidence' : 'pass';
      base.verdict_rule = small
        ? `reference group with n = ${g.n} under the minimum group size ${policy.minGroupSize}`
        : 'reference group (highest selection rate among groups of at least the minimum size)';
      return { row: base, comparison: null };
    }
    return { row: base, comparison: compare(base, g, ref, policy) };
  });
  return { rows, posthocP };
}

/** Fills the focal-vs-reference statistics of a row and returns what its verdict needs. */
function compare(row: DisparityRow, g: GroupAgg, ref: GroupAgg, policy: Policy): Comparison {
  const [a, b, c, d] = [g.selected, g.n - g.selected, ref.selected, ref.n - ref.selected];
  const refRate = ref.selected / ref.n;
  const rate = g.selected / g.n;
  if (ref.selected > 0) {
    const ir = impactRatioInterval(a, g.n, c, ref.n);
    row.impact_ratio = ir.ratio;
    row.impact_ratio_ci = [ir.lower, ir.upper];
    if (ref.selected >= 1) {
      const shifted = (g.selected + 1) / g.n / ((ref.selected - 1) / ref.n);
      row.one_selection_flip = shifted < policy.thresholds.impactRatio !== ir.ratio < policy.thresholds.impactRatio;
    }
  }
  row.fisher_p = fisherExact2x2(a, b, c, d);
  row.chi2_p = chiSquare2x2(a, b, c, d).p;
  row.z_p = twoProportionZ(a, g.n, c, ref.n).p;
  row.cohens_h = cohensH(rate, refRate);
  row.shortfall = refRate * g.n - g.selected;
  const comparison: Comparison = {
    impactRatio: row.impact_ratio,
    holmP: null,
    n: g.n,
    referenceN: ref.n,
    minExpected: minExpectedCount(a, b, c, d),
  };
  row.four_fifths = fourFifths(comparison, policy);
  return comparison;
}
