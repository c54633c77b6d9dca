import type { TopLevelSpec } from 'vega-lite';
import type { DriftStage } from '../../audit/contract/sections/stability.js';
import { fix, stageText } from '../format.js';
import { specHead } from './chart.js';
import { PLOT_WIDTH } from './theme.js';

/**
 * Stability over time: each group's impact ratio per period for one attribute at one stage, only
 * where the comparison is assessable (both groups large enough), against the four-fifths line.
 */
export function driftChart(stage: DriftStage, attribute: string, threshold: number): TopLevelSpec {
  const trends = stage.groups.filter((g) => g.attribute === attribute);
  const periods = stage.periods.map((p) => p.period);
  const values = trends.flatMap((g) =>
    g.periods.filter((p) => p.assessable && p.impact_ratio !== null).map((p) => ({ group: g.group, period: p.period, impact_ratio: p.impact_ratio, rate: p.rate, n: p.n, reference: p.reference })),
  );
  const where = stageText(stage.tool, stage.stage);
  const description =
    `Impact ratio by ${attribute} per period (${periods[0]} to ${periods[periods.length - 1]}) at ${where}, where the group and its reference are both large enough. ` +
    trends
      .map((g) => {
        const shown = g.periods.filter((p) => p.assessable && p.impact_ratio !== null);
        if (shown.length === 0) return `${g.group}: too few candidates in every period`;
        const low = shown.reduce((a, b) => (b.impact_ratio! < a.impact_ratio! ? b : a));
        return `${g.group}: lowest ${fix(low.impact_ratio)} in ${low.period}${g.crossed_in ? `, crossed below ${threshold} in ${g.crossed_in}` : ''}`;
      })
      .join('; ') +
    '.';
  return {
    ...specHead({ title: `Impact ratio over time by ${attribute}: ${where}`, subtitle: `per ${periods.length > 1 ? 'period' : 'the one period'}; dashed line: ${threshold}`, description }),
    data: { values },
    width: PLOT_WIDTH,
    height: 220,
    layer: [
      {
        mark: { type: 'line', point: { filled: true, size: 50 } },
        encoding: {
          x: { field: 'period', type: 'ordinal', sort: periods, scale: { domain: periods }, title: 'period', axis: { labelAngle: 0 } },
          y: { field: 'impact_ratio', type: 'quantitative', title: 'impact ratio', scale: { domainMin: 0 } },
          color: { field: 'group', type: 'nominal', title: attribute },
          shape: { field: 'group', type: 'nominal', title: attribute },
          tooltip: [
            { field: 'group', type: 'nominal', title: attribute },
            { field: 'period', type: 'ordinal' },
            { field: 'n', type: 'quantitative', title: 'candidates' },
            { field: 'rate', type: 'quantitative', format: '.1%', title: 'selection rate' },
            { field: 'reference', type: 'nominal' },
            { field: 'impact_ratio', type: 'quantitative', format: '.3f', title: 'impact ratio' },
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
