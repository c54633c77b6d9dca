import { type AggregateQuery, type Dimension, type Measure, type Predicate, q } from '../../engine/aggregate-query.js';
import type { Engine } from '../../engine/engine.js';
import { type FamilyContext, USED_ROWS } from '../family.js';

/** One cell of the stage x tool x (all protected attributes) x score-bin cross-tabulation. */
export interface DisparityCell {
  tool: string | null;
  stage: string;
  /** Values of ctx.dataset.protectedAttributes, in that order. */
  values: string[];
  /** Score bin index, or null for candidates without a score (or when there is no score). */
  bin: number | null;
  n: number;
  selected: number;
  /** Σ w·(score − shift) and Σ w·(score − shift)² over scored candidates: mergeable moments. */
  s1: number;
  s2: number;
  /** Candidates scoring strictly above their stage's median. */
  above: number;
}

export interface StageScores {
  tool: string | null;
  stage: string;
  median: number | null;
  min: number | null;
  max: number | null;
}

export interface DisparityAggregates {
  cells: DisparityCell[];
  stageScores: StageScores[];
  /** Equal-width score grid shared by every stage (null without scores). */
  grid: { lo: number; width: number; bins: number } | null;
  shift: number;
}

const text = (v: string | number | null | undefined) => (v === null || v === undefined ? null : String(v));
const num = (v: string | number | null | undefined) => (v === null || v === undefined ? 0 : Number(v));
const numOrNull = (v: string | number | null | undefined) => (v === null || v === undefined ? null : Number(v));

function stageKeyPredicate(tool: string | null, stage: string, hasTool: boolean): Predicate[] {
  return [q.eq('stage', stage), ...(hasTool && tool !== null ? [q.eq('tool', tool)] : [])];
}

/**
 * Three scans: per-stage score range and mean (to place the grid and the moment shift), per-stage
 * medians (LL144's scoring-rate cut), then one grouped scan over stage x attributes x score bin
 * that every disparity statistic is computed from.
 */
export async function scanDisparity(engine: Engine, ctx: FamilyContext): Promise<DisparityAggregates> {
  const { dataset, policy } = ctx;
  const stageDims: Record<string, Dimension> = { stage: q.col('stage'), ...(dataset.hasTool ? { tool: q.col('tool') } : {}) };
  const scored = dataset.hasScore;

  let stageScores: StageScores[] = [];
  let grid: DisparityAggregates['grid'] = null;
  let shift = 0;
  if (scored) {
    const ranges = await engine.aggregate({
      name: 'score range',
      dims: stageDims,
      measures: { n: { kind: 'weight', where: q.notNull('score') }, sum: { kind: 'sum', column: 'score' }, min: { kind: 'min', column: 'score' }, max: { kind: 'max', column: 'score' } },
      where: USED_ROWS,
    });
    const medians = await engine.medians({ column: 'score', by: Object.keys(stageDims), where: USED_ROWS });
    const medianOf = new Map(medians.map((m) => [`${text(m['tool'])}\u0000${text(m['stage'])}`, numOrNull(m['median'])]));
    stageScores = ranges.map((r) => ({
      tool: text(r['tool']),
      stage: String(r['stage']),
      median: medianOf.get(`${text(r['tool'])}\u0000${text(r['stage'])}`) ?? null,
      min: numOrNull(r['min']),
      max: numOrNull(r['max']),
    }));
    const total = ranges.reduce((a, r) => a + num(r['n']), 0);
    const lo = stageScores.reduce((m, s) => Math.min(m, s.min ?? Infinity), Infinity);
    const hi = stageScores.reduce((m, s) => Math.max(m, s.max ?? -Infinity), -Infinity);
    if (total > 0 && Number.isFinite(lo) && Number.isFinite(hi)) {
      shift = ranges.reduce((a, r) => a + num(r['sum']), 0) / total;
      const bins = policy.thresholds.cutScoreBins;
      grid = { lo, width: hi > lo ? (hi - lo) / bins : 1, bins };
    }
  }

  const dims: Record<string, Dimension> = { ...stageDims };
  dataset.protectedAttributes.forEach((attr, i) => (dims[`a${i}`] = q.col(attr)));
  if (grid) dims['bin'] = { kind: 'bin', column: 'score', ...grid };
  const measures: Record<string, Measure> = {
    n: { kind: 'weight' },
    selected: { kind: 'sum', column: 'selected' },
  };
  if (grid) {
    measures['s1'] = { kind: 'sum', column: 'score', shift };
    measures['s2'] = { kind: 'sum', column: 'score', shift, power: 2 };
    const aboveMedian = stageScores
      .filter((s) => s.median !== null)
      .map((s) => q.and(...stageKeyPredicate(s.tool, s.stage, dataset.hasTool), { op: 'gt', column: 'score', value: s.median! }));
    measures['above'] = { kind: 'weight', where: q.or(...aboveMedian) };
  }
  const query: AggregateQuery = { name: 'disparity cells', dims, measures, where: USED_ROWS };
  const rows = await engine.aggregate(query);
  const cells = rows.map((r) => ({
    tool: text(r['tool']),
    stage: String(r['stage']),
    values: dataset.protectedAttributes.map((_, i) => String(r[`a${i}`])),
    bin: numOrNull(r['bin']),
    n: num(r['n']),
    selected: num(r['selected']),
    s1: num(r['s1']),
    s2: num(r['s2']),
    above: num(r['above']),
  }));
  return { cells, stageScores, grid, shift };
}
