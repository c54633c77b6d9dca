import { histogramQuantile, wilsonInterval } from '../../stats/index.js';
import { batchRuns } from './batch.js';
import type { MeasuredReviewer, MeasuredStage } from './measured.js';
import { DWELL, SPREAD_MIN_REVIEWS } from './parameters.js';
import type { AutomationAggregates, AutomationCell, DecisionSecond, ReviewerCell } from './scan.js';

/** Column-wise sum of cells (the counts of a stage, or of a group). */
export function sumCells(cells: readonly AutomationCell[]): Omit<AutomationCell, 'tool' | 'stage' | 'values'> {
  const t = { n: 0, rejected: 0, rejectedUnreviewed: 0, rejectedReviewUnknown: 0, reviewed: 0, reviewedRejected: 0, timed: 0, short: 0, timedRejected: 0, shortRejected: 0, overrideKnown: 0, up: 0, down: 0, toolRejectedReviewed: 0, toolSelectedReviewed: 0, toolKnown: 0, toolSelected: 0, finalSelected: 0 };
  for (const c of cells) for (const k of Object.keys(t) as (keyof typeof t)[]) t[k] += c[k];
  return t;
}
export type Totals = ReturnType<typeof sumCells>;

export const ratio = (x: number, n: number) => (n > 0 ? x / n : null);
export const wilson = (x: number, n: number) => (n > 0 ? wilsonInterval(x, n) : null);

/** Median and 10th percentile of a review-time histogram (1-second bins). */
export function dwellQuantiles(hist: readonly number[]): { median: number | null; p10: number | null } {
  return { median: histogramQuantile(hist, DWELL.lo, DWELL.width, 0.5), p10: histogramQuantile(hist, DWELL.lo, DWELL.width, 0.1) };
}

/** Batch counts per reviewer of one stage, from the per-second histogram. */
function batchByReviewer(seconds: readonly DecisionSecond[]): Map<string, { decisions: number; inRuns: number }> {
  const by = new Map<string, DecisionSecond[]>();
  for (const s of seconds) {
    const list = by.get(s.reviewer);
    if (list) list.push(s);
    else by.set(s.reviewer, [s]);
  }
  return new Map([...by].map(([r, list]) => [r, batchRuns(list)]));
}

function reviewerRows(cells: readonly ReviewerCell[], batch: Map<string, { decisions: number; inRuns: number }> | null, cols: AutomationAggregates['columns']): MeasuredReviewer[] {
  return [...cells]
    .sort((a, b) => (a.reviewer < b.reviewer ? -1 : a.reviewer > b.reviewer ? 1 : 0))
    .map((c) => {
      const b = batch?.get(c.reviewer);
      return {
        reviewer_id: c.reviewer,
        reviews: c.reviews,
        override_known: c.overrideKnown,
        overrides: c.overrides,
        override_rate: cols.override ? ratio(c.overrides, c.overrideKnown) : null,
        short_reviews: c.short,
        timed: c.timed,
        decisions_timed: b?.decisions ?? 0,
        batch_decisions: b?.inRuns ?? 0,
        batch_index: b ? ratio(b.inRuns, b.decisions) : null,
      };
    });
}

/** Sample SD of per-reviewer override rates over reviewers with enough reviews (null under two). */
function reviewerSpread(rows: readonly MeasuredReviewer[]): number | null {
  const rates = rows.filter((r) => r.override_known >= SPREAD_MIN_REVIEWS && r.override_rate !== null).map((r) => r.override_rate!);
  if (rates.length < 2) return null;
  const mean = rates.reduce((a, b) => a + b, 0) / rates.length;
  return Math.sqrt(rates.reduce((a, r) => a + (r - mean) ** 2, 0) / (rates.length - 1));
}

/** Everything the stage row needs besides its cells. */
export interface StageInputs {
  tool: string | null;
  stage: string;
  totals: Totals;
  hist: readonly number[];
  reviewers: readonly ReviewerCell[];
  /** Per-second decision histogram of this stage, or null when the batch index cannot be read (see DecisionTimesCoverage). */
  seconds: readonly DecisionSecond[] | null;
  cols: AutomationAggregates['columns'];
}

/** One stage's row: ARR, review-time distribution, overrides, adherence, reviewers, batch index (the rules add signals and verdicts). */
export function stageRow(s: StageInputs): MeasuredStage {
  const t = s.totals;
  const known = t.rejected - t.rejectedReviewUnknown;
  const batch = s.seconds === null ? null : batchByReviewer(s.seconds);
  const reviewers = reviewerRows(s.reviewers, batch, s.cols);
  const batchTotals = batch === null ? null : [...batch.values()].reduce((a, b) => ({ decisions: a.decisions + b.decisions, inRuns: a.inRuns + b.inRuns }), { decisions: 0, inRuns: 0 });
  const batchIndex = batchTotals ? ratio(batchTotals.inRuns, batchTotals.decisions) : null;
  const { median, p10 } = dwellQuantiles(s.hist);
  const overrides = t.up + t.down;
  return {
    tool: s.tool,
    stage: s.stage,
    n: t.n,
    rejected: t.rejected,
    rejected_unreviewed: t.rejectedUnreviewed,
    rejected_review_unknown: t.rejectedReviewUnknown,
    arr: ratio(t.rejectedUnreviewed, known),
    arr_ci: wilson(t.rejectedUnreviewed, known),
    reviewed: t.reviewed,
    reviewed_rejected: t.reviewedRejected,
    review_seconds_n: t.timed,
    review_seconds_median: median,
    review_seconds_p10: p10,
    short_reviews: t.short,
    short_share: ratio(t.short, t.timed),
    short_share_ci: wilson(t.short, t.timed),
    override_known: t.overrideKnown,
    overrides_up: t.up,
    overrides_down: t.down,
    override_rate: s.cols.override ? ratio(overrides, t.overrideKnown) : null,
    override_rate_ci: s.cols.override ? wilson(overrides, t.overrideKnown) : null,
    tool_rejected_reviewed: t.toolRejectedReviewed,
    adherence: s.cols.override && t.toolRejectedReviewed > 0 ? 1 - t.up / t.toolRejectedReviewed : null,
    adherence_ci: s.cols.override ? (wilson(t.toolRejectedReviewed - t.up, t.toolRejectedReviewed) ?? null) : null,
    tool_rate: s.cols.override ? ratio(t.toolSelected, t.toolKnown) : null,
    final_rate: s.cols.override ? ratio(t.finalSelected, t.toolKnown) : null,
    reviewer_count: reviewers.length,
    reviewer_override_sd: reviewerSpread(reviewers),
    reviewers,
    batch_index: batchIndex,
    batch_decisions_timed: batchTotals?.decisions ?? 0,
    batch_decisions: batchTotals?.inRuns ?? 0,
  };
}
