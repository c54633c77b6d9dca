import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBEngine } from '../../../src/audit/engine/duckdb/duckdb-engine.js';
import { repeatedHashes } from '../../../src/audit/ingest/duplicates.js';

/**
 * The duplicate test's first step counts the rows whose key hash an earlier row has, by sorting
 * the hashes below half the memory limit and by counting distinct hashes above it. Both forms must
 * give the same count: the number of rows minus the number of distinct hashes, by definition.
 */
let engine: DuckDBEngine;
const GiB = 2 ** 30;

beforeAll(async () => {
  engine = await DuckDBEngine.open({ threads: 2 });
  // 50,000 distinct values; then 0 once more, 7 twice more, 49,999 three times more: 6 repeats.
  await engine.run(`CREATE TABLE keys AS SELECT range AS v FROM range(50000)
    UNION ALL SELECT 0 UNION ALL SELECT 7 UNION ALL SELECT 7 UNION ALL SELECT 49999 UNION ALL SELECT 49999 UNION ALL SELECT 49999`);
});
afterAll(async () => {
  await engine.close();
});

const count = async (sql: string) => Number((await engine.rows(sql))[0]?.['n']);

describe('repeatedHashes', () => {
  it('sorts below half the memory limit and counts distinct hashes above it', () => {
    expect(repeatedHashes('SELECT 1 AS h', 10_000_000, GiB)).toMatch(/lag\(h\) OVER \(ORDER BY h\)/);
    expect(repeatedHashes('SELECT 1 AS h', 100_000_000, GiB)).toMatch(/count\(DISTINCT h\)/);
    // 8-byte hashes of 2^26 rows are exactly half of 1 GiB: still sorted.
    expect(repeatedHashes('SELECT 1 AS h', 2 ** 26, GiB)).toMatch(/lag/);
    expect(repeatedHashes('SELECT 1 AS h', 2 ** 26 + 1, GiB)).toMatch(/DISTINCT/);
  });

  it('both forms count the repeats: 6 among 50,006 rows, 0 among distinct ones', async () => {
    for (const rows of [1000, 1e9]) {
      expect(await count(repeatedHashes('SELECT hash(v) AS h FROM keys', rows, GiB))).toBe(6);
      expect(await count(repeatedHashes('SELECT hash(v) AS h FROM keys WHERE v >= 0 AND rowid < 50000', rows, GiB))).toBe(0);
    }
  });
});
