import { AuditError, type ContractIssue } from '../errors.js';
import type { DuckDBEngine } from '../engine/duckdb/duckdb-engine.js';
import { duckdbDialect as d } from '../engine/duckdb/dialect.js';
import type { FileFormat } from './source.js';

export const RAW_TABLE = 'raw';

/** The file as read, before any contract check: its columns and their DuckDB types. */
export interface RawTable {
  columns: { name: string; type: string }[];
  rows: number;
  /** Rows the reader could not parse (CSV/TSV only), each with its physical line. */
  rejects: ContractIssue[];
  /** Maps a rowid of the raw table to the position users see in the file. */
  positionOf(rowid: number): { line: number; lineKind: 'line' | 'record' | 'row' };
}

function readerSql(path: string, format: FileFormat): string {
  const file = d.string(path);
  switch (format) {
    case 'csv':
    case 'tsv':
      // all_varchar: every value arrives as text, so the contract check (not the reader) judges
      // types and can name the bad value; store_rejects collects every malformed line at once.
      return `read_csv(${file}, header = true, all_varchar = true, delim = ${format === 'tsv' ? "'\\t'" : "','"}, store_rejects = true, null_padding = false)`;
    case 'parquet':
      return `read_parquet(${file})`;
    case 'json':
      return `read_json(${file}, format = 'array')`;
    case 'ndjson':
      return `read_json(${file}, format = 'newline_delimited')`;
  }
}

function readerFailure(path: string, format: FileFormat, e: unknown): AuditError {
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
export async function loadRawFile(engine: DuckDBEngine, path: string, format: FileFormat): Promise<RawTable> {
  let view = false;
  try {
    view = format === 'parquet' && (await parquetView(engine, path));
    if (!view) await engine.connection.run(`CREATE OR REPLACE TABLE ${RAW_TABLE} AS SELECT * FROM ${readerSql(path, format)}`);
  } catch (e) {
    throw readerFailure(path, format, e);
  }
  if (format === 'json' || format === 'ndjson') await unwrapJsonColumns(engine);
  const rejects = format === 'csv' || format === 'tsv' ? await readRejects(engine, path) : [];
  const rejectLines = rejects.map((r) => r.line!).sort((a, b) => a - b);
  const positionOf = (rowid: number) => {
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
  return { ...(await describeRaw(engine, view)), rejects, positionOf };
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

async function readRejects(engine: DuckDBEngine, path: string): Promise<ContractIssue[]> {
  const rows = await engine.rows(
    `SELECT line, column_name, csv_line, error_type, error_message FROM reject_errors ORDER BY line, column_idx`,
  );
  return rows.map((r) => ({
    file: path,
    line: Number(r['line']),
    lineKind: 'line',
    column: r['column_name'] === null ? null : String(r['column_name']),
    value: r['csv_line'] === null ? null : String(r['csv_line']),
    expected: `a well-formed row (${String(r['error_type']).toLowerCase().replaceAll('_', ' ')}: ${String(r['error_message']).split('\n')[0]})`,
  }));
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
  try {
    for (const r of records) {
      for (const n of names) {
        const v = r[n];
        if (v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v))) appender.appendNull();
        else appender.appendVarchar(v instanceof Date ? v.toISOString() : String(v));
      }
      appender.endRow();
    }
    appender.flushSync();
  } finally {
    appender.closeSync();
  }
  return {
    ...(await describeRaw(engine)),
    rejects: [],
    positionOf: (rowid) => ({ line: rowid + 1, lineKind: 'record' }),
  };
}
