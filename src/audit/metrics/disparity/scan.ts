import { type AggregateQuery, type AggregateRow, type Dimension, type Measure, type Predicate, q } from '../../engine/aggregate-query.js';
import { allMedians, type Engine } from '../../engine/engine.js';
import { type FamilyContext, USED_ROWS } from '../family.js';
import { groupings } from '../group-frame.js';

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
  /** Candidates scoring exactly their stage's median (ties; the at-or-above convention counts them). */
  at?: number;
  /** Candidates scoring at or above each of the policy's explicit cut scores, in its order. */
  cuts?: number[];
}

/** The median score of one group (values of `attributes`, in that order) at one stage. */
export interface GroupMedian {
  tool: string | null;
  stage: string;
  attributes: string[];
  values: string[];
  median: number | null;
}

/** Candidates of one stage x protected attributes x stratum values cell (policy strata). */
export interface StrataCell {
  tool: string | null;
  stage: string;
  /** Values of ctx.dataset.protectedAttributes, in that order. */
  values: string[];
  /** Values of ctx.policy.strata, in that order. */
  strata: string[];
  n: number;
  selected: number;
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
  /** Per grouping (each attribute, then pairs when intersectional), each group's median score per stage. */
  groupMedians?: GroupMedian[];
  /** Cells by stratum (none when the policy names no strata). */
  strataCells?: StrataCell[];
}

const text = (v: string | number | null | undefined) => (v === null || v === undefined ? null : String(v));
const num = (v: string | number | null | undefined) => (v === null || v === undefined ? 0 : Number(v));
const numOrNull = (v: string | number | null | undefined) => (v === null || v === undefined ? null : Number(v));

function stageKeyPredicate(tool: string | null, stage: string, hasTool: boolean): Predicate[] {
  return [q.eq('stage', stage), ...(hasTool && tool !== null ? [q.eq('tool', tool)] : [])];
}

/**
 * The scans: per-stage score range and mean (to place the grid and the moment shift), per-stage
 * medians (LL144's scoring-rate cut) and each group's median, then one grouped scan over stage x
 * attributes x score bin that every disparity statistic is computed from (with ties at the median
 * and counts at the policy's explicit cut scores), and, when the policy names strata, one over
 * stage x attributes x stratum columns.
 */
export async function scanDisparity(engine: Engine, ctx: FamilyContext): Promise<DisparityAggregates> {
  const { dataset, policy } = ctx;
  const stageDims: Record<string, Dimension> = { stage: q.col('stage'), ...(dataset.hasTool ? { tool: q.col('tool') } : {}) };
  const scored = dataset.hasScore;

  let stageScores: StageScores[] = [];
  let grid: DisparityAggregates['grid'] = null;
  let shift = 0;
  let groupMedianRows: AggregateRow[][] = [];
  if (scored) {
    const ranges = await engine.aggregate({
      name: 'score range',
      dims: stageDims,
      measures: { n: { kind: 'weight', where: q.notNull('score') }, sum: { kind: 'sum', column: 'score' }, min: { kind: 'min', column: 'score' }, max: { kind: 'max', column: 'score' } },
      where: USED_ROWS,
    });
    // The stages' medians and every group's, from one pass (allMedians); the groups' are kept for later.
    const [medians = [], ...groupRows] = await allMedians(engine, [
      { column: 'score', by: Object.keys(stageDims), where: USED_ROWS },
      ...groupMedianSets(ctx).map((s) => ({ column: 'score', by: s.by, where: USED_ROWS })),
    ]);
    groupMedianRows = groupRows;
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
    const atMedian = stageScores
      .filter((s) => s.median !== null)
      .map((s) => q.and(...stageKeyPredicate(s.tool, s.stage, dataset.hasTool), q.eq('score', s.median!)));
    measures['at'] = { kind: 'weight', where: q.or(...atMedian) };
    policy.cutScores.forEach((cut, k) => (measures[`cut${k}`] = { kind: 'weight', where: { op: 'ge', column: 'score', value: cut } }));
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
    at: num(r['at']),
    cuts: grid ? policy.cutScores.map((_, k) => num(r[`cut${k}`])) : [],
  }));
  const groupMedians = grid ? groupMediansOf(ctx, groupMedianRows) : [];
  const strataCells = await scanStrata(engine, ctx, stageDims);
  return { cells, stageScores, grid, shift, groupMedians, strataCells };
}

/** The groupings whose median score per stage each group gets: attribute names, and the median query's groups. */
function groupMedianSets(ctx: FamilyContext): { names: string[]; by: string[] }[] {
  const { dataset, policy } = ctx;
  const attributes = dataset.protectedAttributes;
  return groupings(attributes, policy.intersectional).map((set) => {
    const names = set.map((i) => attributes[i]!);
    return { names, by: ['stage', ...(dataset.hasTool ? ['tool'] : []), ...names] };
  });
}

/** Each group's median score per stage, for every grouping (`rows`: the median query of each, in groupMedianSets' order). */
function groupMediansOf(ctx: FamilyContext, rows: readonly AggregateRow[][]): GroupMedian[] {
  const out: GroupMedian[] = [];
  groupMedianSets(ctx).forEach(({ names }, i) => {
    for (const m of rows[i] ?? []) {
      out.push({ tool: text(m['tool']), stage: String(m['stage']), attributes: names, values: names.map((a) => String(m[a])), median: numOrNull(m['median']) });
    }
  });
  return out;
}

/** Candidates and selections per stage x protected attributes x stratum columns (policy strata). */
async function scanStrata(engine: Engine, ctx: FamilyContext, stageDims: Record<string, Dimension>): Promise<StrataCell[]> {
  const { dataset, policy } = ctx;
  if (policy.strata.length === 0 || dataset.protectedAttributes.length === 0) return [];
  const dims: Record<string, Dimension> = { ...stageDims };
  dataset.protectedAttributes.forEach((attr, i) => (dims[`a${i}`] = q.col(attr)));
  policy.strata.forEach((column, k) => (dims[`s${k}`] = q.col(column)));
  const rows = await engine.aggregate({ name: 'disparity strata', dims, measures: { n: { kind: 'weight' }, selected: { kind: 'sum', column: 'selected' } }, where: USED_ROWS });
  return rows.map((r) => ({
    tool: text(r['tool']),
    stage: String(r['stage']),
    values: dataset.protectedAttributes.map((_, i) => String(r[`a${i}`])),
    strata: policy.strata.map((_, k) => String(r[`s${k}`])),
    n: num(r['n']),
    selected: num(r['selected']),
  }));
}
