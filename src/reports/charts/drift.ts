import type { TopLevelSpec } from 'vega-lite';
import type { DriftStage } from '../../audit/contract/sections/stability.js';
import type { Words } from '../i18n/index.js';
import { specHead } from './chart.js';
import { PLOT_WIDTH } from './theme.js';

/**
 * Stability over time: each group's impact ratio per period for one attribute at one stage, only
 * where the comparison is assessable (both groups large enough), against the four-fifths line.
 */
export function driftChart(stage: DriftStage, attribute: string, threshold: number, w: Words): TopLevelSpec {
  const { t } = w;
  const line = w.lang === 'en' ? String(threshold) : String(threshold).replace('.', ',');
  const trends = stage.groups.filter((g) => g.attribute === attribute);
  const periods = stage.periods.map((p) => p.period);
  const values = trends.flatMap((g) =>
    g.periods.filter((p) => p.assessable && p.impact_ratio !== null).map((p) => ({ group: g.group, period: p.period, impact_ratio: p.impact_ratio, rate: p.rate, n: p.n, reference: p.reference })),
  );
  const where = w.stageText(stage.tool, stage.stage);
  const description =
    `${t('chart.drift.description', { attribute, first: periods[0] ?? '–', last: periods[periods.length - 1] ?? '–', where })} ` +
    trends
      .map((g) => {
        const shown = g.periods.filter((p) => p.assessable && p.impact_ratio !== null);
        if (shown.length === 0) return t('chart.drift.tooFew', { group: g.group });
        const low = shown.reduce((a, b) => (b.impact_ratio! < a.impact_ratio! ? b : a));
        return t('chart.drift.lowest', { group: g.group, ir: w.fix(low.impact_ratio), period: low.period }) + (g.crossed_in ? `, ${t('chart.drift.crossed', { line, period: g.crossed_in })}` : '');
      })
      .join('; ') +
    '.';
  return {
    ...specHead({ title: t('chart.drift.title', { attribute, where }), subtitle: periods.length > 1 ? t('chart.drift.subtitle', { line }) : t('chart.drift.subtitleOne', { line }), description }, w),
    data: { values },
    width: PLOT_WIDTH,
    height: 220,
    layer: [
      {
        mark: { type: 'line', point: { filled: true, size: 50 } },
        encoding: {
          x: { field: 'period', type: 'ordinal', sort: periods, scale: { domain: periods }, title: t('chart.axis.period'), axis: { labelAngle: 0 } },
          y: { field: 'impact_ratio', type: 'quantitative', title: t('chart.tip.impactRatio'), scale: { domainMin: 0 } },
          color: { field: 'group', type: 'nominal', title: attribute },
          shape: { field: 'group', type: 'nominal', title: attribute },
          tooltip: [
            { field: 'group', type: 'nominal', title: attribute },
            { field: 'period', type: 'ordinal', title: t('chart.axis.period') },
            { field: 'n', type: 'quantitative', title: t('chart.tip.candidates') },
            { field: 'rate', type: 'quantitative', format: '.1%', title: t('chart.tip.rate') },
            { field: 'reference', type: 'nominal', title: t('chart.tip.reference') },
            { field: 'impact_ratio', type: 'quantitative', format: '.3f', title: t('chart.tip.impactRatio') },
          ],
        },
      },
      {
        data: { values: [{ line: threshold }] },
        mark: { type: 'rule', strokeDash: [4, 4], color: '#D55E00' },
        encoding: { y: { field: 'line', type: 'quantitative' } },
      },
    ],
  };
}
