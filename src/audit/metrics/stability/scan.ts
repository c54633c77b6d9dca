import { type Dimension, type Measure, type PairedSource, type PeriodUnit, type Predicate, q } from '../../engine/aggregate-query.js';
import type { Engine } from '../../engine/engine.js';
import { type FamilyContext, USED_ROWS } from '../family.js';
import { firstAttempt, notBenchmark } from '../family.js';

/** Number of equal-width score bins scanned per period; finalize merges them into about ten at baseline deciles. */
const FINE_BINS = 100;

/** Candidates and selections of one stage x period x (all protected attributes) cell. */
export interface PeriodCell {
  tool: string | null;
  stage: string;
  /** Calendar period label, or the day ('YYYY-MM-DD') when the policy asks for equal-count windows. */
  period: string;
  values: string[];
  n: number;
  selected: number;
}

/** Scored candidates of one stage x period x fine score bin. */
export interface PeriodBinCell {
  tool: string | null;
  stage: string;
  period: string;
  bin: number;
  n: number;
}

/** Score moments of one stage over the audited rows (the SD that scales a perturbation's score change). */
export interface StageMoments {
  tool: string | null;
  stage: string;
  n: number;
  s1: number;
  s2: number;
}

/** Original x variant pairs of one stage x variant x (all protected attributes of the original) cell. */
export interface PerturbationCell {
  tool: string | null;
  stage: string;
  variant: string;
  values: string[];
  n: number;
  /** Pairs with both scores; Σ w|Δscore|; Σ w(original − shift), Σ w(variant − shift) over them. */
  scored: number;
  /** How many pairs have both scores, unweighted: the rows the Kendall sample is drawn from. */
  scoredRows: number;
  /** The cell's group in the Kendall sample: stage, tool and variant as the engine gave them (JSON). */
  sampleGroup: string;
  absDiff: number;
  sumOriginal: number;
  sumVariant: number;
  /** Pairs with both decisions, and those whose decision differs. */
  decided: number;
  flips: number;
}

/** Seeded sample of one stage x variant's scored pairs, for the rank agreement (Kendall's tau). */
export interface PerturbationSample {
  tool: string | null;
  stage: string;
  variant: string;
  /** Scored pairs in the stage x variant; the sample holds all of them up to KENDALL_SAMPLE_SIZE. */
  scored: number;
  /** The bound the sample was drawn with (recorded in the result, so a report never guesses it). */
  limit: number;
  pairs: { original: number; variant: number; values: string[] }[];
}

/** Pairs per stage x variant whose ranks are compared: Knight's tau on 20,000 pairs takes milliseconds. */
export const KENDALL_SAMPLE_SIZE = 20_000;

export interface StabilityAggregates {
  /** What the scan ran at: the policy's unit, or 'day' for equal-count windows. */
  unit: PeriodUnit | null;
  periods: PeriodCell[];
  periodBins: PeriodBinCell[];
  /** Equal-width grid shared by every stage and period (null without scores). */
  grid: { lo: number; width: number; bins: number } | null;
  shift: number;
  stageMoments: StageMoments[];
  /** Null when the data has no variant rows to pair. */
  perturbation: PerturbationCell[] | null;
  /** One per stage x variant with scored pairs (empty without scores). */
  perturbationSamples: PerturbationSample[];
}

/** Variant label when the data has no `variant` column. */
const UNNAMED_VARIANT = '(unnamed)';

const text = (v: string | number | null | undefined) => (v === null || v === undefined ? null : String(v));
const num = (v: string | number | null | undefined) => (v === null || v === undefined ? 0 : Number(v));

const hasPerturbationColumns = (columns: readonly string[]) => columns.includes('candidate_id') && columns.includes('variant_of');

/**
 * Up to five scans: (1) the score range and mean of the audited rows (grid and shift), (2) per
 * stage x period x attributes the candidates and selections, (3) per stage x period x fine score
 * bin the scored candidates, (4) per stage the score moments and (5) original x variant pairs per
 * stage x variant x attributes, then a seeded sample of each stage x variant's scored pairs. Steps
 * 2-3 need decided_at, 4-5 variant rows.
 */
