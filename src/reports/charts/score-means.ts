import type { TopLevelSpec } from 'vega-lite';
import type { AuditResult } from '../../audit/contract/audit-result.js';
import { fix, groupText, stageText } from '../format.js';
import { specHead } from './chart.js';
import { BAND_STEP, PLOT_WIDTH, verdictScale, verdictText } from './theme.js';

type ScoringRow = AuditResult['disparity']['scoring'][number];

/**
 * Mean score ± 1 SD per group at one stage. The AuditResult keeps score moments, not the
 * distributions, so this stands in for a distribution plot; the SMD is in the tooltip.
 */
export function scoreMeansChart(rows: readonly ScoringRow[]): TopLevelSpec {
  const first = rows[0];
  if (first === undefined) throw new RangeError('scoreMeansChart needs at least one row');
  const attribute = first.attributes.join(' × ');
  const where = stageText(first.tool, first.stage);
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
    verdict: verdictText(r.verdict),
  }));
  const description =
    `Mean score ± 1 standard deviation by ${attribute} at ${where}. ` +
    shown.map((r) => `${groupText(r.groups)}: mean ${fix(r.mean, 1)}, SD ${fix(r.sd, 1)}, n = ${r.n}${r.smd === null ? '' : `, standardized mean difference ${fix(r.smd)}`}`).join('; ') +
    '. Colour: verdict on the scoring rate (share above the stage median).';
  return {
    ...specHead({ title: `Score by ${attribute}: ${where}`, subtitle: 'mean ± 1 SD (the result keeps moments, not distributions)', description }),
    data: { values },
    width: PLOT_WIDTH,
    height: { step: BAND_STEP },
    layer: [
      {
        mark: { type: 'rule', color: '#000000' },
        encoding: {
          y: { field: 'group', type: 'nominal', sort: null, title: attribute },
          x: { field: 'lower', type: 'quantitative', title: 'score (mean ± 1 SD)', scale: { zero: false } },
          x2: { field: 'upper' },
        },
      },
      {
        mark: { type: 'point', filled: true, size: 70, opacity: 1 },
        encoding: {
          y: { field: 'group', type: 'nominal', sort: null },
          x: { field: 'mean', type: 'quantitative' },
          color: { field: 'verdict', type: 'nominal', title: 'scoring-rate verdict', scale: verdictScale },
          tooltip: [
            { field: 'group', type: 'nominal', title: attribute },
            { field: 'n', type: 'quantitative', title: 'candidates with a score' },
            { field: 'mean', type: 'quantitative', format: '.1f' },
            { field: 'sd', type: 'quantitative', format: '.1f', title: 'SD' },
            { field: 'smd', type: 'quantitative', format: '.2f', title: 'standardized mean difference' },
            { field: 'scoring_rate', type: 'quantitative', format: '.1%', title: 'scoring rate' },
            { field: 'verdict', type: 'nominal' },
          ],
        },
      },
    ],
  };
}
