import type { DisparityRow } from '../../contract/audit-result.js';
import type { Policy } from '../../contract/policy.js';
import { cohensH, fisherExact2x2, impactRatioInterval, twoProportionZ, wilsonInterval } from '../../stats/index.js';
import { chosenChiSquare, NO_TWO_BY_TWO, twoByTwoStats } from '../two-by-two.js';
import { comparisonFrame, type GroupAgg } from './groups.js';

const rateOf = (g: GroupAgg) => (g.n > 0 ? g.selected / g.n : null);

/**
 * Selection-rate rows of one stage and grouping (requirements Q1, Q4, Q5), and the p-values of the
 * unreported pairs. Numbers only: `excluded_from_ir` holds the exclusion's code, and the verdict
 * fields (`four_fifths`, `one_selection_flip`, `verdict`, `verdict_rule`) are left for the rules.
 */
export function selectionRows(
  tool: string | null,
  stage: string,
  attributes: string[],
  groups: readonly GroupAgg[],
  policy: Policy,
): { rows: DisparityRow[]; posthocP: number[] } {
  const { knownTotal, excluded, ref, posthocP } = comparisonFrame(groups, (g) => ({ x: g.selected, n: g.n }), policy);
  const rows = groups.map((g): DisparityRow => {
    const row: DisparityRow = {
      tool,
      stage,
      attributes,
      groups: g.key,
      reference: ref?.key ?? null,
      is_reference: g === ref,
      n: g.n,
      selected: g.selected,
      rate: rateOf(g),
      rate_ci: g.n > 0 ? wilsonInterval(g.selected, g.n) : null,
      share: knownTotal > 0 && !g.unknown ? g.n / knownTotal : 0,
      impact_ratio: null,
      impact_ratio_ci: null,
      four_fifths: 'insufficient',
      fisher_p: null,
      chi2_p: null,
      z_p: null,
      ...NO_TWO_BY_TWO,
      holm_p: null,
      cohens_h: null,
      shortfall: null,
      one_selection_flip: null,
      excluded_from_ir: excluded.get(g) ?? (g.n === 0 ? 'no_candidates' : null),
      verdict: 'not_assessed',
      verdict_rule: '',
    };
    if (ref === null || row.excluded_from_ir !== null) return row;
    if (g === ref) row.impact_ratio = 1;
    else compare(row, g, ref, policy);
    return row;
  });
  return { rows, posthocP };
}

/** Fills the focal-vs-reference statistics of a row. */
function compare(row: DisparityRow, g: GroupAgg, ref: GroupAgg, policy: Policy): void {
  const [a, b, c, d] = [g.selected, g.n - g.selected, ref.selected, ref.n - ref.selected];
  const refRate = ref.selected / ref.n;
  if (ref.selected > 0) {
    const ir = impactRatioInterval(a, g.n, c, ref.n);
    row.impact_ratio = ir.ratio;
    row.impact_ratio_ci = [ir.lower, ir.upper];
  }
  row.fisher_p = fisherExact2x2(a, b, c, d);
  const tests = twoByTwoStats([a, b, c, d], policy.conventions);
  Object.assign(row, tests);
  row.chi2_p = chosenChiSquare(tests, policy.conventions)?.p ?? null;
  row.z_p = twoProportionZ(a, g.n, c, ref.n).p;
  row.cohens_h = cohensH(g.selected / g.n, refRate);
  row.shortfall = refRate * g.n - g.selected;
}
