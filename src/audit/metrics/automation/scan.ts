import { type Dimension, type Measure, type Predicate, q } from '../../engine/aggregate-query.js';
import type { Engine } from '../../engine/engine.js';
import { createRng } from '../../stats/rng.js';
import { type FamilyContext, USED_ROWS } from '../family.js';
import { BATCH, DWELL } from './parameters.js';

/**
 * What the automation family reads from the engine (requirements Q9). Every query is a plain
 * GROUP BY with weighted conditional sums, so it runs unchanged on DuckDB and ClickHouse 18.16.
 */

/** Counts of one stage x tool x (all protected attributes) cell; every count is Σ w. */
export interface AutomationCell {
  tool: string | null;
  stage: string;
  /** Values of ctx.dataset.protectedAttributes, in that order. */
  values: string[];
  n: number;
  rejected: number;
  /** Rejections with reviewed_by_human = 0: decided by the tool alone. */
  rejectedUnreviewed: number;
  /** Rejections with reviewed_by_human empty: review cannot be shown. */
  rejectedReviewUnknown: number;
  reviewed: number;
  reviewedRejected: number;
  /** Reviews with review_seconds, and those under policy.automation.minReviewSeconds (all, and of rejections). */
  timed: number;
  short: number;
  timedRejected: number;
  shortRejected: number;
  /** Reviews with human_override known; overrides that advanced a tool rejection (up) or rejected a tool advance (down). */
  overrideKnown: number;
  up: number;
  down: number;
  /** Reviewed rows (override known) by the tool's own outcome: selected XOR human_override. */
  toolRejectedReviewed: number;
  toolSelectedReviewed: number;
  /** Rows whose tool outcome is derivable (unreviewed, or reviewed with override known); tool and final selections among them. */
  toolKnown: number;
  toolSelected: number;
  finalSelected: number;
}

/** Review-time histogram of one stage x tool x value of one attribute (attribute -1: the whole stage). */
export interface DwellCell {
  tool: string | null;
  stage: string;
  attribute: number;
  value: string | null;
  bin: number;
  n: number;
}

/** Per reviewer at one stage x tool. */
export interface ReviewerCell {
  tool: string | null;
  stage: string;
  reviewer: string;
  reviews: number;
  overrideKnown: number;
  overrides: number;
  timed: number;
  short: number;
}

/** Reviewed decisions of one reviewer within one whole second of decided_at. */
export interface DecisionSecond {
  tool: string | null;
  stage: string;
  reviewer: string;
  second: number;
  n: number;
}

export interface DecisionTimes {
  seconds: DecisionSecond[];
  /** Calendar days (UTC, of decided_at) with reviewed decisions, and how many were scanned. */
  daysTotal: number;
  daysUsed: number;
  decisionsTotal: number;
  decisionsUsed: number;
}

export interface AutomationAggregates {
  cells: AutomationCell[];
  /** Empty without review_seconds. */
  dwell: DwellCell[];
  /** Empty without reviewer_id. */
  reviewers: ReviewerCell[];
  /** Null without reviewer_id or decided_at. */
  times: DecisionTimes | null;
  columns: { seconds: boolean; override: boolean; reviewer: boolean; decidedAt: boolean };
}

const text = (v: string | number | null | undefined) => (v === null || v === undefined ? null : String(v));
const num = (v: string | number | null | undefined) => (v === null || v === undefined ? 0 : Number(v));

const REVIEWED = q.eq('reviewed_by_human', 1);
const OVERRIDDEN = q.eq('human_override', 1);

function stageDims(ctx: FamilyContext): Record<string, Dimension> {
  return { stage: q.col('stage'), ...(ctx.dataset.hasTool ? { tool: q.col('tool') } : {}) };
}

const emptyCell = (tool: string | null, stage: string, values: string[]): AutomationCell => ({
  tool, stage, values, n: 0, rejected: 0, rejectedUnreviewed: 0, rejectedReviewUnknown: 0, reviewed: 0, reviewedRejected: 0, timed: 0, short: 0,
  timedRejected: 0, shortRejected: 0, overrideKnown: 0, up: 0, down: 0, toolRejectedReviewed: 0, toolSelectedReviewed: 0, toolKnown: 0, toolSelected: 0, finalSelected: 0,
});

/** Adds the candidates of one (selected, reviewed, override, short) combination to their cell's counts. */
function addCombination(c: AutomationCell, w: number, selected: boolean, reviewed: number | null, override: number | null, short: number | null, hasOverride: boolean): void {
  c.n += w;
  if (!selected) {
    c.rejected += w;
    if (reviewed === 0) c.rejectedUnreviewed += w;
    if (reviewed === null) c.rejectedReviewUnknown += w;
  }
  if (reviewed === 1) {
    c.reviewed += w;
    if (!selected) c.reviewedRejected += w;
    if (short !== null) {
      c.timed += w;
      if (short === 0) c.short += w;
      if (!selected) {
        c.timedRejected += w;
        if (short === 0) c.shortRejected += w;
      }
    }
    if (override !== null) {
      c.overrideKnown += w;
      if (override === 1 && selected) c.up += w;
      if (override === 1 && !selected) c.down += w;
      // The tool's own outcome: the final one, reversed by an override.
      if (selected !== (override === 1)) c.toolSelectedReviewed += w;
      else c.toolRejectedReviewed += w;
    }
  }
  if (hasOverride && (reviewed === 0 || (reviewed === 1 && override !== null))) {
    c.toolKnown += w;
    if (reviewed === 0 ? selected : selected !== (override === 1)) c.toolSelected += w;
    if (selected) c.finalSelected += w;
  }
}

