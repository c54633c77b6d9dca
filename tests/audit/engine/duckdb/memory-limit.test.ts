import { existsSync, readdirSync } from 'node:fs';
import { totalmem } from 'node:os';
import { describe, expect, it } from 'vitest';
import { parsePolicy } from '../../../../src/audit/contract/policy.js';
import { DEFAULT_MEMORY_CAP, DEFAULT_MEMORY_SHARE, defaultMemoryLimit, DuckDBEngine, parseMemoryLimit } from '../../../../src/audit/engine/duckdb/duckdb-engine.js';
import { runAudit } from '../../../../src/audit/run-audit.js';
import { runCli } from '../../../support/cli.js';
import { fixture } from '../../../support/fixtures.js';
import { onSmallDisk } from '../../../support/small-disk.js';
import { wideCsv } from '../../../support/wide-csv.js';
import { useTempDir } from '../../../support/tmp.js';

/**
 * Bounded memory (issue 14 item 3): every DuckDB engine opens with a memory limit and a spill
 * directory, so a file larger than memory spills to disk instead of growing the process. The
 * sizes are DuckDB's units (KB = 1000 bytes, KiB = 1024 bytes; DuckDB's "Configuration" docs).
 */
const tmp = useTempDir('hireaudit-memory-');

describe('parseMemoryLimit', () => {
  it('reads DuckDB sizes in both unit systems, case-insensitive', () => {
    expect(parseMemoryLimit('2GB')).toBe(2e9);
    expect(parseMemoryLimit('1.5 GiB')).toBe(1.5 * 2 ** 30);
    expect(parseMemoryLimit('800mib')).toBe(800 * 2 ** 20);
    expect(parseMemoryLimit('1TB')).toBe(1e12);
  });

  it('refuses what is not a size, and sizes under 64 MiB', () => {
    for (const bad of ['', '2', 'GB', '2 G', '-1GB', '50%', '2GB;', '63MiB', '1KB']) expect(parseMemoryLimit(bad), bad).toBeNull();
    expect(parseMemoryLimit('64MiB')).toBe(64 * 2 ** 20);
  });
});

describe('the default limit', () => {
  it('is half the memory Node sees, at most the cap, in MiB', () => {
    const limit = defaultMemoryLimit();
    expect(limit).toMatch(/^\d+MiB$/);
    const constrained = process.constrainedMemory?.() ?? 0;
    const machine = constrained > 0 && constrained < totalmem() ? constrained : totalmem();
    const expected = Math.floor(Math.min(DEFAULT_MEMORY_CAP, machine * DEFAULT_MEMORY_SHARE) / 2 ** 20);
    expect(parseMemoryLimit(limit)).toBe(expected * 2 ** 20);
    expect(parseMemoryLimit(limit)!).toBeLessThanOrEqual(DEFAULT_MEMORY_CAP);
  });
});

const wide = () => wideCsv(tmp.path('wide.csv'));

async function setting(engine: DuckDBEngine, name: string): Promise<string> {
  const [row] = await engine.rows(`SELECT current_setting('${name}') AS v`);
  return String(row?.['v']);
}

describe('DuckDBEngine.open', () => {
  it('sets the memory limit and a spill directory of its own, removed when the engine closes', async () => {
    const engine = await DuckDBEngine.open({ memoryLimit: '256MiB' });
    // DuckDB reports the limit in its own rounding: 256 MiB is 268.4 MB.
    expect(await setting(engine, 'memory_limit')).toBe('256.0 MiB');
    const dir = await setting(engine, 'temp_directory');
    expect(dir).toMatch(/hireaudit-duckdb-/);
    // A table larger than the limit: DuckDB moves blocks into the spill directory instead of failing.
    await engine.run('CREATE TABLE big AS SELECT range AS i, range * 2.5 AS x, CAST(range AS VARCHAR) AS s FROM range(12000000)');
    const [used] = await engine.rows(`SELECT sum(temporary_storage_bytes) AS t FROM duckdb_memory()`);
    expect(Number(used?.['t'])).toBeGreaterThan(0);
    expect(existsSync(dir)).toBe(true);
    const [count] = await engine.rows('SELECT count(*) AS n, sum(i) AS s FROM big');
    expect(count).toEqual({ n: 12_000_000, s: (12_000_000 * 11_999_999) / 2 });
    await engine.close();
    expect(existsSync(dir)).toBe(false);
  });

  it('uses a spill directory it is given, and leaves it in place', async () => {
    const dir = tmp.path('spill');
    const engine = await DuckDBEngine.open({ memoryLimit: '1GB', tempDirectory: dir });
    expect(await setting(engine, 'temp_directory')).toBe(dir);
    expect(await setting(engine, 'memory_limit')).toBe('953.6 MiB');
    await engine.close();
  });

  it('opens with the default limit', async () => {
    const engine = await DuckDBEngine.open();
    // DuckDB prints one decimal of its unit ("1.2 GiB"), so equal to within 5 %.
    const reported = parseMemoryLimit((await setting(engine, 'memory_limit')).replace(' ', ''))!;
    const expected = parseMemoryLimit(defaultMemoryLimit())!;
    expect(Math.abs(reported - expected) / expected).toBeLessThan(0.05);
    await engine.close();
  });

  it('refuses a malformed limit as a usage error', async () => {
    await expect(DuckDBEngine.open({ memoryLimit: 'lots' })).rejects.toMatchObject({ code: 'HA_ERR_USAGE' });
  });

  it('an audit under a small limit gives the same result as under the default', async () => {
    const policy = parsePolicy({ protected: ['gender', 'ethnicity'], auditDate: '2026-11-22' });
    const source = { kind: 'file' as const, path: fixture('pilot-cv-screen.csv') };
    const small = await runAudit({ source, policy, engineOptions: { memoryLimit: '100MiB' } });
    const usual = await runAudit({ source, policy });
    expect(JSON.stringify(small)).toBe(JSON.stringify(usual));
  });
});

