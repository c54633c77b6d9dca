import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { beforeAll, expect, it } from 'vitest';
import { ClickHouseConnection } from '../../src/audit/engine/clickhouse/connection.js';
import { parseClickHouseUrl } from '../../src/audit/engine/clickhouse/target.js';
import { describeClickHouse, useClickHouseCluster } from '../support/clickhouse.js';
import { fixture } from '../support/fixtures.js';
import { expectRefused, runCli, spawnCli } from './support.js';

/**
 * Issue 12 items 17 and 18 and the kill test of `hireaudit load`: an existing table is replaced
 * only with --replace; a load killed at any moment never leaves a table that audits as the
 * complete file (rows go to a staging table, the profile is renamed into place last, and every
 * audit checks the row count the profile records).
 */
const PILOT = fixture('pilot-cv-screen.csv');
const OTHER = fixture('null-pilot.csv');
const POLICY = fixture('pilot-policy.yaml');
const PILOT_ROWS = 9374;

describeClickHouse('hireaudit load: never a half-loaded table audited as complete', { timeout: 600_000 }, () => {
  const ch = useClickHouseCluster();
  let pilotHash = '';
  let otherHash = '';
  let otherRows = 0;

  async function sql(query: string): Promise<Record<string, unknown>[]> {
    const c = new ClickHouseConnection(parseClickHouseUrl(ch.single()));
    try {
      return await c.rows(query, 'test');
    } finally {
      await c.close();
    }
  }
  async function command(query: string): Promise<void> {
    const c = new ClickHouseConnection(parseClickHouseUrl(ch.single()));
    try {
      await c.command(query, 'test');
    } finally {
      await c.close();
    }
  }
  const tables = async (prefix: string) => (await sql(`SELECT name FROM system.tables WHERE database = 'default' AND startsWith(name, '${prefix}')`)).map((r) => String(r['name']));
  const audit = (table: string) => runCli(['audit', '--engine', ch.single(), '--table', table, '--policy', POLICY, '--format', 'json', '--fail-on', 'never']);

  /** What an audit of the table may say after an interrupted load: nothing, or a complete table. */
  async function expectNeverHalf(table: string, allowed: { hash: string; rows: number }[]): Promise<string> {
    const run = await audit(table);
    if (run.code === 2) {
      expect(run.stderr).toMatch(/doesn't exist|does not exist|UNKNOWN_TABLE|Table .* not/i);
      return 'no table';
    }
    expect(run.code, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout) as { dataset: { hash: string; accounting: { rowsRead: number } } };
    const match = allowed.find((a) => a.hash === result.dataset.hash);
    if (match) {
      expect(result.dataset.accounting.rowsRead).toBe(match.rows);
      return 'complete';
    }
    // Rows renamed into place but killed before the profile: audited as a table of unknown origin, never as the file.
    expect(result.dataset.hash).toMatch(/^none: table default\./);
    return 'no profile';
  }

  /**
   * Runs `hireaudit load` as its own process and sends it `signal` as soon as `when` holds
   * (polled every 2 ms); the run's outcome once it has ended.
   */
  async function loadSignalledWhen(args: string[], when: () => Promise<boolean>, signal: NodeJS.Signals) {
    const { child, done } = spawnCli(['load', ...args]);
    let sent = false;
    let over = false;
    const poll = (async () => {
      while (!over && !sent && child.exitCode === null) {
        if (await when().catch(() => false)) {
          sent = true;
          child.kill(signal);
        }
        await new Promise((r) => setTimeout(r, 2));
      }
    })();
    const result = await done;
    over = true;
    await poll;
    return result;
  }

  beforeAll(async () => {
    const sha = async (f: string) => `sha256:${createHash('sha256').update(await readFile(f)).digest('hex')}`;
    pilotHash = await sha(PILOT);
    otherHash = await sha(OTHER);
    otherRows = (await readFile(OTHER, 'utf8')).trim().split('\n').length - 1;
  });

  it('item 18: an existing table is refused without --replace (and left as it was), replaced with it', async () => {
    const first = await runCli(['load', PILOT, '--engine', ch.single(), '--table', 'kept', '--policy', POLICY]);
    expect(first.code, first.stderr).toBe(0);
    const again = await runCli(['load', OTHER, '--engine', ch.single(), '--table', 'kept', '--policy', POLICY]);
    expectRefused(again, 'table default.kept already exists', 'pass --replace to replace it');
    expect(await expectNeverHalf('kept', [{ hash: pilotHash, rows: PILOT_ROWS }])).toBe('complete');
    const replaced = await runCli(['load', OTHER, '--engine', ch.single(), '--table', 'kept', '--policy', POLICY, '--replace']);
    expect(replaced.code, replaced.stderr).toBe(0);
    expect(JSON.parse((await audit('kept')).stdout).dataset.hash).toBe(otherHash);
    expect(await tables('kept__loading')).toEqual([]);
  });

  it('item 17: a table that lost or gained rows since its load is refused, not audited as the file', async () => {
    expect((await runCli(['load', PILOT, '--engine', ch.single(), '--table', 'changed', '--policy', POLICY])).code).toBe(0);
    await command(`INSERT INTO default.changed SELECT * FROM default.changed LIMIT 1`);
    expectRefused(await audit('changed'), `table default.changed holds ${PILOT_ROWS + 1} rows, but "hireaudit load" wrote ${PILOT_ROWS}`, 'load the file again with --replace');
  });

  const moments: [string, (t: string) => Promise<boolean>][] = [
    ['once the staging table exists', async (t) => (await tables(`${t}__loading`)).length > 0],
    ['while rows arrive in the staging table', async (t) => (await tables(`${t}__loading`)).includes(`${t}__loading`) && Number((await sql(`SELECT count() AS n FROM default.${t}__loading`))[0]?.['n']) > 0],
    ['as the table is renamed into place', async (t) => (await tables(t)).includes(t)],
  ];

  it.each(moments)('kill -9 %s: a new table is absent or complete; a replaced one is the old or the new, whole', async (_moment, when) => {
    const slug = `k${moments.findIndex(([m]) => m === _moment)}`;
    const outcomes: string[] = [];
    for (const replace of [false, true]) {
      const table = `${slug}_${replace ? 'replace' : 'new'}`;
      if (replace) expect((await runCli(['load', OTHER, '--engine', ch.single(), '--table', table, '--policy', POLICY])).code).toBe(0);
      const result = await loadSignalledWhen([PILOT, '--engine', ch.single(), '--table', table, '--policy', POLICY, ...(replace ? ['--replace'] : [])], () => when(table), 'SIGKILL');
      outcomes.push(`${result.signal ?? result.code}`);
      const allowed = [{ hash: pilotHash, rows: PILOT_ROWS }, ...(replace ? [{ hash: otherHash, rows: otherRows }] : [])];
      const state = await expectNeverHalf(table, allowed);
      if (result.signal !== 'SIGKILL') expect(state).toBe('complete');
      // The next load (with --replace) cleans up whatever was left and succeeds.
      const reload = await runCli(['load', PILOT, '--engine', ch.single(), '--table', table, '--policy', POLICY, '--replace']);
      expect(reload.code, reload.stderr).toBe(0);
      expect(await expectNeverHalf(table, [{ hash: pilotHash, rows: PILOT_ROWS }])).toBe('complete');
    }
    expect(outcomes).toContain('SIGKILL');
  });

  it('Ctrl-C once the staging table exists: exit 130 and the old table left whole, never dropped halfway', async () => {
    const codes: (number | null)[] = [];
    for (let attempt = 0; attempt < 3 && !codes.includes(130); attempt++) {
      const table = `int${attempt}`;
      expect((await runCli(['load', OTHER, '--engine', ch.single(), '--table', table, '--policy', POLICY])).code).toBe(0);
      const staged = async () => (await tables(`${table}__loading`)).length > 0;
      const result = await loadSignalledWhen([PILOT, '--engine', ch.single(), '--table', table, '--policy', POLICY, '--replace'], staged, 'SIGINT');
      codes.push(result.code);
      if (result.code === 130) {
        expect(result.stderr).toBe('hireaudit: interrupted (Ctrl-C): stopped, and its temporary files removed\n');
        expect(await expectNeverHalf(table, [{ hash: otherHash, rows: otherRows }])).toBe('complete');
      } else {
        // The signal came after the old table was replaced: the load finished, and the new table is whole.
        expect(result.code, result.stderr).toBe(0);
        expect(await expectNeverHalf(table, [{ hash: pilotHash, rows: PILOT_ROWS }])).toBe('complete');
      }
    }
    expect(codes).toContain(130);
  });

  it('a Distributed load killed while rows arrive leaves no Distributed table audited as the file', async () => {
    const staged = async () => (await tables('kdist__loading_local')).length > 0;
    const result = await loadSignalledWhen([PILOT, '--engine', ch.cluster(), '--table', 'kdist', '--policy', POLICY], staged, 'SIGKILL');
    expect(result.signal).toBe('SIGKILL');
    expect(await expectNeverHalf('kdist', [{ hash: pilotHash, rows: PILOT_ROWS }])).toBe('no table');
  });
});
