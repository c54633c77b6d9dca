import { AuditError, type ContractIssue } from '../errors.js';
import type { DuckDBEngine } from '../engine/duckdb/duckdb-engine.js';
import { duckdbDialect as d } from '../engine/duckdb/dialect.js';
import type { FileFormat } from './source.js';
import { MAX_LINE_BYTES, type TextOptions } from './text-scan.js';

export const RAW_TABLE = 'raw';

/** The file as read, before any contract check: its columns and their DuckDB types. */
export interface RawTable {
  columns: { name: string; type: string }[];
  rows: number;
  /** Rows the reader could not parse (CSV/TSV only), each with its physical line. */
  rejects: ContractIssue[];
  /** Values that are objects or lists (JSON, Parquet, records), per column: refused when the column is used. */
  nonScalar: ContractIssue[];
  /** Maps a rowid of the raw table to the position users see in the file. */
  positionOf(rowid: number): { line: number; lineKind: 'line' | 'record' | 'row' };
}

/**
 * The table function that reads a file. `doubles`: CSV or TSV columns the reader parses as numbers
 * itself (the one-pass read, see numberOnlyColumns); every other text column arrives as text.
 */
export function readerSql(path: string, format: FileFormat, text: TextOptions | null, doubles: readonly string[] = []): string {
  const file = d.string(path);
  switch (format) {
    case 'csv':
    case 'tsv': {
      // all_varchar: every value arrives as text, so the contract check (not the reader) judges
      // types and can name the bad value; store_rejects collects every malformed line at once.
      const delim = d.string(text?.delimiter ?? (format === 'tsv' ? '\t' : ','));
      const encoding = text && text.encoding !== 'utf-8' ? `, encoding = ${d.string(text.encoding)}` : '';
      const types = doubles.length ? `, types = {${doubles.map((c) => `${d.string(c)}: 'DOUBLE'`).join(', ')}}` : '';
      return `read_csv(${file}, header = true, all_varchar = true${types}, delim = ${delim}${encoding}, max_line_size = ${MAX_LINE_BYTES}, store_rejects = true, null_padding = false)`;
    }
    case 'parquet':
      return `read_parquet(${file})`;
    case 'json':
      return `read_json(${file}, format = 'array')`;
    case 'ndjson':
      return `read_json(${file}, format = 'newline_delimited')`;
  }
}

function readerFailure(engine: DuckDBEngine, path: string, format: FileFormat, e: unknown): AuditError {
  const limit = engine.limitFailure(e);
  if (limit) return limit; // the machine's limits, not the file
  const detail = (e as Error).message.split('\n')[0] ?? '';
  return new AuditError('HA_ERR_FILE', `cannot read ${path} as ${format.toUpperCase()}: ${detail}`, { cause: e });
}

/**
 * Parquet is read in place through a view rather than copied: the file is columnar and typed, so
 * the two passes over it (contract check, normalisation) cost little, copying it would cost more
 * than both, and DuckDB evaluates text functions once per dictionary entry of the file rather than
 * once per row. The view's `rowid` column is the row's position in the file (file_row_number),
 * the same number the table's rowid would be. A file whose own columns take either name is copied.
 */
async function parquetView(engine: DuckDBEngine, path: string): Promise<boolean> {
  const reader = `read_parquet(${d.string(path)}, file_row_number = true)`;
  const columns = (await engine.rows(`DESCRIBE SELECT * FROM read_parquet(${d.string(path)})`)).map((r) => r['column_name']);
  if (columns.includes('rowid') || columns.includes('file_row_number')) return false;
  await engine.connection.run(`CREATE OR REPLACE VIEW ${RAW_TABLE} AS SELECT * EXCLUDE (file_row_number), file_row_number AS rowid FROM ${reader}`);
  return true;
}

/** Loads a file into the raw table (a view over the file for Parquet) with DuckDB's readers. */
export async function loadRawFile(engine: DuckDBEngine, path: string, format: FileFormat, text: TextOptions | null = null): Promise<RawTable> {
  let view = false;
  try {
    view = format === 'parquet' && (await parquetView(engine, path));
    if (!view) await engine.connection.run(`CREATE OR REPLACE TABLE ${RAW_TABLE} AS SELECT * FROM ${readerSql(path, format, text)}`);
  } catch (e) {
    throw readerFailure(engine, path, format, e);
  }
  const json = format === 'json' || format === 'ndjson';
  const { lines: rejectLines, issues: rejects } = format === 'csv' || format === 'tsv' ? await readRejects(engine, path) : { lines: [], issues: [] };
  const positionOf = positionsIn(format, rejectLines);
  const nonScalar = await nonScalarValues(engine, path, json, positionOf);
  if (json) await unwrapJsonColumns(engine);
  return { ...(await describeRaw(engine, view)), rejects, nonScalar, positionOf };
}

