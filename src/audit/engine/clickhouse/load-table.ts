import { spawnSync } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuditError, throwIfCancelled } from '../../errors.js';
import { CANDIDATES_TABLE, type DuckDBEngine } from '../duckdb/duckdb-engine.js';
import { duckdbDialect as dd } from '../duckdb/dialect.js';
import { WEIGHT_COLUMN } from '../sql.js';
import { ClickHouseConnection } from './connection.js';
import { clickhouseDialect as d } from './dialect.js';
import type { ClickHouseTarget } from './target.js';

/** DuckDB column type of the normalised table -> ClickHouse type (before Nullable). */
const TYPES: Record<string, string> = {
  BIGINT: 'Int64',
  INTEGER: 'Int32',
  DOUBLE: 'Float64',
  VARCHAR: 'String',
  BOOLEAN: 'UInt8',
  // Whole seconds: ClickHouse 18.16 has no sub-second DateTime. Only calendar periods read it.
  TIMESTAMP: "DateTime('UTC')",
};

/** Name of the one-row table beside a loaded table that keeps the file's provenance (source, hash, …). */
export const profileTableOf = (table: string) => `${table}__profile`;
/** Local (per-shard) table of a Distributed table. */
const localTableOf = (table: string) => `${table}_local`;

export interface LoadPlan {
  target: ClickHouseTarget;
  table: string;
  /** Columns that never hold NULL (the rest are Nullable). */
  notNull: readonly string[];
  /** JSON text stored in the profile table. */
  profile: string;
  /** Replace an existing table of this name (else it is refused). */
  replace: boolean;
  /** Phase messages ('streaming rows', 'counting rows', 'replacing the table'). */
  progress?: (message: string) => void;
  /** Checked before the old table is replaced: a cancelled load leaves it as it was (its staging tables are dropped by the next load). */
  signal?: AbortSignal;
}

export interface LoadSummary {
  rows: number;
  candidates: number;
  shards: number;
}

async function columnsOf(duck: DuckDBEngine): Promise<{ name: string; duckType: string }[]> {
  const rows = await duck.rows(`DESCRIBE ${dd.quoteIdent(CANDIDATES_TABLE)}`);
  return rows.map((r) => ({ name: String(r['column_name']), duckType: String(r['column_type']) }));
}

function columnDdl(columns: { name: string; duckType: string }[], notNull: readonly string[]): string {
  return columns
    .map(({ name, duckType }) => {
      // Categorical columns are ENUMs in DuckDB (see normalize.ts); ClickHouse 18 keeps them as String.
      const type = duckType.startsWith('ENUM(') ? 'String' : TYPES[duckType];
      if (type === undefined) throw new AuditError('HA_ERR_ENGINE', `column "${name}" has type ${duckType}, which the ClickHouse loader does not map`);
      return `${d.quoteIdent(name)} ${notNull.includes(name) ? type : `Nullable(${type})`}`;
    })
    .join(', ');
}

/**
 * The SELECT list that writes a row as ClickHouse's TabSeparated text through DuckDB's CSV writer
 * with quoting off: text (and ENUM) values escaped as TabSeparated wants (backslash, tab, newline,
 * carriage return and NUL as \\, \t, \n, \r, \0) in the columns that hold any such character
 * (`escaped`, see columnsToEscape), NULL as \N (the writer's null string), timestamps as
 * 'YYYY-MM-DD hh:mm:ss', numbers as DuckDB prints them (the shortest text that reads back as the
 * same double).
 */
function tsvSelect(columns: { name: string; duckType: string }[], escaped: ReadonlySet<string>): string {
  return columns
    .map(({ name, duckType }) => {
      const col = dd.quoteIdent(name);
      if (duckType === 'TIMESTAMP') return `strftime(${col}, '%Y-%m-%d %H:%M:%S') AS ${col}`;
      if (isText(duckType)) {
        let text = `CAST(${col} AS VARCHAR)`;
        if (escaped.has(name)) for (const [from, to] of TSV_ESCAPES) text = `replace(${text}, ${from}, ${dd.string(to)})`;
        return `${text} AS ${col}`;
      }
      return col;
    })
    .join(', ');
}

