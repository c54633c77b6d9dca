import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { STACK_FRAME } from '../support/cli.js';
import { wideCsv } from '../support/wide-csv.js';
import { hostileTemp, spawnCli } from './support.js';

/**
 * Ctrl-C or SIGTERM while an audit runs: it stops, says so, exits 130 or 143 as a shell expects of
 * a process a signal stopped, writes no result, and leaves nothing in the temporary folder (the
 * store of a large file takes gigabytes there; before, every Ctrl-C left it behind). The audits
 * run under --memory-limit 128MiB, so that a file of a million rows is built in the disk store.
 */
const tmp = hostileTemp('hireaudit-hostile-signal-');
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** What hireaudit left in a temporary folder, every level (tsx keeps its cache there too). */
async function leftIn(dir: string): Promise<string[]> {
  return (await readdir(dir, { recursive: true })).map(String).filter((p) => p.startsWith('hireaudit-'));
}

/** Resolves once the audit's disk store exists under `dir` (the audit is then well under way). */
async function storeMade(dir: string, gone: () => boolean): Promise<void> {
  for (;;) {
    if ((await leftIn(dir)).some((p) => /hireaudit-duckdb-[^/]+\/hireaudit-store-/.test(p))) return;
    if (gone()) throw new Error('the audit ended before its disk store was made');
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function interrupted(signals: NodeJS.Signals[], name: string) {
  const temp = join(tmp.dir(), name);
  await mkdir(temp);
  const { child, done } = spawnCli(['audit', wideCsv(tmp.path('big.csv')), '--protected', 'gender', '--format', 'json', '--memory-limit', '128MiB'], { env: { TMPDIR: temp } });
  let ended = false;
  void done.then(() => (ended = true));
  await storeMade(temp, () => ended);
  for (const s of signals) child.kill(s);
  return { run: await done, left: await leftIn(temp) };
}

describe('a signal stops an audit cleanly', () => {
  it.each([
    ['Ctrl-C', 130, 'SIGINT', 'hireaudit: interrupted (Ctrl-C): stopped, and its temporary files removed\n'],
    ['SIGTERM', 143, 'SIGTERM', 'hireaudit: terminated (SIGTERM): stopped, and its temporary files removed\n'],
  ] as const)('%s: exit %s, one line on stderr, no result, nothing left in the temporary folder', async (_, code, signal, message) => {
    const { run, left } = await interrupted([signal], signal);
    expect(run.code, run.stderr).toBe(code);
    expect(run.stderr).toBe(message);
    expect(run.stderr).not.toMatch(STACK_FRAME);
    expect(run.stdout).toBe('');
    expect(left).toEqual([]);
  }, 60_000);

  it('Ctrl-C twice: exit 130 at once, nothing left in the temporary folder', async () => {
    const { run, left } = await interrupted(['SIGINT', 'SIGINT'], 'twice');
    expect(run.code, run.stderr).toBe(130);
    expect(run.stdout).toBe('');
    expect(left).toEqual([]);
  }, 60_000);
});

describe('an engine the process never closed', () => {
  it('its spill directory and disk store are removed when the process exits (a second Ctrl-C, an uncaught error)', async () => {
    const temp = join(tmp.dir(), 'unclosed');
    await mkdir(temp);
    // The engine builds a table in its disk store, then the process exits without closing it.
    const script = `
      import { existsSync, readdirSync } from 'node:fs';
      import { DuckDBEngine } from './src/audit/engine/duckdb/duckdb-engine.ts';
      const engine = await DuckDBEngine.open();
      await engine.useDiskStore();
      await engine.run('CREATE TABLE t AS SELECT range AS x FROM range(100000)');
      console.log(readdirSync(process.env.TMPDIR, { recursive: true }).join(','));
      process.exit(3);`;
    const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, TMPDIR: temp } });
    expect(child.status, child.stderr).toBe(3);
    expect(child.stdout).toMatch(/hireaudit-duckdb-[^,]+\/hireaudit-store-[^,]+\/tables\.duckdb/); // it was there while the process ran
    expect(existsSync(temp)).toBe(true);
    expect(await leftIn(temp)).toEqual([]);
  }, 60_000);
});
