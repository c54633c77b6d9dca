import type { TopLevelSpec } from 'vega-lite';
import type { AuditResult } from '../../audit/contract/audit-result.js';
import { stageText } from '../format.js';
import { specHead } from './chart.js';
import { PLOT_WIDTH } from './theme.js';

type CutScoreCurve = AuditResult['disparity']['cut_scores'][number];

/** The lowest cut at which a group's impact ratio falls under the threshold, or null. */
function firstCutBelow(cuts: readonly number[], ratios: readonly (number | null)[], threshold: number): number | null {
  const i = ratios.findIndex((r) => r !== null && r < threshold);
  return i < 0 ? null : (cuts[i] ?? null);
}

/**
 * Impact ratio against the cut score (UGESP 1607.3(B): is there a cut with less adverse impact?):
 * for each candidate cut, each group's share scoring at least the cut, divided by the highest share.
 */
export function cutScoreChart(curve: CutScoreCurve, threshold: number): TopLevelSpec {
  const attribute = curve.attributes.join(' × ');
  const where = stageText(curve.tool, curve.stage);
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
    `Impact ratio by ${attribute} at ${where} if candidates scoring at least the cut were selected, for cut scores from ${lo} to ${hi}. ` +
    curve.groups
      .map((g) => {
        const cut = firstCutBelow(curve.cuts, g.impact_ratios, threshold);
        return `${Object.values(g.groups).join(' × ')} (n = ${g.n}): ${cut === null ? `never below ${threshold}` : `first below ${threshold} at cut ${cut}`}`;
      })
      .join('; ') +
    '.';
  return {
    ...specHead({
      title: `Impact ratio against cut score by ${attribute}: ${where}`,
      subtitle: `dashed line: ${threshold}; high cuts leave few candidates, so the right end is noisy`,
      description,
    }),
    data: { values },
    width: PLOT_WIDTH,
    height: 240,
    layer: [
      {
        mark: { type: 'line', interpolate: 'step-after' },
        encoding: {
          x: { field: 'cut', type: 'quantitative', title: 'cut score (selected if score ≥ cut)' },
          y: { field: 'impact_ratio', type: 'quantitative', title: 'impact ratio', scale: { domain: [0, 1] } },
          color: { field: 'group', type: 'nominal', title: attribute },
          strokeDash: { field: 'group', type: 'nominal', title: attribute },
          tooltip: [
            { field: 'group', type: 'nominal', title: attribute },
            { field: 'cut', type: 'quantitative' },
            { field: 'rate', type: 'quantitative', format: '.1%', title: 'share at or above' },
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
