import { UNKNOWN_GROUP } from '../../contract/dataset.js';
import type { Policy } from '../../contract/policy.js';
import type { TestRetestGroup } from '../../contract/sections/reliability.js';
import { holmAdjust } from '../../stats/holm.js';
import { compareCorrelations, correlationDifferenceSampleSize, minimumDetectableEffect } from '../../stats/validity-index.js';
import { chooseLargestReference } from '../group-frame.js';
import { type RetestCell, sumRetestCells } from './scan.js';

/** The coefficients of one set of retest pairs (finalize.ts testRetestRow). */
type Coefficients = (cell: RetestCell) => Pick<TestRetestGroup, 'pearson_r' | 'pearson_r_ci' | 'icc_agreement' | 'icc_agreement_ci'>;

const fmt = (x: number) => x.toFixed(3);

/**
 * The difference differential reliability must be able to detect (our convention [C]): the
 * distance in Fisher z between the edges of the "sufficient" and "good" bands, i.e. the test can
 * tell a group measured at the one edge from a group measured at the other.
 */
export function reliabilityYardstick(policy: Policy): number {
  return Math.atanh(policy.thresholds.reliabilityGood) - Math.atanh(policy.thresholds.reliabilitySufficient);
}

/**
 * Differential reliability (our extension [C] of requirements Q7, which asks "by group" of the
 * perturbation measures): test–retest within each group of each protected attribute, at every stage (and tool), each group's r
 * compared with the reference group's by the Fisher z test for independent correlations.
 * Holm runs over every comparison of the section. ICC(2,1) is shown per group but not tested.
 */
export function testRetestGroupRows(cells: readonly RetestCell[], attributes: readonly string[], coefficientsOf: Coefficients, policy: Policy): TestRetestGroup[] {
  const rows: TestRetestGroup[] = [];
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
  judge(rows, policy);
  return rows;
}

function groupRow(
  g: RetestCell & { value: string },
  attribute: string,
  reference: (RetestCell & { value: string }) | null,
  row: ReturnType<Coefficients>,
  refRow: ReturnType<Coefficients> | null,
  policy: Policy,
): TestRetestGroup {
  const isReference = reference !== null && g.value === reference.value;
  const excluded = g.value === UNKNOWN_GROUP ? 'unknown category: counted, not compared' : reference === null ? 'no reference group with retest pairs' : null;
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
    verdict: null,
    verdict_rule: isReference ? 'reference group' : (excluded ?? ''),
  };
}

/**
 * Holm over the compared groups, then per group [C]: insufficient evidence under minGroupSize
 * pairs in the group or the reference; pass when both have r = 1 (Fisher z is undefined there,
 * and there is nothing to differ); insufficient evidence when r is undefined or 1 in only one
 * of them; warn when the Holm-adjusted p is under alpha (the tool scores one group less
 * consistently than the other); insufficient evidence when the test could miss the yardstick
 * difference; else pass.
 */
function judge(rows: TestRetestGroup[], policy: Policy): void {
  const compared = rows.filter((r) => !r.is_reference && r.excluded === null);
  const adjusted = holmAdjust(compared.map((r) => r.p));
  const yardstick = reliabilityYardstick(policy);
  const nNeeded = correlationDifferenceSampleSize(yardstick, policy.alpha, policy.thresholds.power);
  compared.forEach((row, i) => {
    row.holm_p = adjusted[i] ?? null;
    const ref = rows.find((r) => r.is_reference && r.tool === row.tool && r.stage === row.stage && r.attribute === row.attribute)!;
    const judged = ((): { verdict: NonNullable<TestRetestGroup['verdict']>; rule: string } => {
      if (row.n_pairs < policy.minGroupSize || ref.n_pairs < policy.minGroupSize) {
        return { verdict: 'insufficient_evidence', rule: `insufficient evidence: ${row.n_pairs} pairs (reference ${ref.n_pairs}) under the minimum of ${policy.minGroupSize}` };
      }
      if (row.pearson_r === 1 && ref.pearson_r === 1) {
        return { verdict: 'pass', rule: 'pass: both groups get a perfectly consistent second score (r = 1): no difference to test' };
      }
      if (row.holm_p === null || row.pearson_r === null || ref.pearson_r === null) {
        return { verdict: 'insufficient_evidence', rule: 'insufficient evidence: r is undefined or 1 in the group or the reference group' };
      }
      const pText = `Holm-adjusted Fisher-z p ${fmt(row.holm_p)}`;
      if (row.holm_p < policy.alpha) {
        const lower = row.pearson_r < ref.pearson_r ? row.group : ref.group;
        return { verdict: 'warn', rule: `warn: retest r ${fmt(row.pearson_r)} vs ${fmt(ref.pearson_r)}, ${pText} < ${policy.alpha}: the tool scores ${lower} less consistently (convention)` };
      }
      if (row.minimum_detectable_q !== null && row.minimum_detectable_q > yardstick) {
        return {
          verdict: 'insufficient_evidence',
          rule: `insufficient evidence: ${pText} >= ${policy.alpha}, but the test detects only |q| >= ${fmt(row.minimum_detectable_q)} > ${fmt(yardstick)} (the sufficient-to-good band distance) with power ${policy.thresholds.power}; about ${nNeeded} pairs per group needed`,
        };
      }
      return { verdict: 'pass', rule: `pass: ${pText} >= ${policy.alpha} and the test detects |q| >= ${fmt(row.minimum_detectable_q ?? 0)} <= ${fmt(yardstick)} with power ${policy.thresholds.power}` };
    })();
    row.verdict = judged.verdict;
    row.verdict_rule = judged.rule;
  });
}