const isText = (duckType: string) => duckType === 'VARCHAR' || duckType.startsWith('ENUM(');

/** A character TabSeparated escapes (see TSV_ESCAPES). */
const TSV_SPECIAL = /[\\\t\n\r\0]/;

/**
 * The text columns that hold a character TabSeparated must escape: an ENUM's from its few values,
 * the VARCHAR columns' from one pass over the table. Five replace() calls on every text value took
 * 11 of the 15 CPU seconds of exporting 10M rows (candidate_id and four categories); such
 * characters are rare, and a column without any is written as it is.
 */
async function columnsToEscape(duck: DuckDBEngine, columns: { name: string; duckType: string }[]): Promise<Set<string>> {
  const escaped = new Set<string>();
  for (const { name, duckType } of columns.filter((c) => c.duckType.startsWith('ENUM('))) {
    const values = await duck.rows(`SELECT unnest(enum_range(NULL::${duckType})) AS v`);
    if (values.some((r) => TSV_SPECIAL.test(String(r['v'])))) escaped.add(name);
  }
  const varchar = columns.filter((c) => c.duckType === 'VARCHAR').map((c) => c.name);
  if (varchar.length > 0) {
    const holds = (col: string) => TSV_ESCAPES.map(([from]) => `contains(${col}, ${from})`).join(' OR ');
    const [row] = await duck.rows(`SELECT ${varchar.map((c, i) => `bool_or(${holds(dd.quoteIdent(c))}) AS e${i}`).join(', ')} FROM ${dd.quoteIdent(CANDIDATES_TABLE)}`);
    varchar.forEach((c, i) => {
      if (row?.[`e${i}`] === 1) escaped.add(c);
    });
  }
  return escaped;
}

/** TabSeparated escapes, backslash first. */
const TSV_ESCAPES: [string, string][] = [
  [dd.string('\\'), '\\\\'],
  ['chr(9)', '\\t'],
  ['chr(10)', '\\n'],
  ['chr(13)', '\\r'],
  ['chr(0)', '\\0'],
];

/** DuckDB's COPY options that write TabSeparated (the values escaped by tsvSelect). */
const TSV_COPY = `(FORMAT csv, DELIMITER '\t', QUOTE '', ESCAPE '', HEADER false, NULLSTR '\\N')`;

/** A named pipe at `path` (mkfifo); false where there is none (then the rows go through a file). */
function makeFifo(path: string): boolean {
  return spawnSync('mkfifo', ['-m', '600', path], { stdio: 'ignore' }).status === 0;
}

/**
 * Streams each shard's rows (_row modulo the number of shards) into its staging table, all shards
 * at once: DuckDB writes TabSeparated into a named pipe (one session per shard, so the shards'
 * exports run side by side) while the HTTP insert reads from it, so rows go from DuckDB to the
 * wire without a file in between. If either side fails the other is stopped (the pipe is closed,
 * the export interrupted), so nothing waits forever; the first failure is raised. Without named
 * pipes each shard's rows are written to a file first, then sent.
 */
