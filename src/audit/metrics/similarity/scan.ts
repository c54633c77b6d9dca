import type { AggregateQuery, AggregateRow, Dimension, Measure, Predicate } from '../../engine/aggregate-query.js';
import { q } from '../../engine/aggregate-query.js';
import type { Engine } from '../../engine/engine.js';
import { runProxyProbe, type ProxyProbeResult } from '../../probes/proxy-probe.js';
import { type FamilyContext, USED_ROWS } from '../family.js';
import { stageId } from '../group-frame.js';
import { SAMPLE_SIZE } from './parameters.js';
import { distanceForms } from '../../engine/distance.js';
import { type ResemblanceSpec, resemblanceSpec, type TraitMoments } from './resemblance.js';
import { type ShiftedSums, shiftedSumsFrom } from './shifted-sums.js';

/**
 * Similar-to-me scans (requirements Q8). Every trait statistic uses the rows with every trait
 * present ("complete"); the pool of a tool x stage is its applicants with a decision (USED_ROWS),
 * the benchmark is the role=benchmark rows. Phases:
 *   1. cross-tabs of pool (tool x stage x selected x attributes) and benchmark (x attributes):
 *      counts and raw trait sums -> means, compositions; score / criterion means;
 *   2. second moments: pool per tool x stage x selected (shifted by the pool mean), benchmark
 *      cross-products (shifted by its mean) -> variances, benchmark covariance;
 *   3. per tool x stage, the distance to the benchmark as a derived column (see resemblance.ts):
 *      a fine histogram x selected with its range and its co-moments with score and criterion ->
 *      clone curve, coupling (the histogram's span comes from the pool moments, not a scan);
 *   4. per tool x stage, a seeded bounded sample of complete rows -> homogeneity bootstrap, and
 *      for the largest pool the proxy probe (TensorFlow.js; loaded only here).
 * No statistic is computed on rows except the probe; everything else is O(cells).
 */

/** Equal-width bins of the distance histogram the clone-curve quintiles are cut from. */
const DISTANCE_BINS = 2000;
/**
 * The histogram spans [0, DISTANCE_RANGE_RMS x RMS distance], the RMS known beforehand from the
 * pool's moments (see expectedSquaredDistance), so no scan is spent on the range; the rare farther
 * applicants fall in the last bin, which lies in the least-alike fifth anyway.
 */
const DISTANCE_RANGE_RMS = 6;
const BENCHMARK_ROWS: Predicate = q.eq('_excluded', 'benchmark_row');
const DISTANCE = '_similarity_distance';

export interface CompositionCell {
  selected: number;
  /** Values of ctx.dataset.protectedAttributes, in order. */
  values: string[];
  n: number;
}

export interface DistanceAggregates {
  min: number;
  max: number;
  grid: { lo: number; width: number; bins: number };
  /** Pool counts per distance bin and decision. */
  histogram: { bin: number; selected: number; n: number }[];
  /** Distance moments per decision (variables: [distance]). */
  bySelected: { selected: number; sums: ShiftedSums }[];
  /** [distance, score] over rows with a score; null without a score column. */
  score: ShiftedSums | null;
  /** [distance, score, criterion] over rows with both; null without a criterion column. */
  criterion: ShiftedSums | null;
}

export interface SampledCandidate {
  traits: number[];
  selected: number;
  w: number;
  /** Values of the protected attributes, in order. */
  values: string[];
}

export interface UnitAggregates {
  tool: string | null;
  stage: string;
  /** Applicants (Σ w) of this unit without every trait. */
  nMissing: number;
  pool: TraitMoments;
  selected: TraitMoments;
  composition: CompositionCell[];
  resemblance: ResemblanceSpec | null;
  distance: DistanceAggregates | null;
  sample: SampledCandidate[];
}

export interface BenchmarkAggregates {
  n: number;
  nMissing: number;
  mean: number[];
  /** Population (divisor n) covariance of the traits. */
  cov: number[][];
  composition: { values: string[]; n: number }[];
}

export interface SimilarityAggregates {
  traits: string[];
  benchmark: BenchmarkAggregates;
  units: UnitAggregates[];
  probe: ProxyProbeResult | null;
}

const num = (v: string | number | null | undefined) => (v === null || v === undefined ? 0 : Number(v));
const text = (v: string | number | null | undefined) => (v === null || v === undefined ? null : String(v));

function unitWhere(tool: string | null, stage: string, hasTool: boolean): Predicate[] {
  if (!hasTool) return [q.eq('stage', stage)];
  return [q.eq('stage', stage), tool === null ? q.isNull('tool') : q.eq('tool', tool)];
}

