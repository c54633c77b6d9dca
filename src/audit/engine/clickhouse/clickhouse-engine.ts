import type { AggregateQuery, AggregateRow, MedianQuery, SampleQuery } from '../aggregate-query.js';
import { type Engine, SharedValue } from '../engine.js';
import { type ColumnMagnitudes, compileAggregate, compilePredicate, compileSample, WEIGHT_COLUMN } from '../sql.js';
import { ClickHouseConnection } from './connection.js';
import { clickhouseDialect as d } from './dialect.js';
import type { ClickHouseTarget } from './target.js';

export interface TableColumn {
  name: string;
  type: string;
}

/**
 * The distributed engine: audits a normalised candidates table that already sits in ClickHouse
 * (a MergeTree table on one server, or a Distributed table over the shards of a cluster). The
 * same dialect-neutral queries as DuckDB's run here, compiled with the ClickHouse dialect.
 */
export class ClickHouseEngine implements Engine {
  readonly name = 'clickhouse';
  private readonly tableSql: string;
  /** The table's column magnitudes (see magnitudes()); the table does not change while it is audited. */
  private readonly columnMagnitudes = new SharedValue<ColumnMagnitudes>();

  private constructor(
    readonly connection: ClickHouseConnection,
    readonly table: string,
  ) {
    this.tableSql = `${d.quoteIdent(connection.target.database)}.${d.quoteIdent(table)}`;
  }

  /** Connects to the first host of the target; fails at once (AuditError) when it cannot be reached or refuses the credentials. */
  static async open(target: ClickHouseTarget, table: string): Promise<ClickHouseEngine> {
    const connection = new ClickHouseConnection(target);
    try {
      await connection.rows('SELECT 1 AS ok', 'connecting');
    } catch (e) {
      await connection.close();
      throw e;
    }
    return new ClickHouseEngine(connection, table);
  }

  /** The table's columns and types (DESCRIBE TABLE); an AuditError when the table is missing. */
  async describe(): Promise<TableColumn[]> {
    const rows = await this.connection.rows(`DESCRIBE TABLE ${this.tableSql}`, `reading the columns of ${this.connection.target.database}.${this.table}`);
    return rows.map((r) => ({ name: String(r['name']), type: String(r['type']) }));
  }

  /** The text in the one-row profile table `hireaudit load` writes beside a table, or null without one. */
  async storedProfile(profileTable: string): Promise<string | null> {
    const name = `${d.quoteIdent(this.connection.target.database)}.${d.quoteIdent(profileTable)}`;
    const [exists] = await this.connection.rows(`EXISTS TABLE ${name}`, `looking for ${profileTable}`);
    if (Number(exists?.['result'] ?? 0) !== 1) return null;
    const [row] = await this.connection.rows(`SELECT profile FROM ${name}`, `reading ${profileTable}`);
    return row ? String(row['profile']) : null;
  }

  /**
   * In ClickHouse an alias is visible in the whole query and shadows the column of the same name
   * (a measure `selected` = Σ w·selected would make another measure's `selected = 1` refer to an
   * aggregate). So the query runs with internal aliases and the rows are renamed back.
   */
  async aggregate(query: AggregateQuery): Promise<AggregateRow[]> {
    const names = [...Object.keys(query.dims), ...Object.keys(query.measures)];
    const alias = (i: number) => `__ha_${i}`;
    const renamed: AggregateQuery = {
      ...query,
      dims: Object.fromEntries(Object.values(query.dims).map((dim, i) => [alias(i), dim])),
      measures: Object.fromEntries(Object.values(query.measures).map((m, i) => [alias(i + Object.keys(query.dims).length), m])),
    };
    const rows = await this.connection.rows(compileAggregate(renamed, this.tableSql, d, await this.magnitudes()), `query "${query.name}"`);
    return rows.map((row) => Object.fromEntries(names.map((name, i) => [name, row[alias(i)] ?? null])));
  }

