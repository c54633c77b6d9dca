import type { TopLevelSpec } from 'vega-lite';
import type { DisparityRow } from '../../audit/contract/audit-result.js';
import { fix, groupText, stageText } from '../format.js';
import { specHead } from './chart.js';
import { BAND_STEP, PLOT_WIDTH, verdictScale, verdictText } from './theme.js';

/**
 * Impact ratio of every group at one stage (single attributes and intersections), with the Katz
 * 95% CI, coloured by verdict, against the four-fifths line. Groups without an impact ratio
 * (unknown, too small) are named in the text alternative instead.
 */
export function impactRatioChart(rows: readonly DisparityRow[], threshold: number): TopLevelSpec {
  const first = rows[0];
  if (first === undefined) throw new RangeError('impactRatioChart needs at least one row');
  const where = stageText(first.tool, first.stage);
  const shown = rows.filter((r) => r.impact_ratio !== null);
  const missing = rows.filter((r) => r.impact_ratio === null);
  const values = shown.map((r) => ({
    group: groupText(r.groups),
    n: r.n,
    impact_ratio: r.impact_ratio,
    lower: r.impact_ratio_ci?.[0] ?? r.impact_ratio,
    upper: r.impact_ratio_ci?.[1] ?? r.impact_ratio,
    reference: groupText(r.reference),
    verdict: verdictText(r.verdict),
  }));
  const below = shown.filter((r) => r.impact_ratio! < threshold);
  const description =
    `Impact ratio of each group at ${where} against its reference group, with 95% confidence intervals and the ${threshold} line. ` +
    (below.length ? `Below ${threshold}: ${below.map((r) => `${groupText(r.groups)} ${fix(r.impact_ratio)} (${verdictText(r.verdict)})`).join('; ')}. ` : `No group is below ${threshold}. `) +
    `${shown.length - below.length} groups are at or above it.` +
    (missing.length ? ` No impact ratio for: ${missing.map((r) => `${groupText(r.groups)} (${r.excluded_from_ir ?? 'no reference'})`).join('; ')}.` : '');
  return {
    ...specHead({
      title: `Impact ratios: ${where}`,
      subtitle: `dashed line: ${threshold} (four-fifths rule, a screening signal); whiskers: Katz 95% CI`,
      description,
    }),
    data: { values },
    width: PLOT_WIDTH,
    height: { step: BAND_STEP },
    layer: [
      {
        mark: { type: 'rule', color: '#000000' },
        encoding: {
          y: { field: 'group', type: 'nominal', sort: null, title: null, axis: { labelLimit: 400 } },
          x: { field: 'lower', type: 'quantitative', title: 'impact ratio (95% CI)', scale: { domainMin: 0 } },
          x2: { field: 'upper' },
        },
      },
      {
        mark: { type: 'point', filled: true, size: 70, opacity: 1 },
        encoding: {
          y: { field: 'group', type: 'nominal', sort: null },
          x: { field: 'impact_ratio', type: 'quantitative' },
          color: { field: 'verdict', type: 'nominal', title: 'verdict', scale: verdictScale },
          shape: { field: 'verdict', type: 'nominal', title: 'verdict', scale: { domain: verdictScale.domain, range: ['triangle-down', 'diamond', 'square', 'cross', 'circle'] } },
          tooltip: [
            { field: 'group', type: 'nominal' },
            { field: 'reference', type: 'nominal' },
            { field: 'n', type: 'quantitative', title: 'candidates' },
            { field: 'impact_ratio', type: 'quantitative', format: '.3f', title: 'impact ratio' },
            { field: 'lower', type: 'quantitative', format: '.3f', title: 'CI lower' },
            { field: 'upper', type: 'quantitative', format: '.3f', title: 'CI upper' },
            { field: 'verdict', type: 'nominal' },
          ],
        },
      },
      {
        data: { values: [{ line: threshold, label: 'four-fifths rule' }] },
        mark: { type: 'rule', strokeDash: [4, 4], color: '#D55E00' },
        encoding: { x: { field: 'line', type: 'quantitative' }, tooltip: [{ field: 'label', type: 'nominal' }, { field: 'line', type: 'quantitative' }] },
      },
    ],
  };
}
