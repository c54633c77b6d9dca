/**
 * Dialect-neutral aggregate queries. Metric families describe WHAT they need (grouping
 * dimensions and weighted measures over the normalised candidates table); an Engine compiles
 * it to its SQL. Every measure is weighted by the frequency weight `w`, so a summary table with
 * a `count` column gives the same aggregates as the expanded rows.
 */

export type Comparison = 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le';

export type Predicate =
  | { op: Comparison; column: string; value: string | number }
  | { op: 'not_null' | 'is_null'; column: string }
  | { op: 'in'; column: string; values: readonly (string | number)[] }
  | { op: 'and' | 'or'; args: readonly Predicate[] };

export type Dimension =
  /** The column's value as text (numbers too), so group keys compare the same in every engine. */
  | { kind: 'column'; column: string }
  /** Equal-width bin index of a numeric column: clamp(floor((x - lo) / width), 0, bins - 1); null stays null. */
  | { kind: 'bin'; column: string; lo: number; width: number; bins: number }
  /** Calendar period of a timestamp column as text: '2026-03' (month) or '2026-Q1' (quarter). */
  | { kind: 'period'; column: string; unit: PeriodUnit };

export type PeriodUnit = 'month' | 'quarter';

/**
 * Rows paired by a key instead of single rows: e.g. a candidate's first and second attempt
 * (test–retest), or an original and its perturbed variant. Inside the query the paired columns
 * are named l_<column> and r_<column>; the weight is the left row's.
 */
export interface PairedSource {
  kind: 'pairs';
  /** Left rows' key column = right rows' key column (e.g. candidate_id = variant_of). */
  leftKey: string;
  rightKey: string;
  /** Columns that must also be equal on both sides (e.g. stage). */
  same: readonly string[];
  left: Predicate;
  right: Predicate;
  /** Columns carried from each side (as l_x and r_x). */
  columns: readonly string[];
}

export type Measure =
  /** Σ w over rows matching `where`: the number of candidates. */
  | { kind: 'weight'; where?: Predicate }
  /** Σ w·(x − shift)^power over rows where x is not null (and `where`). */
  | { kind: 'sum'; column: string; power?: 1 | 2; shift?: number; where?: Predicate }
  /** Σ w·(a − shiftA)(b − shiftB) over rows where both are not null. */
  | { kind: 'cross'; a: string; b: string; shiftA?: number; shiftB?: number; where?: Predicate }
  /** Σ w·|a − b| over rows where both are not null (e.g. score change under a perturbation). */
  | { kind: 'absDiff'; a: string; b: string; where?: Predicate }
  /** Smallest / largest value (unweighted; weights only multiply). */
  | { kind: 'min' | 'max'; column: string; where?: Predicate };

export interface AggregateQuery {
  /** Short name, used in errors and progress messages. */
  readonly name: string;
  readonly dims: Readonly<Record<string, Dimension>>;
  readonly measures: Readonly<Record<string, Measure>>;
  readonly where?: Predicate;
  /** Default: the candidates table, one row each. */
  readonly from?: PairedSource;
}

/** A bounded, seeded sample of rows for row-level work (model probes, rank statistics). */
export interface SampleQuery {
  readonly columns: readonly string[];
  readonly where?: Predicate;
  readonly size: number;
  readonly seed: number;
}

/** A result row: dimension values are strings (bins are numbers), measures numbers; null where SQL gives null. */
export type AggregateRow = Record<string, string | number | null>;

/** Median of a column per group, over candidates (weighted), as LL144 §5-300 defines the scoring rate's cut. */
export interface MedianQuery {
  readonly column: string;
  readonly by: readonly string[];
  readonly where?: Predicate;
}

/** Shorthand constructors, so family code reads as the statistics it asks for. */
export const q = {
  eq: (column: string, value: string | number): Predicate => ({ op: 'eq', column, value }),
  notNull: (column: string): Predicate => ({ op: 'not_null', column }),
  isNull: (column: string): Predicate => ({ op: 'is_null', column }),
  and: (...args: Predicate[]): Predicate => ({ op: 'and', args }),
  or: (...args: Predicate[]): Predicate => ({ op: 'or', args }),
  col: (column: string): Dimension => ({ kind: 'column', column }),
};
