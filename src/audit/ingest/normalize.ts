import { CANONICAL_COLUMNS, type CanonicalColumn, SINGLE_STAGE, UNKNOWN_GROUP, type ValuesReport } from '../contract/dataset.js';
import { CANDIDATES_TABLE, type DuckDBEngine } from '../engine/duckdb/duckdb-engine.js';
import { duckdbDialect as d } from '../engine/duckdb/dialect.js';
import { WEIGHT_COLUMN } from '../engine/sql.js';
import { type ColumnMap, flagOf, numberOf, textOf } from './check-contract.js';
import { dropRaw, RAW_TABLE } from './raw-table.js';
import { byteOrder, EDGE_SPACE_RE2, INVISIBLE_RE2, planColumn, type ValueRules, valuesReport } from './values.js';

/**
 * Builds the normalised candidates table every engine query reads. Its columns:
 *   _row (source position), stage, [tool], selected (0/1), w (frequency weight), _excluded
 *   (reason or NULL), the other contract columns present (typed), each protected attribute and
 *   stratum column (policy strata) as text with empty -> 'unknown', and trait_* as DOUBLE. Categorical text columns are ENUMs.
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

/** Up to this many changed values are rewritten by a CASE on the value as read; more by the SQL form of the normalisation. */
const CASE_LIMIT = 64;

/** The normalisation of values.ts in SQL (for columns with too many values to decide one by one). */
function normalisationSql(text: string, rules: ValueRules): string {
  const clean = `nullif(regexp_replace(nfc_normalize(regexp_replace(${text}, ${d.string(INVISIBLE_RE2)}, '', 'g')), ${d.string(EDGE_SPACE_RE2)}, '', 'g'), '')`;
  const whens = (subject: string, pairs: [string, string][]) => `CASE ${subject} ${pairs.map(([k, v]) => `WHEN ${d.string(k)} THEN ${d.string(v)}`).join(' ')} ELSE ${subject} END`;
  const pairs = Object.entries(rules.mapping);
  const mapped = pairs.length ? whens(clean, pairs) : clean;
  const missing = rules.missing.length ? `CASE WHEN ${clean} IN (${rules.missing.map((m) => d.string(m)).join(', ')}) THEN NULL ELSE ${mapped} END` : mapped;
  return pairs.length ? `CASE WHEN ${text} IN (${pairs.map(([k]) => d.string(k)).join(', ')}) THEN ${whens(text, pairs)} ELSE ${missing} END` : missing;
}

/**
 * The SQL of one categorical column, decided from its distinct values as read (values.ts): an
 * ENUM of the audited values; the raw text only cast when no value changes, a CASE over the few
 * that do, else the normalisation in SQL. The plan (what changed, case variants) goes into `report`.
 */
async function categoricalExpr(engine: DuckDBEngine, c: Categorical, name: string, rules: ValueRules, report: ValuesCollector): Promise<string> {
  const text = `CAST(${d.quoteIdent(c.column)} AS VARCHAR)`;
  const withDefault = (expr: string) => (c.ifEmpty === undefined ? expr : `coalesce(${expr}, ${d.string(c.ifEmpty)})`);
  const rows = await engine.rows(`SELECT ${text} AS v, count(*) AS n FROM ${RAW_TABLE} GROUP BY 1 LIMIT ${ENUM_MAX_VALUES + 1}`);
  if (rows.length > ENUM_MAX_VALUES) {
    report.unlisted.push(name);
    return withDefault(normalisationSql(text, rules));
  }
  const plan = planColumn(name, { distinct: rows.map((r) => ({ raw: r['v'] === null ? null : String(r['v']), rows: Number(r['n']) })) }, rules);
  report.plans.push(plan);
  const changed = [...plan.fates].filter(([raw, fate]) => fate.to !== raw);
  const expr =
    changed.length === 0
      ? text
      : changed.length <= CASE_LIMIT
        ? `CASE ${text} ${changed.map(([raw, fate]) => `WHEN ${d.string(raw)} THEN ${fate.to === null ? 'NULL' : d.string(fate.to)}`).join(' ')} ELSE ${text} END`
        : normalisationSql(text, rules);
  const empty = rows.some((r) => r['v'] === null) || changed.some(([, fate]) => fate.to === null);
  const values = [...new Set([...plan.finals, ...(empty && c.ifEmpty !== undefined ? [c.ifEmpty] : [])])].sort(byteOrder);
  if (values.length === 0) return withDefault(`CAST(NULL AS VARCHAR)`);
  return `CAST(${withDefault(expr)} AS ENUM(${values.map((v) => d.string(v)).join(', ')}))`;
}

interface ValuesCollector {
  plans: ReturnType<typeof planColumn>[];
  unlisted: string[];
}

/** The policy's say on values: its mapping per column and the missing markers (protected attributes only). */
export interface ValuePolicy {
  values: Record<string, Record<string, string>>;
  missingValues: readonly string[];
}

export async function buildCandidatesTable(engine: DuckDBEngine, map: ColumnMap, policy: ValuePolicy = { values: {}, missingValues: [] }): Promise<ValuesReport> {
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
  for (const [stratum, column] of Object.entries(map.strata ?? {})) categorical[stratum] = { column, type: map.types[column], ifEmpty: UNKNOWN_GROUP };
  const report: ValuesCollector = { plans: [], unlisted: [] };
  for (const [name, c] of Object.entries(categorical)) {
    const rules: ValueRules = { mapping: policy.values[name] ?? {}, missing: name in map.protected ? policy.missingValues : [] };
    inner.push(`${await categoricalExpr(engine, c, name, rules, report)} AS ${d.quoteIdent(name)}`);
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
  return valuesReport(report.plans, report.unlisted);
}
