import { open, stat } from 'node:fs/promises';
import { CANONICAL_COLUMNS, type CanonicalColumn, type ValuesReport } from '../contract/dataset.js';
import type { Policy } from '../contract/policy.js';
import { CANDIDATES_TABLE, type DuckDBEngine } from '../engine/duckdb/duckdb-engine.js';
import { duckdbDialect as d } from '../engine/duckdb/dialect.js';
import { anyInvalidValue, type ColumnMap, resolveColumns } from './check-contract.js';
import { buildCandidatesInOnePass, CANDIDATES_DATA, estimatedRowBytes } from './normalize.js';
import { NESTED_TYPE, positionsIn, type RawTable, readerSql } from './raw-table.js';
import { textOptionsFor } from './read-file.js';
import type { FileFormat } from './source.js';
import { inspectStart, scanText, type TextEncoding } from './text-scan.js';

/** A file read, checked and normalised in one pass: what ingest needs to finish (duplicates, row accounting, profile). */
export interface OnePass {
  map: ColumnMap;
  hash: string;
  values: ValuesReport;
  positionOf: RawTable['positionOf'];
}

/** Formats DuckDB reads straight into the candidates table. JSON keeps the checked path (mixed-type fields are unwrapped first). */
const ONE_PASS_FORMATS: readonly FileFormat[] = ['csv', 'tsv', 'parquet'];

/**
 * The fast path of ingest (issue 14 item 1): the file is read once, straight into the normalised
 * candidates table, with the contract's value checks evaluated in the same pass; no raw copy of the
 * file is made. It succeeds only for a file with nothing to report: a wrong header, a line the
 * reader rejects, a bad value, a missing column, a byte-level problem or no rows at all return null
 * (after removing what was built), and the caller reads the file the checked way (raw table,
 * contract check, then the candidates table), which names every problem exactly as before. So a
 * good file costs one read, and a bad one is refused with the same messages as ever.
 */
export async function readInOnePass(
  engine: DuckDBEngine,
  path: string,
  format: FileFormat,
  options: { delimiter?: string; encoding?: TextEncoding },
  policy: Policy,
): Promise<OnePass | null> {
  if (!ONE_PASS_FORMATS.includes(format)) return null;
  const text = textOptionsFor(path, format, options);
  if (text && (await inspectStart(path, text)).length > 0) return null;
  const scan = scanText(path, text);
  scan.catch(() => {}); // awaited below on every path that keeps the result
  let reader = readerSql(path, format, text);
  let columns: { name: string; type: string }[];
  try {
    columns = (await engine.rows(`DESCRIBE SELECT * FROM ${reader}`)).map((r) => ({ name: String(r['column_name']), type: String(r['column_type']) }));
  } catch {
    return null;
  }
  // A column named like the row position, or holding lists or objects: the checked path deals with them.
  if (columns.some((c) => c.name === 'rowid' || c.name === 'file_row_number' || NESTED_TYPE.test(c.type))) return null;
  const positionOf = positionsIn(format, []);
  const resolved = resolveColumns({ columns, rows: 0, rejects: [], nonScalar: [], positionOf }, policy, path);
  if (resolved.issues.length > 0) return null;
  let map = resolved.map;
  const doubles = text ? numberOnlyColumns(map) : [];
  if (doubles.length > 0) {
    reader = readerSql(path, format, text, doubles);
    map = { ...map, types: { ...map.types, ...Object.fromEntries(doubles.map((c) => [c, 'DOUBLE'])) } };
  }
  // A table that would take more than half the memory limit is built in the engine's disk store, compressed.
  if ((await estimatedRows(engine, path, format, reader)) * estimatedRowBytes(map, policy) > engine.memoryLimit * DISK_STORE_SHARE) await engine.useDiskStore();
  let built;
  try {
    built = await buildCandidatesInOnePass(engine, map, policy, reader, anyInvalidValue(map), format === 'parquet' ? 'file' : 'table');
  } catch {
    built = null;
  }
  if (built === null) {
    await discard(engine, format);
    return null;
  }
  const rejected = format === 'csv' || format === 'tsv' ? Number((await engine.rows('SELECT count(*) AS n FROM reject_errors'))[0]?.['n'] ?? 0) : 0;
  if (rejected > 0 || built.rows === 0 || built.invalidRows > 0) {
    await discard(engine, format);
    return null;
  }
  let scanned;
  try {
    scanned = await scan;
  } catch {
    await discard(engine, format);
    return null;
  }
  if (scanned.trouble) {
    await discard(engine, format);
    return null;
  }
  return { map, hash: scanned.hash, values: built.values, positionOf };
}

