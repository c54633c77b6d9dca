import { CANONICAL_COLUMNS, type CanonicalColumn, SINGLE_STAGE, UNKNOWN_GROUP } from '../contract/dataset.js';
import { CANDIDATES_TABLE, type DuckDBEngine } from '../engine/duckdb/duckdb-engine.js';
import { duckdbDialect as d } from '../engine/duckdb/dialect.js';
import { WEIGHT_COLUMN } from '../engine/sql.js';
import { type ColumnMap, flagOf, numberOf, textOf } from './check-contract.js';
import { dropRaw, RAW_TABLE } from './raw-table.js';

/**
 * Builds the normalised candidates table every engine query reads. Its columns:
 *   _row (source position), stage, [tool], selected (0/1), w (frequency weight), _excluded
 *   (reason or NULL), the other contract columns present (typed), each protected attribute as
 *   text with empty -> 'unknown', and trait_* as DOUBLE. Categorical text columns are ENUMs.
 * Only called after the contract check passed, so casts cannot fail.
 */
export const EXCLUDED_COLUMN = '_excluded';
export const ROW_COLUMN = '_row';

/** Contract text columns that name a category (besides stage and the protected attributes). */
const CATEGORICAL: readonly CanonicalColumn[] = ['tool', 'variant'];

function typedExpr(column: string, canonical: CanonicalColumn, map: ColumnMap): string {
  const type = map.types[column] ?? 'VARCHAR';
  switch (CANONICAL_COLUMNS[canonical].kind) {
    case 'flag':
      return `CAST(${flagOf(column, type)} AS INTEGER)`;
    case 'number':
      return numberOf(column, type);
    case 'count':
    case 'positive_int':
      return `CAST(${numberOf(column, type)} AS BIGINT)`;
    case 'timestamp':
      return `try_cast(${textOf(column, type)} AS TIMESTAMP)`;
    case 'role':
      return `coalesce(lower(${textOf(column, type)}), 'applicant')`;
    case 'text':
      return textOf(column, type);
  }
}

/** Precedence of exclusion reasons, first match wins (a benchmark row with no decision is a benchmark row). */
function exclusionExpr(has: (c: CanonicalColumn) => boolean): string {
  const cases: string[] = [];
  if (has('count')) cases.push(`WHEN ${d.quoteIdent(WEIGHT_COLUMN)} = 0 THEN 'zero_count'`);
  if (has('role')) cases.push(`WHEN "role" = 'benchmark' THEN 'benchmark_row'`);
  if (has('variant_of')) cases.push(`WHEN "variant_of" IS NOT NULL THEN 'perturbation_variant'`);
  if (has('attempt')) cases.push(`WHEN "attempt" > 1 THEN 'retest_attempt'`);
  cases.push(`WHEN "selected" IS NULL THEN 'no_decision'`);
  return `CASE ${cases.join(' ')} END`;
}

/**
 * Categorical columns (stage, tool, variant, protected attributes) are stored as ENUMs of the
 * values found, listed in text order so that ORDER BY and comparisons behave as on text. DuckDB
 * writes and groups a one-byte code much faster than a string and keeps it in 1 byte instead of
 * about 16. The values come from the column's distinct raw values (a cheap pass), and when every
 * one of them is already normalised (trimmed, not empty), the rows are only cast, not trimmed one
 * by one. A column with more than ENUM_MAX_VALUES values (not a category) stays VARCHAR.
 */
export const ENUM_MAX_VALUES = 1000;

interface Categorical {
  /** Raw column name and DuckDB type. */
  column: string;
  type: string | undefined;
  /** The value that stands for an empty cell (stage: 'all', attributes: 'unknown'), if any. */
  ifEmpty?: string;
}

async function categoricalExpr(engine: DuckDBEngine, c: Categorical): Promise<string> {
  const col = d.quoteIdent(c.column);
  const withDefault = (text: string) => (c.ifEmpty === undefined ? text : `coalesce(${text}, ${d.string(c.ifEmpty)})`);
  const normalised = withDefault(textOf(c.column, c.type));
  const [row] = await engine.rows(
    `WITH raw_values AS (SELECT DISTINCT ${col} FROM ${RAW_TABLE} LIMIT ${ENUM_MAX_VALUES + 1})
     SELECT count(*) AS n,
            to_json(list(DISTINCT ${normalised} ORDER BY ${normalised}) FILTER (WHERE ${normalised} IS NOT NULL)) AS v,
            coalesce(bool_and(${col} IS NULL OR ${textOf(c.column, c.type)} IS NOT DISTINCT FROM CAST(${col} AS VARCHAR)), true) AS same
     FROM raw_values`,
  );
  const values = typeof row?.['v'] === 'string' ? (JSON.parse(row['v']) as string[] | null) : null;
  if (Number(row?.['n']) > ENUM_MAX_VALUES || !values?.length) return normalised;
  const text = row?.['same'] === 1 ? withDefault(`CAST(${col} AS VARCHAR)`) : normalised;
  return `CAST(${text} AS ENUM(${values.map((v) => d.string(v)).join(', ')}))`;
}

export async function buildCandidatesTable(engine: DuckDBEngine, map: ColumnMap): Promise<void> {
  const has = (c: CanonicalColumn) => map.canonical[c] !== undefined;
  const inner: string[] = [`rowid AS ${d.quoteIdent(ROW_COLUMN)}`];
  const categorical: Record<string, Categorical> = {};
  for (const [canonical, column] of Object.entries(map.canonical) as [CanonicalColumn, string][]) {
    if (canonical === 'count' || canonical === 'stage') continue;
    if (CATEGORICAL.includes(canonical)) categorical[canonical] = { column, type: map.types[column] };
    else inner.push(`${typedExpr(column, canonical, map)} AS ${d.quoteIdent(canonical)}`);
  }
  const stage = map.canonical.stage;
  if (stage) categorical['stage'] = { column: stage, type: map.types[stage], ifEmpty: SINGLE_STAGE };
  else inner.push(`${d.string(SINGLE_STAGE)} AS "stage"`);
  const count = map.canonical.count;
  inner.push(`${count ? `coalesce(${typedExpr(count, 'count', map)}, 1)` : 'CAST(1 AS BIGINT)'} AS ${d.quoteIdent(WEIGHT_COLUMN)}`);
  for (const [attr, column] of Object.entries(map.protected)) categorical[attr] = { column, type: map.types[column], ifEmpty: UNKNOWN_GROUP };
  for (const [name, c] of Object.entries(categorical)) inner.push(`${await categoricalExpr(engine, c)} AS ${d.quoteIdent(name)}`);
  for (const [trait, column] of [...Object.entries(map.traits), ...Object.entries(map.items)]) {
    inner.push(`${numberOf(column, map.types[column] ?? 'VARCHAR')} AS ${d.quoteIdent(trait)}`);
  }
  await engine.run(
    `CREATE OR REPLACE TABLE ${d.quoteIdent(CANDIDATES_TABLE)} AS
       SELECT *, ${exclusionExpr(has)} AS ${d.quoteIdent(EXCLUDED_COLUMN)}
       FROM (SELECT ${inner.join(', ')} FROM ${RAW_TABLE})`,
  );
  await dropRaw(engine);
}
