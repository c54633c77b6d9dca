import type { TopLevelSpec } from 'vega-lite';
import type { AuditResult } from '../../audit/contract/audit-result.js';
import type { Words } from '../i18n/index.js';
import { specHead } from './chart.js';
import { PLOT_WIDTH } from './theme.js';

type CutScoreCurve = AuditResult['disparity']['cut_scores'][number];

/** The lowest cut at which a group's impact ratio falls under the threshold, or null. */
function firstCutBelow(cuts: readonly number[], ratios: readonly (number | null)[], threshold: number): number | null {
  const i = ratios.findIndex((r) => r !== null && r < threshold);
  return i < 0 ? null : (cuts[i] ?? null);
}

/** A number as the policy or data has it, with the language's decimal mark. */
const plain = (x: number, w: Words) => (w.lang === 'en' ? String(x) : String(x).replace('.', ','));

/**
 * Impact ratio against the cut score (UGESP 1607.3(B): is there a cut with less adverse impact?):
 * for each candidate cut, each group's share scoring at least the cut, divided by the highest share.
 */
export function cutScoreChart(curve: CutScoreCurve, threshold: number, w: Words): TopLevelSpec {
  const { t } = w;
  const attribute = curve.attributes.join(' × ');
  const where = w.stageText(curve.tool, curve.stage);
  const line = plain(threshold, w);
  const values = curve.groups.flatMap((g) => {
    const group = Object.values(g.groups).join(' × ');
    return curve.cuts.flatMap((cut, i) => {
      const ir = g.impact_ratios[i];
      return ir === null || ir === undefined ? [] : [{ group, cut, impact_ratio: ir, rate: g.rates[i] ?? null, n: g.n }];
    });
  });
  const lo = curve.cuts[0];
  const hi = curve.cuts[curve.cuts.length - 1];
  const description =
    `${t('chart.cut.description', { attribute, where, lo: lo === undefined ? '–' : plain(lo, w), hi: hi === undefined ? '–' : plain(hi, w) })} ` +
    curve.groups
      .map((g) => {
        const cut = firstCutBelow(curve.cuts, g.impact_ratios, threshold);
        const when = cut === null ? t('chart.cut.never', { line }) : t('chart.cut.first', { line, cut: plain(cut, w) });
        return `${Object.values(g.groups).join(' × ')} (n = ${w.count(g.n)}): ${when}`;
      })
      .join('; ') +
    '.';
  return {
    ...specHead({ title: t('chart.cut.title', { attribute, where }), subtitle: t('chart.cut.subtitle', { line }), description }, w),
    data: { values },
    width: PLOT_WIDTH,
    height: 240,
    layer: [
      {
        mark: { type: 'line', interpolate: 'step-after' },
        encoding: {
          x: { field: 'cut', type: 'quantitative', title: t('chart.axis.cut') },
          y: { field: 'impact_ratio', type: 'quantitative', title: t('chart.tip.impactRatio'), scale: { domain: [0, 1] } },
          color: { field: 'group', type: 'nominal', title: attribute },
          strokeDash: { field: 'group', type: 'nominal', title: attribute },
          tooltip: [
            { field: 'group', type: 'nominal', title: attribute },
            { field: 'cut', type: 'quantitative', title: t('chart.tip.cut') },
            { field: 'rate', type: 'quantitative', format: '.1%', title: t('chart.tip.atOrAbove') },
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