export async function scanStability(engine: Engine, ctx: FamilyContext): Promise<StabilityAggregates> {
  const { dataset, policy } = ctx;
  const stageDims: Record<string, Dimension> = { stage: q.col('stage'), ...(dataset.hasTool ? { tool: q.col('tool') } : {}) };
  const hasPeriods = dataset.columns.includes('decided_at');
  const hasVariants = hasPerturbationColumns(dataset.columns);
  const out: StabilityAggregates = { unit: null, periods: [], periodBins: [], grid: null, shift: 0, stageMoments: [], perturbation: null, perturbationSamples: [] };
  if (!hasPeriods && !hasVariants) return out;

  if (dataset.hasScore) {
    const [range] = await engine.aggregate({
      name: 'stability score range',
      dims: {},
      measures: { n: { kind: 'weight', where: q.notNull('score') }, sum: { kind: 'sum', column: 'score' }, min: { kind: 'min', column: 'score' }, max: { kind: 'max', column: 'score' } },
      where: USED_ROWS,
    });
    const n = num(range?.['n']);
    if (n > 0 && range?.['min'] !== null && range?.['max'] !== null) {
      const lo = num(range?.['min']);
      const hi = num(range?.['max']);
      out.shift = num(range?.['sum']) / n;
      out.grid = { lo, width: hi > lo ? (hi - lo) / FINE_BINS : 1, bins: FINE_BINS };
    }
  }
  const attrDims: Record<string, Dimension> = {};
  dataset.protectedAttributes.forEach((attr, i) => (attrDims[`a${i}`] = q.col(attr)));
  const values = (r: Record<string, string | number | null>) => dataset.protectedAttributes.map((_, i) => String(r[`a${i}`]));

  if (hasPeriods) {
    const unit: PeriodUnit = policy.stability.period === 'windows' ? 'day' : policy.stability.period;
    out.unit = unit;
    const period: Dimension = { kind: 'period', column: 'decided_at', unit };
    const dated = q.and(USED_ROWS, q.notNull('decided_at'));
    const rows = await engine.aggregate({
      name: 'selection by period',
      dims: { ...stageDims, period, ...attrDims },
      measures: { n: { kind: 'weight' }, selected: { kind: 'sum', column: 'selected' } },
      where: dated,
    });
    out.periods = rows.map((r) => ({ tool: text(r['tool']), stage: String(r['stage']), period: String(r['period']), values: values(r), n: num(r['n']), selected: num(r['selected']) }));
    if (out.grid) {
      const bins = await engine.aggregate({
        name: 'score distribution by period',
        dims: { ...stageDims, period, bin: { kind: 'bin', column: 'score', ...out.grid } },
        measures: { n: { kind: 'weight' } },
        where: q.and(dated, q.notNull('score')),
      });
      out.periodBins = bins.map((r) => ({ tool: text(r['tool']), stage: String(r['stage']), period: String(r['period']), bin: num(r['bin']), n: num(r['n']) }));
    }
  }

  if (hasVariants) {
    if (out.grid) {
      const moments = await engine.aggregate({
        name: 'score moments by stage',
        dims: stageDims,
        measures: { n: { kind: 'weight', where: q.notNull('score') }, s1: { kind: 'sum', column: 'score', shift: out.shift }, s2: { kind: 'sum', column: 'score', shift: out.shift, power: 2 } },
        where: USED_ROWS,
      });
      out.stageMoments = moments.map((r) => ({ tool: text(r['tool']), stage: String(r['stage']), n: num(r['n']), s1: num(r['s1']), s2: num(r['s2']) }));
    }
    out.perturbation = await scanPerturbation(engine, ctx, out.shift, values);
    if (dataset.hasScore) out.perturbationSamples = await samplePerturbationPairs(engine, ctx, out.perturbation);
  }
  return out;
}

async function scanPerturbation(
  engine: Engine,
  ctx: FamilyContext,
  shift: number,
  values: (r: Record<string, string | number | null>) => string[],
): Promise<PerturbationCell[]> {
  const { dataset } = ctx;
  const hasVariantName = dataset.columns.includes('variant');
  const dims: Record<string, Dimension> = { stage: q.col('l_stage'), ...(dataset.hasTool ? { tool: q.col('l_tool') } : {}) };
  if (hasVariantName) dims['variant'] = q.col('r_variant');
  dataset.protectedAttributes.forEach((attr, i) => (dims[`a${i}`] = q.col(`l_${attr}`)));
  const scored = q.and(q.notNull('l_score'), q.notNull('r_score'));
  const flip: Predicate = q.or(q.and(q.eq('l_selected', 1), q.eq('r_selected', 0)), q.and(q.eq('l_selected', 0), q.eq('r_selected', 1)));
  const measures: Record<string, Measure> = {
    n: { kind: 'weight' },
    decided: { kind: 'weight', where: q.and(q.notNull('l_selected'), q.notNull('r_selected')) },
    flips: { kind: 'weight', where: flip },
  };
  if (dataset.hasScore) {
    measures['scored'] = { kind: 'weight', where: scored };
    measures['scored_rows'] = { kind: 'rows', where: scored };
    measures['abs_diff'] = { kind: 'absDiff', a: 'l_score', b: 'r_score' };
    measures['sum_l'] = { kind: 'sum', column: 'l_score', shift, where: q.notNull('r_score') };
    measures['sum_r'] = { kind: 'sum', column: 'r_score', shift, where: q.notNull('l_score') };
  }
  const rows = await engine.aggregate({ name: 'perturbation pairs', dims, measures, from: variantPairs(ctx, ['selected']) });
  return rows.map((r) => ({
    tool: text(r['tool']),
    stage: String(r['stage']),
    variant: text(r['variant']) ?? UNNAMED_VARIANT,
    values: values(r),
    n: num(r['n']),
    scored: num(r['scored']),
    scoredRows: num(r['scored_rows']),
    sampleGroup: JSON.stringify([r['stage'], r['tool'] ?? null, r['variant'] ?? null]),
    absDiff: num(r['abs_diff']),
    sumOriginal: num(r['sum_l']),
    sumVariant: num(r['sum_r']),
    decided: num(r['decided']),
    flips: num(r['flips']),
  }));
}

