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
 *   text with empty -> 'unknown', and trait_* as DOUBLE.
 * Only called after the contract check passed, so casts cannot fail.
 */
export const EXCLUDED_COLUMN = '_excluded';
export const ROW_COLUMN = '_row';

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

export async function buildCandidatesTable(engine: DuckDBEngine, map: ColumnMap): Promise<void> {
  const has = (c: CanonicalColumn) => map.canonical[c] !== undefined;
  const inner: string[] = [`rowid AS ${d.quoteIdent(ROW_COLUMN)}`];
  for (const [canonical, column] of Object.entries(map.canonical) as [CanonicalColumn, string][]) {
    if (canonical === 'count' || canonical === 'stage') continue;
    inner.push(`${typedExpr(column, canonical, map)} AS ${d.quoteIdent(canonical)}`);
  }
  const stage = map.canonical.stage;
  inner.push(`${stage ? `coalesce(${textOf(stage, map.types[stage])}, ${d.string(SINGLE_STAGE)})` : d.string(SINGLE_STAGE)} AS "stage"`);
  const count = map.canonical.count;
  inner.push(`${count ? `coalesce(${typedExpr(count, 'count', map)}, 1)` : 'CAST(1 AS BIGINT)'} AS ${d.quoteIdent(WEIGHT_COLUMN)}`);
  for (const [attr, column] of Object.entries(map.protected)) {
    inner.push(`coalesce(${textOf(column, map.types[column])}, ${d.string(UNKNOWN_GROUP)}) AS ${d.quoteIdent(attr)}`);
  }
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
