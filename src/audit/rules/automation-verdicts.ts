import type { Policy } from '../contract/policy.js';
import type { AutomationGroup, AutomationReviewer, AutomationSection, AutomationStage } from '../contract/sections/automation.js';
import type { AutomationMeasurement, Comparison, DecisionTimesCoverage, MeasuredGroup, MeasuredReviewer, MeasuredStage, NotCompared } from '../metrics/automation/measured.js';
import { BATCH, DWELL, SPREAD_MIN_REVIEWS } from '../metrics/automation/parameters.js';
import { binomialTest } from '../stats/index.js';
import { isAbove } from './thresholds.js';

/**
 * The automation verdicts (requirements Q9; GDPR/AVG art. 22): per stage the rubber-stamp signals
 * and rating and the AVG-22 verdict; per group row the verdict of each comparison; and the texts
 * that say how each was reached.
 */

/**
 * Fixed thresholds of the rubber-stamp rating of requirements.md Q9 (all conventions [C]); the
 * minimum meaningful review time is the policy's (automation.minReviewSeconds). They are repeated
 * in the automation section (`thresholds`) so every verdict can be traced to its numbers.
 */
const RUBBER_STAMP = {
  /** Override rate below this is the "never disagrees" signal (O < 2%). */
  lowOverrideRate: 0.02,
  /** Adherence A = P(final reject | tool reject) at or above this is the same signal (A >= 98%). */
  highAdherence: 0.98,
  /** The agreement, dwell and batch signals are judged over at least this many reviews at a stage. */
  minReviews: 100,
  /** Reviewers who never override across at least this many reviews are listed. */
  neverOverrideReviews: 50,
  /** Batch index above this is a rubber-stamp signal on its own (high risk). */
  batchIndex: 0.5,
  source: 'requirements.md Q9 rubber-stamp rating (convention [C]); AVG-22-MHI: WP29 WP251rev.01, CJEU C-634/21 SCHUFA',
} as const;

const BATCH_SOURCE = `requirements.md Q9: batch index = share of decisions within ${BATCH.gapSeconds} s of the same reviewer's previous decision, in runs >= ${BATCH.minRun} (convention [C])`;

/** The section's record of the thresholds and measuring parameters every automation verdict used. */
export function automationThresholds(policy: Policy): AutomationSection['thresholds'] {
  return {
    min_review_seconds: policy.automation.minReviewSeconds,
    low_override_rate: RUBBER_STAMP.lowOverrideRate,
    high_adherence: RUBBER_STAMP.highAdherence,
    min_reviews: RUBBER_STAMP.minReviews,
    never_override_reviews: RUBBER_STAMP.neverOverrideReviews,
    spread_min_reviews: SPREAD_MIN_REVIEWS,
    batch_gap_seconds: BATCH.gapSeconds,
    batch_min_run: BATCH.minRun,
    batch_index: RUBBER_STAMP.batchIndex,
    signal_alpha: policy.alpha / 2,
    alpha: policy.alpha,
    source: `${RUBBER_STAMP.source}; ${BATCH_SOURCE}`,
  };
}

/** How the review-time quantiles are read from the histogram (metrics/automation/parameters.ts DWELL). */
export const DWELL_METHOD = `review_seconds histogram with ${DWELL.width}-second bins from ${DWELL.lo} s; ${DWELL.bins - 1} s and longer share the top bin (a quantile there reads as ${DWELL.bins - 1}); quantiles by Hyndman-Fan definition 2 (the median is the usual median): exact for whole-second times, otherwise rounded down to the second`;

/** Why the batch index is missing, or which days it was computed on when the times were sampled; null when exact. */
export function batchNote(times: DecisionTimesCoverage | null): string | null {
  if (times === null) return 'not assessed: needs reviewer_id and decided_at';
  if (times.decisionsTotal === 0) return 'not assessed: no reviewed decision has a reviewer and a decided_at';
  if (!times.resolvesSeconds) return 'not assessed: decided_at carries no time finer than a minute (dates only?), so gaps of seconds cannot be seen';
  if (times.daysUsed < times.daysTotal) {
    return `estimated on a seeded sample of ${times.daysUsed} of ${times.daysTotal} days (${times.decisionsUsed} of ${times.decisionsTotal} reviewed decisions; at most ${BATCH.maxDecisions} are scanned)`;
  }
  return null;
}

