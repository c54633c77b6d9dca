import { readFile } from 'node:fs/promises';
import { expect, it, onTestFinished } from 'vitest';
import { ClickHouseConnection } from '../../src/audit/engine/clickhouse/connection.js';
import { parseClickHouseUrl } from '../../src/audit/engine/clickhouse/target.js';
import { differences } from '../engines/compare.js';
import { AUDIT_USER, describeClickHouse, useClickHouseCluster } from '../support/clickhouse.js';
import { fixture } from '../support/fixtures.js';
import { testServer, waitForAudit } from './helpers.js';

/**
 * `serve --engine clickhouse://…` (issue 13 item 1): the upload is checked as always, each audit
 * loads it into a table of its own in ClickHouse, runs there, and drops the table. The result
 * equals the embedded engine's golden result (numbers to 1e-9 relative, as tests/engines asserts
 * for the CLI), including the dataset's name and sha256.
 */
describeClickHouse('the server on a ClickHouse engine', () => {
  const cluster = useClickHouseCluster();

  it.each([['one server', () => cluster.single()], ['a Distributed table over two shards', () => cluster.cluster()]])('audits on %s and leaves no table behind', async (_name, url) => {
    const saved = { user: process.env['HIREAUDIT_CLICKHOUSE_USER'], password: process.env['HIREAUDIT_CLICKHOUSE_PASSWORD'] };
    process.env['HIREAUDIT_CLICKHOUSE_USER'] = AUDIT_USER.user; // job processes inherit the environment
    process.env['HIREAUDIT_CLICKHOUSE_PASSWORD'] = AUDIT_USER.password;
    onTestFinished(() => {
      for (const [k, v] of [['HIREAUDIT_CLICKHOUSE_USER', saved.user], ['HIREAUDIT_CLICKHOUSE_PASSWORD', saved.password]] as const) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    });
    const target = parseClickHouseUrl(url());
    // How many queries the first server has answered: the audit must add its scans to this.
    const queries = async () => {
      const c = new ClickHouseConnection(target, target.hosts[0]!);
      try {
        return Number((await c.rows("SELECT value FROM system.events WHERE event = 'Query'", 'counting queries'))[0]?.['value'] ?? 0);
      } finally {
        await c.close();
      }
    };
    const before = await queries();
    const { app, key } = await testServer({ engine: url() });
    const auth = await key('acme');
    const up = await app.inject({ method: 'POST', url: '/v1/datasets?name=ucb-admissions.csv', headers: { ...auth, 'content-type': 'text/csv' }, payload: await readFile(fixture('ucb-admissions.csv')) });
    expect(up.statusCode, up.body).toBe(201);
    const started = await app.inject({ method: 'POST', url: '/v1/audits', headers: auth, payload: { dataset: up.json().id, policy: { protected: ['gender'], funnel: false, auditDate: '2026-11-22' } } });
    const audit = await waitForAudit(app, auth, started.json().id as string, 180_000);
    expect(audit, JSON.stringify(audit['error'])).toMatchObject({ status: 'done' });
    const result = JSON.parse((await app.inject({ method: 'GET', url: `/v1/audits/${audit['id'] as string}/result`, headers: auth })).body) as unknown;
    const golden = JSON.parse(await readFile(new URL('../golden/results/ucb-admissions.json', import.meta.url), 'utf8')) as unknown;
    expect(differences(result, golden)).toEqual([]);
    expect((await queries()) - before).toBeGreaterThan(10); // the load, profile and scans ran there (19 here), not in DuckDB

    for (const host of target.hosts) {
      const c = new ClickHouseConnection(target, host);
      const tables = (await c.rows(`SELECT name FROM system.tables WHERE database = '${target.database}' AND name LIKE 'hireaudit_%'`, 'listing tables')).map((r) => r['name']);
      await c.close();
      expect(tables, `${host.host}:${host.port}`).toEqual([]);
    }
  }, 240_000);
});
