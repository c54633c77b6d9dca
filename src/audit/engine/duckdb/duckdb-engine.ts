import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import type { DuckDBConnection, DuckDBInstance as DuckDBInstanceClass } from '@duckdb/node-api';
import { AuditError, CancelledError, throwIfCancelled } from '../../errors.js';
import type { AggregateQuery, AggregateRow, MedianQuery, SampleQuery } from '../aggregate-query.js';
import { normaliseValue, type Engine, SharedValue } from '../engine.js';
import { compileAggregate, compilePredicate, compileSample, SAMPLE_HASH_MODULUS, WEIGHT_COLUMN, type ColumnMagnitudes } from '../sql.js';
import { duckdbDialect as d } from './dialect.js';
import { engineFolderName } from './engine-folders.js';

/**
 * @duckdb/node-api is CommonJS whose index re-exports some 280 names from about 60 files. Imported
 * from ESM, Node runs its CommonJS export lexer over every one of those files to find the names
 * (about 0.1 s of CPU at each start); require() loads the same module without that pass.
 */
const { DuckDBInstance } = createRequire(import.meta.url)('@duckdb/node-api') as { DuckDBInstance: typeof DuckDBInstanceClass };

export const CANDIDATES_TABLE = 'candidates';

/**
 * The folders this process's engines made on disk (their spill directory, their disk store) and
 * have not removed yet. An engine removes its own when it closes; what is left when the process
 * exits without closing it (a second Ctrl-C, an uncaught error) is removed on exit, so an audit
 * cut short does not leave a store of gigabytes in the temporary folder.
 */
const foldersOnDisk = new Set<string>();
let removingOnExit = false;

function madeOnDisk(folder: string): void {
  if (!removingOnExit) process.on('exit', removeFoldersLeft);
  removingOnExit = true;
  foldersOnDisk.add(folder);
}

function removeFolder(folder: string): void {
  rmSync(folder, { recursive: true, force: true });
  foldersOnDisk.delete(folder);
}

function removeFoldersLeft(): void {
  for (const folder of foldersOnDisk) removeFolder(folder);
}

/** A sample of n rows first ranks about SAMPLE_SLICE x n rows of the table (see DuckDBEngine.sample). */
const SAMPLE_SLICE = 8;

