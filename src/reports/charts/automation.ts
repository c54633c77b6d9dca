import type { TopLevelSpec } from 'vega-lite';
import type { AuditResult } from '../../audit/contract/audit-result.js';
import { pct, stageText } from '../format.js';
import { specHead } from './chart.js';
import { BAND_STEP, PLOT_WIDTH, verdictScale, verdictText } from './theme.js';

type AutomationGroup = NonNullable<AuditResult['automation']>['groups'][number];

/**
 * GDPR/AVG art. 22: the share of each group's rejections taken by the tool without human review
 * (automated rejection rate) with its 95% CI, coloured by the verdict on unequal automation.
 * Review times are kept as quantiles, not a histogram, so they are in the tables, not drawn.
 */
export function automatedRejectionChart(rows: readonly AutomationGroup[]): TopLevelSpec {
  const first = rows[0];
  if (first === undefined) throw new RangeError('automatedRejectionChart needs at least one row');
  const attribute = first.attributes.join(' × ');
  const where = stageText(first.tool, first.stage);
  const shown = rows.filter((r) => r.arr !== null);
  const values = shown.map((r) => ({
    group: Object.values(r.groups).join(' × '),
    arr: r.arr,
    lower: r.arr_ci?.[0] ?? r.arr,
    upper: r.arr_ci?.[1] ?? r.arr,
    rejected: r.rejected,
    unreviewed: r.rejected_unreviewed,
    verdict: r.excluded ? 'not assessed' : verdictText(r.arr_verdict),
  }));
  const description =
    `Share of rejections taken without human review, by ${attribute} at ${where}, with 95% confidence intervals. ` +
    shown.map((r) => `${Object.values(r.groups).join(' × ')}: ${pct(r.arr)} of ${r.rejected} rejections (${r.excluded ? 'not compared' : verdictText(r.arr_verdict)})`).join('; ') +
    '.';
  return {
    ...specHead({ title: `Automated rejections by ${attribute}: ${where}`, subtitle: 'share of rejections without human review (GDPR art. 22); whiskers: 95% CI', description }),
    data: { values },
    width: PLOT_WIDTH,
    height: { step: BAND_STEP },
    layer: [
      {
        mark: { type: 'bar', height: { band: 0.7 } },
        encoding: {
          y: { field: 'group', type: 'nominal', sort: null, title: attribute },
          x: { field: 'arr', type: 'quantitative', title: 'automated rejection rate (95% CI)', axis: { format: '.0%' }, scale: { domain: [0, 1] } },
          color: { field: 'verdict', type: 'nominal', title: 'verdict', scale: verdictScale },
          tooltip: [
            { field: 'group', type: 'nominal', title: attribute },
            { field: 'rejected', type: 'quantitative', title: 'rejections' },
            { field: 'unreviewed', type: 'quantitative', title: 'without review' },
            { field: 'arr', type: 'quantitative', format: '.1%', title: 'automated rejection rate' },
            { field: 'verdict', type: 'nominal' },
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