/** A reviewer is listed as never overriding after RUBBER_STAMP.neverOverrideReviews reviews without an override (Q9). */
export function reviewerRow(r: MeasuredReviewer, columns: AutomationMeasurement['columns']): AutomationReviewer {
  return { ...r, never_overrides: columns.override && r.override_known >= RUBBER_STAMP.neverOverrideReviews && r.overrides === 0 };
}

type Signal = AutomationStage['agreement_signal'];
type Risk = AutomationStage['rubber_stamp_risk'];
export type RubberStamp = Pick<AutomationStage, 'override_p' | 'adherence_p' | 'dwell_p' | 'agreement_signal' | 'dwell_signal' | 'batch_signal' | 'rubber_stamp_risk' | 'rubber_stamp_rule'>;

const pct = (x: number | null) => (x === null ? 'n/a' : `${(100 * x).toFixed(1)}%`);
const p = (x: number) => (x < 0.0001 ? x.toExponential(1) : x.toFixed(4));

/**
 * The three rubber-stamp signals of requirements Q9 and the risk rating built from them.
 *
 * Q9 states the signals as point thresholds; a point estimate just past a threshold is half the
 * time sampling noise, so each signal is claimed only when an exact one-sided binomial test says
 * the true value is past it: the agreement signal (O < 2% or A >= 98%) tests both at alpha/4, the
 * dwell signal (median review < minReviewSeconds, i.e. more than half the reviews shorter) at
 * alpha/2. When no signal truly holds the rating therefore says "medium" or "high" with
 * probability at most alpha (union bound); the calibration test measures it. The batch index has
 * no sampling model (it describes the reviewers' own timeline): the signal is its value > 50%.
 *
 *   high:   (agreement and dwell) or batch          medium: agreement or dwell (one of them)
 *   low:    no signal, at least one of agreement/dwell assessed
 *   insufficient_evidence: fewer than RUBBER_STAMP.minReviews reviews (or no column) for both
 */
export function rubberStamp(s: MeasuredStage, columns: AutomationMeasurement['columns'], policy: Policy): RubberStamp {
  const level = policy.alpha / 2;
  const overrideKnown = columns.override ? s.override_known : null;
  const overrides = s.overrides_up + s.overrides_down;
  const timed = columns.seconds ? s.review_seconds_n : null;
  let overrideP: number | null = null;
  let adherenceP: number | null = null;
  let agreement: Signal = 'not_assessable';
  if (overrideKnown !== null && overrideKnown >= RUBBER_STAMP.minReviews) {
    overrideP = binomialTest(overrides, overrideKnown, RUBBER_STAMP.lowOverrideRate, 'less');
    adherenceP = s.tool_rejected_reviewed > 0 ? binomialTest(s.overrides_up, s.tool_rejected_reviewed, 1 - RUBBER_STAMP.highAdherence, 'less') : null;
    agreement = overrideP < level / 2 || (adherenceP !== null && adherenceP < level / 2) ? 'present' : 'absent';
  }
  let dwellP: number | null = null;
  let dwell: Signal = 'not_assessable';
  if (timed !== null && timed >= RUBBER_STAMP.minReviews) {
    dwellP = binomialTest(s.short_reviews, timed, 0.5, 'greater');
    dwell = dwellP < level ? 'present' : 'absent';
  }
  const batch: Signal =
    s.batch_index === null || s.batch_decisions_timed < RUBBER_STAMP.minReviews ? 'not_assessable' : isAbove(s.batch_index, RUBBER_STAMP.batchIndex) ? 'present' : 'absent';

  const parts: string[] = [];
  if (agreement !== 'not_assessable') {
    const o = overrides / overrideKnown!;
    parts.push(
      `agreement ${agreement}: override rate ${pct(o)} of ${overrideKnown} (exact binomial P(X <= ${overrides} | O = ${pct(RUBBER_STAMP.lowOverrideRate)}) = ${p(overrideP!)})` +
        (adherenceP === null ? '' : `, adherence ${pct(1 - s.overrides_up / s.tool_rejected_reviewed)} (P = ${p(adherenceP)})`) +
        ` against ${p(level / 2)} each`,
    );
  } else parts.push(`agreement not assessable (${overrideKnown === null ? 'no human_override column' : `${overrideKnown} reviews < ${RUBBER_STAMP.minReviews}`})`);
  if (dwell !== 'not_assessable') {
    parts.push(`dwell ${dwell}: ${pct(s.short_reviews / timed!)} of ${timed} reviews under ${policy.automation.minReviewSeconds} s (P(X >= ${s.short_reviews} | 1/2) = ${p(dwellP!)} against ${p(level)})`);
  } else parts.push(`dwell not assessable (${timed === null ? 'no review_seconds column' : `${timed} timed reviews < ${RUBBER_STAMP.minReviews}`})`);
  parts.push(batch === 'not_assessable' ? 'batch not assessable' : `batch ${batch}: index ${pct(s.batch_index)} against ${pct(RUBBER_STAMP.batchIndex)}`);

  let risk: Risk;
  if (s.reviewed === 0) risk = 'not_applicable';
  else if (batch === 'present' || (agreement === 'present' && dwell === 'present')) risk = 'high';
  else if (agreement === 'present' || dwell === 'present') risk = 'medium';
  else if (agreement === 'absent' || dwell === 'absent') risk = 'low';
  else risk = 'insufficient_evidence';
  return {
    override_p: overrideP,
    adherence_p: adherenceP,
    dwell_p: dwellP,
    agreement_signal: agreement,
    dwell_signal: dwell,
    batch_signal: batch,
    rubber_stamp_risk: risk,
    rubber_stamp_rule: `${risk}: ${parts.join('; ')} (requirements Q9 [C]: high = (agreement and dwell) or batch; medium = one signal)`,
  };
}