/** Whether a sliced sample per group holds `groups` groups of `size` rows each: then it is the full sample. */
function everyGroupFull(rows: readonly AggregateRow[], perGroup: readonly string[], groups: number, size: number): boolean {
  const counts = new Map<string, number>();
  for (const r of rows) {
    const key = JSON.stringify(perGroup.map((c) => r[c] ?? null));
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts.size === groups && [...counts.values()].every((n) => n === size);
}

export interface DuckDBEngineOptions {
  /** Worker threads; default: DuckDB's (all cores). */
  threads?: number;
  /**
   * DuckDB's memory limit, e.g. '2GB' or '1.5GiB' (see parseMemoryLimit); beyond it DuckDB spills
   * tables and operator state to `tempDirectory` instead of growing. Default: defaultMemoryLimit().
   */
  memoryLimit?: string;
  /**
   * Where DuckDB spills. Default: a directory of its own under the system's temporary folder
   * (TMPDIR), made only when DuckDB first spills and removed when the engine closes.
   */
  tempDirectory?: string;
}

const MB = 1024 ** 2;
const GB = 1024 ** 3;
const UNITS: Record<string, number> = { kb: 1000, mb: 1000 ** 2, gb: 1000 ** 3, tb: 1000 ** 4, kib: 1024, mib: MB, gib: GB, tib: 1024 ** 4 };

/**
 * The memory limit of a flag or option as bytes: a number and a unit, KB/MB/GB/TB (powers of 1000)
 * or KiB/MiB/GiB/TiB (powers of 1024), case-insensitive, as DuckDB reads them; null when malformed
 * or under 64 MiB (below that DuckDB cannot hold one row group of a wide table).
 */
export function parseMemoryLimit(text: string): number | null {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([kmgt]i?b)\s*$/i.exec(text);
  if (!m) return null;
  const bytes = Number(m[1]) * UNITS[m[2]!.toLowerCase()]!;
  return bytes >= 64 * MB ? bytes : null;
}

/**
 * Upper bound of the default memory limit. The process's peak RSS is about the limit plus 0.4 GB
 * (Node, TensorFlow.js, DuckDB's allocations outside its buffer manager): measured on the 10M-row
 * full audit, 1.67 GB under 1.25 GiB, 1.39 GB under 1 GiB, 1.13 GB under 768 MiB, at 32.4, 34.1
 * and 35.2 s (BENCHMARKS.md, "Full audit"). 1 GiB keeps 10M rows within 1.5 GB for 5 % of time.
 */
export const DEFAULT_MEMORY_CAP = 1 * GB;
/** Share of the machine's memory (or of the container's limit) the default may take. */
export const DEFAULT_MEMORY_SHARE = 0.5;

/**
 * The default memory limit: half of the machine's memory (the container's limit when Node sees
 * one), at most 1 GiB. DuckDB's own default (80 % of the machine) lets one audit of a large file
 * take most of a shared server; with this bound an audit of any size spills to disk instead, at a
 * measured small cost (BENCHMARKS.md, "Full audit").
 */
export function defaultMemoryLimit(): string {
  const constrained = typeof process.constrainedMemory === 'function' ? (process.constrainedMemory() ?? 0) : 0;
  const machine = constrained > 0 && constrained < totalmem() ? constrained : totalmem();
  return `${Math.max(64, Math.floor(Math.min(DEFAULT_MEMORY_CAP, machine * DEFAULT_MEMORY_SHARE) / MB))}MiB`;
}

/**
 * The weighted median of `x` per combination of `by` over the rows of `from` (see
 * DuckDBEngine.medians): the values with their summed weights (`weight`), a running total in value
 * order, and the mean of the first values at positions ceil(N/2) and floor(N/2)+1. Groups come back
 * as text, ordered.
 */
function medianSql(groups: readonly string[], from: string, x: string, weight: string, where: string | null): string {
  const by = groups.map((b) => d.quoteIdent(b));
  const byText = groups.map((b) => `${d.toText(d.quoteIdent(b))} AS ${d.quoteIdent(b)}`);
  const partition = by.length ? `PARTITION BY ${by.join(', ')}` : '';
  return `
      WITH v AS (
        SELECT ${[...byText, `${x} AS x`, `sum(${weight}) AS c`].join(', ')}
        FROM ${from}${where === null ? '' : ` WHERE ${where}`}
        GROUP BY ${[...by, x].join(', ')} HAVING sum(${weight}) > 0
      ), cum AS (
        SELECT *, sum(c) OVER (${partition} ORDER BY x ROWS UNBOUNDED PRECEDING) AS upto,
                  sum(c) OVER (${partition}) AS total
        FROM v
      )
      SELECT ${[...by, `(min(x) FILTER (WHERE upto >= ceil(total / 2)) + min(x) FILTER (WHERE upto >= floor(total / 2) + 1)) / 2 AS median`].join(', ')}
      FROM cum ${by.length ? `GROUP BY ${by.join(', ')} ORDER BY ${by.join(', ')}` : ''}`;
}

/** What an engine and its sessions (fork) share: the cancellation signal, every open connection, the storage. */
interface Shared {
  /** Set by cancelOn: queries refuse to start once it fires. */
  signal: AbortSignal | undefined;
  connections: Set<DuckDBConnection>;
  /** The memory limit in bytes. */
  memoryLimit: number;
  /** The directory of the disk store once useDiskStore attached it (every connection's default catalog), else null. */
  store: string | null;
  /** The candidates table's column magnitudes (see magnitudes()), until a statement may change the table. */
  magnitudes: SharedValue<ColumnMagnitudes>;
}

/**
 * Column types an exact sum needs the magnitude of (see DuckDBEngine.magnitudes): the fractional
 * ones. A term of integer columns only (the weight times a 0/1 flag) is an integer, whose sum
 * DuckDB adds up exactly anyway; the weight's own magnitude bounds every weighted term.
 */
const FRACTIONAL_COLUMN = /^(DOUBLE|FLOAT|REAL|DECIMAL)/;

/** The catalog name of the disk store (see DuckDBEngine.useDiskStore). */
const STORE_CATALOG = 'hireaudit_store';

/** The embedded default engine: one in-memory DuckDB database per audit. */
export class DuckDBEngine implements Engine {
  readonly name = 'duckdb';

  private constructor(
    private readonly instance: DuckDBInstanceClass,
    readonly connection: DuckDBConnection,
    /** The spill directory this engine made up (removed at close), or null when the caller named one. */
    private readonly ownTempDirectory: string | null,
    private readonly shared: Shared,
    /** A session of fork(): closing it closes its connection only. */
    private readonly session: boolean,
    /** Where DuckDB spills, and where the disk store goes (see useDiskStore). */
    private readonly spillDirectory: string,
  ) {}

  /** The memory limit DuckDB runs within, in bytes. */
  get memoryLimit(): number {
    return this.shared.memoryLimit;
  }

  /**
   * From now on, tables are created in a database file of this engine's own (in a fresh directory
   * under the spill directory, removed when the engine closes) instead of in memory: every session's
   * default catalog. DuckDB writes a large table there as it is built, in compressed row groups
   * (dictionary, bit-packing, ALP for decimals, FSST for text: a 10M-row, 21-column candidates table
   * takes about 230 MB instead of 2.1 GB), and keeps in memory only what its queries read. A table
   * that outgrows the memory limit in memory is moved to the spill directory as it is, and read back
   * from there by every query; compressed, the same table mostly stays in memory and scans faster,
   * for the cost of compressing it once (BENCHMARKS.md, "Full audit"). Ingest calls this for a
   * file whose table would take more than half the memory limit. Without the write-ahead log, and
   * without the checkpoint DuckDB writes when it closes: the file lives as long as the engine and is
   * deleted with it, there is nothing to recover (closing took 0.43 s instead of 0.07 after a
   * 10M-row CSV file, about 3 s after a 100M-row one: BENCHMARKS.md "Full audit").
   */
  async useDiskStore(): Promise<void> {
    if (this.shared.store !== null) return;
    const dir = join(this.spillDirectory, `hireaudit-store-${randomBytes(6).toString('hex')}`);
    mkdirSync(dir, { recursive: true });
    madeOnDisk(dir);
    this.shared.store = dir;
    await this.run(`ATTACH ${d.string(join(dir, 'tables.duckdb'))} AS ${d.quoteIdent(STORE_CATALOG)} (RECOVERY_MODE no_wal_writes)`);
    await this.run('PRAGMA disable_checkpoint_on_shutdown');
    for (const c of this.shared.connections) await c.run(`USE ${d.quoteIdent(STORE_CATALOG)}`);
  }

  private get signal(): AbortSignal | undefined {
    return this.shared.signal;
  }

  /**
   * Another session on the same database: its own connection, so its queries run beside this
   * engine's (DuckDB shares its threads between them), under the same cancellation. Close it when done.
   */
  async fork(): Promise<DuckDBEngine> {
    throwIfCancelled(this.signal);
    const connection = await this.instance.connect();
    if (this.shared.store !== null) await connection.run(`USE ${d.quoteIdent(STORE_CATALOG)}`);
    this.shared.connections.add(connection);
    return new DuckDBEngine(this.instance, connection, null, this.shared, true, this.spillDirectory);
  }

  /**
   * Opens an in-memory database bounded by `memoryLimit`: past it DuckDB moves table blocks and
   * operator state (hash tables, sorts) to `tempDirectory`, so the candidates table of a file
   * larger than memory lives mostly on disk rather than in the process.
   */
  static async open(options: DuckDBEngineOptions = {}): Promise<DuckDBEngine> {
    const memoryLimit = options.memoryLimit ?? defaultMemoryLimit();
    if (parseMemoryLimit(memoryLimit) === null) throw new AuditError('HA_ERR_USAGE', `memory limit "${memoryLimit}" is not a size such as 1.5GB or 800MiB (at least 64MiB)`);
    const own = options.tempDirectory === undefined ? join(tmpdir(), engineFolderName(process.pid, randomBytes(6).toString('hex'))) : null;
    const config: Record<string, string> = {
      memory_limit: memoryLimit.replace(/\s+/g, ''),
      temp_directory: options.tempDirectory ?? own!,
      // The only joins are paired rows (retest, perturbation: compilePairs), whose right side (the
      // repeats, the variants) is the smaller one by design. DuckDB's estimate of the two filtered
      // copies cannot see that and builds the hash table on the large side (3x slower, measured).
      disabled_optimizers: 'build_side_probe_side',
    };
    if (options.threads) config['threads'] = String(options.threads);
    const instance = await DuckDBInstance.create(':memory:', config);
    const connection = await instance.connect();
    if (own !== null) madeOnDisk(own); // DuckDB makes it when it first spills
    return new DuckDBEngine(instance, connection, own, { signal: undefined, connections: new Set([connection]), memoryLimit: parseMemoryLimit(memoryLimit)!, store: null, magnitudes: new SharedValue() }, false, options.tempDirectory ?? own!);
  }

  /**
   * Until the returned function is called, `signal` cancels this engine's work: a running query is
   * interrupted (DuckDB's connection.interrupt(); the connection stays usable) and no further query
   * starts; both raise CancelledError (HA_ERR_CANCELLED).
   */
  cancelOn(signal: AbortSignal): () => void {
    const interrupt = () => {
      for (const c of this.shared.connections) c.interrupt();
    };
    this.shared.signal = signal;
    signal.addEventListener('abort', interrupt, { once: true });
    return () => {
      signal.removeEventListener('abort', interrupt);
      if (this.shared.signal === signal) this.shared.signal = undefined;
    };
  }

  /** An error of a statement: CancelledError when the signal fired (DuckDB reports "Interrupted!"), else HA_ERR_ENGINE (saying what to do when it was a limit). */
  private failure(what: string, e: unknown): AuditError {
    if (this.signal?.aborted) return new CancelledError(this.signal.reason);
    return this.limitFailure(e) ?? new AuditError('HA_ERR_ENGINE', `DuckDB ${what} failed: ${(e as Error).message}`, { cause: e });
  }

  /**
   * An error of DuckDB's that is about this machine's limits and not about the data, said as what
   * to do; null for any other. The memory limit: DuckDB spills what it can, but some of its work
   * cannot (a CSV reader's buffers of 32 MB each, for one), so a small --memory-limit can refuse a
   * file the default reads. The disk: the spill files and the disk store go to the temporary folder.
   */
  limitFailure(e: unknown): AuditError | null {
    const message = e instanceof Error ? e.message : String(e);
    const said = message.split('\n')[0];
    if (/Out of Memory Error/i.test(message)) {
      return new AuditError(
        'HA_ERR_ENGINE',
        `DuckDB ran out of memory within its limit of ${Math.round(this.memoryLimit / MB)} MiB (${said}): raise the memory limit (--memory-limit; by default half the machine's memory, at most 1 GiB)`,
        { cause: e },
      );
    }
    if (/No space left on device/i.test(message)) {
      return new AuditError(
        'HA_ERR_ENGINE',
        `the disk of ${this.spillDirectory} is full (${said}): free space there, or set TMPDIR to a folder on a disk with room (an audit takes about three times the data's size as Parquet)`,
        { cause: e },
      );
    }
    return null;
  }

  /** Runs SQL and returns normalised row objects. Engine-internal: families use aggregate(). */
  async rows(sql: string): Promise<AggregateRow[]> {
    throwIfCancelled(this.signal);
    let reader;
    try {
      reader = await this.connection.runAndReadAll(sql);
    } catch (e) {
      throw this.failure('query', e);
    }
    // Column-wise conversion, then rows: same values as getRowObjectsJS() at a fraction of its
    // cost (a 50,000-row sample took 0.2 s through it, 0.05 s this way).
    const names = reader.columnNames();
    const columns = reader.getColumnsJS();
    const out: AggregateRow[] = new Array(reader.currentRowCount);
    for (let i = 0; i < out.length; i++) {
      const row: AggregateRow = {};
      for (let j = 0; j < names.length; j++) row[names[j]!] = normaliseValue(columns[j]![i]);
      out[i] = row;
    }
    return out;
  }

  /** Runs a statement, which may change the candidates table (ingest builds it this way). */
  async run(sql: string): Promise<void> {
    this.shared.magnitudes.forget();
    await this.statement(sql);
  }

  /** Runs a statement that leaves the candidates table as it is. */
  private async statement(sql: string): Promise<void> {
    throwIfCancelled(this.signal);
    try {
      await this.connection.run(sql);
    } catch (e) {
      throw this.failure('statement', e);
    }
  }

  async aggregate(query: AggregateQuery): Promise<AggregateRow[]> {
    return this.rows(compileAggregate(query, d.quoteIdent(CANDIDATES_TABLE), d, await this.magnitudes()));
  }

  /**
   * The largest |value| of every fractional column and of the weight of the candidates table,
   * from one pass shared by all sessions: the bounds that let aggregate() add sums up exactly (Dialect.exactSum), so the
   * same file gives byte-identical results on every run however DuckDB's threads share the rows.
   * A 10M-row audit's sums of doubles varied in their 12th digit before, and a z of 36 turned that
   * into the 10th digit of its p-value.
   */
  private magnitudes(): Promise<ColumnMagnitudes> {
    return this.shared.magnitudes.get(() => this.readMagnitudes());
  }

  private async readMagnitudes(): Promise<ColumnMagnitudes> {
    const table = d.quoteIdent(CANDIDATES_TABLE);
    const columns = (await this.rows(`SELECT column_name AS name, column_type AS type FROM (DESCRIBE ${table})`))
      .filter((c) => FRACTIONAL_COLUMN.test(String(c['type'])) || c['name'] === WEIGHT_COLUMN)
      .map((c) => String(c['name']));
    if (columns.length === 0) return new Map();
    const [row] = await this.rows(`SELECT ${columns.map((c, i) => `max(abs(CAST(${d.quoteIdent(c)} AS DOUBLE))) AS m${i}`).join(', ')} FROM ${table}`);
    const out = new Map<string, number>();
    columns.forEach((c, i) => {
      const m = row?.[`m${i}`];
      if (typeof m === 'number') out.set(c, m);
    });
    return out;
  }

  /**
   * Weighted median per group: the mean of the values at positions ceil(N/2) and floor(N/2)+1 of
   * the candidates sorted by the column (N = Σ w), i.e. the ordinary median of the expanded rows.
   */
  medians(query: MedianQuery): Promise<AggregateRow[]> {
    const col = d.quoteIdent(query.column);
    const where = [`${col} IS NOT NULL`, ...(query.where ? [compilePredicate(query.where, d)] : [])].join(' AND ');
    return this.rows(medianSql(query.by, d.quoteIdent(CANDIDATES_TABLE), col, d.quoteIdent(WEIGHT_COLUMN), where));
  }

  /**
   * Several medians() of one column over the same rows, from one pass over the table: the weight of
   * each value per combination of every query's groups (a small temporary table), from which each
   * query's groups add up their weights exactly (integer sums) and take the same median as
   * medians() would. At 10M rows the four median queries of the disparity scan took about 1.2 CPU
   * seconds, each grouping the whole table by its groups and the value; this way about 0.4.
   */
  async mediansOfMany(queries: readonly MedianQuery[]): Promise<AggregateRow[][]> {
    const [first] = queries;
    const shared = first !== undefined && queries.every((q) => q.column === first.column && JSON.stringify(q.where) === JSON.stringify(first.where));
    if (!shared || queries.length < 2) {
      const out: AggregateRow[][] = [];
      for (const query of queries) out.push(await this.medians(query));
      return out;
    }
    const col = d.quoteIdent(first.column);
    const where = [`${col} IS NOT NULL`, ...(first.where ? [compilePredicate(first.where, d)] : [])].join(' AND ');
    const by = [...new Set(queries.flatMap((q) => q.by))].map((b) => d.quoteIdent(b));
    const table = d.quoteIdent('_median_weights');
    await this.statement(
      `CREATE OR REPLACE TEMP TABLE ${table} AS SELECT ${[...by, `${col} AS x`, `sum(${d.quoteIdent(WEIGHT_COLUMN)}) AS c`].join(', ')}
       FROM ${d.quoteIdent(CANDIDATES_TABLE)} WHERE ${where} GROUP BY ${[...by, col].join(', ')}`,
    );
    try {
      const out: AggregateRow[][] = [];
      for (const query of queries) out.push(await this.rows(medianSql(query.by, table, 'x', 'c', null)));
      return out;
    } finally {
      await this.statement(`DROP TABLE IF EXISTS ${table}`);
    }
  }

  /**
   * The seeded sample of compileSample. A sample of n rows from a large table first ranks only the
   * rows whose hash lies in the lowest 8n / rows of its range (about 8n rows of the table, so at
   * least n of those the filter keeps when it keeps an eighth of the table or more): ranking and
   * carrying far fewer rows, the same sample whenever n come back; otherwise the full query runs.
   * A sample per group does the same when the caller knows the groups' sizes (groupRows), with the
   * smallest group's: the same sample when every group comes back, each with n rows. For paired
   * rows the slice is taken before the join, which then reads a few thousand right rows.
   */
  async sample(query: SampleQuery): Promise<AggregateRow[]> {
    const table = d.quoteIdent(CANDIDATES_TABLE);
    const { perGroup = [], groupRows } = query;
    const rows = perGroup.length === 0 ? Number((await this.rows(`SELECT count(*) AS n FROM ${table}`))[0]?.['n'] ?? 0) : (groupRows?.smallest ?? 0);
    const share = (SAMPLE_SLICE * query.size) / rows;
    if (Number.isFinite(share) && share > 0 && share < 1) {
      const slice = await this.rows(compileSample(query, table, d, share * SAMPLE_HASH_MODULUS));
      const whole = perGroup.length === 0 ? slice.length >= query.size : groupRows !== undefined && everyGroupFull(slice, perGroup, groupRows.groups, query.size);
      if (whole) return slice;
    }
    return this.rows(compileSample(query, table, d));
  }

  async close(): Promise<void> {
    this.shared.connections.delete(this.connection);
    this.connection.closeSync();
    if (this.session) return;
    for (const c of this.shared.connections) c.closeSync();
    this.shared.connections.clear();
    this.instance.closeSync();
    if (this.shared.store !== null) removeFolder(this.shared.store);
    if (this.ownTempDirectory !== null) removeFolder(this.ownTempDirectory);
  }
}
