import type { TopLevelSpec } from 'vega-lite';
import type { DisparityRow } from '../../audit/contract/audit-result.js';
import type { Words } from '../i18n/index.js';
import { specHead } from './chart.js';
import { BAND_STEP, PLOT_WIDTH, verdictScaleFor, verdictText } from './theme.js';

/**
 * Impact ratio of every group at one stage (single attributes and intersections), with the Katz
 * 95% CI, coloured by verdict, against the four-fifths line. Groups without an impact ratio
 * (unknown, too small) are named in the text alternative instead.
 */
export function impactRatioChart(rows: readonly DisparityRow[], threshold: number, w: Words): TopLevelSpec {
  const first = rows[0];
  if (first === undefined) throw new RangeError('impactRatioChart needs at least one row');
  const { t } = w;
  const where = w.stageText(first.tool, first.stage);
  const line = w.fix(threshold, String(threshold).split('.')[1]?.length ?? 0);
  const shown = rows.filter((r) => r.impact_ratio !== null);
  const missing = rows.filter((r) => r.impact_ratio === null);
  const values = shown.map((r) => ({
    group: w.groupText(r.groups),
    n: r.n,
    impact_ratio: r.impact_ratio,
    lower: r.impact_ratio_ci?.[0] ?? r.impact_ratio,
    upper: r.impact_ratio_ci?.[1] ?? r.impact_ratio,
    reference: w.groupText(r.reference),
    verdict: verdictText(r.verdict, w),
  }));
  const below = shown.filter((r) => r.impact_ratio! < threshold);
  const scale = verdictScaleFor(w);
  const description =
    `${t('chart.ir.description', { where, line })} ` +
    (below.length
      ? `${t('chart.ir.below', { line, list: below.map((r) => `${w.groupText(r.groups)} ${w.fix(r.impact_ratio)} (${verdictText(r.verdict, w)})`).join('; ') })} `
      : `${t('chart.ir.noneBelow', { line })} `) +
    t('chart.ir.atOrAbove', { n: w.count(shown.length - below.length) }) +
    (missing.length ? ` ${t('chart.ir.missing', { list: missing.map((r) => `${w.groupText(r.groups)} (${r.excluded_from_ir === null ? t('chart.ir.noReference') : w.exclusion(r.excluded_from_ir)})`).join('; ') })}` : '');
  return {
    ...specHead({ title: t('chart.ir.title', { where }), subtitle: t('chart.ir.subtitle', { line }), description }, w),
    data: { values },
    width: PLOT_WIDTH,
    height: { step: BAND_STEP },
    layer: [
      {
        mark: { type: 'rule', color: '#000000' },
        encoding: {
          y: { field: 'group', type: 'nominal', sort: null, title: null, axis: { labelLimit: 400 } },
          x: { field: 'lower', type: 'quantitative', title: t('chart.axis.impactRatioCi'), scale: { domainMin: 0 } },
          x2: { field: 'upper' },
        },
      },
      {
        mark: { type: 'point', filled: true, size: 70, opacity: 1 },
        encoding: {
          y: { field: 'group', type: 'nominal', sort: null },
          x: { field: 'impact_ratio', type: 'quantitative' },
          color: { field: 'verdict', type: 'nominal', title: t('chart.verdict'), scale: scale },
          shape: { field: 'verdict', type: 'nominal', title: t('chart.verdict'), scale: { domain: scale.domain, range: ['triangle-down', 'diamond', 'square', 'cross', 'circle'] } },
          tooltip: [
            { field: 'group', type: 'nominal', title: t('chart.tip.group') },
            { field: 'reference', type: 'nominal', title: t('chart.tip.reference') },
            { field: 'n', type: 'quantitative', title: t('chart.tip.candidates') },
            { field: 'impact_ratio', type: 'quantitative', format: '.3f', title: t('chart.tip.impactRatio') },
            { field: 'lower', type: 'quantitative', format: '.3f', title: t('chart.tip.lower') },
            { field: 'upper', type: 'quantitative', format: '.3f', title: t('chart.tip.upper') },
            { field: 'verdict', type: 'nominal', title: t('chart.verdict') },
          ],
        },
      },
      {
        data: { values: [{ line: threshold, label: t('chart.ir.fourFifths') }] },
        mark: { type: 'rule', strokeDash: [4, 4], color: '#D55E00' },
        encoding: { x: { field: 'line', type: 'quantitative' }, tooltip: [{ field: 'label', type: 'nominal', title: t('chart.tip.line') }, { field: 'line', type: 'quantitative', title: t('chart.tip.value') }] },
      },
    ],
  };
}
