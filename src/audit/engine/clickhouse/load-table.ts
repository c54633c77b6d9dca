import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuditError } from '../../errors.js';
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
  /** Phase messages ('exporting rows', 'inserting rows', 'counting rows'). */
  progress?: (message: string) => void;
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

/** One NDJSON file per shard (rows with _row % shards = k), timestamps as 'YYYY-MM-DD hh:mm:ss'. */
async function exportShards(duck: DuckDBEngine, columns: { name: string; duckType: string }[], shards: number, dir: string): Promise<string[]> {
  const select = columns
    .map(({ name, duckType }) => (duckType === 'TIMESTAMP' ? `strftime(${dd.quoteIdent(name)}, '%Y-%m-%d %H:%M:%S') AS ${dd.quoteIdent(name)}` : dd.quoteIdent(name)))
    .join(', ');
  const files: string[] = [];
  for (let k = 0; k < shards; k++) {
    const file = join(dir, `shard-${k}.ndjson`);
    const where = shards > 1 ? ` WHERE ${dd.quoteIdent('_row')} % ${shards} = ${k}` : '';
    await duck.run(`COPY (SELECT ${select} FROM ${dd.quoteIdent(CANDIDATES_TABLE)}${where}) TO ${dd.string(file)} (FORMAT json)`);
    files.push(file);
  }
  return files;
}

const qualified = (db: string, table: string) => `${d.quoteIdent(db)}.${d.quoteIdent(table)}`;

async function checkCluster(first: ClickHouseConnection, cluster: string, hosts: number): Promise<void> {
  const rows = await first.rows(`SELECT count(DISTINCT shard_num) AS shards FROM system.clusters WHERE cluster = ${d.string(cluster)}`, `reading cluster ${cluster}`);
  const shards = Number(rows[0]?.['shards'] ?? 0);
  if (shards !== hosts) {
    throw new AuditError('HA_ERR_USAGE', `cluster "${cluster}" has ${shards} shard(s) in remote_servers, but the URL lists ${hosts} host(s): list one HTTP host:port per shard`);
  }
}

/**
 * Creates the ClickHouse table(s) from DuckDB's normalised candidates table and copies the rows:
 * one server gets a MergeTree table; a cluster gets a MergeTree `<table>_local` on every listed
 * host (rows split by _row modulo the number of shards, inserted straight into each shard so the
 * load is synchronous) and a Distributed `<table>` over them on every host. Each host also gets
 * `<table>__profile` with the provenance. Existing tables of those names are replaced. The rows are
 * counted back through the (Distributed) table before the load is reported as done.
 */
export async function loadTable(duck: DuckDBEngine, plan: LoadPlan): Promise<LoadSummary> {
  const { target, table } = plan;
  const db = target.database;
  const connections = target.hosts.map((h) => new ClickHouseConnection(target, h));
  const dir = await mkdtemp(join(tmpdir(), 'hireaudit-load-'));
  try {
    const first = connections[0]!;
    await first.rows('SELECT 1 AS ok', 'connecting');
    if (target.cluster) await checkCluster(first, target.cluster, connections.length);
    const columns = await columnsOf(duck);
    const ddl = columnDdl(columns, plan.notNull);
    const dataTable = target.cluster ? localTableOf(table) : table;
    for (const c of connections) {
      for (const t of [table, localTableOf(table), profileTableOf(table)]) await c.command(`DROP TABLE IF EXISTS ${qualified(db, t)}`, `dropping the old ${db}.${t}`);
      await c.command(`CREATE TABLE ${qualified(db, dataTable)} (${ddl}) ENGINE = MergeTree() ORDER BY ${d.quoteIdent('_row')}`, `creating ${db}.${dataTable}`);
      if (target.cluster) {
        await c.command(
          `CREATE TABLE ${qualified(db, table)} (${ddl}) ENGINE = Distributed(${target.cluster}, ${d.quoteIdent(db)}, ${d.quoteIdent(dataTable)}, ${d.quoteIdent('_row')})`,
          `creating the Distributed table ${db}.${table}`,
        );
      }
      await c.command(`CREATE TABLE ${qualified(db, profileTableOf(table))} (profile String) ENGINE = TinyLog`, `creating ${db}.${profileTableOf(table)}`);
      await c.command(`INSERT INTO ${qualified(db, profileTableOf(table))} VALUES (${d.string(plan.profile)})`, `writing ${db}.${profileTableOf(table)}`);
    }
    const progress = plan.progress ?? (() => {});
    progress('exporting rows');
    const files = await exportShards(duck, columns, connections.length, dir);
    progress('inserting rows');
    await Promise.all(
      connections.map((c, k) =>
        c.insertStream(`INSERT INTO ${qualified(db, dataTable)} FORMAT JSONEachRow`, createReadStream(files[k]!), `inserting rows into ${db}.${dataTable}`),
      ),
    );
    progress('counting rows');
    const [loaded] = await first.rows(`SELECT count() AS n, sum(${d.quoteIdent(WEIGHT_COLUMN)}) AS c FROM ${qualified(db, table)}`, `counting ${db}.${table}`);
    const [expected] = await duck.rows(`SELECT count(*) AS n, sum(${dd.quoteIdent(WEIGHT_COLUMN)}) AS c FROM ${dd.quoteIdent(CANDIDATES_TABLE)}`);
    const summary = { rows: Number(loaded?.['n'] ?? 0), candidates: Number(loaded?.['c'] ?? 0), shards: connections.length };
    if (summary.rows !== Number(expected?.['n']) || summary.candidates !== Number(expected?.['c'] ?? 0)) {
      throw new AuditError('HA_ERR_ENGINE', `loading ${db}.${table} lost rows: ${summary.rows} of ${Number(expected?.['n'])} arrived; do the listed hosts match the shards of the cluster?`);
    }
    return summary;
  } finally {
    await Promise.all(connections.map((c) => c.close()));
    await rm(dir, { recursive: true, force: true });
  }
}
