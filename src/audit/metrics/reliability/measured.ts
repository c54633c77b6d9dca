import type { InternalConsistencyRow, TestRetestGroup, TestRetestRow } from '../../contract/sections/reliability.js';

/**
 * What the reliability metrics measure: the reliability section without the fields the rules fill
 * in (the bands applied, ratings, verdicts and their sentences). Where the section holds a sentence
 * about a fact, the metrics record the fact as a code and src/audit/rules/reliability.ts writes it out.
 */
export type MeasuredDeterminism = Omit<NonNullable<TestRetestRow['determinism']>, 'share' | 'verdict' | 'verdict_rule'> & { share: number };

export type MeasuredTestRetest = Omit<TestRetestRow, 'rating' | 'determinism' | 'verdict' | 'verdict_rule'> & {
  determinism: MeasuredDeterminism | null;
};

/** Why a group is not compared with the reference. */
export type Exclusion = 'unknown_category' | 'no_reference';

export type MeasuredRetestGroup = Omit<TestRetestGroup, 'excluded' | 'verdict' | 'verdict_rule'> & { excluded: Exclusion | null };

export type MeasuredConsistency = Omit<InternalConsistencyRow, 'rating' | 'verdict' | 'verdict_rule'>;

export interface MeasuredReliability {
  test_retest: MeasuredTestRetest[];
  /** Present when the data holds retest pairs (schema 1.3.0). */
  test_retest_groups?: MeasuredRetestGroup[];
  internal_consistency: MeasuredConsistency[];
}
