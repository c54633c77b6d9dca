import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parsePolicy } from '../../../../src/audit/contract/policy.js';
import { DuckDBEngine } from '../../../../src/audit/engine/duckdb/duckdb-engine.js';
import { runAudit } from '../../../../src/audit/run-audit.js';
import { useTempDir } from '../../../support/tmp.js';

/**
 * The disk store (DuckDBEngine.useDiskStore): a table too large for the memory limit is built in
 * a database file of the engine's own, where DuckDB stores it compressed, instead of in memory.
 * What it must not change is any result; what it must do is hold the table compressed, serve every
 * session, and leave nothing behind.
 */
const tmp = useTempDir('hireaudit-store-');

async function catalogOf(engine: DuckDBEngine, table: string): Promise<string> {
  const [row] = await engine.rows(`SELECT database_name AS db FROM duckdb_tables() WHERE table_name = '${table}'`);
  return String(row?.['db']);
}

describe('DuckDBEngine.useDiskStore', () => {
  it('holds new tables compressed in a file of its own, seen by every session, removed at close', async () => {
    const engine = await DuckDBEngine.open({ memoryLimit: '256MiB', tempDirectory: tmp.dir() });
    await engine.run('CREATE TABLE before_store AS SELECT 1 AS x');
    await engine.useDiskStore();
    await engine.useDiskStore(); // a second call changes nothing
    const [db] = await engine.rows(`SELECT path FROM duckdb_databases() WHERE database_name = 'hireaudit_store'`);
    const file = String(db?.['path']);
    expect(file.startsWith(tmp.dir())).toBe(true);
    expect(existsSync(file)).toBe(true);
    // 3M rows of an integer with few values and a one-decimal number: 48 MB uncompressed.
    await engine.run('CREATE TABLE big AS SELECT range % 7 AS k, round(range / 1000.0, 1) AS x FROM range(3000000)');
    expect(await catalogOf(engine, 'big')).toBe('hireaudit_store');
    expect(await catalogOf(engine, 'before_store')).toBe('memory');
    const methods = await engine.rows(`SELECT DISTINCT compression AS c FROM pragma_storage_info('big') WHERE segment_type <> 'VALIDITY' ORDER BY 1`);
    expect(methods.map((r) => r['c'])).not.toContain('Uncompressed');
    const session = await engine.fork();
    // Closed form: sum over 0..n-1 of i % 7 with n = 3M = 7 * 428571 + 3 -> 428571 * 21 + (0 + 1 + 2).
    expect(await session.rows('SELECT count(*) AS n, sum(k) AS s FROM big')).toEqual([{ n: 3_000_000, s: 428_571 * 21 + 3 }]);
    await session.close();
    await engine.close();
    expect(existsSync(file)).toBe(false);
  });
});

describe('ingest into the disk store', () => {
  it('builds a table larger than half the memory limit there, and the audit is the same as in memory', async () => {
    // 800,000 rows of 8 columns: about 49 bytes a row in memory, 39 MB, more than half of 64 MiB.
    const path = tmp.path('large.parquet');
    const writer = await DuckDBEngine.open();
    await writer.run(`COPY (
      SELECT printf('c%07d', i // 2) AS candidate_id,
             ['cv_screen', 'interview'][i % 2 + 1] AS stage,
             CAST(hash(i, 1) % 100 < 45 AS INTEGER) AS selected,
             round(CAST(hash(i, 2) % 1000 AS DOUBLE) / 10, 1) AS score,
             CASE hash(i // 2, 3) % 3 WHEN 0 THEN 'female' WHEN 1 THEN 'male' ELSE NULL END AS gender,
             ['group_a', 'group_b', 'group_c'][CAST(hash(i // 2, 4) % 3 AS BIGINT) + 1] AS ethnicity,
             round(CAST(hash(i, 5) % 200 AS DOUBLE) / 100 - 1, 2) AS trait_1,
             CASE WHEN i % 10 = 0 THEN 2 ELSE 1 END AS attempt
      FROM range(800000) t(i)) TO '${path}' (FORMAT parquet)`);
    await writer.close();
    const policy = parsePolicy({ protected: ['gender', 'ethnicity'], auditDate: '2026-11-22' });
    const source = { kind: 'file' as const, path };
    // One thread each: the same order of addition in both, so sums agree to the last bit.
    const small = await DuckDBEngine.open({ memoryLimit: '64MiB', threads: 1 });
    const large = await DuckDBEngine.open({ memoryLimit: '2GiB', threads: 1 });
    try {
      const inStore = await runAudit({ source, policy, engine: small });
      expect(await catalogOf(small, 'candidates_data')).toBe('hireaudit_store');
      const inMemory = await runAudit({ source, policy, engine: large });
      expect(await catalogOf(large, 'candidates_data')).toBe('memory');
      expect(inStore.dataset.accounting.rowsRead).toBe(800_000);
      expect(JSON.stringify(inStore)).toBe(JSON.stringify(inMemory));
    } finally {
      await small.close();
      await large.close();
    }
  }, 120_000);
});
