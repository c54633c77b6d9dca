import { type Dimension, type Measure, type Predicate, q } from '../../engine/aggregate-query.js';
import type { Engine } from '../../engine/engine.js';
import { type FamilyContext, USED_ROWS } from '../family.js';
import type { ValiditySums } from './moments.js';

/**
 * One cell of stage x tool x (all protected attributes): the applicant pool's score sums and, for
 * candidates with both a score and a criterion, the shifted sums that give their co-moments.
 */
export interface ValidityCell extends ValiditySums {
  tool: string | null;
  stage: string;
  /** Values of ctx.dataset.protectedAttributes, in that order. */
  values: string[];
}

/** Score histogram of criterion=1 and criterion=0 candidates at one stage (binary criterion only). */
export interface AucHistogram {
  tool: string | null;
  stage: string;
  positive: number[];
  negative: number[];
}

/** One sampled row, for the rank correlation. */
export interface SampledRow {
  tool: string | null;
  stage: string;
  score: number;
  criterion: number;
  w: number;
}

export interface ValidityAggregates {
  /** Σw of candidates with score and criterion over all stages. */
  criterionRows: number;
  shiftX: number;
  shiftY: number;
  /** Treated as binary: the policy says so, or (policy silent) every criterion value is 0 or 1 and both occur. */
  binary: boolean;
  /** Σw of criterion values other than 0 and 1 (a binary policy with such values gets no AUC). */
  nonBinaryValues: number;
  cells: ValidityCell[];
  auc: AucHistogram[];
  /** Seeded sample of criterion rows (score, criterion, w) and its requested size. */
  sample: SampledRow[];
  sampleSize: number;
  aucBins: number;
}

/** Rows sampled for Spearman's rho: a rank statistic cannot be merged from moments. */
const RANK_SAMPLE_SIZE = 50_000;
/** Equal-width score bins of the AUC histogram (pairs in one bin count as ties). */
const AUC_BINS = 2000;

const text = (v: string | number | null | undefined) => (v === null || v === undefined ? null : String(v));
const num = (v: string | number | null | undefined) => (v === null || v === undefined ? 0 : Number(v));

const BOTH = q.and(q.notNull('score'), q.notNull('criterion'));
const CRITERION_ROWS: Predicate = q.and(USED_ROWS, BOTH);

/**
 * Two scans, three for a binary criterion, each over the used rows: (1) a seeded sample of
 * criterion rows, for the rank correlation and, through its means, the shift of the moment sums
 * (any value near the data keeps them exact; the sample is the same in every engine); (2) one
 * grouped scan over stage x tool x protected attributes with the applicant and criterion-row sums,
 * the score range of the criterion rows and the binary check; (3) for a binary criterion, score
 * histograms by criterion value per stage (the AUC).
 */
export async function scanValidity(engine: Engine, ctx: FamilyContext): Promise<ValidityAggregates> {
  const { dataset, policy } = ctx;
  const stageDims: Record<string, Dimension> = { stage: q.col('stage'), ...(dataset.hasTool ? { tool: q.col('tool') } : {}) };
  const sample = await sampleCriterionRows(engine, ctx);
  const sampleWeight = sample.reduce((a, r) => a + r.w, 0);
  const meanOf = (f: (r: SampledRow) => number) => (sampleWeight > 0 ? sample.reduce((a, r) => a + r.w * f(r), 0) / sampleWeight : 0);
  const shiftX = meanOf((r) => r.score);
  const shiftY = meanOf((r) => r.criterion);

  const { cells, nonBinaryValues, positive, range } = await scanCells(engine, ctx, stageDims, shiftX, shiftY);
  const criterionRows = cells.reduce((a, c) => a + c.n, 0);
  const detected = criterionRows > 0 && nonBinaryValues === 0 && positive > 0 && positive < criterionRows;
  const binary = policy.validity.binaryCriterion ?? detected;
  const auc = binary && criterionRows > 0 && nonBinaryValues === 0 ? await scanAucHistograms(engine, stageDims, range) : [];
  return { criterionRows, shiftX, shiftY, binary, nonBinaryValues, cells, auc, sample, sampleSize: RANK_SAMPLE_SIZE, aucBins: AUC_BINS };
}

/** Phase 1: the seeded sample of criterion rows (score, criterion, weight). */
async function sampleCriterionRows(engine: Engine, { dataset, policy }: FamilyContext): Promise<SampledRow[]> {
  const sampled = await engine.sample({
    columns: ['stage', ...(dataset.hasTool ? ['tool'] : []), 'score', 'criterion', 'w'],
    where: CRITERION_ROWS,
    size: RANK_SAMPLE_SIZE,
    seed: policy.seed,
  });
  return sampled.map((r) => ({
    tool: text(r['tool']),
    stage: String(r['stage']),
    score: num(r['score']),
    criterion: num(r['criterion']),
    w: num(r['w']),
  }));
}

