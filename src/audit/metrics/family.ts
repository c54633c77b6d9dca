import type { DatasetProfile } from '../contract/dataset.js';
import type { Policy } from '../contract/policy.js';
import { type Predicate, q } from '../engine/aggregate-query.js';
import type { Engine } from '../engine/engine.js';

/** What every family knows about the audit: the applied policy and the ingested dataset's profile. */
export interface FamilyContext {
  readonly policy: Policy;
  readonly dataset: DatasetProfile;
}

/**
 * A metric family: `applies` says from the dataset's profile and the policy whether the family can
 * run at all; `scan` asks the engine for small aggregates (the only part that touches data,
 * possibly in dependent phases, e.g. a median before counts above it); `finalize` is pure
 * statistics on those aggregates (no engine, clock or global random, no verdict and no prose), so
 * it is tested without a database and its cost does not grow with the number of rows. `finalize`
 * returns null when the data hold nothing the family can measure. Verdicts are the rules layer's
 * (src/audit/rules), joined to the family in src/audit/registry.ts.
 */
export interface MetricFamily<Aggregates, Section> {
  applies(ctx: FamilyContext): boolean;
  scan(engine: Engine, ctx: FamilyContext): Promise<Aggregates>;
  finalize(aggregates: Aggregates, ctx: FamilyContext): Section | null;
}

/** Filter of the rows a family's main analysis uses: applicants with a decision, first attempt, no variants. */
export const USED_ROWS = { op: 'is_null', column: '_excluded' } as const;

/** Not a benchmark row (when the data has a role column). */
export const notBenchmark = (columns: readonly string[]): Predicate[] =>
  columns.includes('role') ? [{ op: 'ne', column: 'role', value: 'benchmark' }] : [];

/** Not a perturbation variant and not a benchmark row (when the data has those columns). */
export const applicantOriginal = (columns: readonly string[]): Predicate[] => [
  ...(columns.includes('variant_of') ? [q.isNull('variant_of')] : []),
  ...notBenchmark(columns),
];

/** Rows of a candidate's first assessment: attempt 1 (or no attempt), not a variant, not a benchmark. */
export function firstAttempt(columns: readonly string[]): Predicate[] {
  return [...(columns.includes('attempt') ? [q.or(q.eq('attempt', 1), q.isNull('attempt'))] : []), ...applicantOriginal(columns)];
}