export async function scanSimilarity(engine: Engine, ctx: FamilyContext): Promise<SimilarityAggregates> {
  const { dataset } = ctx;
  const traits = [...dataset.traits];
  const complete = q.and(...traits.map(q.notNull));
  const attrDims: Record<string, Dimension> = Object.fromEntries(dataset.protectedAttributes.map((a, i) => [`a${i}`, q.col(a)]));
  const unitDims: Record<string, Dimension> = { stage: q.col('stage'), ...(dataset.hasTool ? { tool: q.col('tool') } : {}) };
  const hasCriterion = dataset.columns.includes('criterion');

  // Phase 1: cross-tabs (counts, raw trait sums, score and criterion sums).
  const scored = q.and(complete, q.notNull('score'));
  const criterionRows = q.and(scored, q.notNull('criterion'));
  const sums: Record<string, Measure> = { n: { kind: 'weight' }, nc: { kind: 'weight', where: complete } };
  traits.forEach((t, j) => (sums[`t${j}`] = { kind: 'sum', column: t, where: complete }));
  const poolSums: Record<string, Measure> = { ...sums };
  if (dataset.hasScore) {
    poolSums['ns'] = { kind: 'weight', where: scored };
    poolSums['ss'] = { kind: 'sum', column: 'score', where: scored };
  }
  if (dataset.hasScore && hasCriterion) {
    poolSums['nk'] = { kind: 'weight', where: criterionRows };
    poolSums['sk'] = { kind: 'sum', column: 'score', where: criterionRows };
    poolSums['ck'] = { kind: 'sum', column: 'criterion', where: criterionRows };
  }
  const poolCells = await engine.aggregate({
    name: 'similarity pool cells',
    dims: { ...unitDims, selected: q.col('selected'), ...attrDims },
    measures: poolSums,
    where: USED_ROWS,
  });
  const benchCells = await engine.aggregate({ name: 'similarity benchmark cells', dims: attrDims, measures: sums, where: BENCHMARK_ROWS });

  const total = (rows: AggregateRow[], m: string) => rows.reduce((a, r) => a + num(r[m]), 0);
  const poolN = total(poolCells, 'nc');
  const globalMean = traits.map((_, j) => (poolN > 0 ? total(poolCells, `t${j}`) / poolN : 0));
  const benchN = total(benchCells, 'nc');
  const benchMean = traits.map((_, j) => (benchN > 0 ? total(benchCells, `t${j}`) / benchN : 0));

  // Phase 2: second moments.
  const second: Record<string, Measure> = { n: { kind: 'weight' } };
  traits.forEach((t, j) => {
    second[`s${j}`] = { kind: 'sum', column: t, shift: globalMean[j]! };
    second[`q${j}`] = { kind: 'sum', column: t, shift: globalMean[j]!, power: 2 };
    traits.forEach((b, k) => {
      if (k > j) second[`x${j}_${k}`] = { kind: 'cross', a: t, b, shiftA: globalMean[j]!, shiftB: globalMean[k]! };
    });
  });
  const poolMoments = await engine.aggregate({
    name: 'similarity pool moments',
    dims: { ...unitDims, selected: q.col('selected') },
    measures: second,
    where: q.and(USED_ROWS, complete),
  });
  const benchmark = await scanBenchmark(engine, traits, benchMean, complete, benchCells, dataset.protectedAttributes.length);

  // Phases 3-4 per tool x stage.
  const keys = [...new Map(poolMoments.map((r) => [stageId(text(r['tool']), String(r['stage'])), { tool: text(r['tool']), stage: String(r['stage']) }])).values()];
  keys.sort((a, b) => (stageId(a.tool, a.stage) < stageId(b.tool, b.stage) ? -1 : 1));
  const units: UnitAggregates[] = [];
  for (const { tool, stage } of keys) {
    const mine = (r: AggregateRow) => text(r['tool']) === tool && String(r['stage']) === stage;
    const cells = poolCells.filter(mine);
    const moments = poolMoments.filter(mine);
    const pool = traitMoments(moments, traits, globalMean, () => true);
    const selected = traitMoments(moments, traits, globalMean, (r) => num(r['selected']) === 1);
    const spec = benchmark.n > 0 ? resemblanceSpec(traits, pool, benchmark) : null;
    const where = q.and(USED_ROWS, complete, ...unitWhere(tool, stage, dataset.hasTool));
    const shifts = {
      score: total(cells, 'ns') > 0 ? total(cells, 'ss') / total(cells, 'ns') : 0,
      criterionScore: total(cells, 'nk') > 0 ? total(cells, 'sk') / total(cells, 'nk') : 0,
      criterion: total(cells, 'nk') > 0 ? total(cells, 'ck') / total(cells, 'nk') : 0,
    };
    units.push({
      tool,
      stage,
      nMissing: total(cells, 'n') - total(cells, 'nc'),
      pool,
      selected,
      composition: cells.map((r) => ({ selected: num(r['selected']), values: dataset.protectedAttributes.map((_, i) => String(r[`a${i}`])), n: num(r['n']) })),
      resemblance: spec,
      distance: spec ? await scanDistance(engine, spec, rmsDistance(spec, traits, pool, poolCovariance(moments, traits.length)), where, shifts, dataset.hasScore, dataset.hasScore && hasCriterion) : null,
      sample: await sampleUnit(engine, ctx, traits, where),
    });
  }

  const probeUnit = [...units].sort((a, b) => b.pool.n - a.pool.n)[0];
  const probe =
    probeUnit && dataset.protectedAttributes.length > 0
      ? await runProxyProbe({
          tool: probeUnit.tool,
          stage: probeUnit.stage,
          traits,
          attributes: dataset.protectedAttributes,
          rows: probeUnit.sample,
          seed: ctx.policy.seed,
        })
      : null;
  return { traits, benchmark, units, probe };
}

