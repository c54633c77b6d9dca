import type { AutomationStage } from '../../contract/sections/automation.js';
import { binomialTest } from '../../stats/index.js';
import { BATCH, RUBBER_STAMP } from './rules.js';

type Signal = AutomationStage['agreement_signal'];
type Risk = AutomationStage['rubber_stamp_risk'];

/** What the rubber-stamp signals of one stage are computed from. */
export interface SignalInput {
  reviewed: number;
  overrideKnown: number | null;
  overrides: number;
  up: number;
  toolRejectedReviewed: number;
  timed: number | null;
  short: number;
  batchIndex: number | null;
  batchDecisions: number;
  minReviewSeconds: number;
  alpha: number;
}

export interface Signals {
  agreement: Signal;
  overrideP: number | null;
  adherenceP: number | null;
  dwell: Signal;
  dwellP: number | null;
  batch: Signal;
  risk: Risk;
  rule: string;
}

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
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
export function rubberStampSignals(s: SignalInput): Signals {
  const level = s.alpha / 2;
  let overrideP: number | null = null;
  let adherenceP: number | null = null;
  let agreement: Signal = 'not_assessable';
  if (s.overrideKnown !== null && s.overrideKnown >= RUBBER_STAMP.minReviews) {
    overrideP = binomialTest(s.overrides, s.overrideKnown, RUBBER_STAMP.lowOverrideRate, 'less');
    adherenceP = s.toolRejectedReviewed > 0 ? binomialTest(s.up, s.toolRejectedReviewed, 1 - RUBBER_STAMP.highAdherence, 'less') : null;
    agreement = overrideP < level / 2 || (adherenceP !== null && adherenceP < level / 2) ? 'present' : 'absent';
  }
  let dwellP: number | null = null;
  let dwell: Signal = 'not_assessable';
  if (s.timed !== null && s.timed >= RUBBER_STAMP.minReviews) {
    dwellP = binomialTest(s.short, s.timed, 0.5, 'greater');
    dwell = dwellP < level ? 'present' : 'absent';
  }
  const batch: Signal = s.batchIndex === null || s.batchDecisions < RUBBER_STAMP.minReviews ? 'not_assessable' : s.batchIndex > BATCH.index ? 'present' : 'absent';

  const parts: string[] = [];
  if (agreement !== 'not_assessable') {
    const o = s.overrides / s.overrideKnown!;
    parts.push(
      `agreement ${agreement}: override rate ${pct(o)} of ${s.overrideKnown} (exact binomial P(X <= ${s.overrides} | O = ${pct(RUBBER_STAMP.lowOverrideRate)}) = ${p(overrideP!)})` +
        (adherenceP === null ? '' : `, adherence ${pct(1 - s.up / s.toolRejectedReviewed)} (P = ${p(adherenceP)})`) +
        ` against ${p(level / 2)} each`,
    );
  } else parts.push(`agreement not assessable (${s.overrideKnown === null ? 'no human_override column' : `${s.overrideKnown} reviews < ${RUBBER_STAMP.minReviews}`})`);
  if (dwell !== 'not_assessable') {
    parts.push(`dwell ${dwell}: ${pct(s.short / s.timed!)} of ${s.timed} reviews under ${s.minReviewSeconds} s (P(X >= ${s.short} | 1/2) = ${p(dwellP!)} against ${p(level)})`);
  } else parts.push(`dwell not assessable (${s.timed === null ? 'no review_seconds column' : `${s.timed} timed reviews < ${RUBBER_STAMP.minReviews}`})`);
  parts.push(batch === 'not_assessable' ? 'batch not assessable' : `batch ${batch}: index ${pct(s.batchIndex!)} against ${pct(BATCH.index)}`);

  let risk: Risk;
  if (s.reviewed === 0) risk = 'not_applicable';
  else if (batch === 'present' || (agreement === 'present' && dwell === 'present')) risk = 'high';
  else if (agreement === 'present' || dwell === 'present') risk = 'medium';
  else if (agreement === 'absent' || dwell === 'absent') risk = 'low';
  else risk = 'insufficient_evidence';
  const rule = `${risk}: ${parts.join('; ')} (requirements Q9 [C]: high = (agreement and dwell) or batch; medium = one signal)`;
  return { agreement, overrideP, adherenceP, dwell, dwellP, batch, risk, rule };
}
