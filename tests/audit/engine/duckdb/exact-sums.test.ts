import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AggregateQuery, Measure } from '../../../../src/audit/engine/aggregate-query.js';
import { CANDIDATES_TABLE, DuckDBEngine } from '../../../../src/audit/engine/duckdb/duckdb-engine.js';
import { duckdbDialect } from '../../../../src/audit/engine/duckdb/dialect.js';
import { compileAggregate, fixedPointExponent } from '../../../../src/audit/engine/sql.js';

/**
 * Sums are added up exactly (Dialect.exactSum), so a result does not depend on the order in which
 * DuckDB's threads add the rows up. Known values by closed form: 1e16 + 1 - 1e16 repeated n times
 * sums to n exactly, where any double accumulation loses the 1s (the spacing of doubles near 1e16
 * is 2); 0.1 taken 3,000,000 times sums to 300,000 within the rounding of 0.1 itself.
 */
let engine: DuckDBEngine;

beforeEach(async () => {
  // More threads than cores, so the rows are shared between threads in a different way each run.
  engine = await DuckDBEngine.open({ threads: 4 });
});
afterEach(async () => {
  await engine.close();
});

const sums = (column: string): AggregateQuery => ({
  name: 'sums',
  dims: {},
  measures: {
    s: { kind: 'sum', column },
    q: { kind: 'sum', column, power: 2, shift: 0.5 },
    x: { kind: 'cross', a: column, b: 'other' },
    a: { kind: 'absDiff', a: column, b: 'other' },
    n: { kind: 'weight' },
  },
});

describe('exact sums', () => {
  it('1e16 + 1 - 1e16, 200,000 times, sums to 200,000 on every run', async () => {
    await engine.run(
      `CREATE TABLE "${CANDIDATES_TABLE}" AS SELECT CASE i % 3 WHEN 0 THEN 1e16 WHEN 1 THEN 1.0 ELSE -1e16 END AS score, 0.0 AS other, CAST(1 AS BIGINT) AS w FROM range(600000) t(i)`,
    );
    const [plain] = await engine.rows(`SELECT sum(score) AS s FROM "${CANDIDATES_TABLE}"`);
    expect(plain!['s']).not.toBe(200000); // what a double accumulation gives instead
    for (let run = 0; run < 5; run++) {
      const [row] = await engine.aggregate(sums('score'));
      expect(row!['s']).toBe(200000);
      expect(row!['a']).toBe(200000 + 400000 * 1e16);
      expect(row!['n']).toBe(600000);
    }
  });

  it('0.1 taken 3,000,000 times sums to 300,000, and every run gives the same bits', async () => {
    await engine.run(
      `CREATE TABLE "${CANDIDATES_TABLE}" AS SELECT 0.1 AS score, CAST(i % 7 AS DOUBLE) / 3 AS other, CAST(1 + i % 2 AS BIGINT) AS w FROM range(3000000) t(i)`,
    );
    const runs = [];
    for (let run = 0; run < 4; run++) runs.push(JSON.stringify(await engine.aggregate(sums('score'))));
    expect(new Set(runs).size).toBe(1);
    const [row] = JSON.parse(runs[0]!) as Record<string, number>[];
    // Weights 1 and 2 alternate: 1.5 million of each, so sum(w * 0.1) = 0.1 * 4.5 million.
    expect(row!['s']).toBeCloseTo(450000, 9);
    // sum(w * (0.1 - 0.5)^2) = 0.16 * 4.5 million.
    expect(row!['q']).toBeCloseTo(720000, 8);
    expect(row!['n']).toBe(4500000);
  });

  it('an outlier in another group costs a group no precision: 0.1 i for i = 1..1000 beside 999,999,999', async () => {
    // Sum of squares of 0.1 i, i = 1..1000: 0.01 * n(n + 1)(2n + 1) / 6 = 3,338,335. The outlier
    // sets the bound (its square, 1e18): a single 64-bit limb would keep each term only to 0.25.
    await engine.run(
      `CREATE TABLE "${CANDIDATES_TABLE}" AS SELECT 'a' AS stage, i / 10 AS score, 0.0 AS other, CAST(1 AS BIGINT) AS w FROM range(1, 1001) t(i)
       UNION ALL SELECT 'b', 999999999.0, 0.0, 1`,
    );
    const rows = await engine.aggregate({ name: 'by stage', dims: { stage: { kind: 'column', column: 'stage' } }, measures: { q: { kind: 'sum', column: 'score', power: 2 } } });
    expect(rows[0]).toEqual({ stage: 'a', q: 3338335 });
    expect(rows[1]).toEqual({ stage: 'b', q: 999999998000000001 });
  });

  it('a NULL term adds nothing, and a sum over no rows is NULL, as a plain sum is', async () => {
    await engine.run(`CREATE TABLE "${CANDIDATES_TABLE}" (score DOUBLE, other DOUBLE, w BIGINT)`);
    await engine.run(`INSERT INTO "${CANDIDATES_TABLE}" VALUES (NULL, 1, 1), (2.5, NULL, 3)`);
    const [row] = await engine.aggregate(sums('score'));
    expect(row).toEqual({ s: 7.5, q: 12, x: null, a: null, n: 4 });
    const [none] = await engine.aggregate({ ...sums('score'), measures: { s: { kind: 'sum', column: 'score', where: { op: 'eq', column: 'w', value: 99 } } } });
    expect(none!['s']).toBeNull();
  });

  it('the statements that build the table forget the bounds: a larger value after them is summed right', async () => {
    await engine.run(`CREATE TABLE "${CANDIDATES_TABLE}" AS SELECT CAST(1 AS DOUBLE) AS score, CAST(0 AS DOUBLE) AS other, CAST(1 AS BIGINT) AS w`);
    expect((await engine.aggregate(sums('score')))[0]!['s']).toBe(1);
    await engine.run(`INSERT INTO "${CANDIDATES_TABLE}" VALUES (CAST('1e300' AS DOUBLE), 0, 1)`);
    expect((await engine.aggregate(sums('score')))[0]!['s']).toBe(1e300);
  });
});

