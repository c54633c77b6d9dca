import {
  CANONICAL_COLUMN_NAMES,
  CANONICAL_COLUMNS,
  type CanonicalColumn,
  type ColumnKind,
  expectedText,
  FALSE_VALUES,
  ROLES,
  TRAIT_PREFIX,
  TRUE_VALUES,
} from '../contract/dataset.js';
import type { Policy } from '../contract/policy.js';
import type { DuckDBEngine } from '../engine/duckdb/duckdb-engine.js';
import { duckdbDialect as d } from '../engine/duckdb/dialect.js';
import { ContractError, type ContractIssue } from '../errors.js';
import { RAW_TABLE, type RawTable } from './raw-table.js';

/** Which raw column plays which part: the contract columns found, protected attributes, traits. */
export interface ColumnMap {
  canonical: Partial<Record<CanonicalColumn, string>>;
  /** Protected attribute name -> raw column (same name). */
  protected: Record<string, string>;
  /** Stratum columns named by the policy (strata) -> raw column (same name); categorical like protected attributes. */
  strata?: Record<string, string>;
  /** Trait name (trait_*) -> raw column. */
  traits: Record<string, string>;
  /** Item columns named by the policy (reliability.items) -> raw column (same name). */
  items: Record<string, string>;
  /** Raw column -> DuckDB type, for choosing cheap casts on typed (Parquet/JSON) columns. */
  types: Record<string, string>;
}

/** How many example rows each problem lists before summarising the rest as a count. */
const EXAMPLES_PER_PROBLEM = 5;

const NUMERIC_TYPE = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|FLOAT|DOUBLE|DECIMAL.*)$/;
const isNumericType = (type: string) => NUMERIC_TYPE.test(type);
/** Types whose text, read back as a TIMESTAMP, is the same instant: a plain timestamp, or a date (its midnight). */
export const isTimeType = (type: string) => type === 'TIMESTAMP' || type === 'DATE';

/**
 * The raw value as trimmed text; NULL when empty, so 'empty' has one meaning everywhere.
 * For text columns (type VARCHAR) a short path gives the same result: trim() removes Unicode space
 * separators (Zs) from both ends and the only ASCII one is ' ', so pure-ASCII text (as many bytes
 * as characters) that neither starts nor ends with ' ' is its own trim and is passed through
 * without the per-value cost of trimming.
 */
export function textOf(column: string, type?: string): string {
  const col = d.quoteIdent(column);
  const trimmed = `nullif(trim(CAST(${col} AS VARCHAR)), '')`;
  if (type !== 'VARCHAR') return trimmed;
  return `(CASE WHEN prefix(${col}, ' ') OR suffix(${col}, ' ') OR strlen(${col}) <> length(${col}) THEN ${trimmed}
                WHEN ${col} = '' THEN NULL ELSE ${col} END)`;
}

function listSql(values: readonly string[]): string {
  return values.map((v) => d.string(v)).join(', ');
}

/** SQL for the number a numeric-kind column holds (NULL when empty or not a number). */
export function numberOf(column: string, type: string): string {
  return isNumericType(type) ? `CAST(${d.quoteIdent(column)} AS DOUBLE)` : `try_cast(${textOf(column, type)} AS DOUBLE)`;
}

/**
 * SQL for a flag column as 1/0 (NULL when empty or not a recognised spelling). Typed columns take
 * a short path with the same result: a number's text is a 1 or 0 spelling exactly when the number
 * equals 1 or 0, and a boolean's text is true/false. Text that is exactly '1' or '0' (nearly all
 * of it in practice) skips the trim and lower-casing the general spellings need.
 */
export function flagOf(column: string, type?: string): string {
  const col = d.quoteIdent(column);
  if (type !== undefined && isNumericType(type)) return `CASE WHEN ${col} = 1 THEN 1 WHEN ${col} = 0 THEN 0 END`;
  if (type === 'BOOLEAN') return `CAST(${col} AS INTEGER)`;
  const t = `lower(${textOf(column, type)})`;
  const exact = type === 'VARCHAR' ? `WHEN ${col} = '1' THEN 1 WHEN ${col} = '0' THEN 0 ` : '';
  return `CASE ${exact}WHEN ${t} IN (${listSql(TRUE_VALUES)}) OR try_cast(${t} AS DOUBLE) = 1 THEN 1
               WHEN ${t} IN (${listSql(FALSE_VALUES)}) OR try_cast(${t} AS DOUBLE) = 0 THEN 0 END`;
}

/** SQL that is true when a non-empty value breaks its column kind. */
function invalidWhen(column: string, kind: ColumnKind, type: string): string | null {
  // A number or boolean always has non-empty text, so only NULL is missing (no cast to text needed).
  const text = textOf(column, type);
  const present = isNumericType(type) || type === 'BOOLEAN' ? `${d.quoteIdent(column)} IS NOT NULL` : `${text} IS NOT NULL`;
  const num = numberOf(column, type);
  switch (kind) {
    case 'text':
      return null;
    case 'flag':
      // The flag test first: it is cheap for typed and 0/1 columns and false for almost every row.
      return `(${flagOf(column, type)}) IS NULL AND ${present}`;
    case 'number':
      return `${present} AND (${num} IS NULL OR NOT isfinite(${num}))`;
    case 'count':
      return `${present} AND (${num} IS NULL OR NOT isfinite(${num}) OR ${num} < 0 OR ${num} <> floor(${num}))`;
    case 'positive_int':
      return `${present} AND (${num} IS NULL OR NOT isfinite(${num}) OR ${num} < 1 OR ${num} <> floor(${num}))`;
    case 'timestamp':
      // A TIMESTAMP or DATE column (Parquet) holds only valid times.
      return isTimeType(type) ? null : `${present} AND try_cast(${text} AS TIMESTAMP) IS NULL`;
    case 'role':
      return `${present} AND lower(${text}) NOT IN (${listSql(ROLES)})`;
  }
}

