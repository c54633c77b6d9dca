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
  // Originals c0..c99999, variant 'a' of the first 60,000 and 'b' of the first 30,000 (after them in _row).
  await engine.run(`CREATE TABLE pairs_table AS
    SELECT range AS _row, 'c' || range AS candidate_id, NULL::VARCHAR AS variant_of, NULL::VARCHAR AS variant, 's' AS stage, (range * 7919) % 1000 / 10.0 AS score, 1 AS w FROM range(100000)
    UNION ALL SELECT 100000 + range, 'c' || range || 'a', 'c' || range, 'a', 's', (range * 104729) % 1000 / 10.0, 1 FROM range(60000)
    UNION ALL SELECT 160000 + range, 'c' || range || 'b', 'c' || range, 'b', 's', (range * 15485863) % 1000 / 10.0, 1 FROM range(30000)`);
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

/** The engine's sample, and the ranking queries it sent for it. */
async function sampled(query: SampleQuery): Promise<{ sample: Awaited<ReturnType<DuckDBEngine['sample']>>; rankings: string[] }> {
  ranked.length = 0;
  const sample = await engine.sample(query);
  return { sample, rankings: [...ranked] };
}

/** Originals with each of their variants; one sample per variant name. */
const variantSample = (groupRows?: SampleQuery['groupRows']): SampleQuery => ({
  columns: ['r_variant', 'l__row', 'r__row', 'l_score', 'r_score'],
  from: { kind: 'pairs', leftKey: 'candidate_id', rightKey: 'variant_of', same: ['stage'], left: q.isNull('variant_of'), right: q.notNull('variant_of'), columns: ['stage', 'score', 'variant'] },
  where: q.and(q.notNull('l_score'), q.notNull('r_score')),
  perGroup: ['r_variant'],
  ...(groupRows ? { groupRows } : {}),
  size: 2000,
  seed: 5,
});

/** Runs with the paired table in the candidates table's place. */
async function withPairsTable<T>(run: () => Promise<T>): Promise<T> {
  await engine.run(`ALTER TABLE "${CANDIDATES_TABLE}" RENAME TO single_table`);
  await engine.run(`ALTER TABLE pairs_table RENAME TO "${CANDIDATES_TABLE}"`);
  try {
    return await run();
  } finally {
    await engine.run(`ALTER TABLE "${CANDIDATES_TABLE}" RENAME TO pairs_table`);
    await engine.run(`ALTER TABLE single_table RENAME TO "${CANDIDATES_TABLE}"`);
  }
}

describe('DuckDBEngine.sample', () => {
  it('a filter keeping most rows: the slice holds enough, one ranking, the same sample', async () => {
    const query: SampleQuery = { columns: ['_row', 'score'], where: { op: 'lt', column: 'k', value: 8 }, size: 2000, seed: 3 };
    const { sample, rankings } = await sampled(query);
    expect(rankings).toHaveLength(1);
    expect(rankings[0]).toMatch(/% 2147483647\) < \d+/);
    expect(sample).toHaveLength(2000);
    expect(sample).toEqual(await full(query));
  });

  it('a filter keeping few rows: the slice falls short, the full ranking runs, the same sample', async () => {
    const query: SampleQuery = { columns: ['_row', 'score'], where: q.eq('k', 3), size: 5000, seed: 11 };
    const { sample, rankings } = await sampled(query);
    expect(rankings).toHaveLength(2);
    expect(sample).toHaveLength(5000);
    expect(sample).toEqual(await full(query));
  });

  it('a sample as large as the table is ranked whole, once', async () => {
    const query: SampleQuery = { columns: ['_row'], size: 300000, seed: 1 };
    const { sample, rankings } = await sampled(query);
    expect(rankings).toHaveLength(1);
    expect(rankings[0]).not.toMatch(/% 2147483647\) </);
    expect(sample).toEqual(await full(query));
  });

  it('paired rows per group, with the groups counted: the slice is taken in the right side before the join, the same sample', async () => {
    await withPairsTable(async () => {
      const query = variantSample({ groups: 2, smallest: 30000 });
      const { sample, rankings } = await sampled(query);
      expect(rankings).toHaveLength(1);
      // The slice is a condition on the right side's own _row, inside the join.
      expect(rankings[0]).toMatch(/\(\("_row" \* 1103515245 \+ 5\) % 2147483647\) < \d+\)/);
      expect(sample).toHaveLength(4000);
      expect(sample).toEqual(await full(variantSample()));
      expect(new Set(sample.map((r) => r['r_variant']))).toEqual(new Set(['a', 'b']));
    });
  });

  it('paired rows per group, when the counts do not match what comes back (a group more): the full ranking runs, the same sample', async () => {
    await withPairsTable(async () => {
      const query = variantSample({ groups: 3, smallest: 30000 });
      const { sample, rankings } = await sampled(query);
      expect(rankings).toHaveLength(2);
      expect(rankings[1]).not.toMatch(/% 2147483647\) </);
      expect(sample).toEqual(await full(variantSample()));
    });
  });

  it('paired rows per group without counts: ranked whole, once', async () => {
    await withPairsTable(async () => {
      const { sample, rankings } = await sampled(variantSample());
      expect(rankings).toHaveLength(1);
      expect(sample).toHaveLength(4000);
    });
  });
});
