import type { AuditResult } from '../../audit/contract/audit-result.js';
import { type Words, wordsFor } from '../i18n/index.js';
import { automatedRejectionChart } from './automation.js';
import { type Chart, chartText } from './chart.js';
import { cloneCurveChart } from './clone-curve.js';
import { cutScoreChart } from './cut-scores.js';
import { driftChart } from './drift.js';
import { funnelChart } from './funnel.js';
import { impactRatioChart } from './impact-ratios.js';
import { scoreMeansChart } from './score-means.js';
import { selectionRateChart } from './selection-rates.js';
import { validityChart } from './validity.js';

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

/** Collects charts with their id (kind + names) and heading. */
function collector() {
  const charts: Chart[] = [];
  const add = (kind: string, group: string, idParts: (string | null)[], spec: Chart['spec']) =>
    charts.push({ id: slug([kind, ...idParts]), group, ...chartText(spec), spec });
  return { charts, add };
}

/** Disparity charts: per stage (selection rates, impact ratios, scores, cut scores), then the funnel per tool. */
function disparityCharts(result: AuditResult, w: Words): Chart[] {
  const d = result.disparity;
  const threshold = result.policy.thresholds.impactRatio;
  const attributes = result.dataset.protectedAttributes;
  const { charts, add } = collector();

  for (const stage of d.stages) {
    const group = w.stageText(stage.tool, stage.stage);
    const at = <T extends { tool: string | null; stage: string }>(rows: readonly T[]) => rows.filter((r) => r.tool === stage.tool && r.stage === stage.stage);
    const rows = at(d.rows);
    for (const attr of attributes) {
      const mine = rows.filter((r) => single(r.attributes) && r.attributes[0] === attr);
      if (mine.length) add('selection-rate', group, [stage.tool, stage.stage, attr], selectionRateChart(mine, w));
    }
    if (rows.some((r) => r.impact_ratio !== null)) add('impact-ratio', group, [stage.tool, stage.stage], impactRatioChart(rows, threshold, w));
    const scoring = at(d.scoring);
    for (const attr of attributes) {
      const mine = scoring.filter((r) => single(r.attributes) && r.attributes[0] === attr && r.mean !== null);
      if (mine.length) add('score', group, [stage.tool, stage.stage, attr], scoreMeansChart(mine, w));
    }
    for (const curve of at(d.cut_scores).filter((c) => single(c.attributes))) {
      add('cut-score', group, [stage.tool, stage.stage, curve.attributes[0]!], cutScoreChart(curve, threshold, w));
    }
  }
  const tools = [...new Set(d.funnel.map((r) => r.tool))];
  for (const tool of tools) {
    for (const attr of attributes) {
      const mine = d.funnel.filter((r) => r.tool === tool && single(r.attributes) && r.attributes[0] === attr);
      if (mine.length && (mine[0]?.stages.length ?? 0) > 1) add('funnel', tool ? `${tool} / ${w.t('chart.group.funnel')}` : w.t('chart.group.funnel'), [tool, attr], funnelChart(mine, attr, tool, w));
    }
  }
  return charts;
}

/** Validity per group, per stage and single attribute. */
function validityCharts(result: AuditResult, w: Words): Chart[] {
  const { charts, add } = collector();
  const groups = result.validity?.groups ?? [];
  const keys = [...new Map(groups.map((g) => [JSON.stringify([g.tool, g.stage, g.attribute]), g])).values()];
  for (const k of keys) {
    const rows = groups.filter((g) => g.tool === k.tool && g.stage === k.stage && g.attribute === k.attribute);
    if (rows.some((r) => r.r !== null)) add('validity', `${w.stageText(k.tool, k.stage)} / ${w.t('chart.group.validity')}`, [k.tool, k.stage, k.attribute], validityChart(rows, result.policy.thresholds.validitySufficient, w));
  }
  return charts;
}

/** Impact ratio over time, per drift stage and attribute with at least one assessable period. */
function stabilityCharts(result: AuditResult, w: Words): Chart[] {
  const { charts, add } = collector();
  // In funnel order, like the disparity charts
  const order = (tool: string | null, stage: string) => result.disparity.stages.findIndex((s) => s.tool === tool && s.stage === stage);
  const stages = [...(result.stability?.drift?.stages ?? [])].sort((a, b) => order(a.tool, a.stage) - order(b.tool, b.stage));
  for (const stage of stages) {
    for (const attr of [...new Set(stage.groups.map((g) => g.attribute))]) {
      // worth a chart when some group other than the period's reference can be compared
      const assessable = stage.groups.some((g) => g.attribute === attr && g.periods.some((p) => p.assessable && p.impact_ratio !== null && p.reference !== g.group));
      if (assessable) add('drift', `${w.stageText(stage.tool, stage.stage)} / ${w.t('chart.group.overTime')}`, [stage.tool, stage.stage, attr], driftChart(stage, attr, result.policy.thresholds.impactRatio, w));
    }
  }
  return charts;
}

/** The clone curve per tool and stage that has benchmark rows. */
function similarityCharts(result: AuditResult, w: Words): Chart[] {
  const { charts, add } = collector();
  for (const unit of result.similarity?.units ?? []) {
    if (unit.clone_curve.some((q) => q.rate !== null)) add('clone-curve', `${w.stageText(unit.tool, unit.stage)} / ${w.t('chart.group.similar')}`, [unit.tool, unit.stage], cloneCurveChart(unit, w));
  }
  return charts;
}

/** Automated rejection rate by group, per stage and single attribute. */
function automationCharts(result: AuditResult, w: Words): Chart[] {
  const { charts, add } = collector();
  const groups = (result.automation?.groups ?? []).filter((g) => single(g.attributes));
  const keys = [...new Map(groups.map((g) => [JSON.stringify([g.tool, g.stage, g.attributes[0]]), g])).values()];
  for (const k of keys) {
    const rows = groups.filter((g) => g.tool === k.tool && g.stage === k.stage && g.attributes[0] === k.attributes[0]);
    if (rows.some((r) => r.arr !== null)) add('automated-rejections', `${w.stageText(k.tool, k.stage)} / ${w.t('chart.group.review')}`, [k.tool, k.stage, k.attributes[0]!], automatedRejectionChart(rows, w));
  }
  return charts;
}

/**
 * Every chart of a report, in reading order. Each section of the AuditResult contributes its
 * charts when it is present; later sections (validity, stability …) plug in here the same way.
 */
export function buildCharts(result: AuditResult): Chart[] {
  const w = wordsFor(result);
  return uniqueIds([...disparityCharts(result, w), ...validityCharts(result, w), ...stabilityCharts(result, w), ...similarityCharts(result, w), ...automationCharts(result, w)]);
}
