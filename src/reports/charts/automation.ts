import type { TopLevelSpec } from 'vega-lite';
import type { AuditResult } from '../../audit/contract/audit-result.js';
import type { Words } from '../i18n/index.js';
import { specHead } from './chart.js';
import { BAND_STEP, PLOT_WIDTH, verdictScaleFor, verdictText } from './theme.js';

type AutomationGroup = NonNullable<AuditResult['automation']>['groups'][number];

/**
 * GDPR/AVG art. 22: the share of each group's rejections taken by the tool without human review
 * (automated rejection rate) with its 95% CI, coloured by the verdict on unequal automation.
 * Review times are kept as quantiles, not a histogram, so they are in the tables, not drawn.
 */
export function automatedRejectionChart(rows: readonly AutomationGroup[], w: Words): TopLevelSpec {
  const first = rows[0];
  if (first === undefined) throw new RangeError('automatedRejectionChart needs at least one row');
  const { t } = w;
  const attribute = first.attributes.join(' × ');
  const where = w.stageText(first.tool, first.stage);
  const shown = rows.filter((r) => r.arr !== null);
  const notAssessed = verdictText('not_assessed', w);
  const values = shown.map((r) => ({
    group: Object.values(r.groups).join(' × '),
    arr: r.arr,
    lower: r.arr_ci?.[0] ?? r.arr,
    upper: r.arr_ci?.[1] ?? r.arr,
    rejected: r.rejected,
    unreviewed: r.rejected_unreviewed,
    verdict: r.excluded ? notAssessed : verdictText(r.arr_verdict, w),
  }));
  const description =
    `${t('chart.auto.description', { attribute, where })} ` +
    shown
      .map((r) => t('chart.auto.item', { group: Object.values(r.groups).join(' × '), share: w.pct(r.arr), n: w.count(r.rejected), verdict: r.excluded ? t('chart.auto.notCompared') : verdictText(r.arr_verdict, w) }))
      .join('; ') +
    '.';
  return {
    ...specHead({ title: t('chart.auto.title', { attribute, where }), subtitle: t('chart.auto.subtitle'), description }, w),
    data: { values },
    width: PLOT_WIDTH,
    height: { step: BAND_STEP },
    layer: [
      {
        mark: { type: 'bar', height: { band: 0.7 } },
        encoding: {
          y: { field: 'group', type: 'nominal', sort: null, title: attribute },
          x: { field: 'arr', type: 'quantitative', title: t('chart.axis.arrCi'), axis: { format: '.0%' }, scale: { domain: [0, 1] } },
          color: { field: 'verdict', type: 'nominal', title: t('chart.verdict'), scale: verdictScaleFor(w) },
          tooltip: [
            { field: 'group', type: 'nominal', title: attribute },
            { field: 'rejected', type: 'quantitative', title: t('chart.tip.rejections') },
            { field: 'unreviewed', type: 'quantitative', title: t('chart.tip.unreviewed') },
            { field: 'arr', type: 'quantitative', format: '.1%', title: t('chart.tip.arr') },
            { field: 'verdict', type: 'nominal', title: t('chart.verdict') },
          ],
        },
      },
      {
        mark: { type: 'rule', color: '#000000' },
        encoding: { y: { field: 'group', type: 'nominal', sort: null }, x: { field: 'lower', type: 'quantitative' }, x2: { field: 'upper' } },
      },
    ],
  };
}
