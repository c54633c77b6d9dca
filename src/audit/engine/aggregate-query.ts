/**
 * Dialect-neutral aggregate queries. Metric families describe WHAT they need (grouping
 * dimensions and weighted measures over the normalised candidates table); an Engine compiles
 * it to its SQL. Every measure is weighted by the frequency weight `w`, so a summary table with
 * a `count` column gives the same aggregates as the expanded rows.
 */

type Comparison = 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le';

export type Predicate =
  | { op: Comparison; column: string; value: string | number }
  | { op: 'not_null' | 'is_null'; column: string }
  /** Two columns of the same row are equal (false when either is null), e.g. l_trait_x = r_trait_x of a pair. */
  | { op: 'eq_columns'; a: string; b: string }
  | { op: 'in'; column: string; values: readonly (string | number)[] }
  | { op: 'and' | 'or'; args: readonly Predicate[] };

export type Dimension =
  /** The column's value as text (numbers too), so group keys compare the same in every engine. */
  | { kind: 'column'; column: string }
  /** Equal-width bin index of a numeric column: clamp(floor((x - lo) / width), 0, bins - 1); null stays null. */
  | { kind: 'bin'; column: string; lo: number; width: number; bins: number }
  /** Calendar period of a timestamp column as text: '2026-03' (month), '2026-Q1' (quarter) or '2026-03-14' (day). */
  | { kind: 'period'; column: string; unit: PeriodUnit }
  /** Whole `seconds`-long intervals of a timestamp since 1970-01-01 00:00:00, floor(unix time / seconds): a number; null stays null. */
  | { kind: 'epoch'; column: string; seconds: number };

export type PeriodUnit = 'month' | 'quarter' | 'day';

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
  | { kind: 'min' | 'max'; column: string; where?: Predicate }
  /** Number of table rows matching `where`, unweighted (row accounting); 0 when none. */
  | { kind: 'rows'; where?: Predicate };

/**
 * A per-row value a family needs but may not write as SQL: the distance of the row's point (the
 * listed numeric columns, in their own units) to a centre, compiled by each dialect.
 *   scale s:              d = sqrt(sum_j ((x_j - c_j) / s_j)^2)   (standardized Euclidean)
 *   inverseCovariance A:  d = sqrt((x - c)' A (x - c))            (Mahalanobis; A symmetric positive definite)
 * Null when any of the columns is null.
 */
export type DistanceColumn = {
  readonly kind: 'distance';
  readonly columns: readonly string[];
  readonly centre: readonly number[];
} & (
  | { readonly scale: readonly number[]; readonly inverseCovariance?: never }
  | { readonly inverseCovariance: readonly (readonly number[])[]; readonly scale?: never }
);

/** Typed per-row expressions (see `AggregateQuery.derived`). */
export type DerivedColumn = DistanceColumn;

export interface AggregateQuery {
  /** Short name, used in errors and progress messages. */
  readonly name: string;
  readonly dims: Readonly<Record<string, Dimension>>;
  readonly measures: Readonly<Record<string, Measure>>;
  readonly where?: Predicate;
  /** Default: the candidates table, one row each. */
  readonly from?: PairedSource;
  /**
   * Per-row values computed over the source rows before filtering and grouping, usable by name in
   * dims, measures and predicates like any column (names must not clash with a table column).
   */
  readonly derived?: Readonly<Record<string, DerivedColumn>>;
}

/** A bounded, seeded sample of rows for row-level work (model probes, rank statistics). */
export interface SampleQuery {
  readonly columns: readonly string[];
  readonly where?: Predicate;
  /**
   * Default: candidates. Paired rows are ranked by the right row's _row, then the left's (each
   * right row, e.g. a variant, pairs with one left row); columns and where use l_x / r_x names.
   */
  readonly from?: PairedSource;
  /** Columns whose every combination gets its own sample of `size` rows (one query for many samples). */
  readonly perGroup?: readonly string[];
  /**
   * With perGroup, when the caller has counted them (e.g. in an aggregate over the same rows): how
   * many groups have rows passing `where`, and how many rows the smallest of them has. Lets an
   * engine rank a slice of each group first (see DuckDBEngine.sample); the sample is the same.
   */
  readonly groupRows?: { readonly groups: number; readonly smallest: number };
  readonly size: number;
  readonly seed: number;
}

/**
 * A result row: dimension values are strings (bins are numbers), measures numbers. Every engine
 * gives the same canonical form: a sum, min or max over no matching rows (or only NULL values)
 * is null, as in standard SQL; a `rows` count is 0; a timestamp is ISO-8601 text in UTC.
 */
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
