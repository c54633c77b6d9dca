import { type Dimension, type Measure, q } from '../../engine/aggregate-query.js';
import type { Engine } from '../../engine/engine.js';
import { type FamilyContext, USED_ROWS } from '../family.js';

/** One cell of stage x tool x (all protected attributes): decision x binary criterion counts. */
export interface ErrorRateCell {
  tool: string | null;
  stage: string;
  /** Values of ctx.dataset.protectedAttributes, in that order. */
  values: string[];
  n: number;
  selected: number;
  /** Selected with criterion 1 / 0, rejected with criterion 1 / 0. */
  tp: number;
  fp: number;
  fn: number;
  tn: number;
}

export interface ErrorRateAggregates {
  cells: ErrorRateCell[];
  /** Σw of used rows whose criterion is neither 0 nor 1 (then the criterion is not binary). */
  nonBinary: number;
}

const text = (v: string | number | null | undefined) => (v === null || v === undefined ? null : String(v));
const num = (v: string | number | null | undefined) => (v === null || v === undefined ? 0 : Number(v));

/**
 * One grouped scan of the used rows (applicants, first attempt, no variants): per stage, tool and
 * protected attributes, the confusion table of the decision (selected) against the criterion
 * (1 = qualified, 0 = not), and how many rows carry a criterion other than 0 or 1.
 */
export async function scanErrorRates(engine: Engine, ctx: FamilyContext): Promise<ErrorRateAggregates> {
  const { dataset } = ctx;
  const dims: Record<string, Dimension> = { stage: q.col('stage'), ...(dataset.hasTool ? { tool: q.col('tool') } : {}) };
  dataset.protectedAttributes.forEach((attr, i) => (dims[`a${i}`] = q.col(attr)));
  const cell = (selected: 0 | 1, criterion: 0 | 1): Measure => ({ kind: 'weight', where: q.and(q.eq('selected', selected), q.eq('criterion', criterion)) });
  const measures: Record<string, Measure> = {
    n: { kind: 'weight' },
    selected: { kind: 'sum', column: 'selected' },
    tp: cell(1, 1),
    fp: cell(1, 0),
    fn: cell(0, 1),
    tn: cell(0, 0),
    non_binary: { kind: 'weight', where: q.and(q.notNull('criterion'), { op: 'ne', column: 'criterion', value: 0 }, { op: 'ne', column: 'criterion', value: 1 }) },
  };
  const rows = await engine.aggregate({ name: 'error-rate cells', dims, measures, where: USED_ROWS });
  return {
    cells: rows.map((r) => ({
      tool: text(r['tool']),
      stage: String(r['stage']),
      values: dataset.protectedAttributes.map((_, i) => String(r[`a${i}`])),
      n: num(r['n']),
      selected: num(r['selected']),
      tp: num(r['tp']),
      fp: num(r['fp']),
      fn: num(r['fn']),
      tn: num(r['tn']),
    })),
    nonBinary: rows.reduce((a, r) => a + num(r['non_binary']), 0),
  };
}
