/**
 * The two query features reliability and stability added to the dialect-neutral language: the
 * `eq_columns` predicate (identical input of a retest pair) and the `day` period (equal-count
 * windows). SQL text for both dialects, and exact rows from DuckDB.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clickhouseDialect } from '../../../src/audit/engine/clickhouse/dialect.js';
import { CANDIDATES_TABLE, DuckDBEngine } from '../../../src/audit/engine/duckdb/duckdb-engine.js';
import { duckdbDialect } from '../../../src/audit/engine/duckdb/dialect.js';
import { compilePredicate } from '../../../src/audit/engine/sql.js';

describe('SQL text', () => {
  it('eq_columns compares two quoted columns in both dialects', () => {
    expect(compilePredicate({ op: 'eq_columns', a: 'l_x', b: 'r_x' }, duckdbDialect)).toBe('("l_x" = "r_x")');
    expect(compilePredicate({ op: 'eq_columns', a: 'l_x', b: 'r_x' }, clickhouseDialect)).toBe('(`l_x` = `r_x`)');
  });

  it('the day period is YYYY-MM-DD in both dialects', () => {
    expect(duckdbDialect.periodLabel('"t"', 'day')).toBe(`strftime(date_trunc('day', "t"), '%Y-%m-%d')`);
    expect(clickhouseDialect.periodLabel('`t`', 'day')).toBe("formatDateTime(`t`, '%Y-%m-%d')");
  });
});

describe('DuckDB rows', () => {
  let engine: DuckDBEngine;
  beforeAll(async () => {
    engine = await DuckDBEngine.open();
    await engine.run(`CREATE TABLE ${CANDIDATES_TABLE} AS SELECT * FROM (VALUES
      (1, 'a', 1, 10.0, 1.5, TIMESTAMP '2026-03-01 09:00:00', 1),
      (2, 'a', 2, 10.0, 1.5, TIMESTAMP '2026-03-01 17:30:00', 1),
      (3, 'b', 1, 7.0, 2.0, TIMESTAMP '2026-03-02 08:00:00', 2),
      (4, 'b', 2, 8.0, NULL, TIMESTAMP '2026-03-02 08:00:00', 1)
    ) t(_row, candidate_id, attempt, score, trait_x, decided_at, w)`);
  });
  afterAll(() => engine.close());

  it('counts pairs with equal traits and equal scores; a null trait is never equal', async () => {
    const rows = await engine.aggregate({
      name: 'pairs',
      dims: {},
      measures: {
        pairs: { kind: 'weight' },
        same_input: { kind: 'weight', where: { op: 'eq_columns', a: 'l_trait_x', b: 'r_trait_x' } },
        same_score: { kind: 'weight', where: { op: 'eq_columns', a: 'l_score', b: 'r_score' } },
      },
      from: { kind: 'pairs', leftKey: 'candidate_id', rightKey: 'candidate_id', same: [], left: { op: 'eq', column: 'attempt', value: 1 }, right: { op: 'eq', column: 'attempt', value: 2 }, columns: ['score', 'trait_x'] },
    });
    // pair a: same trait, same score (weight 1); pair b: trait null on attempt 2, scores 7 vs 8 (weight 2)
    expect(rows).toEqual([{ pairs: 3, same_input: 1, same_score: 1 }]);
  });

  it('groups by calendar day of a timestamp', async () => {
    const rows = await engine.aggregate({ name: 'days', dims: { day: { kind: 'period', column: 'decided_at', unit: 'day' } }, measures: { n: { kind: 'weight' } } });
    expect(rows).toEqual([{ day: '2026-03-01', n: 2 }, { day: '2026-03-02', n: 3 }]);
  });

  it('labels months and quarters from the grouped period', async () => {
    const dims = { month: { kind: 'period', column: 'decided_at', unit: 'month' }, quarter: { kind: 'period', column: 'decided_at', unit: 'quarter' } } as const;
    expect(await engine.aggregate({ name: 'months', dims, measures: { n: { kind: 'weight' } } })).toEqual([{ month: '2026-03', quarter: '2026-Q1', n: 5 }]);
  });
});
