import type { TopLevelSpec } from 'vega-lite';
import type { DisparityRow } from '../../audit/contract/audit-result.js';
import { groupText, pct, stageText } from '../format.js';
import { specHead } from './chart.js';
import { BAND_STEP, PLOT_WIDTH, verdictScale, verdictText } from './theme.js';

/**
 * Selection rate per group at one stage for one attribute: bars coloured by verdict, Wilson 95%
 * CI whiskers, and a dashed line at the reference group's rate (what impact ratios divide by).
 */
export function selectionRateChart(rows: readonly DisparityRow[]): TopLevelSpec {
  const first = rows[0];
  if (first === undefined) throw new RangeError('selectionRateChart needs at least one row');
  const attribute = first.attributes.join(' × ');
  const shown = rows.filter((r) => r.rate !== null);
  const values = shown.map((r) => ({
    group: Object.values(r.groups).join(' × '),
    n: r.n,
    selected: r.selected,
    rate: r.rate,
    lower: r.rate_ci?.[0] ?? r.rate,
    upper: r.rate_ci?.[1] ?? r.rate,
    impact_ratio: r.impact_ratio,
    verdict: verdictText(r.verdict),
  }));
  const reference = rows.find((r) => r.is_reference);
  const where = stageText(first.tool, first.stage);
  const description =
    `Selection rate by ${attribute} at ${where}, with 95% confidence intervals. ` +
    shown.map((r) => `${groupText(r.groups)}: ${pct(r.rate)} of ${r.n} (CI ${pct(r.rate_ci?.[0] ?? null)} to ${pct(r.rate_ci?.[1] ?? null)}), ${verdictText(r.verdict)}`).join('; ') +
    (reference ? `. Reference group ${groupText(reference.groups)} at ${pct(reference.rate)}.` : '. No reference group could be chosen.');
  const layers: NonNullable<Extract<TopLevelSpec, { layer: unknown }>['layer']> = [
    {
      mark: { type: 'bar', height: { band: 0.7 } },
      encoding: {
        y: { field: 'group', type: 'nominal', sort: null, title: attribute },
        x: { field: 'rate', type: 'quantitative', title: 'selection rate (95% CI)', axis: { format: '.0%' }, scale: { domainMin: 0 } },
        color: { field: 'verdict', type: 'nominal', title: 'verdict', scale: verdictScale },
        tooltip: [
          { field: 'group', type: 'nominal', title: attribute },
          { field: 'n', type: 'quantitative', title: 'candidates' },
          { field: 'selected', type: 'quantitative' },
          { field: 'rate', type: 'quantitative', format: '.1%', title: 'selection rate' },
          { field: 'lower', type: 'quantitative', format: '.1%', title: 'CI lower' },
          { field: 'upper', type: 'quantitative', format: '.1%', title: 'CI upper' },
          { field: 'impact_ratio', type: 'quantitative', format: '.2f', title: 'impact ratio' },
          { field: 'verdict', type: 'nominal' },
        ],
      },
    },
    {
      mark: { type: 'rule', color: '#000000' },
      encoding: { y: { field: 'group', type: 'nominal', sort: null }, x: { field: 'lower', type: 'quantitative' }, x2: { field: 'upper' } },
    },
  ];
  if (reference?.rate != null) {
    layers.push({
      data: { values: [{ rate: reference.rate, label: `reference ${groupText(reference.groups)}` }] },
      mark: { type: 'rule', strokeDash: [4, 4], color: '#000000' },
      encoding: { x: { field: 'rate', type: 'quantitative' }, tooltip: [{ field: 'label', type: 'nominal' }, { field: 'rate', type: 'quantitative', format: '.1%' }] },
    });
  }
  return {
    ...specHead({
      title: `Selection rate by ${attribute}: ${where}`,
      subtitle: reference ? `dashed line: reference group ${groupText(reference.groups)} (${pct(reference.rate)}); whiskers: Wilson 95% CI` : 'whiskers: Wilson 95% CI',
      description,
    }),
    data: { values },
    width: PLOT_WIDTH,
    height: { step: BAND_STEP },
    layer: layers,
  };
}
