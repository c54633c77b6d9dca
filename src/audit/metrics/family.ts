import type { DatasetProfile } from '../contract/dataset.js';
import type { Policy } from '../contract/policy.js';
import type { Engine } from '../engine/engine.js';

/** What every family knows about the audit: the applied policy and the ingested dataset's profile. */
export interface FamilyContext {
  readonly policy: Policy;
  readonly dataset: DatasetProfile;
}

/**
 * A metric family: `scan` asks the engine for small aggregates (the only part that touches data,
 * possibly in dependent phases, e.g. a median before counts above it); `finalize` is pure
 * statistics on those aggregates (no engine, clock or global random), so it is tested without a
 * database and its cost does not grow with the number of rows.
 */
export interface MetricFamily<Aggregates, Section> {
  readonly id: string;
  scan(engine: Engine, ctx: FamilyContext): Promise<Aggregates>;
  finalize(aggregates: Aggregates, ctx: FamilyContext): Section;
}

/** Filter of the rows a family's main analysis uses: applicants with a decision, first attempt, no variants. */
export const USED_ROWS = { op: 'is_null', column: '_excluded' } as const;
