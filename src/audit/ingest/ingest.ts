import { basename } from 'node:path';
import type { DatasetProfile, RowAccounting, ValuesReport } from '../contract/dataset.js';
import type { Policy } from '../contract/policy.js';
import type { DuckDBEngine } from '../engine/duckdb/duckdb-engine.js';
import { ContractError, type ContractIssue } from '../errors.js';
import { checkValues, type ColumnMap, refuseIfAny, resolveColumns } from './check-contract.js';
import { appendBenchmarkFile, type BenchmarkSource } from './benchmark-file.js';
import { checkDuplicates, rawDuplicates } from './duplicates.js';
import { buildCandidatesTable } from './normalize.js';
import { loadRawRecords, type RawTable } from './raw-table.js';
import { accountRows } from './row-accounting.js';
import { checkFile, type DatasetSource, detectFormat, type FileFormat, hashRecords } from './source.js';
import { readFile } from './read-file.js';
import { readInOnePass } from './one-pass.js';

export type Progress = (message: string) => void;

/**
 * Reads a dataset into the engine's candidates table, or refuses it before any audit work:
 *   1. the file exists, is readable and not empty;
 *   2. DuckDB reads it (malformed CSV lines collected, not fatal yet);
 *   3. contract columns, protected attributes and traits are found;
 *   4. every typed value is checked; all problems are reported at once;
 *   5. the normalised table is built (categorical values normalised, see values.ts), duplicate
 *      applicant rows refused or excluded, and rows are accounted for.
 */
export async function ingest(
  engine: DuckDBEngine,
  source: DatasetSource,
  policy: Policy,
  progress: Progress = () => {},
  benchmark?: BenchmarkSource,
): Promise<DatasetProfile> {
  let raw: RawTable;
  let hash: Promise<string>;
  let name: string;
  let format: FileFormat | 'records';
  if (source.kind === 'file') {
    name = source.path;
    await checkFile(source.path); // first: a missing file or a directory is the problem, not its extension
    format = source.format ?? detectFormat(source.path);
    progress(`reading ${basename(source.path)}`);
    // A good file is read once, straight into the candidates table; anything to report takes the checked path below.
    const fast = benchmark ? null : await readInOnePass(engine, source.path, format, source, policy);
    if (fast) {
      progress('checking the data contract');
      refuseIfAny(await checkDuplicates(engine, fast.map, fast, source.path, policy.duplicates));
      progress('building the candidates table');
      return profileOf(name, format, fast.hash, fast.map, policy, await accountRows(engine), fast.values);
    }
    const read = await readFile(engine, source.path, format, source);
    raw = read.raw;
    hash = Promise.resolve(read.hash);
  } else {
    name = source.name ?? 'records';
    format = 'records';
    hash = Promise.resolve(hashRecords(source.records));
    raw = await loadRawRecords(engine, source.records, name);
  }
  const label = source.kind === 'file' ? source.path : name;
  if (raw.rows === 0 && raw.rejects.length === 0) {
    throw new ContractError([{ file: label, line: null, lineKind: null, column: null, value: null, expected: 'at least one data row (found only a header or nothing)' }]);
  }

  progress('checking the data contract');
  const { map, issues: columnIssues } = resolveColumns(raw, policy, label);
  const used = new Set([...Object.values(map.canonical), ...Object.values(map.protected), ...Object.values(map.traits), ...Object.values(map.items)]);
  const issues: ContractIssue[] = [...raw.rejects, ...columnIssues, ...raw.nonScalar.filter((i) => used.has(i.column!))];
  issues.push(...(await checkValues(engine, raw, map, label)));
  const appended = benchmark ? await appendBenchmarkFile(engine, benchmark, map) : undefined;
  issues.push(...(appended?.issues ?? []));
  // Refused anyway: list the duplicates it would be refused for next too (the benchmark file's
  // rows, appended to the raw table, are told apart only once normalised).
  if (issues.length > 0 && !appended) issues.push(...(await rawDuplicates(engine, map, raw, label, policy.duplicates)));
  refuseIfAny(issues);

  progress('building the candidates table');
  const values = await buildCandidatesTable(engine, map, policy);
  refuseIfAny(await checkDuplicates(engine, map, raw, label, policy.duplicates));
  return profileOf(name, format, await hash, map, policy, await accountRows(engine), values, appended?.profile);
}

function profileOf(
  name: string,
  format: FileFormat | 'records',
  hash: string,
  map: ColumnMap,
  policy: Policy,
  accounting: RowAccounting,
  values: ValuesReport,
  benchmarkFile?: { source: string; hash: string },
): DatasetProfile {
  return {
    source: basename(name),
    format,
    hash,
    columns: Object.keys(map.canonical).sort(),
    protectedAttributes: [...policy.protected],
    traits: Object.keys(map.traits).sort(),
    items: Object.keys(map.items),
    hasStage: map.canonical.stage !== undefined,
    hasTool: map.canonical.tool !== undefined,
    hasScore: map.canonical.score !== undefined,
    weighted: map.canonical.count !== undefined,
    accounting,
    values,
    ...(benchmarkFile ? { benchmarkFile } : {}),
  };
}