/**
 * The columns of a text file every use of which reads a number (score, criterion, review_seconds,
 * traits, items), for the reader to parse itself: the same value as try_cast of the trimmed text
 * (DuckDB's one number parser), for less: the eight number columns of the 10M-row full-audit file
 * read in 4.4 CPU s against 6.8 as text cast afterwards, the whole insert about 2 CPU s less
 * (BENCHMARKS.md). A value the reader cannot parse is a rejected line, which sends the file to the
 * checked path with its exact message. A column that is also read as a category or text (a
 * protected attribute, say) stays text: its categories are its values as written.
 */
function numberOnlyColumns(map: ColumnMap): string[] {
  const numeric = new Map<string, boolean>();
  const use = (column: string, isNumber: boolean) => numeric.set(column, (numeric.get(column) ?? true) && isNumber);
  for (const [canonical, column] of Object.entries(map.canonical) as [CanonicalColumn, string][]) use(column, CANONICAL_COLUMNS[canonical].kind === 'number');
  for (const column of [...Object.values(map.protected), ...Object.values(map.strata ?? {})]) use(column, false);
  for (const column of [...Object.values(map.traits), ...Object.values(map.items)]) use(column, true);
  return [...numeric].filter(([, isNumber]) => isNumber).map(([column]) => column);
}

/**
 * Share of the memory limit above which the candidates table is built in the disk store. Half: the
 * queries need the rest for their hash tables. Measured at 10M rows (BENCHMARKS.md, "Full audit"):
 * the 21-column table (about 1.8 GB in memory) costs more CPU to compress than to build, and saves
 * more than that in the queries, which no longer read it back from the spill directory; the
 * 7-column disparity table (about 0.35 GB) stays in memory, where it costs least.
 */
const DISK_STORE_SHARE = 0.5;

/**
 * About how many rows the file holds: Parquet's from its metadata; a text file's from its size and
 * the mean length of its first lines; a compressed text file's (.gz, .zst) one per 20 bytes (such
 * text shrinks about five-fold, and its lines are about 100 bytes long).
 */
async function estimatedRows(engine: DuckDBEngine, path: string, format: FileFormat, reader: string): Promise<number> {
  if (format === 'parquet') return Number((await engine.rows(`SELECT count(*) AS n FROM ${reader}`))[0]?.['n'] ?? 0);
  const { size } = await stat(path);
  if (/\.(gz|zst)$/i.test(path)) return size / 20;
  const handle = await open(path, 'r');
  try {
    const start = Buffer.alloc(Math.min(size, 1 << 20));
    const { bytesRead } = await handle.read(start, 0, start.length, 0);
    let lines = 0;
    for (let i = 0; i < bytesRead; i++) if (start[i] === 0x0a) lines++;
    return lines > 0 ? size / (bytesRead / lines) : 1;
  } finally {
    await handle.close();
  }
}

/** Removes what a one-pass read built, before the checked path reads the file again. */
async function discard(engine: DuckDBEngine, format: FileFormat): Promise<void> {
  await engine.run(`DROP VIEW IF EXISTS ${d.quoteIdent(CANDIDATES_TABLE)}`);
  await engine.run(`DROP TABLE IF EXISTS ${d.quoteIdent(CANDIDATES_DATA)}`);
  if (format === 'csv' || format === 'tsv') {
    // The checked path's read fills these again; rows of this read must not be listed twice.
    await engine.run('DROP TABLE IF EXISTS reject_errors');
    await engine.run('DROP TABLE IF EXISTS reject_scans');
  }
}
