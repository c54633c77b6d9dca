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

/** Loads a file into the raw table with DuckDB's readers. */
export async function loadRawFile(engine: DuckDBEngine, path: string, format: FileFormat): Promise<RawTable> {
  try {
    await engine.connection.run(`CREATE OR REPLACE TABLE ${RAW_TABLE} AS SELECT * FROM ${readerSql(path, format)}`);
  } catch (e) {
    throw readerFailure(path, format, e);
  }
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
  return { ...(await describeRaw(engine)), rejects, positionOf };
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

async function describeRaw(engine: DuckDBEngine): Promise<Pick<RawTable, 'columns' | 'rows'>> {
  const columns = (await engine.rows(`DESCRIBE ${RAW_TABLE}`)).map((r) => ({
    name: String(r['column_name']),
    type: String(r['column_type']),
  }));
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
