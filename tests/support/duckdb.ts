import { DuckDBInstance } from '@duckdb/node-api';

/** SQL string literal (for file paths inside COPY / read_csv). */
export const sqlString = (s: string) => `'${s.replaceAll("'", "''")}'`;

/** Runs statements in a throw-away in-memory DuckDB (used by tests to write Parquet/JSON/TSV files). */
export async function duckdbRun(...statements: string[]): Promise<void> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    for (const sql of statements) await connection.run(sql);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}
