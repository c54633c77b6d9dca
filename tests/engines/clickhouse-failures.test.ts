/**
 * Issue 6 acceptance: every way a ClickHouse audit can go wrong gives a clear message and exit
 * code 2 from the CLI, and nothing on stdout: never a partial result presented as complete.
 */
import { writeFile } from 'node:fs/promises';
import { afterEach, beforeAll, expect, it } from 'vitest';
import { ClickHouseConnection } from '../../src/audit/engine/clickhouse/connection.js';
import { parseClickHouseUrl } from '../../src/audit/engine/clickhouse/target.js';
import { AUDIT_USER, closedPort, describeClickHouse, useClickHouseCluster } from '../support/clickhouse.js';
import { runCli, STACK_FRAME } from '../support/cli.js';
import { fixture } from '../support/fixtures.js';
import { useTempDir } from '../support/tmp.js';

const PILOT = fixture('pilot-cv-screen.csv');
const POLICY = fixture('pilot-policy.yaml');
const ENV_KEYS = ['HIREAUDIT_CLICKHOUSE_USER', 'HIREAUDIT_CLICKHOUSE_PASSWORD', 'HIREAUDIT_CLICKHOUSE_PASSWORD_FILE'] as const;
const savedEnv = Object.fromEntries(ENV_KEYS.map((k) => [k, process.env[k]]));

afterEach(() => {
  for (const k of ENV_KEYS) {
    if (savedEnv[k] === undefined) delete process.env[k];
    else process.env[k] = savedEnv[k];
  }
});

/** Exit 2, a message naming the problem, no stack trace, nothing on stdout. */
function expectRefused(run: { code: number; stdout: string; stderr: string }, message: RegExp): void {
  expect(run.stderr).toMatch(message);
  expect(run.code).toBe(2);
  expect(run.stdout).toBe('');
  expect(run.stderr).not.toMatch(STACK_FRAME);
}

async function exec(url: string, sql: string): Promise<void> {
  const connection = new ClickHouseConnection(parseClickHouseUrl(url));
  try {
    await connection.command(sql, 'test setup');
  } finally {
    await connection.close();
  }
}

