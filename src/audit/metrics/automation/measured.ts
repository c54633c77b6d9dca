import type { AutomationGroup, AutomationReviewer, AutomationStage } from '../../contract/sections/automation.js';

/**
 * What finalize hands the automation rules (src/audit/rules/automation.ts): the section's rows
 * without the fields the rules fill (signals, ratings, verdicts, their texts), and the counts the
 * rules read that the section does not print (the sizes a minimum-size check reads, why a
 * comparison did not run, what the decision times covered).
 */

/** The comparisons of a group row: automated rejections, short reviews of rejections, reviewers' decisions. */
export type Comparison = 'arr' | 'short' | 'human';

/** Stage fields the rules fill: rubber-stamp tests, signals and rating, AVG-22 verdict, the batch note. */
export type JudgedStageField =
  | 'override_p'
  | 'adherence_p'
  | 'dwell_p'
  | 'agreement_signal'
  | 'dwell_signal'
  | 'batch_signal'
  | 'rubber_stamp_risk'
  | 'rubber_stamp_rule'
  | 'verdict'
  | 'verdict_rule'
  | 'batch_note';
export type MeasuredReviewer = Omit<AutomationReviewer, 'never_overrides'>;
export type MeasuredStage = Omit<AutomationStage, JudgedStageField | 'reviewers'> & { reviewers: MeasuredReviewer[] };

export type JudgedGroupField = 'excluded' | `${Comparison}_verdict` | `${Comparison}_verdict_rule`;

/** Why a comparison of a group was not run. */
export type NotCompared =
  /** The group is the unknown category: counted, not compared. */
  | 'unknown_category'
  /** No other known group at the stage to compare with. */
  | 'only_known_group'
  /** Nothing varies at the stage (no rejection or every one unreviewed; no short review of a rejection, or none timed). */
  | 'no_variation'
  | 'no_override_column'
  /** No reviewer changed a tool outcome at the stage. */
  | 'no_override';

export interface MeasuredGroup {
  row: Omit<AutomationGroup, JudgedGroupField>;
  /** Decisions each comparison is over: rejections with a known review status, timed reviewed rejections, reviewed decisions with a known tool outcome. */
  sizes: Record<Comparison, number>;
  /** Why each comparison was not run; null when it ran (its p may still be undefined). */
  notCompared: Record<Comparison, NotCompared | null>;
}

/** What the batch index could be read from; null without a reviewer_id or decided_at column. */
export interface DecisionTimesCoverage {
  decisionsTotal: number;
  decisionsUsed: number;
  daysTotal: number;
  daysUsed: number;
  /** Some decision falls off a whole minute (false for dates read as midnight): gaps of seconds can be seen. */
  resolvesSeconds: boolean;
}

export interface AutomationMeasurement {
  stages: MeasuredStage[];
  /** Holm-adjusted per kind of comparison across the audit. */
  groups: MeasuredGroup[];
  /** Which optional review columns the data has. */
  columns: { seconds: boolean; override: boolean; reviewer: boolean; decidedAt: boolean };
  decisionTimes: DecisionTimesCoverage | null;
}