/** Finds each contract column, protected attribute and trait in the raw table; lists what is missing. */
export function resolveColumns(raw: RawTable, policy: Policy, file: string): { map: ColumnMap; issues: ContractIssue[] } {
  const present = new Map(raw.columns.map((c) => [c.name, c.type]));
  const issues: ContractIssue[] = [];
  const missing = (column: string, expected: string) => {
    const near = raw.columns.find((c) => c.name.toLowerCase() === column.toLowerCase());
    const hint = near ? ` (the file has "${near.name}": map it in the policy's columns)` : '';
    issues.push({ file, line: null, lineKind: null, column, value: null, expected: expected + hint });
  };
  const map: ColumnMap = { canonical: {}, protected: {}, traits: {}, items: {}, types: Object.fromEntries(present) };
  const mapped = policy.columns as Record<string, string>;
  for (const c of CANONICAL_COLUMN_NAMES) {
    const source = mapped[c] ?? c;
    if (present.has(source)) map.canonical[c] = source;
    else if (mapped[c] !== undefined) missing(source, `a column "${source}" (mapped to ${c} by the policy)`);
  }
  if (!map.canonical.selected) {
    if (mapped['selected'] === undefined) missing('selected', 'a column "selected" with the decision (0/1, yes/no or true/false)');
  }
  for (const attr of policy.protected) {
    if (present.has(attr)) map.protected[attr] = attr;
    else missing(attr, `a column "${attr}" (named as a protected attribute)`);
  }
  map.strata = {};
  for (const stratum of policy.strata) {
    if (present.has(stratum)) map.strata[stratum] = stratum;
    else missing(stratum, `a column "${stratum}" (named as a stratum column in strata)`);
  }
  for (const item of policy.reliability.items) {
    if (present.has(item)) map.items[item] = item;
    else missing(item, `a column "${item}" (named as an item in reliability.items)`);
  }
  for (const [target, source] of Object.entries(mapped)) {
    if (target.startsWith(TRAIT_PREFIX) && present.has(source)) map.traits[target] = source;
  }
  for (const c of raw.columns) {
    if (c.name.startsWith(TRAIT_PREFIX) && !Object.values(map.traits).includes(c.name)) map.traits[c.name] = c.name;
  }
  return { map, issues };
}

/** The value checks of every typed column the map uses: SQL true on a row whose value breaks the column's kind. */
function valueChecks(map: ColumnMap): { column: string; kind: ColumnKind; condition: string }[] {
  const checks: { column: string; kind: ColumnKind; condition: string }[] = [];
  const add = (column: string, kind: ColumnKind) => {
    const condition = invalidWhen(column, kind, map.types[column] ?? 'VARCHAR');
    if (condition) checks.push({ column, kind, condition });
  };
  for (const [canonical, column] of Object.entries(map.canonical)) add(column, CANONICAL_COLUMNS[canonical as CanonicalColumn].kind);
  for (const column of [...Object.values(map.traits), ...Object.values(map.items)]) add(column, 'number');
  return checks;
}

/** SQL true on a row with any value checkValues would list (for the one-pass read; it refuses through checkValues). */
export function anyInvalidValue(map: ColumnMap): string {
  const checks = valueChecks(map);
  return checks.length === 0 ? 'false' : checks.map((c) => `(${c.condition})`).join(' OR ');
}

/**
 * Checks every typed column in one scan; for each column with bad values, lists the first few
 * rows (file, line, column, value, expected) and how many more there are.
 */
export async function checkValues(engine: DuckDBEngine, raw: RawTable, map: ColumnMap, file: string): Promise<ContractIssue[]> {
  const checks = valueChecks(map);
  if (checks.length === 0) return [];

  const counts = await engine.rows(
    `SELECT ${checks.map((c, i) => `count(*) FILTER (WHERE ${c.condition}) AS bad_${i}`).join(', ')} FROM ${RAW_TABLE}`,
  );
  const issues: ContractIssue[] = [];
  for (const [i, check] of checks.entries()) {
    const bad = Number(counts[0]?.[`bad_${i}`] ?? 0);
    if (bad === 0) continue;
    const examples = await engine.rows(
      `SELECT rowid AS r, CAST(${d.quoteIdent(check.column)} AS VARCHAR) AS v FROM ${RAW_TABLE}
        WHERE ${check.condition} ORDER BY rowid LIMIT ${EXAMPLES_PER_PROBLEM}`,
    );
    for (const [j, ex] of examples.entries()) {
      const pos = raw.positionOf(Number(ex['r']));
      const issue: ContractIssue = {
        file,
        line: pos.line,
        lineKind: pos.lineKind,
        column: check.column,
        value: ex['v'] === null ? null : String(ex['v']),
        expected: expectedText(check.kind),
      };
      if (j === examples.length - 1 && bad > examples.length) issue.moreLikeThis = bad - examples.length;
      issues.push(issue);
    }
  }
  return issues;
}

/** Refuses the dataset, before any audit work, when anything was found. */
export function refuseIfAny(issues: readonly ContractIssue[]): void {
  if (issues.length > 0) throw new ContractError(issues);
}