describe('the limits of the machine, said as what to do', () => {
  it('an error about the memory or the disk names the limit and the way out; any other is left alone', async () => {
    const spill = tmp.path('limits');
    const engine = await DuckDBEngine.open({ memoryLimit: '256MiB', tempDirectory: spill });
    try {
      const disk = 'IO Error: Could not write file "x/tables.duckdb": No space left on device';
      expect(engine.limitFailure(new Error(disk))?.message).toBe(
        `the disk of ${spill} is full (${disk}): free space there, or set TMPDIR to a folder on a disk with room (an audit takes about three times the data's size as Parquet)`,
      );
      expect(engine.limitFailure(new Error('Out of Memory Error: could not allocate block of size 30.5 MiB\nmore'))?.message).toBe(
        "DuckDB ran out of memory within its limit of 256 MiB (Out of Memory Error: could not allocate block of size 30.5 MiB): raise the memory limit (--memory-limit; by default half the machine's memory, at most 1 GiB)",
      );
      expect(engine.limitFailure(new Error('Binder Error: Referenced column "x" not found'))).toBeNull();
    } finally {
      await engine.close();
    }
  });

  it('a spill folder on a full disk: the audit is refused with that message, and the folder is emptied', async (ctx) => {
    await onSmallDisk('4m', () => ctx.skip(), async (small) => {
      // Under 128 MiB the table of this file is built in the disk store, which takes more than 4 MB.
      const audit = runAudit({ source: { kind: 'file', path: wide() }, policy: parsePolicy({ protected: ['gender'] }), engineOptions: { memoryLimit: '128MiB', tempDirectory: small } });
      await expect(audit).rejects.toMatchObject({ code: 'HA_ERR_ENGINE', message: expect.stringMatching(new RegExp(`^the disk of ${small} is full \\(.*No space left on device\\): free space there`)) });
      expect(readdirSync(small)).toEqual([]);
    });
  }, 60_000);
});

describe('--memory-limit', () => {
  it('audits under the given limit', async () => {
    const ok = await runCli(['audit', fixture('pilot-cv-screen.csv'), '--protected', 'gender', '--format', 'json', '--fail-on', 'never', '--memory-limit', '200MiB']);
    expect(ok.code, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout).dataset.accounting.rowsRead).toBeGreaterThan(0);
  });

  it('a limit too small for the file: exit 2, saying it was the limit and what to do, not that the file is unreadable', async () => {
    // DuckDB's CSV reader takes buffers of about 30 MiB for this file, more than 64 MiB holds for its two threads.
    const run = await runCli(['audit', wide(), '--protected', 'gender', '--format', 'json', '--memory-limit', '64MiB']);
    expect(run.code, run.stderr).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^hireaudit: DuckDB ran out of memory within its limit of 64 MiB \(Out of Memory Error: .*\): raise the memory limit \(--memory-limit;/);
    expect(run.stderr).not.toContain('cannot read');
  }, 60_000);

  it('refuses a malformed size and its use with ClickHouse, before any work', async () => {
    const bad = await runCli(['audit', fixture('pilot-cv-screen.csv'), '--memory-limit', 'half']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--memory-limit must be a size such as 1.5GB or 800MiB, got "half"');
    const small = await runCli(['audit', fixture('pilot-cv-screen.csv'), '--memory-limit', '10MB']);
    expect(small.code).toBe(2);
    expect(small.stderr).toContain('at least 64MiB');
    const onClickHouse = await runCli(['audit', '--engine', 'clickhouse://127.0.0.1:1/db', '--table', 't', '--memory-limit', '1GB']);
    expect(onClickHouse.code).toBe(2);
    expect(onClickHouse.stderr).toContain('--memory-limit bounds the embedded DuckDB engine');
  });
});