/** Population covariance of the traits over every row of `moments` (the unit's pool). */
function poolCovariance(moments: AggregateRow[], p: number): number[][] {
  const add = (name: string) => moments.reduce((a, r) => a + num(r[name]), 0);
  const n = add('n');
  const s = Array.from({ length: p }, (_, j) => add(`s${j}`));
  return Array.from({ length: p }, (_, j) =>
    Array.from({ length: p }, (_, k) => {
      const x = j === k ? add(`q${j}`) : add(j < k ? `x${j}_${k}` : `x${k}_${j}`);
      return n > 0 ? (x - (s[j]! * s[k]!) / n) / n : 0;
    }),
  );
}

/**
 * Root mean square of the distance in the pool, from its moments alone: with d^2 = sum_k (a_k'u)^2
 * and u = x - c (see distanceForms), E[d^2] = sum_k (a_k' Sigma a_k + (a_k'(m - c))^2).
 */
function rmsDistance(spec: ResemblanceSpec, traits: readonly string[], pool: TraitMoments, cov: readonly (readonly number[])[]): number {
  let total = 0;
  for (const terms of distanceForms(spec.distance)) {
    const idx = terms.map((t) => traits.indexOf(t.column));
    const centred = terms.reduce((a, t, i) => a + t.coefficient * (pool.mean[idx[i]!]! - t.centre), 0);
    let spread = 0;
    terms.forEach((t, i) => terms.forEach((o, k) => (spread += t.coefficient * o.coefficient * cov[idx[i]!]![idx[k]!]!)));
    total += Math.max(0, spread) + centred * centred;
  }
  return Math.sqrt(total);
}

/** Trait moments over the rows of `moments` that pass `keep` (shifted sums merge by addition). */
function traitMoments(moments: AggregateRow[], traits: string[], shift: number[], keep: (r: AggregateRow) => boolean): TraitMoments {
  const rows = moments.filter(keep);
  const n = rows.reduce((a, r) => a + num(r['n']), 0);
  const mean: number[] = [];
  const varPop: number[] = [];
  traits.forEach((_, j) => {
    const s = rows.reduce((a, r) => a + num(r[`s${j}`]), 0);
    const s2 = rows.reduce((a, r) => a + num(r[`q${j}`]), 0);
    mean.push(n > 0 ? shift[j]! + s / n : Number.NaN);
    varPop.push(n > 0 ? Math.max(0, (s2 - (s * s) / n) / n) : Number.NaN);
  });
  return { n, mean, varPop };
}

async function scanBenchmark(
  engine: Engine,
  traits: string[],
  mean: number[],
  complete: Predicate,
  cells: AggregateRow[],
  attributes: number,
): Promise<BenchmarkAggregates> {
  const n = cells.reduce((a, r) => a + num(r['nc']), 0);
  const composition = cells.map((r) => ({ values: Array.from({ length: attributes }, (_, i) => String(r[`a${i}`])), n: num(r['n']) }));
  const nMissing = cells.reduce((a, r) => a + num(r['n']), 0) - n;
  if (n === 0) return { n, nMissing, mean, cov: traits.map(() => traits.map(() => 0)), composition };
  const measures: Record<string, Measure> = { n: { kind: 'weight' } };
  traits.forEach((a, j) => {
    measures[`s${j}`] = { kind: 'sum', column: a, shift: mean[j]! };
    traits.forEach((b, k) => {
      if (k >= j) measures[`c${j}_${k}`] = { kind: 'cross', a, b, shiftA: mean[j]!, shiftB: mean[k]! };
    });
  });
  const [row = {}] = await engine.aggregate({ name: 'similarity benchmark covariance', dims: {}, measures, where: q.and(BENCHMARK_ROWS, complete) });
  const s = traits.map((_, j) => num(row[`s${j}`]));
  const cov = traits.map((_, j) =>
    traits.map((_, k) => {
      const [lo, hi] = j <= k ? [j, k] : [k, j];
      return (num(row[`c${lo}_${hi}`]) - (s[j]! * s[k]!) / n) / n;
    }),
  );
  return { n, nMissing, mean: mean.map((m, j) => m + s[j]! / n), cov, composition };
}

