import { UNKNOWN_GROUP } from '../../contract/dataset.js';
import type { DisparityRow, DisparitySection } from '../../contract/audit-result.js';
import type { Policy } from '../../contract/policy.js';
import { pooledComparison, type StratumCounts, stratifiedStats } from '../two-by-two.js';
import { comparisonFrame, type GroupAgg, groupStage } from './groups.js';
import type { DisparityCell, StrataCell } from './scan.js';
import { selectionRows } from './selection.js';

type StratifiedRow = NonNullable<DisparitySection['stratified']>[number];
type StratumRow = NonNullable<DisparitySection['stratum_rows']>[number];

/** Strata cells as disparity cells (no score), so the groups of a stratum sum as a stage's do. */
const asCells = (cells: readonly StrataCell[]): DisparityCell[] =>
  cells.map((c) => ({ tool: c.tool, stage: c.stage, values: c.values, bin: null, n: c.n, selected: c.selected, s1: 0, s2: 0, above: 0, at: 0, cuts: [] }));

/** The cells of one stage split by the values of stratum column k (the empty value, 'unknown', apart). */
function byStratum(cells: readonly StrataCell[], k: number): { strata: Map<string, StrataCell[]>; unknown: StrataCell[] } {
  const strata = new Map<string, StrataCell[]>();
  const unknown: StrataCell[] = [];
  for (const c of cells) {
    const value = c.strata[k]!;
    if (value === UNKNOWN_GROUP) unknown.push(c);
    else strata.set(value, [...(strata.get(value) ?? []), c]);
  }
  return { strata: new Map([...strata.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))), unknown };
}

/**
 * Cochran-Mantel-Haenszel across the values of each stratum column within one stage (a stage of
 * one tool), per protected attribute: each compared group against the stage's reference (the same
 * choice as the stage's selection rows: highest rate, or the named group), the strata where both
 * groups have candidates, the pooled comparison beside it, and the candidates with an empty
 * stratum value (counted, left out). `simpson_paradox` is left for the rules.
 */
export function stratifiedRows(
  tool: string | null,
  stage: string,
  attributes: readonly string[],
  cells: readonly StrataCell[],
  policy: Policy,
): StratifiedRow[] {
  const out: StratifiedRow[] = [];
  policy.strata.forEach((column, k) => {
    const { strata, unknown } = byStratum(cells, k);
    attributes.forEach((attribute, i) => {
      const pooled = groupStage(asCells(cells), attributes, [i], 0);
      const { compared, ref } = comparisonFrame(pooled, (g) => ({ x: g.selected, n: g.n }), policy);
      if (!ref) return;
      const perStratum = [...strata.entries()].map(([value, c]) => ({ value, groups: groupStage(asCells(c), attributes, [i], 0) }));
      const missing = groupStage(asCells(unknown), attributes, [i], 0);
      for (const g of compared) {
        if (g === ref) continue;
        const counts: StratumCounts[] = [];
        for (const s of perStratum) {
          const focal = s.groups.find((x) => x.label === g.label);
          const reference = s.groups.find((x) => x.label === ref.label);
          if (focal && reference) counts.push({ stratum: s.value, n: focal.n, selected: focal.selected, referenceN: reference.n, referenceSelected: reference.selected });
        }
        const res = stratifiedStats(counts, policy.conventions);
        if (!res) continue;
        const without = missing.filter((x) => x.label === g.label || x.label === ref.label).reduce((a, x) => a + x.n, 0);
        out.push({
          tool,
          attribute,
          group: g.label,
          reference: ref.label,
          ...res,
          stage,
          stratum_column: column,
          pooled: pooledComparison(g, ref, policy.conventions),
          without_stratum: without,
          simpson_paradox: null,
        });
      }
    });
  });
  return out;
}

/**
 * Selection-rate rows within each stratum of each stratum column (policy strataRows): the rows a
 * stage has, computed on the stratum's candidates alone, with the stratum named. Their Fisher p
 * values join the audit's Holm family.
 */
export function stratumSelectionRows(
  tool: string | null,
  stage: string,
  attributes: readonly string[],
  sets: readonly number[][],
  cells: readonly StrataCell[],
  policy: Policy,
): { rows: StratumRow[]; posthocP: number[] } {
  const rows: StratumRow[] = [];
  const posthocP: number[] = [];
  policy.strata.forEach((column, k) => {
    for (const [value, c] of byStratum(cells, k).strata) {
      for (const set of sets) {
        const groups: GroupAgg[] = groupStage(asCells(c), attributes, set, 0);
        const sel = selectionRows(tool, stage, set.map((i) => attributes[i]!), groups, policy);
        for (const r of sel.rows) rows.push({ ...(r as DisparityRow), stratum: { [column]: value } });
        for (const p of sel.posthocP) posthocP.push(p);
      }
    }
  });
  return { rows, posthocP };
}
