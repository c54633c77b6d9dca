import type { TopLevelSpec } from 'vega-lite';
import type { AuditResult } from '../../audit/contract/audit-result.js';
import type { Words } from '../i18n/index.js';
import { specHead } from './chart.js';
import { BAND_STEP } from './theme.js';

type SimilarityUnit = NonNullable<AuditResult['similarity']>['units'][number];

/**
 * The clone curve (similar-to-me): selection rate by resemblance quintile, from the fifth of the
 * pool most like the benchmark incumbents to the fifth least alike, with Wilson 95% CIs.
 * A falling curve means the tool favours candidates who resemble the incumbents.
 */
export function cloneCurveChart(unit: SimilarityUnit, w: Words): TopLevelSpec {
  const { t } = w;
  const values = unit.clone_curve
    .filter((q) => q.rate !== null)
    .map((q) => ({ quintile: `Q${q.quintile}`, rate: q.rate, lower: q.rate_ci?.[0] ?? q.rate, upper: q.rate_ci?.[1] ?? q.rate, n: q.n, selected: q.selected }));
  const where = w.stageText(unit.tool, unit.stage);
  const description =
    `${t('chart.clone.description', { where })} ` + unit.clone_curve.map((q) => t('chart.clone.item', { q: `Q${q.quintile}`, rate: w.pct(q.rate), n: w.count(q.n) })).join('; ') + '.';
  return {
    ...specHead({ title: t('chart.clone.title', { where }), subtitle: t('chart.clone.subtitle'), description }, w),
    data: { values },
    width: { step: BAND_STEP * 3 },
    height: 220,
    layer: [
      {
        mark: { type: 'bar', color: '#0072B2' },
        encoding: {
          x: { field: 'quintile', type: 'ordinal', title: t('chart.axis.quintile'), axis: { labelAngle: 0 } },
          y: { field: 'rate', type: 'quantitative', title: t('chart.axis.rateCi'), axis: { format: '.0%' } },
          tooltip: [
            { field: 'quintile', type: 'ordinal', title: t('chart.tip.quintile') },
            { field: 'n', type: 'quantitative', title: t('chart.tip.candidates') },
            { field: 'selected', type: 'quantitative', title: t('chart.tip.selected') },
            { field: 'rate', type: 'quantitative', format: '.1%', title: t('chart.tip.rate') },
          ],
        },
      },
      {
        mark: { type: 'rule', color: '#000000' },
        encoding: { x: { field: 'quintile', type: 'ordinal' }, y: { field: 'lower', type: 'quantitative' }, y2: { field: 'upper' } },
      },
    ],
  };
}
