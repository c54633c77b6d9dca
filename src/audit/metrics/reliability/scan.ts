import { type Dimension, type Measure, type Predicate, q } from '../../engine/aggregate-query.js';
import type { Engine } from '../../engine/engine.js';
import { type FamilyContext, USED_ROWS } from '../family.js';

/** Paired first/second-attempt sums of one stage: everything test–retest needs (k = 2 occasions). */
export interface RetestCell {
  tool: string | null;
  stage: string;
  /** Σ w over pairs with both scores. */
  n: number;
  /** Σ w(x1 − shift), Σ w(x2 − shift), Σ w(x1 − shift)², Σ w(x2 − shift)², Σ w(x1 − shift)(x2 − shift). */
  s1: number;
  s2: number;
  s11: number;
  s22: number;
  s12: number;
  /** Pairs whose trait_* columns are all equal on both attempts, and of those the ones scored identically; null without traits. */
  identicalInput: number | null;
  identicalScore: number | null;
}

/** Shifted item sums and cross products of one stage over candidates with every item present. */
export interface ItemCell {
  tool: string | null;
  stage: string;
  n: number;
  /** Σ w(item_i − shift_i). */
  sums: number[];
  /** cross[i][j] = Σ w(item_i − shift_i)(item_j − shift_j), symmetric. */
  cross: number[][];
}

export interface ReliabilityAggregates {
  retest: RetestCell[];
  /** One shift for every score sum (the mean score of the audited rows), for precision. */
  scoreShift: number;
  items: ItemCell[];
  itemNames: string[];
  itemShifts: number[];
  /** The data names traits, so identical input can be recognised (determinism). */
  traits: string[];
}

const text = (v: string | number | null | undefined) => (v === null || v === undefined ? null : String(v));
const num = (v: string | number | null | undefined) => (v === null || v === undefined ? 0 : Number(v));

/** Not a benchmark row (when the data has a role column). */
export const notBenchmark = (columns: readonly string[]): Predicate[] =>
  columns.includes('role') ? [{ op: 'ne', column: 'role', value: 'benchmark' }] : [];

/** Not a perturbation variant and not a benchmark row (when the data has those columns). */
export const applicantOriginal = (columns: readonly string[]): Predicate[] => [
  ...(columns.includes('variant_of') ? [q.isNull('variant_of')] : []),
  ...notBenchmark(columns),
];

/** Rows of a candidate's first assessment: attempt 1 (or no attempt), not a variant, not a benchmark. */
export function firstAttempt(columns: readonly string[]): Predicate[] {
  return [...(columns.includes('attempt') ? [q.or(q.eq('attempt', 1), q.isNull('attempt'))] : []), ...applicantOriginal(columns)];
}

/** Retest pairs are possible when the data has candidate ids, attempts and scores. */
export const hasRetestColumns = (columns: readonly string[]) => ['candidate_id', 'attempt', 'score'].every((c) => columns.includes(c));

/**
 * Two or three scans: (1) the centres (mean score, mean of each item) used as shifts, (2) the
 * attempt-1 x attempt-2 pairs of each candidate and stage with the five paired sums of a k = 2
 * two-way ANOVA, and (3) with item columns, the item sums and cross products per stage.
 */
export async function scanReliability(engine: Engine, ctx: FamilyContext): Promise<ReliabilityAggregates> {
  const { dataset } = ctx;
  const items = dataset.items;
  const retest = hasRetestColumns(dataset.columns);
  const empty: ReliabilityAggregates = { retest: [], scoreShift: 0, items: [], itemNames: items, itemShifts: [], traits: dataset.traits };
  if (!retest && items.length < 2) return empty;

  const complete = q.and(...items.map((i) => q.notNull(i)));
  const centreMeasures: Record<string, Measure> = {};
  if (dataset.hasScore) {
    centreMeasures['n'] = { kind: 'weight', where: q.notNull('score') };
    centreMeasures['sum'] = { kind: 'sum', column: 'score' };
  }
  if (items.length >= 2) {
    centreMeasures['n_items'] = { kind: 'weight', where: complete };
    items.forEach((item, i) => (centreMeasures[`i${i}`] = { kind: 'sum', column: item, where: complete }));
  }
  const [centre] = await engine.aggregate({ name: 'reliability centres', dims: {}, measures: centreMeasures, where: USED_ROWS });
  const scoreShift = num(centre?.['n']) > 0 ? num(centre?.['sum']) / num(centre?.['n']) : 0;
  const nItems = num(centre?.['n_items']);
  const itemShifts = items.length >= 2 ? items.map((_, i) => (nItems > 0 ? num(centre?.[`i${i}`]) / nItems : 0)) : [];

  return {
    retest: retest ? await scanRetest(engine, ctx, scoreShift) : [],
    scoreShift,
    items: items.length >= 2 ? await scanItems(engine, ctx, itemShifts) : [],
    itemNames: items,
    itemShifts,
    traits: dataset.traits,
  };
}