/** Maps the rowid-th row read to its position in the file (CSV/TSV: skipping the lines the reader rejected). */
export function positionsIn(format: FileFormat, rejectLines: readonly number[]): RawTable['positionOf'] {
  return (rowid: number) => {
    switch (format) {
      case 'csv':
      case 'tsv':
        return { line: csvLine(rowid, rejectLines), lineKind: 'line' as const };
      case 'ndjson':
        return { line: rowid + 1, lineKind: 'line' as const };
      case 'json':
        return { line: rowid + 1, lineKind: 'record' as const };
      case 'parquet':
        return { line: rowid + 1, lineKind: 'row' as const };
    }
  };
}

/** DuckDB types that hold more than one value: a STRUCT, LIST, MAP, array or UNION column. */
export const NESTED_TYPE = /^(STRUCT|MAP|UNION)\(|\[\d*\]$/;
const NON_SCALAR = 'a single value (text, a number or true/false), not an object or a list';

/**
 * Columns whose values are objects or lists: a nested column type, or a JSON column (mixed types
 * in a JSON file) with an object or array in some rows. Listed per column (first five rows plus
 * how many more); ingest refuses them only for the columns an audit uses.
 */
async function nonScalarValues(engine: DuckDBEngine, path: string, json: boolean, positionOf: RawTable['positionOf']): Promise<ContractIssue[]> {
  const columns = (await engine.rows(`DESCRIBE ${RAW_TABLE}`)).map((r) => ({ name: String(r['column_name']), type: String(r['column_type']) }));
  const issues: ContractIssue[] = [];
  for (const c of columns) {
    const col = d.quoteIdent(c.name);
    let where: string;
    if (NESTED_TYPE.test(c.type)) where = `${col} IS NOT NULL`;
    else if (json && c.type === 'JSON') where = `json_type(${col}) IN ('OBJECT', 'ARRAY')`;
    else continue;
    const [count] = await engine.rows(`SELECT count(*) AS n FROM ${RAW_TABLE} WHERE ${where}`);
    const n = Number(count?.['n'] ?? 0);
    if (n === 0) continue;
    // rowid: the table's row number, or the Parquet view's column of the same meaning.
    const examples = await engine.rows(`SELECT rowid AS r, CAST(${col} AS VARCHAR) AS v FROM ${RAW_TABLE} WHERE ${where} ORDER BY 1 LIMIT 5`);
    examples.forEach((ex, j) => {
      const issue: ContractIssue = { file: path, ...positionOf(Number(ex['r'])), column: c.name, value: String(ex['v']).slice(0, 80), expected: NON_SCALAR };
      if (j === examples.length - 1 && n > examples.length) issue.moreLikeThis = n - examples.length;
      issues.push(issue);
    });
  }
  return issues;
}

/** Drops the raw table or view once the candidates table is built. */
export async function dropRaw(engine: DuckDBEngine): Promise<void> {
  const [kind] = await engine.rows(
    `SELECT table_type AS t FROM information_schema.tables WHERE table_name = ${d.string(RAW_TABLE)} AND table_schema = current_schema()`,
  );
  await engine.run(`DROP ${kind?.['t'] === 'VIEW' ? 'VIEW' : 'TABLE'} ${RAW_TABLE}`);
}

/**
 * A JSON field holding values of mixed types (e.g. 1 in one record, "yes" in the next) arrives
 * as DuckDB's JSON type, whose text keeps the quotes ('"yes"'), so valid values would fail the
 * contract check. Unwrap such columns to plain text, as the CSV reader gives.
 */
async function unwrapJsonColumns(engine: DuckDBEngine): Promise<void> {
  const json = (await engine.rows(`DESCRIBE ${RAW_TABLE}`)).filter((r) => r['column_type'] === 'JSON');
  for (const r of json) {
    const col = d.quoteIdent(String(r['column_name']));
    await engine.run(`ALTER TABLE ${RAW_TABLE} ALTER ${col} TYPE VARCHAR USING json_extract_string(${col}, '$')`);
  }
}

/**
 * Physical line of the rowid-th accepted CSV record: line 1 is the header, then one line per
 * record, skipping the lines the reader rejected. (A quoted field spanning lines would shift
 * this; such files are rare in exports and the reader reports the first one it cannot parse.)
 */
function csvLine(rowid: number, sortedRejectLines: readonly number[]): number {
  let line = rowid + 2;
  for (const rejected of sortedRejectLines) {
    if (rejected <= line) line++;
    else break;
  }
  return line;
}

/** How many malformed lines of each kind are listed; the rest are counted, as the contract check does. */
const REJECTS_PER_KIND = 5;

/**
 * The lines the CSV reader rejected, all of them (their line numbers place the accepted rows),
 * and the issues to show: the first five of each error kind, the last one counting the rest.
 */
async function readRejects(engine: DuckDBEngine, path: string): Promise<{ lines: number[]; issues: ContractIssue[] }> {
  const lines = (await engine.rows(`SELECT DISTINCT line FROM reject_errors ORDER BY line`)).map((r) => Number(r['line']));
  const rows = await engine.rows(
    `SELECT line, column_name, csv_line, error_type, error_message, count(*) OVER (PARTITION BY error_type) AS n_kind
       FROM reject_errors QUALIFY row_number() OVER (PARTITION BY error_type ORDER BY line, column_idx) <= ${REJECTS_PER_KIND}
      ORDER BY line, column_idx`,
  );
  const issues = rows.map((r): ContractIssue => ({
    file: path,
    line: Number(r['line']),
    lineKind: 'line',
    column: r['column_name'] === null ? null : String(r['column_name']),
    value: r['csv_line'] === null ? null : String(r['csv_line']).slice(0, 200),
    expected: `a well-formed row (${String(r['error_type']).toLowerCase().replaceAll('_', ' ')}: ${String(r['error_message']).split('\n')[0]})`,
  }));
  const kinds = new Map<string, ContractIssue>();
  rows.forEach((r, i) => kinds.set(String(r['error_type']), issues[i]!));
  for (const [kind, last] of kinds) {
    const total = Number(rows.find((r) => String(r['error_type']) === kind)?.['n_kind'] ?? 0);
    const shown = rows.filter((r) => String(r['error_type']) === kind).length;
    if (total > shown) last.moreLikeThis = total - shown;
  }
  return { lines, issues };
}

async function describeRaw(engine: DuckDBEngine, view = false): Promise<Pick<RawTable, 'columns' | 'rows'>> {
  const columns = (await engine.rows(`DESCRIBE ${RAW_TABLE}`))
    .map((r) => ({ name: String(r['column_name']), type: String(r['column_type']) }))
    .filter((c) => !(view && c.name === 'rowid')); // the view's stand-in for rowid is not a data column
  const [count] = await engine.rows(`SELECT count(*) AS n FROM ${RAW_TABLE}`);
  return { columns, rows: Number(count?.['n'] ?? 0) };
}

/** Loads in-memory records (e.g. from an API body or a DataFrame) into the raw table as text. */
export async function loadRawRecords(
  engine: DuckDBEngine,
  records: readonly Record<string, unknown>[],
  name: string,
): Promise<RawTable> {
  const names: string[] = [];
  const seen = new Set<string>();
  for (const r of records) {
    for (const k of Object.keys(r)) {
      if (!seen.has(k)) {
        seen.add(k);
        names.push(k);
      }
    }
  }
  if (names.length === 0) throw new AuditError('HA_ERR_FILE', `${name} has no records with any column: nothing to audit`);
  await engine.run(
    `CREATE OR REPLACE TABLE ${RAW_TABLE} (${names.map((n) => `${d.quoteIdent(n)} VARCHAR`).join(', ')})`,
  );
  const appender = await engine.connection.createAppender(RAW_TABLE);
  const nested = new Map<string, ContractIssue[]>();
  const nestedCount = new Map<string, number>();
  try {
    for (const [i, r] of records.entries()) {
      for (const n of names) {
        const v = r[n];
        if (v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v))) appender.appendNull();
        else if (typeof v === 'object' && !(v instanceof Date)) {
          // An object or list has no one text; counted and refused (when the column is used), stored as empty.
          nestedCount.set(n, (nestedCount.get(n) ?? 0) + 1);
          const list = nested.get(n) ?? [];
          if (list.length < 5) list.push({ file: name, line: i + 1, lineKind: 'record', column: n, value: JSON.stringify(v).slice(0, 80), expected: NON_SCALAR });
          nested.set(n, list);
          appender.appendNull();
        } else appender.appendVarchar(v instanceof Date ? v.toISOString() : String(v));
      }
      appender.endRow();
    }
    appender.flushSync();
  } finally {
    appender.closeSync();
  }
  const nonScalar = [...nested].flatMap(([n, list]) => {
    const more = (nestedCount.get(n) ?? 0) - list.length;
    if (more > 0) list[list.length - 1]!.moreLikeThis = more;
    return list;
  });
  return {
    ...(await describeRaw(engine)),
    rejects: [],
    nonScalar,
    positionOf: (rowid) => ({ line: rowid + 1, lineKind: 'record' }),
  };
}