/**
 * One GROUP BY over stage x attributes x selected x reviewed_by_human x human_override x (review
 * under the minimum time: bin 0 of review_seconds with bin width minReviewSeconds), with a single
 * weighted count: every count of AutomationCell is a sum over these few combinations, folded here.
 * (One summed column over more keys scans faster than eighteen filtered sums.)
 */
async function scanCells(engine: Engine, ctx: FamilyContext, cols: AutomationAggregates['columns']): Promise<AutomationCell[]> {
  const dims = stageDims(ctx);
  ctx.dataset.protectedAttributes.forEach((attr, i) => (dims[`a${i}`] = q.col(attr)));
  // 0/1 flags as numeric bins, not text: grouping on integers spares a cast per row.
  const flag = (column: string): Dimension => ({ kind: 'bin', column, lo: 0, width: 1, bins: 2 });
  dims['sel'] = flag('selected');
  dims['rev'] = flag('reviewed_by_human');
  if (cols.override) dims['ov'] = flag('human_override');
  if (cols.seconds) dims['short'] = { kind: 'bin', column: 'review_seconds', lo: 0, width: ctx.policy.automation.minReviewSeconds, bins: 2 };
  const rows = await engine.aggregate({ name: 'automation cells', dims, measures: { n: { kind: 'weight' } }, where: USED_ROWS });
  const cells = new Map<string, AutomationCell>();
  for (const r of rows) {
    const values = ctx.dataset.protectedAttributes.map((_, i) => String(r[`a${i}`]));
    const key = [text(r['tool']) ?? '', String(r['stage']), ...values].join('\u0000');
    let c = cells.get(key);
    if (!c) cells.set(key, (c = emptyCell(text(r['tool']), String(r['stage']), values)));
    const flagOf = (v: string | number | null | undefined) => (v === null || v === undefined ? null : Number(v));
    addCombination(c, num(r['n']), flagOf(r['sel']) === 1, flagOf(r['rev']), flagOf(r['ov']), flagOf(r['short']), cols.override);
  }
  return [...cells.values()];
}

/**
 * Review-time histograms at 1-second resolution on [0, DWELL.bins - 1), the top bin holding every
 * longer review: one query per protected attribute (stage x value x bin), or one for the whole
 * stage without attributes. Rows stay bounded by stages x values x bins, whatever the data size.
 */
async function scanDwell(engine: Engine, ctx: FamilyContext): Promise<DwellCell[]> {
  const where = q.and(USED_ROWS, REVIEWED, q.notNull('review_seconds'));
  const bin: Dimension = { kind: 'bin', column: 'review_seconds', lo: DWELL.lo, width: DWELL.width, bins: DWELL.bins };
  const attributes = ctx.dataset.protectedAttributes.length ? ctx.dataset.protectedAttributes.map((a, i) => [a, i] as const) : [[null, -1] as const];
  const out: DwellCell[] = [];
  for (const [attr, i] of attributes) {
    const dims: Record<string, Dimension> = { ...stageDims(ctx), ...(attr === null ? {} : { value: q.col(attr) }), bin };
    const rows = await engine.aggregate({ name: 'review-time histogram', dims, measures: { n: { kind: 'weight' } }, where });
    for (const r of rows) {
      out.push({ tool: text(r['tool']), stage: String(r['stage']), attribute: i, value: text(r['value']), bin: num(r['bin']), n: num(r['n']) });
    }
  }
  return out;
}

async function scanReviewers(engine: Engine, ctx: FamilyContext, cols: AutomationAggregates['columns']): Promise<ReviewerCell[]> {
  const w = (where: Predicate): Measure => ({ kind: 'weight', where });
  const measures: Record<string, Measure> = { reviews: { kind: 'weight' } };
  if (cols.override) {
    measures['override_known'] = w(q.notNull('human_override'));
    measures['overrides'] = w(OVERRIDDEN);
  }
  if (cols.seconds) {
    measures['timed'] = w(q.notNull('review_seconds'));
    measures['short'] = w({ op: 'lt', column: 'review_seconds', value: ctx.policy.automation.minReviewSeconds });
  }
  const rows = await engine.aggregate({
    name: 'reviewers',
    dims: { ...stageDims(ctx), reviewer: q.col('reviewer_id') },
    measures,
    where: q.and(USED_ROWS, REVIEWED, q.notNull('reviewer_id')),
  });
  return rows.map((r) => ({
    tool: text(r['tool']),
    stage: String(r['stage']),
    reviewer: String(r['reviewer']),
    reviews: num(r['reviews']),
    overrideKnown: num(r['override_known']),
    overrides: num(r['overrides']),
    timed: num(r['timed']),
    short: num(r['short']),
  }));
}

