import type { Readable } from 'node:stream';
import { type ClickHouseClient, ClickHouseLogLevel, createClient } from '@clickhouse/client';
import type { AggregateRow } from '../aggregate-query.js';
import { roundEngineNumber } from '../engine.js';
import { clickhouseError } from './errors.js';
import { type ClickHouseTarget, describeTarget } from './target.js';

/**
 * The longest query ClickHouse parses, in bytes and in syntax-tree nodes (its defaults, 256 KiB and
 * 50,000 nodes, are for the whole query here). An exact sum is several aggregates of its term (see
 * the dialect's exactSum): the moments of 20 similarity traits compile to about 270 KiB and more
 * than 50,000 nodes, those of 40 to about 1 MiB.
 */
const QUERY_LIMITS = { max_query_size: String(64 * 1024 * 1024), max_ast_elements: String(10_000_000), max_expanded_ast_elements: String(10_000_000) };

/**
 * Settings sent with every request. wait_end_of_query makes the server finish the query before
 * it answers, so an error (e.g. a shard failing half-way) arrives as an HTTP error instead of
 * after a 200 with half a body; skip_unavailable_shards=0 makes a Distributed query fail rather
 * than return the shards that answered; the query limits, see QUERY_LIMITS. All exist in 18.16
 * and in current releases.
 */
const SETTINGS = { wait_end_of_query: 1, skip_unavailable_shards: 0, ...QUERY_LIMITS } as const;
/** Long scans of hundreds of millions of rows are normal here; unreachable servers fail at once anyway. */
const REQUEST_TIMEOUT_MS = 6 * 3600 * 1000;

interface ColumnMeta {
  name: string;
  type: string;
}

const NUMERIC = /^(Nullable\()?(U?Int(8|16|32|64|128|256)|Float(32|64)|Decimal.*)\)?$/;
const DATETIME = /^(Nullable\()?DateTime\b/;

/**
 * One row of ClickHouse's JSON output in the engine-neutral form: 64-bit integers (sent as JSON
 * strings) become numbers, DateTime becomes ISO-8601 UTC text like DuckDB's timestamps; other
 * text stays text, so a group label "007" is never mistaken for a number.
 */
function normaliseRow(row: Record<string, unknown>, meta: readonly ColumnMeta[]): AggregateRow {
  const out: AggregateRow = {};
  for (const { name, type } of meta) {
    const v = row[name];
    if (v === null || v === undefined) out[name] = null;
    else if (NUMERIC.test(type)) out[name] = roundEngineNumber(Number(v));
    else if (DATETIME.test(type)) out[name] = `${String(v).replace(' ', 'T')}.000Z`;
    else out[name] = typeof v === 'number' ? v : String(v);
  }
  return out;
}

/** A connection to one server's HTTP interface; every failure becomes an AuditError (errors.ts). */
export class ClickHouseConnection {
  private readonly client: ClickHouseClient;
  readonly where: string;

  constructor(
    readonly target: ClickHouseTarget,
    readonly host: { host: string; port: number } = target.hosts[0]!,
  ) {
    this.where = describeTarget(target, host);
    this.client = createClient({
      url: `http://${host.host}:${host.port}`,
      username: target.user,
      password: target.password,
      database: target.database,
      application: 'hireaudit',
      request_timeout: REQUEST_TIMEOUT_MS,
      compression: { request: false, response: false },
      clickhouse_settings: SETTINGS,
      log: { level: ClickHouseLogLevel.OFF },
    });
  }

  private fail(e: unknown, doing: string) {
    return clickhouseError(e, { where: this.where, user: this.target.user, doing });
  }

  /** Runs a SELECT (or DESCRIBE) and returns normalised rows. */
  async rows(sql: string, doing: string): Promise<AggregateRow[]> {
    try {
      const result = await this.client.query({ query: sql, format: 'JSON' });
      const body = await result.json<Record<string, unknown>>();
      const meta = (body.meta ?? []) as ColumnMeta[];
      return body.data.map((row) => normaliseRow(row, meta));
    } catch (e) {
      throw this.fail(e, doing);
    }
  }

  /** Runs a statement that returns nothing (DDL). */
  async command(sql: string, doing: string): Promise<void> {
    try {
      await this.client.command({ query: sql });
    } catch (e) {
      throw this.fail(e, doing);
    }
  }

  /**
   * Streams a request body into an INSERT … FORMAT statement (e.g. TabSeparated text as DuckDB
   * wrote it: no parsing in Node). The server cuts it into blocks of max_insert_block_size rows.
   */
  async insertStream(insert: string, body: Readable, doing: string): Promise<void> {
    try {
      const result = await this.client.exec({ query: insert, values: body });
      for await (const _ of result.stream) {
        // drain the (empty) response so the socket goes back to the pool
      }
    } catch (e) {
      throw this.fail(e, doing);
    }
  }

  async close(): Promise<void> {
    await this.client.close();
  }
}