describeClickHouse('ClickHouse failures: exit 2 with a clear message, no result', { timeout: 300_000 }, () => {
  const ch = useClickHouseCluster();
  const tmp = useTempDir();
  const node = (n: 1 | 2) => `clickhouse://127.0.0.1:${ch.httpPort(n)}/default`;

  beforeAll(async () => {
    for (const [engine, table] of [[ch.single(), 'pilot_single'], [ch.cluster(), 'pilot']] as const) {
      const load = await runCli(['load', PILOT, '--engine', engine, '--table', table, '--policy', POLICY]);
      expect(load.stderr).toBe('');
      expect(load.code).toBe(0);
      expect(load.stdout).toMatch(/^loaded 9374 rows \(9374 candidates\) into pilot/);
    }
  });

  it('audits the loaded tables when nothing is wrong (the baseline the failures differ from)', async () => {
    const run = await runCli(['audit', '--engine', node(1), '--table', 'pilot', '--policy', POLICY, '--format', 'json', '--fail-on', 'never']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).dataset.accounting.rowsRead).toBe(9374);
  });

  it('unreachable: nothing listens on the port', async () => {
    const port = await closedPort();
    expectRefused(await runCli(['audit', '--engine', `clickhouse://127.0.0.1:${port}/default`, '--table', 'pilot']), new RegExp(`cannot reach ClickHouse at http://127.0.0.1:${port} \\(ECONNREFUSED\\)`));
    expectRefused(await runCli(['load', PILOT, '--engine', `clickhouse://127.0.0.1:${port}/default`, '--table', 'pilot']), /cannot reach ClickHouse/);
  });

  it('wrong credentials: refused, the password never printed; the right ones (from env or a file) work', async () => {
    process.env['HIREAUDIT_CLICKHOUSE_USER'] = AUDIT_USER.user;
    process.env['HIREAUDIT_CLICKHOUSE_PASSWORD'] = 'not-the-password-4711';
    const wrong = await runCli(['audit', '--engine', node(1), '--table', 'pilot']);
    expectRefused(wrong, /refused the credentials of user "hireaudit".*HIREAUDIT_CLICKHOUSE_PASSWORD/);
    expect(wrong.stderr).not.toContain('not-the-password-4711');

    process.env['HIREAUDIT_CLICKHOUSE_PASSWORD'] = AUDIT_USER.password;
    const right = await runCli(['audit', '--engine', node(1), '--table', 'pilot', '--policy', POLICY, '--fail-on', 'never']);
    expect(right.code).toBe(0);
    expect(right.stdout).toContain('#');

    delete process.env['HIREAUDIT_CLICKHOUSE_PASSWORD'];
    await writeFile(tmp.path('password'), `${AUDIT_USER.password}\n`);
    process.env['HIREAUDIT_CLICKHOUSE_PASSWORD_FILE'] = tmp.path('password');
    expect((await runCli(['audit', '--engine', node(1), '--table', 'pilot', '--policy', POLICY, '--fail-on', 'never'])).code).toBe(0);
  });

  it('a password in the URL is refused before connecting', async () => {
    const run = await runCli(['audit', '--engine', `clickhouse://hireaudit:secret123@127.0.0.1:${ch.httpPort(1)}/default`, '--table', 'pilot']);
    expectRefused(run, /password in the URL is refused/);
    expect(run.stderr).not.toContain('secret123');
  });

  it('missing table', async () => {
    expectRefused(await runCli(['audit', '--engine', node(1), '--table', 'no_such_table']), /Table default\.no_such_table doesn't exist/);
    expectRefused(await runCli(['audit', '--engine', `clickhouse://127.0.0.1:${ch.httpPort(1)}/no_such_db`, '--table', 'pilot']), /no_such_db/);
  });

  it('missing column: a protected attribute or a contract column the table lacks', async () => {
    expectRefused(await runCli(['audit', '--engine', node(1), '--table', 'pilot_single', '--protected', 'gender,religion']), /lacks column\(s\) "religion"/);
    await exec(node(1), 'ALTER TABLE pilot_single DROP COLUMN selected');
    expectRefused(await runCli(['audit', '--engine', node(1), '--table', 'pilot_single']), /lacks column\(s\) "selected"/);
  });

  it('missing column on one shard only: the Distributed query fails, no result', async () => {
    await loadPilot('pilot_drift');
    await exec(node(2), 'ALTER TABLE pilot_drift_local DROP COLUMN score');
    expectRefused(await runCli(['audit', '--engine', node(1), '--table', 'pilot_drift', '--policy', POLICY]), /a column is missing \(.*score/);
  });

  // Last: it stops a server of this file's cluster (the cluster is this file's own).
  it('a shard down: the Distributed query fails instead of answering from the other shard', async () => {
    const alone = await runCli(['load', PILOT, '--engine', ch.single(), '--table', 'pilot_alone', '--policy', POLICY]);
    expect(alone.code).toBe(0);
    ch.script('stop', '2');
    expect(ch.script('status')).toMatch(/^node1 up[^\n]*\n$/);
    expectRefused(await runCli(['audit', '--engine', node(1), '--table', 'pilot', '--policy', POLICY]), /a shard of the Distributed table did not answer.*no result was produced/);
    // Node 1 itself is fine: its own MergeTree table is still audited. The failure is the missing shard.
    const own = await runCli(['audit', '--engine', node(1), '--table', 'pilot_alone', '--policy', POLICY, '--fail-on', 'never', '--format', 'json']);
    expect(own.code).toBe(0);
    expect(JSON.parse(own.stdout).dataset.accounting.rowsRead).toBe(9374);
  });

  async function loadPilot(table: string): Promise<void> {
    const load = await runCli(['load', PILOT, '--engine', ch.cluster(), '--table', table, '--policy', POLICY]);
    expect(load.code).toBe(0);
  }
});