type Art22Input = Pick<AutomationStage, 'rejected' | 'rejected_unreviewed' | 'rejected_review_unknown' | 'arr' | 'rubber_stamp_risk'>;

/**
 * AVG art. 22 verdict of a stage (requirements AVG-22 [L], AVG-22-MHI [G]/[C]): any rejection
 * without human review fails unless the policy declares an art. 22(2) basis and a contest channel
 * (22(3)) - a declaration, not verified; a rejection with unknown review status is insufficient
 * evidence; a high rubber-stamp risk makes the reviewed rejections count as solely automated
 * (warn: whether a review is meaningful is a qualitative legal test).
 */
function art22Verdict(row: Art22Input, policy: Policy): Pick<AutomationStage, 'verdict' | 'verdict_rule'> {
  const basis = policy.declarations.art22Basis;
  const safeguarded = basis !== undefined && basis !== 'none' && policy.declarations.contestChannel === true;
  if (row.rejected === 0) return { verdict: 'not_assessed', verdict_rule: 'no rejections at this stage' };
  if (row.rejected_unreviewed > 0) {
    const arr = `ARR ${pct(row.arr)} > 0: ${row.rejected_unreviewed} of ${row.rejected - row.rejected_review_unknown} rejections without human review (GDPR art. 22(1), recital 71)`;
    return safeguarded
      ? { verdict: 'warn', verdict_rule: `warn: ${arr}, but an art. 22(2) basis (${basis}) and a contest channel (art. 22(3)) are declared (declared, not verified)` }
      : { verdict: 'fail', verdict_rule: `fail: ${arr}; no art. 22(2) basis with 22(3) safeguards declared` };
  }
  if (row.rejected_review_unknown > 0) {
    return { verdict: 'insufficient_evidence', verdict_rule: `insufficient evidence: ${row.rejected_review_unknown} rejections have no reviewed_by_human value, so review cannot be shown` };
  }
  if (row.rubber_stamp_risk === 'high') {
    return {
      verdict: 'warn',
      verdict_rule: 'warn: every rejection was reviewed, but the rubber-stamp risk is high, so the reviews are treated as solely automated (requirements Q9 [C]; WP251rev.01, CJEU C-634/21 SCHUFA; a qualitative legal test)',
    };
  }
  return { verdict: 'pass', verdict_rule: `pass: ARR 0 (all ${row.rejected} rejections reviewed by a person); rubber-stamp risk ${row.rubber_stamp_risk}` };
}

/** A measured stage judged: reviewers flagged, rubber-stamp rating, AVG-22 verdict, batch note. */
export function judgeStage(s: MeasuredStage, m: AutomationMeasurement, policy: Policy): AutomationStage {
  const rating = rubberStamp(s, m.columns, policy);
  return {
    ...s,
    reviewers: s.reviewers.map((r) => reviewerRow(r, m.columns)),
    batch_note: batchNote(m.decisionTimes),
    ...rating,
    ...art22Verdict({ ...s, rubber_stamp_risk: rating.rubber_stamp_risk }, policy),
  };
}