const DAY_SECONDS = 86_400;
const isoAt = (second: number) => new Date(second * 1000).toISOString().slice(0, 19).replace('T', ' ');

/**
 * Decision times for the batch index, in two phases.
 *
 * Why this shape: a batch is a run of a reviewer's decisions each within BATCH.gapSeconds of the
 * previous one, which needs the decisions in time order per reviewer. SQL does that with window
 * functions (lag over reviewer order by decided_at), which ClickHouse 18.16 lacks, and the
 * dialect-neutral query language has none. A histogram of decided_at per reviewer at 1-second
 * resolution is an ordinary GROUP BY, and from it the runs are rebuilt exactly in finalize (exact
 * when decided_at carries whole seconds): same-second decisions are gap-0 neighbours, and the gap
 * between occupied seconds is their difference. Its size is at most the number of reviewed
 * decisions, so it is bounded by scanning whole calendar days: phase 1 counts decisions per day
 * (a few hundred rows); if they exceed BATCH.maxDecisions a seeded sample of days (policy seed)
 * that fits is scanned in phase 2 and the result says so. Whole days keep every run intact except
 * one spanning midnight UTC.
 */
export async function scanTimes(engine: Engine, ctx: FamilyContext, maxDecisions: number = BATCH.maxDecisions): Promise<DecisionTimes> {
  const where = q.and(USED_ROWS, REVIEWED, q.notNull('reviewer_id'), q.notNull('decided_at'));
  const perDay = await engine.aggregate({
    name: 'decisions per day',
    dims: { day: { kind: 'epoch', column: 'decided_at', seconds: DAY_SECONDS } },
    measures: { n: { kind: 'weight' } },
    where,
  });
  const days = perDay.map((r) => ({ day: num(r['day']), n: num(r['n']) })).sort((a, b) => a.day - b.day);
  const decisionsTotal = days.reduce((a, d) => a + d.n, 0);
  let chosen = days;
  if (decisionsTotal > maxDecisions) {
    const rng = createRng(ctx.policy.seed);
    const shuffled = [...days];
    for (let i = shuffled.length - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
    }
    let budget = maxDecisions;
    chosen = shuffled.filter((d) => (d.n <= budget ? ((budget -= d.n), true) : false)).sort((a, b) => a.day - b.day);
  }
  const decisionsUsed = chosen.reduce((a, d) => a + d.n, 0);
  const times: DecisionTimes = { seconds: [], daysTotal: days.length, daysUsed: chosen.length, decisionsTotal, decisionsUsed };
  if (chosen.length === 0) return times;
  const sampled = chosen.length < days.length;
  const rows = await engine.aggregate({
    name: 'decision seconds',
    dims: { ...stageDims(ctx), reviewer: q.col('reviewer_id'), second: { kind: 'epoch', column: 'decided_at', seconds: 1 } },
    measures: { n: { kind: 'weight' } },
    where: sampled ? q.and(where, q.or(...dayRanges(chosen.map((d) => d.day)))) : where,
  });
  times.seconds = rows.map((r) => ({ tool: text(r['tool']), stage: String(r['stage']), reviewer: String(r['reviewer']), second: num(r['second']), n: num(r['n']) }));
  return times;
}

/** Consecutive days merged into [start, end) ranges of decided_at. */
function dayRanges(days: readonly number[]): Predicate[] {
  const ranges: [number, number][] = [];
  for (const d of days) {
    const last = ranges.at(-1);
    if (last && last[1] === d) last[1] = d + 1;
    else ranges.push([d, d + 1]);
  }
  return ranges.map(([a, b]) => q.and({ op: 'ge', column: 'decided_at', value: isoAt(a * DAY_SECONDS) }, { op: 'lt', column: 'decided_at', value: isoAt(b * DAY_SECONDS) }));
}

/** The family's scans: cells, review-time histograms, reviewers, decision times (each only when its columns exist). */
export async function scanAutomation(engine: Engine, ctx: FamilyContext): Promise<AutomationAggregates> {
  const has = (c: string) => ctx.dataset.columns.includes(c);
  const columns = { seconds: has('review_seconds'), override: has('human_override'), reviewer: has('reviewer_id'), decidedAt: has('decided_at') };
  const cells = await scanCells(engine, ctx, columns);
  const dwell = columns.seconds ? await scanDwell(engine, ctx) : [];
  const reviewers = columns.reviewer ? await scanReviewers(engine, ctx, columns) : [];
  const times = columns.reviewer && columns.decidedAt ? await scanTimes(engine, ctx) : null;
  return { cells, dwell, reviewers, times, columns };
}
