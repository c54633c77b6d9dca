import type { TopLevelSpec } from 'vega-lite';
import type { AuditResult } from '../../audit/contract/audit-result.js';
import { fix, stageText } from '../format.js';
import { specHead } from './chart.js';
import { BAND_STEP, PLOT_WIDTH, verdictScale, verdictText } from './theme.js';

type GroupValidity = NonNullable<AuditResult['validity']>['groups'][number];

/**
 * Differential validity: the score–criterion correlation per group with its 95% CI, against the
 * "sufficient validity" band edge. The AuditResult keeps no individual scores, so this stands in
 * for a scatter with per-group regression lines.
 */
export function validityChart(rows: readonly GroupValidity[], sufficient: number): TopLevelSpec {
  const first = rows[0];
  if (first === undefined) throw new RangeError('validityChart needs at least one row');
  const where = stageText(first.tool, first.stage);
  const shown = rows.filter((r) => r.r !== null);
  const values = shown.map((r) => ({
    group: r.group,
    r: r.r,
    lower: r.r_ci?.[0] ?? r.r,
    upper: r.r_ci?.[1] ?? r.r,
    n: r.n,
    verdict: r.is_reference ? 'reference' : r.verdict === null ? 'not compared' : verdictText(r.verdict),
  }));
  const description =
    `Correlation between score and criterion by ${first.attribute} at ${where}, with 95% confidence intervals. ` +
    shown.map((r) => `${r.group}${r.is_reference ? ' (reference)' : ''}: r = ${fix(r.r)} (n = ${r.n})`).join('; ') +
    `. Dashed line: r = ${sufficient}, the lower edge of sufficient validity (a convention).`;
  return {
    ...specHead({ title: `Validity by ${first.attribute}: ${where}`, subtitle: `score–criterion correlation per group; dashed line: r = ${sufficient} (convention)`, description }),
    data: { values },
    width: PLOT_WIDTH,
    height: { step: BAND_STEP },
    layer: [
      {
        mark: { type: 'rule', color: '#000000' },
        encoding: {
          y: { field: 'group', type: 'nominal', sort: null, title: first.attribute },
          x: { field: 'lower', type: 'quantitative', title: 'correlation r (95% CI)', scale: { domain: [-1, 1] } },
          x2: { field: 'upper' },
        },
      },
      {
        mark: { type: 'point', filled: true, size: 70, opacity: 1 },
        encoding: {
          y: { field: 'group', type: 'nominal', sort: null },
          x: { field: 'r', type: 'quantitative' },
          color: {
            field: 'verdict',
            type: 'nominal',
            title: 'verdict',
            scale: { domain: [...verdictScale.domain, 'reference', 'not compared'], range: [...verdictScale.range, '#000000', '#CCCCCC'] },
          },
          tooltip: [
            { field: 'group', type: 'nominal', title: first.attribute },
            { field: 'n', type: 'quantitative', title: 'criterion rows' },
            { field: 'r', type: 'quantitative', format: '.3f' },
            { field: 'lower', type: 'quantitative', format: '.3f', title: 'CI lower' },
            { field: 'upper', type: 'quantitative', format: '.3f', title: 'CI upper' },
            { field: 'verdict', type: 'nominal' },
          ],
        },
      },
      {
        data: { values: [{ line: sufficient }] },
        mark: { type: 'rule', strokeDash: [4, 4], color: '#D55E00' },
        encoding: { x: { field: 'line', type: 'quantitative' } },
      },
    ],
  };
}
