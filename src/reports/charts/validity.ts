import type { TopLevelSpec } from 'vega-lite';
import type { AuditResult } from '../../audit/contract/audit-result.js';
import type { Words } from '../i18n/index.js';
import { specHead } from './chart.js';
import { BAND_STEP, PLOT_WIDTH, verdictScaleFor, verdictText } from './theme.js';

type GroupValidity = NonNullable<AuditResult['validity']>['groups'][number];

/**
 * Differential validity: the score–criterion correlation per group with its 95% CI, against the
 * "sufficient validity" band edge. The AuditResult keeps no individual scores, so this stands in
 * for a scatter with per-group regression lines.
 */
export function validityChart(rows: readonly GroupValidity[], sufficient: number, w: Words): TopLevelSpec {
  const first = rows[0];
  if (first === undefined) throw new RangeError('validityChart needs at least one row');
  const { t } = w;
  const edge = w.lang === 'en' ? String(sufficient) : String(sufficient).replace('.', ',');
  const where = w.stageText(first.tool, first.stage);
  const shown = rows.filter((r) => r.r !== null);
  const referenceLabel = t('chart.validity.reference');
  const notCompared = t('chart.validity.notCompared');
  const values = shown.map((r) => ({
    group: r.group,
    r: r.r,
    lower: r.r_ci?.[0] ?? r.r,
    upper: r.r_ci?.[1] ?? r.r,
    n: r.n,
    verdict: r.is_reference ? referenceLabel : r.verdict === null ? notCompared : verdictText(r.verdict, w),
  }));
  const scale = verdictScaleFor(w);
  const description =
    `${t('chart.validity.description', { attribute: first.attribute, where })} ` +
    shown.map((r) => `${r.group}${r.is_reference ? ` ${t('label.reference')}` : ''}: r = ${w.fix(r.r)} (n = ${w.count(r.n)})`).join('; ') +
    `. ${t('chart.validity.line', { edge })}`;
  return {
    ...specHead({ title: t('chart.validity.title', { attribute: first.attribute, where }), subtitle: t('chart.validity.subtitle', { edge }), description }, w),
    data: { values },
    width: PLOT_WIDTH,
    height: { step: BAND_STEP },
    layer: [
      {
        mark: { type: 'rule', color: '#000000' },
        encoding: {
          y: { field: 'group', type: 'nominal', sort: null, title: first.attribute },
          x: { field: 'lower', type: 'quantitative', title: t('chart.axis.r'), scale: { domain: [-1, 1] } },
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
            title: t('chart.verdict'),
            scale: { domain: [...scale.domain, referenceLabel, notCompared], range: [...scale.range, '#000000', '#CCCCCC'] },
          },
          tooltip: [
            { field: 'group', type: 'nominal', title: first.attribute },
            { field: 'n', type: 'quantitative', title: t('chart.tip.criterionRows') },
            { field: 'r', type: 'quantitative', format: '.3f', title: 'r' },
            { field: 'lower', type: 'quantitative', format: '.3f', title: t('chart.tip.lower') },
            { field: 'upper', type: 'quantitative', format: '.3f', title: t('chart.tip.upper') },
            { field: 'verdict', type: 'nominal', title: t('chart.verdict') },
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
