import type { TopLevelSpec } from 'vega-lite';
import type { DisparityRow } from '../../audit/contract/audit-result.js';
import type { Words } from '../i18n/index.js';
import { specHead } from './chart.js';
import { BAND_STEP, PLOT_WIDTH, verdictScaleFor, verdictText } from './theme.js';

/**
 * Selection rate per group at one stage for one attribute: bars coloured by verdict, Wilson 95%
 * CI whiskers, and a dashed line at the reference group's rate (what impact ratios divide by).
 */
export function selectionRateChart(rows: readonly DisparityRow[], w: Words): TopLevelSpec {
  const first = rows[0];
  if (first === undefined) throw new RangeError('selectionRateChart needs at least one row');
  const { t } = w;
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
    verdict: verdictText(r.verdict, w),
  }));
  const reference = rows.find((r) => r.is_reference);
  const where = w.stageText(first.tool, first.stage);
  const description =
    t('chart.rate.description', { attribute, where }) +
    ' ' +
    shown
      .map((r) => t('chart.rate.item', { group: w.groupText(r.groups), rate: w.pct(r.rate), n: w.count(r.n), lower: w.pct(r.rate_ci?.[0] ?? null), upper: w.pct(r.rate_ci?.[1] ?? null), verdict: verdictText(r.verdict, w) }))
      .join('; ') +
    (reference ? `. ${t('chart.rate.reference', { group: w.groupText(reference.groups), rate: w.pct(reference.rate) })}` : `. ${t('chart.rate.noReference')}`);
  const layers: NonNullable<Extract<TopLevelSpec, { layer: unknown }>['layer']> = [
    {
      mark: { type: 'bar', height: { band: 0.7 } },
      encoding: {
        y: { field: 'group', type: 'nominal', sort: null, title: attribute },
        x: { field: 'rate', type: 'quantitative', title: t('chart.axis.rateCi'), axis: { format: '.0%' }, scale: { domainMin: 0 } },
        color: { field: 'verdict', type: 'nominal', title: t('chart.verdict'), scale: verdictScaleFor(w) },
        tooltip: [
          { field: 'group', type: 'nominal', title: attribute },
          { field: 'n', type: 'quantitative', title: t('chart.tip.candidates') },
          { field: 'selected', type: 'quantitative', title: t('chart.tip.selected') },
          { field: 'rate', type: 'quantitative', format: '.1%', title: t('chart.tip.rate') },
          { field: 'lower', type: 'quantitative', format: '.1%', title: t('chart.tip.lower') },
          { field: 'upper', type: 'quantitative', format: '.1%', title: t('chart.tip.upper') },
          { field: 'impact_ratio', type: 'quantitative', format: '.2f', title: t('chart.tip.impactRatio') },
          { field: 'verdict', type: 'nominal', title: t('chart.verdict') },
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
      data: { values: [{ rate: reference.rate, label: t('chart.rate.referenceLabel', { group: w.groupText(reference.groups) }) }] },
      mark: { type: 'rule', strokeDash: [4, 4], color: '#000000' },
      encoding: { x: { field: 'rate', type: 'quantitative' }, tooltip: [{ field: 'label', type: 'nominal', title: t('chart.tip.line') }, { field: 'rate', type: 'quantitative', format: '.1%', title: t('chart.tip.rate') }] },
    });
  }
  return {
    ...specHead(
      {
        title: t('chart.rate.title', { attribute, where }),
        subtitle: reference ? t('chart.rate.subtitle', { group: w.groupText(reference.groups), rate: w.pct(reference.rate) }) : t('chart.rate.subtitleNoReference'),
        description,
      },
      w,
    ),
    data: { values },
    width: PLOT_WIDTH,
    height: { step: BAND_STEP },
    layer: layers,
  };
}