/**
 * The automation rules of one group row (requirements Q9 [C]): per kind of comparison (automated
 * rejections, short reviews of rejections, reviewers' decisions) warn when the group is the
 * disadvantaged one with Holm-adjusted p < alpha; insufficient evidence when fewer than
 * minGroupSize decisions were compared; else pass. A comparison that did not run says why.
 */

const UNKNOWN_CATEGORY = 'unknown category: counted, not compared';

function notComparedText(reason: NotCompared, kind: Comparison): string {
  switch (reason) {
    case 'unknown_category':
      return UNKNOWN_CATEGORY;
    case 'only_known_group':
      return 'not compared: the only known group';
    case 'no_variation':
      return kind === 'arr'
        ? 'not compared: no variation (no rejection, or every rejection, at this stage is unreviewed)'
        : 'not compared: no variation in short reviews of rejections at this stage (or none timed)';
    case 'no_override_column':
      return 'not compared: no human_override column';
    case 'no_override':
      return 'not compared: no reviewer changed a tool outcome at this stage';
  }
}

/** The disadvantage each test looks for, and whether this group shows it. */
function verdictTerms(row: MeasuredGroup['row'], kind: Comparison): [string, boolean] {
  if (kind === 'arr') return [`ARR ${pct(row.arr)} vs ${pct(row.arr_rest)} for the rest`, (row.arr ?? 0) > (row.arr_rest ?? 0)];
  if (kind === 'short') return [`${pct(row.short_share)} of reviewed rejections under the minimum review time vs ${pct(row.short_rest)}`, (row.short_share ?? 0) > (row.short_rest ?? 0)];
  return [`Mantel-Haenszel odds ratio of advancing after review ${row.human_odds_ratio?.toFixed(3) ?? 'n/a'} vs the rest`, row.human_odds_ratio !== null && row.human_odds_ratio < 1];
}

/** The verdict of one kind of comparison of one group, with the rule text that produced it. */
export function comparisonVerdict(g: MeasuredGroup, kind: Comparison, policy: Policy): { verdict: AutomationGroup['arr_verdict']; rule: string } {
  const row = g.row;
  const p = kind === 'human' ? row.human_cmh_p : row[`${kind}_fisher_p`];
  const reason = g.notCompared[kind];
  if (reason !== null) return { verdict: 'not_assessed', rule: notComparedText(reason, kind) };
  if (p === null) return { verdict: 'not_assessed', rule: 'not compared' };
  const holm = row[`${kind}_holm_p`];
  const [label, worse] = verdictTerms(row, kind);
  const sig = holm !== null && holm < policy.alpha;
  const test = `Holm-adjusted p ${holm === null ? 'n/a' : holm.toPrecision(3)} ${sig ? '<' : '>='} ${policy.alpha}`;
  if (sig && worse) return { verdict: 'warn', rule: `warn: ${label} and ${test} (requirements Q9 [C])` };
  if (g.sizes[kind] < policy.minGroupSize) {
    return { verdict: 'insufficient_evidence', rule: `insufficient evidence: ${g.sizes[kind]} decisions compared < minimum group size ${policy.minGroupSize}; ${test}` };
  }
  return { verdict: 'pass', rule: `pass: ${sig ? `${test}, but the group is not the one disadvantaged` : test}` };
}

/** A measured group row judged: why it is excluded (the unknown category), and each comparison's verdict. */
export function judgeGroup(g: MeasuredGroup, policy: Policy): AutomationGroup {
  const [arr, short, human] = [comparisonVerdict(g, 'arr', policy), comparisonVerdict(g, 'short', policy), comparisonVerdict(g, 'human', policy)];
  return {
    ...g.row,
    excluded: g.notCompared.arr === 'unknown_category' ? UNKNOWN_CATEGORY : null,
    arr_verdict: arr.verdict,
    arr_verdict_rule: arr.rule,
    short_verdict: short.verdict,
    short_verdict_rule: short.rule,
    human_verdict: human.verdict,
    human_verdict_rule: human.rule,
  };
}
