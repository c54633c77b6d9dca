import type { DifferentialPrediction, GroupValidity, StageValidity } from '../../contract/sections/validity.js';

/**
 * What the validity metrics measure: the validity section without the fields the rules fill in
 * (bands, verdicts, their sentences and the section's notes). Where the section holds a sentence
 * about a fact, the metrics record the fact as a code and src/audit/rules/validity.ts writes it out.
 */

/** Why a correction of r is missing or lowers r (StageValidity.correction_note). */
export type CorrectionNote =
  | { code: 'r_undefined' }
  | { code: 'sd_zero' }
  | { code: 'u_below_1' }
  | { code: 'disattenuated_above_1'; criterionReliability: number };

export type MeasuredStage = Omit<StageValidity, 'correction_note' | 'rating' | 'rating_corrected' | 'verdict' | 'verdict_rule'> & {
  correction_note: CorrectionNote | null;
};

/** Why a group is not compared with the reference. */
export type Exclusion = 'unknown_category' | 'no_reference';

export type MeasuredGroup = Omit<GroupValidity, 'excluded' | 'verdict' | 'verdict_rule'> & { excluded: Exclusion | null };

/**
 * Whether the Cleary regression of a focal group was fitted: not estimated for a group (or
 * reference) under policy thresholds.minCriterionN criterion rows, nor without score variance in
 * either group; `singular` carries the solver's message.
 */
export type FitStatus = { status: 'fitted' } | { status: 'below_minimum' } | { status: 'no_score_variance' } | { status: 'singular'; message: string };

export type MeasuredPrediction = Omit<DifferentialPrediction, 'reading' | 'underpredicted' | 'verdict' | 'verdict_rule'> & { fit: FitStatus };

/** How the rank statistics were computed (the section's `rank_statistics` note). */
export interface RankSampling {
  /** Requested size of the seeded row sample Spearman's rho is computed on. */
  sampleSize: number;
  seed: number;
  /** The criterion is treated as binary (declared or detected). */
  binary: boolean;
  /** Σw of criterion values other than 0 and 1: a binary criterion with such values gets no AUC. */
  nonBinaryValues: number;
  /** Equal-width score bins of the AUC histogram. */
  aucBins: number;
}

export interface MeasuredValidity {
  binary_criterion: boolean;
  rankSampling: RankSampling;
  stages: MeasuredStage[];
  groups: MeasuredGroup[];
  prediction: MeasuredPrediction[];
}
