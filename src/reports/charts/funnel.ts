import type { TopLevelSpec } from 'vega-lite';
import type { AuditResult } from '../../audit/contract/audit-result.js';
import type { Words } from '../i18n/index.js';
import { specHead } from './chart.js';
import { PLOT_WIDTH } from './theme.js';

type FunnelRow = AuditResult['disparity']['funnel'][number];

/** Share of a group's applicants still in the process after each stage: the running product of pass rates. */
function cumulativeRates(row: FunnelRow): { stage: string; rate: number }[] {
  const points: { stage: string; rate: number }[] = [];
  let running = 1;
  for (const s of row.stages) {
    if (s.rate === null) break; // nobody reached this stage: the line stops here
    running *= s.rate;
    points.push({ stage: s.stage, rate: running });
  }
  return points;
}


/**
 * The multi-stage funnel for one attribute: one line per group from 100% at application to the
 * share hired (UGESP 1607.4(C) "bottom line"), shapes as well as colours telling the groups apart.
 */
export function funnelChart(rows: readonly FunnelRow[], attribute: string, tool: string | null, w: Words): TopLevelSpec {
  const { t } = w;
  const start = t('chart.funnel.applied');
  const stages = [start, ...(rows[0]?.stages.map((s) => s.stage) ?? [])];
  const values = rows.flatMap((r) => {
    const group = Object.values(r.groups).join(' × ');
    return [{ group, stage: start, rate: 1 }, ...cumulativeRates(r).map((p) => ({ group, ...p }))];
  });
  const where = tool ? ` (${tool})` : '';
  const description =
    `${t('chart.funnel.description', { stages: stages.slice(1).join(', '), attribute, where })} ` +
    rows
      .map((r) => t('chart.funnel.item', { group: Object.values(r.groups).join(' × '), rate: w.pct(r.cumulative_rate), ir: w.fix(r.impact_ratio), fourFifths: t(`fourFifths.${r.four_fifths}`) }))
      .join('; ') +
    '.';
  return {
    ...specHead({ title: t('chart.funnel.title', { attribute, where }), subtitle: t('chart.funnel.subtitle'), description }, w),
    data: { values },
    width: PLOT_WIDTH,
    height: 260,
    mark: { type: 'line', point: { filled: true, size: 60 } },
    encoding: {
      x: { field: 'stage', type: 'ordinal', sort: stages, title: t('chart.axis.stage'), axis: { labelAngle: 0 } },
      y: { field: 'rate', type: 'quantitative', title: t('chart.axis.stillIn'), axis: { format: '.0%' }, scale: { type: 'log' } },
      color: { field: 'group', type: 'nominal', title: attribute },
      shape: { field: 'group', type: 'nominal', title: attribute },
      tooltip: [
        { field: 'group', type: 'nominal', title: attribute },
        { field: 'stage', type: 'ordinal', title: t('chart.axis.stage') },
        { field: 'rate', type: 'quantitative', format: '.1%', title: t('chart.tip.stillIn') },
      ],
    },
  };
}