async function streamShards(duck: DuckDBEngine, connections: ClickHouseConnection[], columns: { name: string; duckType: string }[], insert: string, doing: string, dir: string): Promise<void> {
  const select = tsvSelect(columns, await columnsToEscape(duck, columns));
  const shards = connections.length;
  await Promise.all(
    connections.map(async (c, k) => {
      const path = join(dir, `shard-${k}.tsv`);
      const where = shards > 1 ? ` WHERE ${dd.quoteIdent('_row')} % ${shards} = ${k}` : '';
      const copy = `COPY (SELECT ${select} FROM ${dd.quoteIdent(CANDIDATES_TABLE)}${where}) TO ${dd.string(path)} ${TSV_COPY}`;
      const session = await duck.fork();
      try {
        if (!makeFifo(path)) {
          await session.run(copy);
          await c.insertStream(insert, createReadStream(path), doing);
          return;
        }
        const body = createReadStream(path, { highWaterMark: 1 << 20 });
        const sending = c.insertStream(insert, body, doing).catch((e: unknown) => {
          body.destroy();
          session.connection.interrupt();
          throw e;
        });
        const writing = session.run(copy).catch((e: unknown) => {
          body.destroy();
          throw e;
        });
        const [sent, written] = await Promise.allSettled([sending, writing]);
        if (sent.status === 'rejected') throw sent.reason;
        if (written.status === 'rejected') throw written.reason;
      } finally {
        await session.close();
      }
    }),
  );
}

const qualified = (db: string, table: string) => `${d.quoteIdent(db)}.${d.quoteIdent(table)}`;

async function checkCluster(first: ClickHouseConnection, cluster: string, hosts: number): Promise<void> {
  const rows = await first.rows(`SELECT count(DISTINCT shard_num) AS shards FROM system.clusters WHERE cluster = ${d.string(cluster)}`, `reading cluster ${cluster}`);
  const shards = Number(rows[0]?.['shards'] ?? 0);
  if (shards !== hosts) {
    throw new AuditError('HA_ERR_USAGE', `cluster "${cluster}" has ${shards} shard(s) in remote_servers, but the URL lists ${hosts} host(s): list one HTTP host:port per shard`);
  }
}

/** Staging names of a load: the rows and the profile are written here, then renamed into place. */
const stagingTableOf = (table: string) => `${table}__loading`;

async function exists(c: ClickHouseConnection, db: string, table: string): Promise<boolean> {
  const [row] = await c.rows(`EXISTS TABLE ${qualified(db, table)}`, `looking for ${db}.${table}`);
  return Number(row?.['result'] ?? 0) === 1;
}

/**
 * Creates the ClickHouse table(s) from DuckDB's normalised candidates table and copies the rows:
 * one server gets a MergeTree table; a cluster gets a MergeTree `<table>_local` on every listed
 * host (rows split by _row modulo the number of shards, inserted straight into each shard so the
 * load is synchronous) and a Distributed `<table>` over them on every host. Each host also gets
 * `<table>__profile` with the provenance.
 *
 * Never a half-loaded table under the final name: the rows go into staging tables
 * (`<table>__loading`, or `<table>__loading_local` per shard) and are counted there; only then is
 * the old table dropped (when `replace`; an existing table is refused otherwise, before anything
 * changes), the staging table renamed into place, and last the profile, which an audit takes as
 * the sign of a complete load (it also records the row count, checked by every audit). A load
 * killed before the last rename leaves no profile, so the table is never audited as that file.
 */