  /**
   * The largest |value| of every floating-point column and of the weight, from one scan: the bounds
   * of the exact sums (Dialect.exactSum), as in DuckDBEngine. None for a table of 2^32 rows or
   * more, where the dialect's 64-bit partial sums could wrap: its sums are then plain doubles.
   */
  private magnitudes(): Promise<ColumnMagnitudes> {
    return this.columnMagnitudes.get(() => this.readMagnitudes());
  }

  private async readMagnitudes(): Promise<ColumnMagnitudes> {
    const columns = (await this.describe()).filter((c) => /^(Nullable\()?(Float|Decimal)/.test(c.type) || c.name === WEIGHT_COLUMN).map((c) => c.name);
    const maxima = columns.map((c, i) => `max(abs(toFloat64(${d.quoteIdent(c)}))) AS m${i}`);
    const [row] = await this.connection.rows(`SELECT ${['count() AS rows', ...maxima].join(', ')} FROM ${this.tableSql}`, 'reading the largest values');
    const out = new Map<string, number>();
    if (row === undefined || Number(row['rows']) >= 2 ** 32) return out;
    columns.forEach((c, i) => {
      const m = Number(row[`m${i}`]);
      if (row[`m${i}`] !== null && Number.isFinite(m)) out.set(c, m);
    });
    return out;
  }

  /**
   * Weighted median per group, defined as DuckDBEngine.medians: the mean of the values at
   * positions ceil(N/2) and floor(N/2)+1 of the candidates sorted by the column (N = Σ w).
   * Without window functions (18.16 has none): per group, the distinct values with their weights
   * are collected into an array sorted by value, the running total is arrayCumSum, and the two
   * positions are found with arrayFirstIndex. Memory per group grows with its distinct values.
   */
  medians(query: MedianQuery): Promise<AggregateRow[]> {
    const col = d.quoteIdent(query.column);
    const w = d.quoteIdent(WEIGHT_COLUMN);
    const key = (i: number) => d.quoteIdent(`_by${i}`);
    const keys = query.by.map((_, i) => key(i));
    const where = [`${col} IS NOT NULL`, ...(query.where ? [compilePredicate(query.where, d)] : [])].join(' AND ');
    const inner = `SELECT ${[...query.by.map((b, i) => `${d.toText(d.quoteIdent(b))} AS ${key(i)}`), `assumeNotNull(${col}) AS _x`, `sum(${w}) AS _c`].join(', ')}
      FROM ${this.tableSql} WHERE ${where}
      GROUP BY ${[...query.by.map((b) => d.toText(d.quoteIdent(b))), col].join(', ')} HAVING sum(${w}) > 0`;
    const arrays = `SELECT ${[...keys, 'arraySort(groupArray((_x, _c))) AS _pairs', 'arrayMap(p -> p.1, _pairs) AS _xs', 'arrayCumSum(arrayMap(p -> p.2, _pairs)) AS _cum', 'sum(_c) AS _total'].join(', ')}
      FROM (${inner})${keys.length ? ` GROUP BY ${keys.join(', ')}` : ''}`;
    const at = (position: string) => `_xs[arrayFirstIndex(u -> u >= ${position}, _cum)]`;
    const median = `if(_total = 0, NULL, (${at('ceil(_total / 2)')} + ${at('floor(_total / 2) + 1')}) / 2) AS median`;
    const sql = `SELECT ${[...query.by.map((b, i) => `${key(i)} AS ${d.quoteIdent(b)}`), median].join(', ')}
      FROM (${arrays})${keys.length ? ` ORDER BY ${keys.join(', ')}` : ''}`;
    return this.connection.rows(sql, `median of ${query.column}`);
  }

  sample(query: SampleQuery): Promise<AggregateRow[]> {
    return this.connection.rows(compileSample(query, this.tableSql, d), 'sampling rows');
  }

  async close(): Promise<void> {
    await this.connection.close();
  }
}
