import { basename } from 'node:path';
import { ROLES } from '../contract/dataset.js';
import type { DuckDBEngine } from '../engine/duckdb/duckdb-engine.js';
import { duckdbDialect as d } from '../engine/duckdb/dialect.js';
import type { ContractIssue } from '../errors.js';
import { checkValues, type ColumnMap } from './check-contract.js';
import { readFile } from './read-file.js';
import { RAW_TABLE } from './raw-table.js';
import { checkFile, detectFormat, type FileFormat } from './source.js';

/** A separate file of benchmark candidates (`--benchmark`): the incumbents the tool was calibrated on. */
export interface BenchmarkSource {
  path: string;
  format?: FileFormat;
}

const APPLICANTS_TABLE = 'raw_applicants';
const BENCHMARK_TABLE = 'raw_benchmark';

/**
 * Appends a benchmark file to the raw table as role=benchmark rows, so everything after ingest
 * (normalisation, row accounting, the similar-to-me family) treats them like benchmark rows of the
 * dataset itself. Called after the dataset's own contract check, before the refusal:
 *   - the file must hold every trait column of the dataset (same names, or the policy's mapping);
 *     protected attributes are taken when present (else they count as unknown);
 *   - its trait values are checked like the dataset's, issues naming the benchmark file and line;
 *   - every other column of the dataset is empty on these rows (no decision: a benchmark row).
 * Adds the role column to the dataset when it has none (and to the column map).
 */
export async function appendBenchmarkFile(
  engine: DuckDBEngine,
  source: BenchmarkSource,
  map: ColumnMap,
): Promise<{ issues: ContractIssue[]; profile: { source: string; hash: string } }> {
  await checkFile(source.path);
  await engine.run(`ALTER TABLE ${RAW_TABLE} RENAME TO ${APPLICANTS_TABLE}`);
  const { raw, hash } = await readFile(engine, source.path, source.format ?? detectFormat(source.path), {});
  const present = new Map(raw.columns.map((c) => [c.name, c.type]));
  const issues: ContractIssue[] = [...raw.rejects];
  const wanted: Record<string, string> = {};
  for (const column of Object.values(map.traits)) {
    if (present.has(column)) wanted[column] = column;
    else issues.push({ file: source.path, line: null, lineKind: null, column, value: null, expected: `a column "${column}": every trait of the dataset must be in the benchmark file` });
  }
  for (const column of Object.values(map.protected)) if (present.has(column)) wanted[column] = column;
  const benchMap: ColumnMap = {
    canonical: {},
    protected: {},
    traits: Object.fromEntries(Object.values(map.traits).filter((c) => present.has(c)).map((c) => [c, c])),
    items: {},
    types: Object.fromEntries(present),
  };
  issues.push(...(await checkValues(engine, raw, benchMap, source.path)));

  const role = map.canonical.role ?? 'role';
  const cols = [...Object.keys(wanted).map((c) => d.quoteIdent(c)), `${d.string(ROLES[1])} AS ${d.quoteIdent(role)}`];
  await engine.run(`CREATE TABLE ${BENCHMARK_TABLE} AS SELECT ${cols.join(', ')} FROM ${RAW_TABLE}`);
  await engine.run(`DROP TABLE ${RAW_TABLE}`);
  await engine.run(`ALTER TABLE ${APPLICANTS_TABLE} RENAME TO ${RAW_TABLE}`);
  if (map.canonical.role === undefined) {
    await engine.run(`ALTER TABLE ${RAW_TABLE} ADD COLUMN ${d.quoteIdent(role)} VARCHAR`);
    map.canonical.role = role;
    map.types[role] = 'VARCHAR';
  }
  // Only when the values are numbers can they go into typed (e.g. Parquet DOUBLE) columns.
  if (issues.length === 0) await engine.run(`INSERT INTO ${RAW_TABLE} BY NAME SELECT * FROM ${BENCHMARK_TABLE}`);
  await engine.run(`DROP TABLE ${BENCHMARK_TABLE}`);
  return { issues, profile: { source: basename(source.path), hash } };
}