export async function loadTable(duck: DuckDBEngine, plan: LoadPlan): Promise<LoadSummary> {
  const { target, table } = plan;
  const db = target.database;
  const connections = target.hosts.map((h) => new ClickHouseConnection(target, h));
  const dir = await mkdtemp(join(tmpdir(), 'hireaudit-load-'));
  const progress = plan.progress ?? (() => {});
  const staging = stagingTableOf(table);
  const stagingData = target.cluster ? localTableOf(staging) : staging;
  const stagingProfile = profileTableOf(staging);
  const finalNames = [table, localTableOf(table), profileTableOf(table)];
  try {
    const first = connections[0]!;
    await first.rows('SELECT 1 AS ok', 'connecting');
    if (target.cluster) await checkCluster(first, target.cluster, connections.length);
    // 1. An existing table is replaced only when asked, and refused before anything changes.
    for (const c of connections) {
      for (const t of finalNames) {
        if (!plan.replace && (await exists(c, db, t))) {
          throw new AuditError('HA_ERR_USAGE', `table ${db}.${t} already exists on ${c.where}; pass --replace to replace it (its rows and profile are dropped)`);
        }
      }
    }
    // 2. Staging tables, fresh (a killed load may have left some).
    const columns = await columnsOf(duck);
    const ddl = columnDdl(columns, plan.notNull);
    for (const c of connections) {
      for (const t of [stagingData, stagingProfile]) await c.command(`DROP TABLE IF EXISTS ${qualified(db, t)}`, `dropping the staging table ${db}.${t}`);
      await c.command(`CREATE TABLE ${qualified(db, stagingData)} (${ddl}) ENGINE = MergeTree() ORDER BY ${d.quoteIdent('_row')}`, `creating ${db}.${stagingData}`);
    }
    // 3. Rows into staging, streamed to every shard at once, counted there.
    progress('streaming rows');
    await streamShards(duck, connections, columns, `INSERT INTO ${qualified(db, stagingData)} FORMAT TabSeparated`, `inserting rows into ${db}.${stagingData}`, dir);
    progress('counting rows');
    const counts = await Promise.all(
      connections.map(async (c) => (await c.rows(`SELECT count() AS n, sum(${d.quoteIdent(WEIGHT_COLUMN)}) AS c FROM ${qualified(db, stagingData)}`, `counting ${db}.${stagingData}`))[0]),
    );
    const [expected] = await duck.rows(`SELECT count(*) AS n, sum(${dd.quoteIdent(WEIGHT_COLUMN)}) AS c FROM ${dd.quoteIdent(CANDIDATES_TABLE)}`);
    const summary = {
      rows: counts.reduce((a, r) => a + Number(r?.['n'] ?? 0), 0),
      candidates: counts.reduce((a, r) => a + Number(r?.['c'] ?? 0), 0),
      shards: connections.length,
    };
    if (summary.rows !== Number(expected?.['n']) || summary.candidates !== Number(expected?.['c'] ?? 0)) {
      throw new AuditError('HA_ERR_ENGINE', `loading ${db}.${table} lost rows: ${summary.rows} of ${Number(expected?.['n'])} arrived; the table was left unchanged`);
    }
    for (const c of connections) {
      await c.command(`CREATE TABLE ${qualified(db, stagingProfile)} (profile String) ENGINE = TinyLog`, `creating ${db}.${stagingProfile}`);
      await c.command(`INSERT INTO ${qualified(db, stagingProfile)} VALUES (${d.string(plan.profile)})`, `writing ${db}.${stagingProfile}`);
    }
    // 4. Into place: the old profile goes first and the new one comes last. Past this point a
    //    cancellation waits: stopping between the drops and the renames would lose the old table.
    throwIfCancelled(plan.signal);
    progress('replacing the table');
    for (const c of connections) {
      for (const t of [profileTableOf(table), table, localTableOf(table)]) await c.command(`DROP TABLE IF EXISTS ${qualified(db, t)}`, `dropping the old ${db}.${t}`);
    }
    const dataTable = target.cluster ? localTableOf(table) : table;
    for (const c of connections) await c.command(`RENAME TABLE ${qualified(db, stagingData)} TO ${qualified(db, dataTable)}`, `renaming ${db}.${stagingData}`);
    if (target.cluster) {
      for (const c of connections) {
        await c.command(
          `CREATE TABLE ${qualified(db, table)} (${ddl}) ENGINE = Distributed(${target.cluster}, ${d.quoteIdent(db)}, ${d.quoteIdent(dataTable)}, ${d.quoteIdent('_row')})`,
          `creating the Distributed table ${db}.${table}`,
        );
      }
    }
    for (const c of connections) await c.command(`RENAME TABLE ${qualified(db, stagingProfile)} TO ${qualified(db, profileTableOf(table))}`, `renaming ${db}.${stagingProfile}`);
    return summary;
  } finally {
    await Promise.all(connections.map((c) => c.close()));
    await rm(dir, { recursive: true, force: true });
  }
}