async function scanRetest(engine: Engine, ctx: FamilyContext, shift: number): Promise<RetestCell[]> {
  const { dataset } = ctx;
  const keys = ['stage', ...(dataset.hasTool ? ['tool'] : [])];
  const both = [q.notNull('l_score'), q.notNull('r_score')];
  const measures: Record<string, Measure> = {
    n: { kind: 'weight', where: q.and(...both) },
    s1: { kind: 'sum', column: 'l_score', shift, where: q.notNull('r_score') },
    s2: { kind: 'sum', column: 'r_score', shift, where: q.notNull('l_score') },
    s11: { kind: 'sum', column: 'l_score', shift, power: 2, where: q.notNull('r_score') },
    s22: { kind: 'sum', column: 'r_score', shift, power: 2, where: q.notNull('l_score') },
    s12: { kind: 'cross', a: 'l_score', b: 'r_score', shiftA: shift, shiftB: shift },
  };
  if (dataset.traits.length > 0) {
    const sameInput = dataset.traits.map((t): Predicate => ({ op: 'eq_columns', a: `l_${t}`, b: `r_${t}` }));
    measures['identical_input'] = { kind: 'weight', where: q.and(...both, ...sameInput) };
    measures['identical_score'] = { kind: 'weight', where: q.and(...both, ...sameInput, { op: 'eq_columns', a: 'l_score', b: 'r_score' }) };
  }
  const dims: Record<string, Dimension> = { stage: q.col('l_stage'), ...(dataset.hasTool ? { tool: q.col('l_tool') } : {}) };
  const rows = await engine.aggregate({
    name: 'test-retest pairs',
    dims,
    measures,
    from: {
      kind: 'pairs',
      leftKey: 'candidate_id',
      rightKey: 'candidate_id',
      same: keys,
      left: q.and(...firstAttempt(dataset.columns)),
      right: q.and(q.eq('attempt', 2), ...applicantOriginal(dataset.columns)),
      columns: [...keys, 'score', ...dataset.traits],
    },
  });
  return rows
    .map((r) => ({
      tool: text(r['tool']),
      stage: String(r['stage']),
      n: num(r['n']),
      s1: num(r['s1']),
      s2: num(r['s2']),
      s11: num(r['s11']),
      s22: num(r['s22']),
      s12: num(r['s12']),
      identicalInput: dataset.traits.length > 0 ? num(r['identical_input']) : null,
      identicalScore: dataset.traits.length > 0 ? num(r['identical_score']) : null,
    }))
    .filter((c) => c.n > 0);
}

async function scanItems(engine: Engine, ctx: FamilyContext, shifts: readonly number[]): Promise<ItemCell[]> {
  const { dataset } = ctx;
  const items = dataset.items;
  const measures: Record<string, Measure> = { n: { kind: 'weight' } };
  items.forEach((item, i) => {
    measures[`m${i}`] = { kind: 'sum', column: item, shift: shifts[i]! };
    for (let j = i; j < items.length; j++) {
      measures[`c${i}_${j}`] = { kind: 'cross', a: item, b: items[j]!, shiftA: shifts[i]!, shiftB: shifts[j]! };
    }
  });
  const rows = await engine.aggregate({
    name: 'item covariances',
    dims: { stage: q.col('stage'), ...(dataset.hasTool ? { tool: q.col('tool') } : {}) },
    measures,
    where: q.and(USED_ROWS, ...items.map((i) => q.notNull(i))),
  });
  return rows.map((r) => {
    const cross = items.map((_, i) => items.map((_, j) => num(r[`c${Math.min(i, j)}_${Math.max(i, j)}`])));
    return { tool: text(r['tool']), stage: String(r['stage']), n: num(r['n']), sums: items.map((_, i) => num(r[`m${i}`])), cross };
  });
}
