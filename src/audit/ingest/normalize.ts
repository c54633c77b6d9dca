import { CANONICAL_COLUMNS, type CanonicalColumn, type ColumnKind, EXCLUSION_REASONS, SINGLE_STAGE, UNKNOWN_GROUP, type ValuesReport } from '../contract/dataset.js';
import { CANDIDATES_TABLE, type DuckDBEngine } from '../engine/duckdb/duckdb-engine.js';
import { duckdbDialect as d } from '../engine/duckdb/dialect.js';
import { WEIGHT_COLUMN } from '../engine/sql.js';
import { type ColumnMap, flagOf, isTimeType, numberOf, textOf } from './check-contract.js';
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
      // The same value as through its text (CAST to text and back is the identity on these types), without the text.
      return isTimeType(type) ? `CAST(${d.quoteIdent(column)} AS TIMESTAMP)` : `try_cast(${textOf(column, type)} AS TIMESTAMP)`;
    case 'role':
      // Only these two values pass the contract check; an ENUM is 1 byte a row instead of a string's 16.
      return `CAST(coalesce(lower(${textOf(column, type)}), 'applicant') AS ${enumOf(['applicant', 'benchmark'])})`;
    case 'text':
      return textOf(column, type);
  }
}

/** An ENUM of these values in text order, so that ORDER BY and comparisons behave as on text. */
const enumOf = (values: readonly string[]) => `ENUM(${[...values].sort(byteOrder).map((v) => d.string(v)).join(', ')})`;

/**
 * Precedence of exclusion reasons, first match wins (a benchmark row with no decision is a benchmark
 * row). An ENUM of every reason (duplicates.ts sets duplicate_row later): 1 byte a row, not a string.
 */
