import { UNKNOWN_GROUP } from '../../contract/dataset.js';
import type { Policy } from '../../contract/policy.js';
import { holmAdjust } from '../../stats/holm.js';
import { compareCorrelations, minimumDetectableEffect } from '../../stats/validity-index.js';
import { chooseLargestReference } from '../group-frame.js';
import type { MeasuredRetestGroup } from './measured.js';
import { type RetestCell, sumRetestCells } from './cells.js';

/** The coefficients of one set of retest pairs (finalize.ts testRetestRow). */
type Coefficients = (cell: RetestCell) => Pick<MeasuredRetestGroup, 'pearson_r' | 'pearson_r_ci' | 'icc_agreement' | 'icc_agreement_ci'>;

/**
 * Differential reliability (our extension [C] of requirements Q7, which asks "by group" of the
 * perturbation measures): test–retest within each group of each protected attribute, at every stage (and tool), each group's r
 * compared with the reference group's by the Fisher z test for independent correlations.
 * Holm runs over every comparison of the section. ICC(2,1) is shown per group but not tested.
 */
export function testRetestGroupRows(cells: readonly RetestCell[], attributes: readonly string[], coefficientsOf: Coefficients, policy: Policy): MeasuredRetestGroup[] {
  const rows: MeasuredRetestGroup[] = [];
  const stageKey = (c: RetestCell) => JSON.stringify([c.tool ?? '', c.stage]);
  const stages = [...new Set(cells.map(stageKey))].sort();
  const byAttribute = attributes.map((_, i) => sumRetestCells(cells, (j) => j === i).map((c) => ({ ...c, value: c.values[0]! })));
  for (const key of stages) {
    attributes.forEach((attribute, i) => {
      const groups = byAttribute[i]!.filter((c) => stageKey(c) === key).sort((a, b) => (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
      const reference = chooseLargestReference(groups, (g) => g.n, attribute, policy);
      const refRow = reference ? coefficientsOf(reference) : null;
      for (const g of groups) rows.push(groupRow(g, attribute, reference, coefficientsOf(g), refRow, policy));
    });
  }
  adjust(rows);
  return rows;
}

function groupRow(
  g: RetestCell & { value: string },
  attribute: string,
  reference: (RetestCell & { value: string }) | null,
  row: ReturnType<Coefficients>,
  refRow: ReturnType<Coefficients> | null,
  policy: Policy,
): MeasuredRetestGroup {
  const isReference = reference !== null && g.value === reference.value;
  const excluded = g.value === UNKNOWN_GROUP ? 'unknown_category' : reference === null ? 'no_reference' : null;
  let z: number | null = null;
  let p: number | null = null;
  let mdq: number | null = null;
  const r = row.pearson_r;
  const refR = refRow?.pearson_r ?? null;
  if (!isReference && excluded === null && g.n > 3 && reference!.n > 3) {
    mdq = minimumDetectableEffect(Math.sqrt(1 / (g.n - 3) + 1 / (reference!.n - 3)), Infinity, policy.alpha, policy.thresholds.power);
    if (r !== null && refR !== null && Math.abs(r) < 1 && Math.abs(refR) < 1) {
      const cmp = compareCorrelations(r, g.n, refR, reference!.n);
      z = cmp.z;
      p = Number.isNaN(cmp.p) ? null : cmp.p;
    }
  }
  return {
    tool: g.tool,
    stage: g.stage,
    attribute,
    group: g.value,
    reference: reference?.value ?? null,
    is_reference: isReference,
    n_pairs: g.n,
    pearson_r: r,
    pearson_r_ci: row.pearson_r_ci,
    icc_agreement: row.icc_agreement,
    icc_agreement_ci: row.icc_agreement_ci,
    z,
    p,
    holm_p: null,
    minimum_detectable_q: mdq,
    excluded,
  };
}

/** Holm over every compared group of the section (not the reference, not excluded). */
function adjust(rows: MeasuredRetestGroup[]): void {
  const compared = rows.filter((r) => !r.is_reference && r.excluded === null);
  const adjusted = holmAdjust(compared.map((r) => r.p));
  compared.forEach((row, i) => {
    row.holm_p = adjusted[i] ?? null;
  });
}
