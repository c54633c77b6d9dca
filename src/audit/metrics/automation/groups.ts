import { UNKNOWN_GROUP } from '../../contract/dataset.js';
import type { Policy } from '../../contract/policy.js';
import { cochranMantelHaenszel, fisherExact2x2 } from '../../stats/index.js';
import { chooseReference } from '../group-frame.js';
import type { Comparison, MeasuredGroup, NotCompared } from './measured.js';
import type { AutomationCell } from './scan.js';
import { dwellQuantiles, ratio, sumCells, type Totals, wilson } from './stage.js';

/** One group of one grouping at one stage, with its summed counts. */
export interface GroupTotals {
  key: Record<string, string>;
  label: string;
  unknown: boolean;
  totals: Totals;
}

/** Sums a stage's cells into the groups of one grouping (attribute indices), in label order. */
export function groupTotals(cells: readonly AutomationCell[], attributes: readonly string[], grouping: readonly number[]): GroupTotals[] {
  const by = new Map<string, { key: Record<string, string>; unknown: boolean; cells: AutomationCell[] }>();
  for (const c of cells) {
    const values = grouping.map((i) => c.values[i]!);
    const label = values.join(' × ');
    const g = by.get(label) ?? { key: Object.fromEntries(grouping.map((i, k) => [attributes[i]!, values[k]!])), unknown: values.includes(UNKNOWN_GROUP), cells: [] };
    g.cells.push(c);
    by.set(label, g);
  }
  return [...by]
    .map(([label, g]) => ({ key: g.key, label, unknown: g.unknown, totals: sumCells(g.cells) }))
    .sort((a, b) => (a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
}

const minus = (a: Totals, b: Totals): Totals => Object.fromEntries(Object.keys(a).map((k) => [k, a[k as keyof Totals] - b[k as keyof Totals]])) as Totals;
const knownRejections = (t: Totals) => t.rejected - t.rejectedReviewUnknown;

/**
 * Group rows of one stage and grouping: ARR, short-review share of reviewed rejections and the
 * reviewers' decisions, each compared with the rest of the known groups (one group against all
 * others: under the null every such test is valid, and Holm across them controls the error rate);
 * tool vs final impact ratios against the group with the highest final rate.
 *
 * - ARR: Fisher exact on [[unreviewed, reviewed] rejections] of the group vs the rest.
 * - Rubber-stamped rejections: Fisher exact on [[short, not short] timed reviewed rejections].
 * - Humans adding disparity: Cochran-Mantel-Haenszel of (group vs rest) x (advanced after review)
 *   among reviewed decisions, stratified by the tool's own outcome, so only what reviewers
 *   changed counts; OR < 1 = reviewers advance the group less often than the rest.
 */
export function groupRows(
  tool: string | null,
  stage: string,
  attributes: string[],
  groups: readonly GroupTotals[],
  stageTotals: Totals,
  dwell: ((g: GroupTotals) => readonly number[] | null) | null,
  hasOverride: boolean,
  policy: Policy,
): MeasuredGroup[] {
  const known = groups.filter((g) => !g.unknown);
  const knownTotals = sumCells([]);
  for (const g of known) for (const k of Object.keys(knownTotals) as (keyof Totals)[]) knownTotals[k] += g.totals[k];
  const finalRate = (g: GroupTotals) => ratio(g.totals.finalSelected, g.totals.toolKnown);
  const ref = hasOverride ? chooseReference(known.filter((g) => g.totals.toolKnown > 0), finalRate, (g) => g.totals.toolKnown, policy) : null;
  const arrVaries = stageTotals.rejectedUnreviewed > 0 && stageTotals.rejectedUnreviewed < knownRejections(stageTotals);
  const shortVaries = stageTotals.shortRejected > 0 && stageTotals.shortRejected < stageTotals.timedRejected;
  const overridden = hasOverride && stageTotals.up + stageTotals.down > 0;

  return groups.map((g) => {
    const t = g.totals;
    const rest = minus(knownTotals, t);
    const q = dwell?.(g) ?? null;
    const { median, p10 } = q ? dwellQuantiles(q) : { median: null, p10: null };
    const toolRate = hasOverride ? ratio(t.toolSelected, t.toolKnown) : null;
    const fr = hasOverride ? finalRate(g) : null;
    const refTool = ref ? ratio(ref.totals.toolSelected, ref.totals.toolKnown) : null;
    const refFinal = ref ? finalRate(ref) : null;
    const excluded = g.unknown;
    const row: MeasuredGroup['row'] = {
      tool,
      stage,
      attributes,
      groups: g.key,
      n: t.n,
      rejected: t.rejected,
      rejected_unreviewed: t.rejectedUnreviewed,
      arr: ratio(t.rejectedUnreviewed, knownRejections(t)),
      arr_ci: wilson(t.rejectedUnreviewed, knownRejections(t)),
      arr_rest: excluded ? null : ratio(rest.rejectedUnreviewed, knownRejections(rest)),
      arr_fisher_p: null,
      arr_holm_p: null,
      reviewed: t.reviewed,
      review_seconds_median: median,
      review_seconds_p10: p10,
      timed_rejected: t.timedRejected,
      short_rejected: t.shortRejected,
      short_share: ratio(t.shortRejected, t.timedRejected),
      short_rest: excluded ? null : ratio(rest.shortRejected, rest.timedRejected),
      short_fisher_p: null,
      short_holm_p: null,
      override_known: t.overrideKnown,
      overrides_up: t.up,
      overrides_down: t.down,
      override_rate: hasOverride ? ratio(t.up + t.down, t.overrideKnown) : null,
      reference: ref?.key ?? null,
      tool_rate: toolRate,
      final_rate: fr,
      tool_impact_ratio: toolRate !== null && refTool ? toolRate / refTool : null,
      final_impact_ratio: fr !== null && refFinal ? fr / refFinal : null,
      human_odds_ratio: null,
      human_cmh_p: null,
      human_holm_p: null,
    };
    const notCompared: Record<Comparison, NotCompared | null> = excluded
      ? { arr: 'unknown_category', short: 'unknown_category', human: 'unknown_category' }
      : {
          arr: arrVaries ? null : 'no_variation',
          short: shortVaries ? null : 'no_variation',
          human: overridden ? null : hasOverride ? 'no_override' : 'no_override_column',
        };
    if (!excluded && known.length > 1) {
      if (arrVaries) {
        row.arr_fisher_p = fisherExact2x2(t.rejectedUnreviewed, knownRejections(t) - t.rejectedUnreviewed, rest.rejectedUnreviewed, knownRejections(rest) - rest.rejectedUnreviewed);
      }
      if (shortVaries) {
        row.short_fisher_p = fisherExact2x2(t.shortRejected, t.timedRejected - t.shortRejected, rest.shortRejected, rest.timedRejected - rest.shortRejected);
      }
      if (overridden) Object.assign(row, humanTest(t, rest));
    } else if (!excluded) {
      for (const k of ['arr', 'short', 'human'] as const) notCompared[k] ??= 'only_known_group';
    }
    return { row, sizes: { arr: knownRejections(t), short: t.timedRejected, human: t.toolRejectedReviewed + t.toolSelectedReviewed }, notCompared };
  });
}

/** CMH of final outcome among reviewed decisions, group vs rest, strata = the tool's outcome. */
function humanTest(t: Totals, rest: Totals): Pick<MeasuredGroup['row'], 'human_odds_ratio' | 'human_cmh_p'> {
  // Stratum 1: the tool rejected; advanced after review = overridden up. Stratum 2: the tool advanced; still advanced = not overridden down.
  const tables: [number, number, number, number][] = [
    [t.up, t.toolRejectedReviewed - t.up, rest.up, rest.toolRejectedReviewed - rest.up],
    [t.toolSelectedReviewed - t.down, t.down, rest.toolSelectedReviewed - rest.down, rest.down],
  ];
  if (!tables.some((x) => x[0] + x[1] + x[2] + x[3] >= 2)) return { human_odds_ratio: null, human_cmh_p: null };
  const r = cochranMantelHaenszel(tables);
  return { human_odds_ratio: Number.isFinite(r.oddsRatio) ? r.oddsRatio : null, human_cmh_p: r.p };
}
