import type { TopLevelSpec } from 'vega-lite';
import type { AuditResult } from '../../audit/contract/audit-result.js';
import { pct, stageText } from '../format.js';
import { specHead } from './chart.js';
import { BAND_STEP } from './theme.js';

type SimilarityUnit = NonNullable<AuditResult['similarity']>['units'][number];

/**
 * The clone curve (similar-to-me): selection rate by resemblance quintile, from the fifth of the
 * pool most like the benchmark incumbents to the fifth least alike, with Wilson 95% CIs.
 * A falling curve means the tool favours candidates who resemble the incumbents.
 */
export function cloneCurveChart(unit: SimilarityUnit): TopLevelSpec {
  const values = unit.clone_curve
    .filter((q) => q.rate !== null)
    .map((q) => ({ quintile: `Q${q.quintile}`, rate: q.rate, lower: q.rate_ci?.[0] ?? q.rate, upper: q.rate_ci?.[1] ?? q.rate, n: q.n, selected: q.selected }));
  const where = stageText(unit.tool, unit.stage);
  const description =
    `Selection rate by resemblance to the benchmark profile at ${where}, from quintile 1 (most like the benchmark) to 5 (least alike): ` +
    unit.clone_curve.map((q) => `Q${q.quintile} ${pct(q.rate)} of ${q.n}`).join('; ') +
    '.';
  return {
    ...specHead({ title: `Clone curve: ${where}`, subtitle: 'selection rate by resemblance quintile (Q1 = most like the benchmark); whiskers: Wilson 95% CI', description }),
    data: { values },
    width: { step: BAND_STEP * 3 },
    height: 220,
    layer: [
      {
        mark: { type: 'bar', color: '#0072B2' },
        encoding: {
          x: { field: 'quintile', type: 'ordinal', title: 'resemblance quintile (Q1 = most alike)', axis: { labelAngle: 0 } },
          y: { field: 'rate', type: 'quantitative', title: 'selection rate (95% CI)', axis: { format: '.0%' } },
          tooltip: [
            { field: 'quintile', type: 'ordinal' },
            { field: 'n', type: 'quantitative', title: 'candidates' },
            { field: 'selected', type: 'quantitative' },
            { field: 'rate', type: 'quantitative', format: '.1%', title: 'selection rate' },
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
