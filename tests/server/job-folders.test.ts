import { fork } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { removeEngineFoldersOf } from '../../src/audit/engine/duckdb/engine-folders.js';
import { useTempDir } from '../support/tmp.js';

/**
 * A job process the server kills (cancel, timeout, shutdown past the grace period) cannot remove
 * its DuckDB engine's folder, whose disk store takes about as much as the upload; the server
 * removes it once the process has ended (server/jobs/child.ts calls removeEngineFoldersOf).
 */
const tmp = useTempDir('hireaudit-job-folders-');
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
let before: string | undefined;

beforeEach(() => {
  before = process.env['TMPDIR'];
  process.env['TMPDIR'] = tmp.dir(); // this process's and its child's temporary folder
});
afterEach(() => {
  if (before === undefined) delete process.env['TMPDIR'];
  else process.env['TMPDIR'] = before;
});

const engineFolders = () => readdirSync(tmp.dir()).filter((n) => n.startsWith('hireaudit-duckdb-'));

describe('removeEngineFoldersOf', () => {
  it("removes the folders a killed process's engine left, and no other process's", async () => {
    // A process with an engine whose table is in its disk store, killed with SIGKILL (nothing of it runs after).
    const script = join(tmp.dir(), 'engine-then-wait.mts');
    writeFileSync(
      script,
      `import { DuckDBEngine } from ${JSON.stringify(join(ROOT, 'src/audit/engine/duckdb/duckdb-engine.ts'))};
       const engine = await DuckDBEngine.open();
       await engine.useDiskStore();
       await engine.run('CREATE TABLE t AS SELECT range AS x FROM range(100000)');
       process.send!('ready');
       setInterval(() => {}, 1000);`,
    );
    const child = fork(script, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    await new Promise<void>((resolve, reject) => {
      child.once('message', () => resolve());
      child.once('exit', (code) => reject(new Error(`the child ended (${code}) before its engine was ready`)));
    });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    const other = `hireaudit-duckdb-${child.pid! + 1}-0123456789ab`;
    mkdirSync(join(tmp.dir(), other, 'hireaudit-store-x'), { recursive: true });
    const mine = engineFolders().filter((n) => n.startsWith(`hireaudit-duckdb-${child.pid}-`));
    expect(mine).toHaveLength(1);
    expect(readdirSync(join(tmp.dir(), mine[0]!), { recursive: true }).map(String)).toContainEqual(expect.stringMatching(/^hireaudit-store-[^/]+\/tables\.duckdb$/));

    await removeEngineFoldersOf(child.pid!);
    expect(engineFolders()).toEqual([other]);
  }, 60_000);
});