/** Phase 3: histogram x selected of the distance to the benchmark, with its range and co-moments. */
async function scanDistance(
  engine: Engine,
  spec: ResemblanceSpec,
  rms: number,
  where: Predicate,
  shifts: { score: number; criterionScore: number; criterion: number },
  hasScore: boolean,
  hasCriterion: boolean,
): Promise<DistanceAggregates | null> {
  const derived = { [DISTANCE]: spec.distance };
  const grid = { lo: 0, width: rms > 0 ? (DISTANCE_RANGE_RMS * rms) / DISTANCE_BINS : 1, bins: DISTANCE_BINS };
  // The RMS is near the mean distance: a good shift for the moment sums.
  const md = rms;
  const measures: Record<string, Measure> = {};
  const addSums = (prefix: string, columns: { column: string; shift: number }[], filter?: Predicate) => {
    measures[`${prefix}n`] = filter ? { kind: 'weight', where: filter } : { kind: 'weight' };
    columns.forEach((c, i) => {
      measures[`${prefix}s${i}`] = { kind: 'sum', column: c.column, shift: c.shift, ...(filter ? { where: filter } : {}) };
      columns.forEach((o, k) => {
        if (k >= i) measures[`${prefix}x${i}_${k}`] = { kind: 'cross', a: c.column, b: o.column, shiftA: c.shift, shiftB: o.shift, ...(filter ? { where: filter } : {}) };
      });
    });
  };
  const d = { column: DISTANCE, shift: md };
  addSums('d', [d]);
  measures['lo'] = { kind: 'min', column: DISTANCE };
  measures['hi'] = { kind: 'max', column: DISTANCE };
  if (hasScore) addSums('s', [d, { column: 'score', shift: shifts.score }], q.notNull('score'));
  if (hasCriterion) {
    addSums('k', [d, { column: 'score', shift: shifts.criterionScore }, { column: 'criterion', shift: shifts.criterion }], q.and(q.notNull('score'), q.notNull('criterion')));
  }
  const query: AggregateQuery = {
    name: 'similarity distance histogram',
    dims: { bin: { kind: 'bin', column: DISTANCE, ...grid }, selected: q.col('selected') },
    measures,
    where,
    derived,
  };
  const rows = await engine.aggregate(query);
  const present = rows.filter((r) => r['lo'] !== null && r['hi'] !== null);
  if (present.length === 0) return null;
  const merged = (prefix: string, k: number, shiftsOf: number[], filter: (r: AggregateRow) => boolean = () => true) =>
    shiftedSumsFrom(rows.filter(filter), prefix, k, shiftsOf);
  return {
    min: Math.min(...present.map((r) => num(r['lo']))),
    max: Math.max(...present.map((r) => num(r['hi']))),
    grid,
    histogram: rows.map((r) => ({ bin: num(r['bin']), selected: num(r['selected']), n: num(r['dn']) })),
    bySelected: [0, 1].map((sel) => ({ selected: sel, sums: merged('d', 1, [md], (r) => num(r['selected']) === sel) })),
    score: hasScore ? merged('s', 2, [md, shifts.score]) : null,
    criterion: hasCriterion ? merged('k', 3, [md, shifts.criterionScore, shifts.criterion]) : null,
  };
}

/** Phase 4: a seeded, bounded sample of the unit's complete rows. */
async function sampleUnit(engine: Engine, ctx: FamilyContext, traits: string[], where: Predicate): Promise<SampledCandidate[]> {
  const attributes = ctx.dataset.protectedAttributes;
  const rows = await engine.sample({ columns: [...traits, 'selected', 'w', ...attributes], where, size: SAMPLE_SIZE, seed: ctx.policy.seed });
  return rows.map((r) => ({
    traits: traits.map((t) => num(r[t])),
    selected: num(r['selected']),
    w: num(r['w']),
    values: attributes.map((a) => String(r[a])),
  }));
}