/** Phase 2: stage x tool x attributes cells with shifted sums, plus the binary check and score range. */
async function scanCells(engine: Engine, { dataset }: FamilyContext, stageDims: Record<string, Dimension>, shiftX: number, shiftY: number) {
  const dims: Record<string, Dimension> = { ...stageDims };
  dataset.protectedAttributes.forEach((attr, i) => (dims[`attr${i}`] = q.col(attr)));
  const crit = q.notNull('criterion');
  const measures: Record<string, Measure> = {
    applicants: { kind: 'weight', where: q.notNull('score') },
    pool1: { kind: 'sum', column: 'score', shift: shiftX },
    pool2: { kind: 'sum', column: 'score', shift: shiftX, power: 2 },
    n: { kind: 'weight', where: BOTH },
    sx: { kind: 'sum', column: 'score', shift: shiftX, where: crit },
    sxx: { kind: 'sum', column: 'score', shift: shiftX, power: 2, where: crit },
    sy: { kind: 'sum', column: 'criterion', shift: shiftY, where: q.notNull('score') },
    syy: { kind: 'sum', column: 'criterion', shift: shiftY, power: 2, where: q.notNull('score') },
    sxy: { kind: 'cross', a: 'score', b: 'criterion', shiftA: shiftX, shiftB: shiftY },
    minX: { kind: 'min', column: 'score', where: crit },
    maxX: { kind: 'max', column: 'score', where: crit },
    nonBinary: { kind: 'weight', where: q.and(BOTH, { op: 'ne', column: 'criterion', value: 0 }, { op: 'ne', column: 'criterion', value: 1 }) },
    positive: { kind: 'weight', where: q.and(BOTH, q.eq('criterion', 1)) },
  };
  const rows = await engine.aggregate({ name: 'validity cells', dims, measures, where: USED_ROWS });
  const cells: ValidityCell[] = rows.map((r) => ({
    tool: text(r['tool']),
    stage: String(r['stage']),
    values: dataset.protectedAttributes.map((_, i) => String(r[`attr${i}`])),
    applicants: num(r['applicants']),
    a1: num(r['pool1']),
    a2: num(r['pool2']),
    n: num(r['n']),
    sx: num(r['sx']),
    sy: num(r['sy']),
    sxx: num(r['sxx']),
    syy: num(r['syy']),
    sxy: num(r['sxy']),
  }));
  // Only cells with criterion rows: an engine may give 0 rather than NULL for the min of no rows.
  const withCriterion = rows.filter((r) => num(r['n']) > 0);
  return {
    cells,
    nonBinaryValues: rows.reduce((a, r) => a + num(r['nonBinary']), 0),
    positive: rows.reduce((a, r) => a + num(r['positive']), 0),
    range: { lo: Math.min(...withCriterion.map((r) => num(r['minX']))), hi: Math.max(...withCriterion.map((r) => num(r['maxX']))) },
  };
}

/** Phase 3 (binary criterion): per stage, score histograms of criterion = 1 and = 0 over AUC_BINS equal bins. */
async function scanAucHistograms(engine: Engine, stageDims: Record<string, Dimension>, { lo, hi }: { lo: number; hi: number }): Promise<AucHistogram[]> {
  const hist = await engine.aggregate({
    name: 'validity AUC histogram',
    dims: { ...stageDims, bin: { kind: 'bin', column: 'score', lo, width: hi > lo ? (hi - lo) / AUC_BINS : 1, bins: AUC_BINS } },
    measures: { positive: { kind: 'weight', where: q.eq('criterion', 1) }, negative: { kind: 'weight', where: q.eq('criterion', 0) } },
    where: CRITERION_ROWS,
  });
  const byStage = new Map<string, AucHistogram>();
  for (const r of hist) {
    const key = `${text(r['tool']) ?? ''}\u0000${String(r['stage'])}`;
    let h = byStage.get(key);
    if (!h) {
      h = { tool: text(r['tool']), stage: String(r['stage']), positive: new Array<number>(AUC_BINS).fill(0), negative: new Array<number>(AUC_BINS).fill(0) };
      byStage.set(key, h);
    }
    const bin = num(r['bin']);
    h.positive[bin]! += num(r['positive']);
    h.negative[bin]! += num(r['negative']);
  }
  return [...byStage.values()];
}
