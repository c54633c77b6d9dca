import type { AuditResult } from '../../audit/contract/audit-result.js';
import { stageText } from '../format.js';
import { type Chart, chartText } from './chart.js';
import { cutScoreChart } from './cut-scores.js';
import { funnelChart } from './funnel.js';
import { impactRatioChart } from './impact-ratios.js';
import { scoreMeansChart } from './score-means.js';
import { selectionRateChart } from './selection-rates.js';

export type { Chart } from './chart.js';

/** "vendor_x", "cv_screen", "age_band" -> "vendor-x--cv-screen--age-band": safe in any file system. */
function slug(parts: readonly (string | null)[]): string {
  return parts
    .filter((p): p is string => p !== null && p !== '')
    .map((p) => p.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'x')
    .join('--');
}

/** Keeps ids unique when two names slug alike ("a b" and "a-b"), in a stable order. */
function uniqueIds(charts: Chart[]): Chart[] {
  const seen = new Map<string, number>();
  return charts.map((c) => {
    const n = (seen.get(c.id) ?? 0) + 1;
    seen.set(c.id, n);
    return n === 1 ? c : { ...c, id: `${c.id}-${n}` };
  });
}

const single = (attributes: readonly string[]) => attributes.length === 1;

/** Disparity charts: per stage (selection rates, impact ratios, scores, cut scores), then the funnel per tool. */
function disparityCharts(result: AuditResult): Chart[] {
  const d = result.disparity;
  const threshold = result.policy.thresholds.impactRatio;
  const attributes = result.dataset.protectedAttributes;
  const charts: Chart[] = [];
  const add = (kind: string, group: string, idParts: (string | null)[], spec: Chart['spec']) =>
    charts.push({ id: slug([kind, ...idParts]), group, ...chartText(spec), spec });

  for (const stage of d.stages) {
    const group = stageText(stage.tool, stage.stage);
    const at = <T extends { tool: string | null; stage: string }>(rows: readonly T[]) => rows.filter((r) => r.tool === stage.tool && r.stage === stage.stage);
    const rows = at(d.rows);
    for (const attr of attributes) {
      const mine = rows.filter((r) => single(r.attributes) && r.attributes[0] === attr);
      if (mine.length) add('selection-rate', group, [stage.tool, stage.stage, attr], selectionRateChart(mine));
    }
    if (rows.some((r) => r.impact_ratio !== null)) add('impact-ratio', group, [stage.tool, stage.stage], impactRatioChart(rows, threshold));
    const scoring = at(d.scoring);
    for (const attr of attributes) {
      const mine = scoring.filter((r) => single(r.attributes) && r.attributes[0] === attr && r.mean !== null);
      if (mine.length) add('score', group, [stage.tool, stage.stage, attr], scoreMeansChart(mine));
    }
    for (const curve of at(d.cut_scores).filter((c) => single(c.attributes))) {
      add('cut-score', group, [stage.tool, stage.stage, curve.attributes[0]!], cutScoreChart(curve, threshold));
    }
  }
  const tools = [...new Set(d.funnel.map((r) => r.tool))];
  for (const tool of tools) {
    for (const attr of attributes) {
      const mine = d.funnel.filter((r) => r.tool === tool && single(r.attributes) && r.attributes[0] === attr);
      if (mine.length && (mine[0]?.stages.length ?? 0) > 1) add('funnel', tool ? `${tool} / whole funnel` : 'whole funnel', [tool, attr], funnelChart(mine, attr, tool));
    }
  }
  return charts;
}

/**
 * Every chart of a report, in reading order. Each section of the AuditResult contributes its
 * charts when it is present; later sections (validity, stability …) plug in here the same way.
 */
export function buildCharts(result: AuditResult): Chart[] {
  return uniqueIds([...(result.disparity ? disparityCharts(result) : [])]);
}