/** An original (first attempt, any role but benchmark) paired with each of its variants at the same stage. */
function variantPairs(ctx: FamilyContext, extra: readonly string[]): PairedSource {
  const { dataset } = ctx;
  const keys = ['stage', ...(dataset.hasTool ? ['tool'] : [])];
  return {
    kind: 'pairs',
    leftKey: 'candidate_id',
    rightKey: 'variant_of',
    same: keys,
    left: q.and(...firstAttempt(dataset.columns)),
    right: q.and(q.notNull('variant_of'), ...notBenchmark(dataset.columns)),
    columns: [...keys, ...extra, ...(dataset.hasScore ? ['score'] : []), ...(dataset.columns.includes('variant') ? ['variant'] : []), ...dataset.protectedAttributes],
  };
}

/**
 * Kendall's tau needs the pairs themselves: in one query, a seeded sample (at most
 * KENDALL_SAMPLE_SIZE) of the scored pairs of every stage x variant, with the original's protected
 * attributes. Units are those of the pair cells with scored pairs.
 */
async function samplePerturbationPairs(engine: Engine, ctx: FamilyContext, cells: readonly PerturbationCell[]): Promise<PerturbationSample[]> {
  const { dataset, policy } = ctx;
  const unitKey = (tool: string | null, stage: string, variant: string) => [tool ?? '', stage, variant].join('\u0000');
  const units = new Map<string, PerturbationSample>();
  // Counted by the engine's own groups, not by unit: two groups can share a unit (a variant
  // without a name and one named "(unnamed)"), and the engine's check needs every group.
  const scoredRows = new Map<string, number>();
  for (const c of cells) {
    const key = unitKey(c.tool, c.stage, c.variant);
    const unit = units.get(key) ?? { tool: c.tool, stage: c.stage, variant: c.variant, scored: 0, limit: KENDALL_SAMPLE_SIZE, pairs: [] };
    unit.scored += c.scored;
    units.set(key, unit);
    scoredRows.set(c.sampleGroup, (scoredRows.get(c.sampleGroup) ?? 0) + c.scoredRows);
  }
  if (![...units.values()].some((u) => u.scored > 0)) return [];
  const sampled = [...scoredRows.values()].filter((n) => n > 0);
  const groups = ['l_stage', ...(dataset.hasTool ? ['l_tool'] : []), ...(dataset.columns.includes('variant') ? ['r_variant'] : [])];
  const attrs = dataset.protectedAttributes.map((a) => `l_${a}`);
  const rows = await engine.sample({
    columns: [...groups, 'l_score', 'r_score', ...attrs],
    from: variantPairs(ctx, []),
    where: q.and(q.notNull('l_score'), q.notNull('r_score')),
    perGroup: groups,
    groupRows: { groups: sampled.length, smallest: Math.min(...sampled) },
    size: KENDALL_SAMPLE_SIZE,
    seed: policy.seed,
  });
  for (const r of rows) {
    const unit = units.get(unitKey(text(r['l_tool']), String(r['l_stage']), text(r['r_variant']) ?? UNNAMED_VARIANT))!;
    unit.pairs.push({ original: Number(r['l_score']), variant: Number(r['r_score']), values: attrs.map((a) => String(r[a])) });
  }
  return [...units.keys()].sort().flatMap((key) => (units.get(key)!.scored > 0 ? [units.get(key)!] : []));
}
