import type { AggregateQuery, AggregateRow, MedianQuery, SampleQuery } from './aggregate-query.js';

/**
 * Where the scan of the data happens. Metric families only ever talk to this interface, so an
 * audit runs unchanged on DuckDB (embedded, the default) or a distributed engine.
 * The engine holds one normalised candidates table (see ingest/normalize.ts for its columns).
 */
export interface Engine {
  readonly name: string;
  /** Runs one aggregate query; rows are normalised to plain numbers and strings. */
  aggregate(query: AggregateQuery): Promise<AggregateRow[]>;
  /** Weighted median of a column per group: rows carry the `by` columns (as text) and `median`. */
  medians(query: MedianQuery): Promise<AggregateRow[]>;
  /**
   * Several medians() of one column over the same rows at once, one result per query in order,
   * each exactly what medians() gives; optional (see allMedians).
   */
  mediansOfMany?(queries: readonly MedianQuery[]): Promise<AggregateRow[][]>;
  /** A bounded, seeded sample of rows, identical in every engine (see compileSample). */
  sample(query: SampleQuery): Promise<AggregateRow[]>;
  /**
   * Ties cancellation to `signal` until the returned function is called: a running query is
   * interrupted and no further one starts (CancelledError). Engines without it are cancelled
   * between phases only.
   */
  cancelOn?(signal: AbortSignal): () => void;
  /**
   * Another session on the same table, for queries that run beside this engine's (each family's
   * scan in its own); close it when done. Engines without it take concurrent queries themselves
   * (ClickHouse: one HTTP request each).
   */
  fork?(): Promise<Engine>;
  close(): Promise<void>;
}

/**
 * A value worked out once and shared by every caller until forgotten (e.g. a table's column
 * magnitudes); a failed attempt is not kept, so the next caller tries again.
 */
export class SharedValue<T> {
  private pending: Promise<T> | undefined;

  get(compute: () => Promise<T>): Promise<T> {
    const pending = (this.pending ??= compute());
    pending.catch(() => {
      if (this.pending === pending) this.pending = undefined;
    });
    return pending;
  }

  forget(): void {
    this.pending = undefined;
  }
}

/** medians() of each query, in one call when the engine has mediansOfMany. */
export async function allMedians(engine: Engine, queries: readonly MedianQuery[]): Promise<AggregateRow[][]> {
  if (engine.mediansOfMany) return engine.mediansOfMany(queries);
  const out: AggregateRow[][] = [];
  for (const query of queries) out.push(await engine.medians(query));
  return out;
}

/**
 * Significant digits kept of a non-integer number from an engine. Both engines add sums up exactly
 * (Dialect.exactSum), so each repeats its own results bit for bit; but they join the exact
 * integer totals into a double in different steps, and ClickHouse adds plain doubles where it has
 * no bounds (a table of 2^32 rows or more), so the last bits can differ between engines. Rounding at
 * the boundary keeps their results equal at a precision far beyond any reported figure.
 */
const ENGINE_DIGITS = 12;

export function roundEngineNumber(x: number): number {
  return Number.isFinite(x) && !Number.isInteger(x) ? Number(x.toPrecision(ENGINE_DIGITS)) : x;
}

/** Turns engine values into the JSON-friendly values families expect (bigint -> number, Date -> ISO text). */
export function normaliseValue(v: unknown): string | number | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'number') return roundEngineNumber(v);
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (v instanceof Date) return v.toISOString();
  return String(v);
}