describe('fixedPointExponent', () => {
  it('scales the bound to within (2^59, 2^61], so a term times 2^k fits a signed 64-bit integer and keeps 59 bits', () => {
    expect(fixedPointExponent(3)).toBe(59); // 3 * 2^59 < 2^61 <= 3 * 2^60
    expect(fixedPointExponent(2 ** 61 - 2 ** 30)).toBe(0);
    for (const bound of [1e-250, 0.1, 1, 7, 2 ** 40, 1e16, 1e300]) {
      const scaled = bound * 2 ** fixedPointExponent(bound)!;
      expect(scaled).toBeLessThanOrEqual(2 ** 61);
      expect(scaled).toBeGreaterThan(2 ** 59);
    }
  });
  it('has none for a bound that gives no exponent', () => {
    for (const bound of [0, -1, Number.POSITIVE_INFINITY, Number.NaN, undefined, 1e-300]) expect(fixedPointExponent(bound)).toBeNull();
  });
});

/**
 * Which measures are added up exactly: every sum of a fractional column, also through paired rows
 * (l_x and r_x are the table's x) and derived distances (bounded by their forms); a measure whose
 * column has no magnitude (an integer column) stays a plain sum, exact anyway. A mapping that lost
 * the bound would fall back to a plain sum silently, so the compiled SQL is checked.
 */
describe('compileAggregate: exact sums where a bound is known', () => {
  const magnitudes = new Map([
    ['score', 100],
    ['trait_a', 3],
    ['w', 1],
  ]);
  const pairs: AggregateQuery['from'] = { kind: 'pairs', leftKey: 'candidate_id', rightKey: 'candidate_id', same: [], left: { op: 'eq', column: 'attempt', value: 1 }, right: { op: 'eq', column: 'attempt', value: 2 }, columns: ['score'] };
  const distance: AggregateQuery['derived'] = { dist: { kind: 'distance', columns: ['trait_a'], centre: [0], scale: [1] } };
  /** Whether the one measure of a query is compiled as an exact sum (integers summed, then joined). */
  const isExact = (m: Measure, extra: Partial<AggregateQuery> = {}) => compileAggregate({ name: 'q', dims: {}, measures: { m }, ...extra }, 'candidates', duckdbDialect, magnitudes).includes('AS BIGINT');

  it('a plain measure, a paired one and a derived distance are exact; an integer column is not', () => {
    expect(isExact({ kind: 'sum', column: 'score', power: 2, shift: 50 })).toBe(true);
    expect(isExact({ kind: 'sum', column: 'selected' })).toBe(false);
    expect(isExact({ kind: 'weight' })).toBe(false);
    expect(isExact({ kind: 'cross', a: 'l_score', b: 'r_score' }, { from: pairs })).toBe(true);
    expect(isExact({ kind: 'absDiff', a: 'l_score', b: 'r_score' }, { from: pairs })).toBe(true);
    expect(isExact({ kind: 'sum', column: 'dist', power: 2 }, { derived: distance })).toBe(true);
    expect(isExact({ kind: 'cross', a: 'dist', b: 'score' }, { derived: distance })).toBe(true);
  });
});