function exclusionExpr(has: (c: CanonicalColumn) => boolean): string {
  const cases: string[] = [];
  if (has('count')) cases.push(`WHEN ${d.quoteIdent(WEIGHT_COLUMN)} = 0 THEN 'zero_count'`);
  if (has('role')) cases.push(`WHEN "role" = 'benchmark' THEN 'benchmark_row'`);
  if (has('variant_of')) cases.push(`WHEN "variant_of" IS NOT NULL THEN 'perturbation_variant'`);
  if (has('attempt')) cases.push(`WHEN "attempt" > 1 THEN 'retest_attempt'`);
  cases.push(`WHEN "selected" IS NULL THEN 'no_decision'`);
  return `CAST(CASE ${cases.join(' ')} END AS ${enumOf(Object.keys(EXCLUSION_REASONS))})`;
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
 * `c.column` is read from `table` (the raw table, or the one-pass table's text column).
 */
async function categoricalExpr(engine: DuckDBEngine, c: Categorical, name: string, rules: ValueRules, report: ValuesCollector, table: string): Promise<{ expr: string; type: string }> {
  const text = `CAST(${d.quoteIdent(c.column)} AS VARCHAR)`;
  const withDefault = (expr: string) => (c.ifEmpty === undefined ? expr : `coalesce(${expr}, ${d.string(c.ifEmpty)})`);
  const rows = await engine.rows(`SELECT ${text} AS v, count(*) AS n FROM ${table} GROUP BY 1 LIMIT ${ENUM_MAX_VALUES + 1}`);
  if (rows.length > ENUM_MAX_VALUES) {
    report.unlisted.push(name);
    return { expr: withDefault(normalisationSql(text, rules)), type: 'VARCHAR' };
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
  if (values.length === 0) return { expr: withDefault(`CAST(NULL AS VARCHAR)`), type: 'VARCHAR' };
  const type = enumOf(values);
  return { expr: `CAST(${withDefault(expr)} AS ${type})`, type };
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

/** The table that holds the normalised rows; CANDIDATES_TABLE is a view over it that adds `_row` (its rowid: the row's position in the file). */
export const CANDIDATES_DATA = 'candidates_data';

/**
 * The weight of a file without a count column: every row stands for one candidate. It is not
 * stored (a column of 8 bytes a row, all 1); the candidates view adds it.
 */
const CONSTANT_WEIGHT = 'CAST(1 AS BIGINT)';

/** One column of the candidates table, in table order: SQL over the raw columns, or a category decided from its values. */
type PlannedColumn = { name: string; sql: string } | { name: string; categorical: Categorical; rules: ValueRules };

function planColumns(map: ColumnMap, policy: ValuePolicy): PlannedColumn[] {
  const columns: PlannedColumn[] = [];
  const categorical: Record<string, Categorical> = {};
  for (const [canonical, column] of Object.entries(map.canonical) as [CanonicalColumn, string][]) {
    if (canonical === 'count' || canonical === 'stage') continue;
    if (CATEGORICAL.includes(canonical)) categorical[canonical] = { column, type: map.types[column] };
    else columns.push({ name: canonical, sql: typedExpr(column, canonical, map) });
  }
  const stage = map.canonical.stage;
  if (stage) categorical['stage'] = { column: stage, type: map.types[stage], ifEmpty: SINGLE_STAGE };
  else columns.push({ name: 'stage', sql: d.string(SINGLE_STAGE) });
  const count = map.canonical.count;
  columns.push({ name: WEIGHT_COLUMN, sql: count ? `coalesce(${typedExpr(count, 'count', map)}, 1)` : CONSTANT_WEIGHT });
  for (const [attr, column] of Object.entries(map.protected)) categorical[attr] = { column, type: map.types[column], ifEmpty: UNKNOWN_GROUP };
  for (const [stratum, column] of Object.entries(map.strata ?? {})) categorical[stratum] = { column, type: map.types[column], ifEmpty: UNKNOWN_GROUP };
  for (const [name, c] of Object.entries(categorical)) {
    columns.push({ name, categorical: c, rules: { mapping: policy.values[name] ?? {}, missing: name in map.protected ? policy.missingValues : [] } });
  }
  for (const [trait, column] of [...Object.entries(map.traits), ...Object.entries(map.items)]) {
    columns.push({ name: trait, sql: numberOf(column, map.types[column] ?? 'VARCHAR') });
  }
  return columns;
}

/** Bytes a row of each kind of column takes in an in-memory DuckDB table (text: a 16-byte string header; a category: its ENUM code). */
const KIND_BYTES: Record<ColumnKind, number> = { flag: 4, number: 8, count: 8, positive_int: 8, timestamp: 8, role: 1, text: 16 };

/**
 * About how many bytes a row of the candidates table takes in memory, uncompressed (DuckDB's own
 * overhead aside): what decides whether a file's table is built in memory or in the engine's disk
 * store (see DuckDBEngine.useDiskStore).
 */
export function estimatedRowBytes(map: ColumnMap, policy: ValuePolicy): number {
  const stored = storedColumns(planColumns(map, policy));
  let bytes = 1 + (stored.length + 1) / 8; // _excluded (an ENUM) and a validity bit per column
  for (const c of stored) {
    if (!('sql' in c)) bytes += 1;
    else if (c.name in map.canonical) bytes += KIND_BYTES[CANONICAL_COLUMNS[c.name as CanonicalColumn].kind];
    else bytes += 8; // the weight of a count column, traits and items (numbers)
  }
  return bytes;
}

/** The columns the data table stores: the planned ones but a constant weight (the view adds that). */
const storedColumns = (planned: readonly PlannedColumn[]) => planned.filter((c) => !('sql' in c && c.sql === CONSTANT_WEIGHT));

/** The candidates view over the data table: `_row` first, then the planned columns in order (a constant weight as its value), then `_excluded`. */
async function createCandidatesView(engine: DuckDBEngine, planned: readonly PlannedColumn[]): Promise<void> {
  const columns = planned.map((c) => ('sql' in c && c.sql === CONSTANT_WEIGHT ? `${CONSTANT_WEIGHT} AS ${d.quoteIdent(c.name)}` : d.quoteIdent(c.name)));
  await engine.run(
    `CREATE OR REPLACE VIEW ${d.quoteIdent(CANDIDATES_TABLE)} AS SELECT rowid AS ${d.quoteIdent(ROW_COLUMN)}, ${[...columns, d.quoteIdent(EXCLUDED_COLUMN)].join(', ')} FROM ${d.quoteIdent(CANDIDATES_DATA)}`,
  );
}

/** Drops what an earlier audit in the same engine left (a table or a view of the candidates' name). */
async function dropCandidates(engine: DuckDBEngine): Promise<void> {
  const [kind] = await engine.rows(
    `SELECT table_type AS t FROM information_schema.tables WHERE table_name = ${d.string(CANDIDATES_TABLE)} AND table_schema = current_schema()`,
  );
  if (kind) await engine.run(`DROP ${kind['t'] === 'VIEW' ? 'VIEW' : 'TABLE'} ${d.quoteIdent(CANDIDATES_TABLE)}`);
}

/**
 * Columns whose compression DuckDB is told instead of left to choose (in the disk store: in memory
 * nothing is compressed). candidate_id holds a different text in nearly every row, which FSST
 * compresses to about half at the highest cost of any column: at 10M rows about 2.6 of the 16 CPU
 * seconds of building the table, and the paired-row joins read it back about 0.4 s faster
 * uncompressed (BENCHMARKS.md, "Full audit").
 */
const COMPRESSION: Readonly<Record<string, string>> = { candidate_id: 'uncompressed' };

/**
 * Creates the (empty) data table with the columns of `select`, then inserts its rows so that they
 * keep the source's order (the view's `_row` is the table's rowid): DuckDB's order-preserving
 * insert, checked in the plan. DuckDB rewrites a long IN list into a join, whose output has no
 * order, so that rule is off for the statement. Returns false, leaving the table empty, when the
 * plan would not keep the order.
 */
async function createInOrder(engine: DuckDBEngine, select: string): Promise<boolean> {
  const [setting] = await engine.rows(`SELECT current_setting('disabled_optimizers') AS v`);
  const previous = String(setting?.['v'] ?? '');
  const disabled = [...new Set([...previous.split(',').map((o) => o.trim()).filter(Boolean), 'in_clause'])].join(',');
  await engine.run(`SET disabled_optimizers = ${d.string(disabled)}`);
  try {
    const columns = (await engine.rows(`DESCRIBE ${select}`)).map((r) => {
      const name = String(r['column_name']);
      const compression = COMPRESSION[name];
      return `${d.quoteIdent(name)} ${String(r['column_type'])}${compression ? ` USING COMPRESSION ${compression}` : ''}`;
    });
    await engine.run(`CREATE OR REPLACE TABLE ${d.quoteIdent(CANDIDATES_DATA)} (${columns.join(', ')})`);
    const insert = `INSERT INTO ${d.quoteIdent(CANDIDATES_DATA)} ${select}`;
    const plan = (await engine.rows(`EXPLAIN ${insert}`)).map((r) => String(r['explain_value'])).join('\n');
    if (!plan.includes('BATCH_INSERT')) return false;
    await engine.run(insert);
    return true;
  } finally {
    await engine.run(`SET disabled_optimizers = ${d.string(previous)}`);
  }
}

/** Builds the candidates table from the raw table (read and checked before), then drops the raw table. */
export async function buildCandidatesTable(engine: DuckDBEngine, map: ColumnMap, policy: ValuePolicy = { values: {}, missingValues: [] }): Promise<ValuesReport> {
  const has = (c: CanonicalColumn) => map.canonical[c] !== undefined;
  const report: ValuesCollector = { plans: [], unlisted: [] };
  const inner: string[] = [];
  const planned = planColumns(map, policy);
  for (const c of storedColumns(planned)) {
    const sql = 'sql' in c ? c.sql : (await categoricalExpr(engine, c.categorical, c.name, c.rules, report, RAW_TABLE)).expr;
    inner.push(`${sql} AS ${d.quoteIdent(c.name)}`);
  }
  await dropCandidates(engine);
  const select = (order: string) =>
    `SELECT *, ${exclusionExpr(has)} AS ${d.quoteIdent(EXCLUDED_COLUMN)}
       FROM (SELECT ${inner.join(', ')} FROM ${RAW_TABLE}${order})`;
  // In the raw table's order (rowid: the position in the file), sorting only when DuckDB would not keep it.
  if (!(await createInOrder(engine, select('')))) await engine.run(`INSERT INTO ${d.quoteIdent(CANDIDATES_DATA)} ${select(' ORDER BY rowid')}`);
  await createCandidatesView(engine, planned);
  await dropRaw(engine);
  return valuesReport(report.plans, report.unlisted);
}

/**
 * Builds the candidates table in the pass that reads the file (`reader`: DuckDB's table function
 * over it), checking the contract in the same pass: each row's typed values, plus a flag that is
 * true when any value breaks its column's kind (`invalid`, the conditions of check-contract.ts).
 * The categories need their values first. From a columnar file (`categoriesFrom: 'file'`, Parquet)
 * each is read beforehand, one column at a time, which costs little; from a text file (CSV) that
 * would parse it again, so they are stored as read (text), planned from the table, and each is
 * rewritten in place as its ENUM: one column, not another copy of the table. Returns whether some
 * value was invalid, and the row count; the caller refuses (through the checked path, which names
 * every problem) when anything is wrong. Null when DuckDB could not keep the file's order of rows
 * in one pass (the table is left empty; the caller drops it).
 */
export async function buildCandidatesInOnePass(
  engine: DuckDBEngine,
  map: ColumnMap,
  policy: ValuePolicy,
  reader: string,
  invalid: string,
  categoriesFrom: 'file' | 'table',
): Promise<{ values: ValuesReport; invalidRows: number; rows: number } | null> {
  const has = (c: CanonicalColumn) => map.canonical[c] !== undefined;
  const planned = planColumns(map, policy);
  const report: ValuesCollector = { plans: [], unlisted: [] };
  const inner: string[] = [];
  for (const c of storedColumns(planned)) {
    let sql: string;
    if ('sql' in c) sql = c.sql;
    else if (categoriesFrom === 'file') sql = (await categoricalExpr(engine, c.categorical, c.name, c.rules, report, reader)).expr;
    else sql = `CAST(${d.quoteIdent(c.categorical.column)} AS VARCHAR)`;
    inner.push(`${sql} AS ${d.quoteIdent(c.name)}`);
  }
  const data = d.quoteIdent(CANDIDATES_DATA);
  await dropCandidates(engine);
  const inOrder = await createInOrder(
    engine,
    `SELECT *, ${exclusionExpr(has)} AS ${d.quoteIdent(EXCLUDED_COLUMN)}
       FROM (SELECT ${inner.join(', ')}, (${invalid}) AS _invalid FROM ${reader})`,
  );
  if (!inOrder) return null;
  const [counts] = await engine.rows(`SELECT count(*) AS n, count(*) FILTER (WHERE _invalid) AS bad FROM ${data}`);
  const rows = Number(counts?.['n'] ?? 0);
  const invalidRows = Number(counts?.['bad'] ?? 0);
  if (categoriesFrom === 'table' && rows > 0 && invalidRows === 0) {
    for (const c of planned) {
      if ('sql' in c) continue;
      const stored: Categorical = { column: c.name, type: 'VARCHAR', ...(c.categorical.ifEmpty === undefined ? {} : { ifEmpty: c.categorical.ifEmpty }) };
      const { expr, type } = await categoricalExpr(engine, stored, c.name, c.rules, report, data);
      await engine.run(`ALTER TABLE ${data} ALTER ${d.quoteIdent(c.name)} SET DATA TYPE ${type} USING ${expr}`);
    }
  }
  await engine.run(`ALTER TABLE ${data} DROP COLUMN _invalid`);
  await createCandidatesView(engine, planned);
  return { values: valuesReport(report.plans, report.unlisted), invalidRows, rows };
}
