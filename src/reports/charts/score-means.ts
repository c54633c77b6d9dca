import type { TopLevelSpec } from 'vega-lite';
import type { AuditResult } from '../../audit/contract/audit-result.js';
import type { Words } from '../i18n/index.js';
import { specHead } from './chart.js';
import { BAND_STEP, PLOT_WIDTH, verdictScaleFor, verdictText } from './theme.js';

type ScoringRow = AuditResult['disparity']['scoring'][number];

/**
 * Mean score ± 1 SD per group at one stage. The AuditResult keeps score moments, not the
 * distributions, so this stands in for a distribution plot; the SMD is in the tooltip.
 */
export function scoreMeansChart(rows: readonly ScoringRow[], w: Words): TopLevelSpec {
  const first = rows[0];
  if (first === undefined) throw new RangeError('scoreMeansChart needs at least one row');
  const { t } = w;
  const attribute = first.attributes.join(' × ');
  const where = w.stageText(first.tool, first.stage);
  const shown = rows.filter((r) => r.mean !== null);
  const values = shown.map((r) => ({
    group: Object.values(r.groups).join(' × '),
    n: r.n,
    mean: r.mean,
    lower: r.sd === null ? r.mean : r.mean! - r.sd,
    upper: r.sd === null ? r.mean : r.mean! + r.sd,
    sd: r.sd,
    smd: r.smd,
    scoring_rate: r.scoring_rate,
    verdict: verdictText(r.verdict, w),
  }));
  const description =
    `${t('chart.score.description', { attribute, where })} ` +
    shown
      .map((r) => t('chart.score.item', { group: w.groupText(r.groups), mean: w.fix(r.mean, 1), sd: w.fix(r.sd, 1), n: w.count(r.n) }) + (r.smd === null ? '' : `, ${t('chart.score.smd', { smd: w.fix(r.smd) })}`))
      .join('; ') +
    `. ${t('chart.score.colour')}`;
  return {
    ...specHead({ title: t('chart.score.title', { attribute, where }), subtitle: t('chart.score.subtitle'), description }, w),
    data: { values },
    width: PLOT_WIDTH,
    height: { step: BAND_STEP },
    layer: [
      {
        mark: { type: 'rule', color: '#000000' },
        encoding: {
          y: { field: 'group', type: 'nominal', sort: null, title: attribute },
          x: { field: 'lower', type: 'quantitative', title: t('chart.axis.score'), scale: { zero: false } },
          x2: { field: 'upper' },
        },
      },
      {
        mark: { type: 'point', filled: true, size: 70, opacity: 1 },
        encoding: {
          y: { field: 'group', type: 'nominal', sort: null },
          x: { field: 'mean', type: 'quantitative' },
          color: { field: 'verdict', type: 'nominal', title: t('chart.score.verdict'), scale: verdictScaleFor(w) },
          tooltip: [
            { field: 'group', type: 'nominal', title: attribute },
            { field: 'n', type: 'quantitative', title: t('chart.tip.scored') },
            { field: 'mean', type: 'quantitative', format: '.1f', title: t('chart.tip.mean') },
            { field: 'sd', type: 'quantitative', format: '.1f', title: 'SD' },
            { field: 'smd', type: 'quantitative', format: '.2f', title: t('chart.tip.smd') },
            { field: 'scoring_rate', type: 'quantitative', format: '.1%', title: t('chart.tip.scoringRate') },
            { field: 'verdict', type: 'nominal', title: t('chart.verdict') },
          ],
        },
      },
    ],
  };
}
