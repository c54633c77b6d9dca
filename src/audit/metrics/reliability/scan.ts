import { type Dimension, type Measure, type Predicate, q } from '../../engine/aggregate-query.js';
import type { Engine } from '../../engine/engine.js';
import { applicantOriginal, type FamilyContext, firstAttempt, USED_ROWS } from '../family.js';
import { type ItemCell, type RetestCell, sumRetestCells } from './cells.js';

export interface ReliabilityAggregates {
  /** One cell per stage (and tool), summed over the groups. */
  retest: RetestCell[];
  /** One cell per stage (and tool) and combination of protected-attribute values. */
  retestByGroup: RetestCell[];
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

/** Retest pairs are possible when the data has candidate ids, attempts and scores. */
const hasRetestColumns = (columns: readonly string[]) => ['candidate_id', 'attempt', 'score'].every((c) => columns.includes(c));

/**
 * Two or three scans: (1) the centres (mean score, mean of each item) used as shifts, (2) the
 * attempt-1 x attempt-2 pairs of each candidate and stage with the five paired sums of a k = 2
 * two-way ANOVA, per combination of protected-attribute values (stage cells are their sums), and
 * (3) with item columns, the item sums and cross products per stage.
 */
export async function scanReliability(engine: Engine, ctx: FamilyContext): Promise<ReliabilityAggregates> {
  const { dataset } = ctx;
  const items = dataset.items;
  const retest = hasRetestColumns(dataset.columns);
  const empty: ReliabilityAggregates = { retest: [], retestByGroup: [], scoreShift: 0, items: [], itemNames: items, itemShifts: [], traits: dataset.traits };
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

  const retestByGroup = retest ? await scanRetest(engine, ctx, scoreShift) : [];
  return {
    retest: rollUpRetest(retestByGroup),
    retestByGroup,
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
  const attrs = dataset.protectedAttributes;
  const dims: Record<string, Dimension> = {
    stage: q.col('l_stage'),
    ...(dataset.hasTool ? { tool: q.col('l_tool') } : {}),
    ...Object.fromEntries(attrs.map((a, i) => [`a${i}`, q.col(`l_${a}`)])),
  };
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
      columns: [...keys, 'score', ...dataset.traits, ...attrs],
    },
  });
  return rows
    .map((r) => ({
      tool: text(r['tool']),
      stage: String(r['stage']),
      values: attrs.map((_, i) => String(r[`a${i}`])),
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


/** The cells of each stage (and tool), summed over every group. */
const rollUpRetest = (cells: readonly RetestCell[]) => sumRetestCells(cells, () => false);

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
