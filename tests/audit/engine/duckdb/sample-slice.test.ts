import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { q, type SampleQuery } from '../../../../src/audit/engine/aggregate-query.js';
import { CANDIDATES_TABLE, DuckDBEngine } from '../../../../src/audit/engine/duckdb/duckdb-engine.js';
import { compileSample } from '../../../../src/audit/engine/sql.js';
import { duckdbDialect as d } from '../../../../src/audit/engine/duckdb/dialect.js';

/**
 * DuckDBEngine.sample ranks a slice of the table first (the rows whose sampling hash is lowest)
 * and falls back to the full ranking when the slice holds too few rows. Either way the sample must
 * be exactly compileSample's over the whole table: the same rows in the same order.
 */
let engine: DuckDBEngine;
const ranked: string[] = [];

beforeAll(async () => {
  engine = await DuckDBEngine.open({ threads: 2 });
  await engine.run(
    `CREATE TABLE "${CANDIDATES_TABLE}" AS SELECT range AS _row, range % 10 AS k, (range * 7919) % 1000 / 10.0 AS score, 1 AS w FROM range(300000)`,
  );
  const rows = engine.rows.bind(engine);
  engine.rows = (sql) => {
    if (sql.includes('ORDER BY')) ranked.push(sql);
    return rows(sql);
  };
});
afterAll(async () => {
  await engine.close();
});

const full = (query: SampleQuery) => engine.rows(compileSample(query, `"${CANDIDATES_TABLE}"`, d));

describe('DuckDBEngine.sample', () => {
  it('a filter keeping most rows: the slice holds enough, one ranking, the same sample', async () => {
    const query: SampleQuery = { columns: ['_row', 'score'], where: { op: 'lt', column: 'k', value: 8 }, size: 2000, seed: 3 };
    ranked.length = 0;
    const sample = await engine.sample(query);
    expect(ranked).toHaveLength(1);
    expect(ranked[0]).toMatch(/% 2147483647\) < \d+/);
    expect(sample).toHaveLength(2000);
    expect(sample).toEqual(await full(query));
  });

  it('a filter keeping few rows: the slice falls short, the full ranking runs, the same sample', async () => {
    const query: SampleQuery = { columns: ['_row', 'score'], where: q.eq('k', 3), size: 5000, seed: 11 };
    ranked.length = 0;
    const sample = await engine.sample(query);
    expect(ranked).toHaveLength(2);
    expect(sample).toHaveLength(5000);
    expect(sample).toEqual(await full(query));
  });

  it('a sample as large as the table is ranked whole, once', async () => {
    const query: SampleQuery = { columns: ['_row'], size: 300000, seed: 1 };
    ranked.length = 0;
    const sample = await engine.sample(query);
    expect(ranked).toHaveLength(1);
    expect(ranked[0]).not.toMatch(/% 2147483647\) </);
    expect(sample).toEqual(await full(query));
  });
});
