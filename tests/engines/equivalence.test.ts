/**
 * Issue 6 acceptance: the full audit (every metric family the AuditResult has) gives the same
 * AuditResult in DuckDB, in single-node ClickHouse and in a Distributed table over two shards, on
 * every generated fixture (fixtures/effects.json lists them, so new fixtures join automatically).
 * Needs clickhouse-server (Debian 18.16 here); in CI a missing server fails these tests.
 */
import { expect, it } from 'vitest';
import { auditClickHouse, loadIntoClickHouse } from '../../src/audit/clickhouse.js';
import type { AuditResult } from '../../src/audit/contract/audit-result.js';
import { loadPolicy, type Policy, parsePolicy, type PolicyInput } from '../../src/audit/contract/policy.js';
import { ClickHouseConnection } from '../../src/audit/engine/clickhouse/connection.js';
import { profileTableOf } from '../../src/audit/engine/clickhouse/load-table.js';
import { parseClickHouseUrl } from '../../src/audit/engine/clickhouse/target.js';
import { runAudit } from '../../src/audit/run-audit.js';
import { describeClickHouse, useClickHouseCluster } from '../support/clickhouse.js';
import { fixture } from '../support/fixtures.js';
import { readFileSync } from 'node:fs';
import { differences } from './compare.js';

interface FixtureEntry {
  file: string;
  protectedAttributes: string[];
  /** Optional policy keys a fixture needs (e.g. reliability.items), merged over the defaults. */
  policy?: PolicyInput;
}
const DATASETS = (JSON.parse(readFileSync(fixture('effects.json'), 'utf8')) as { datasets: FixtureEntry[] }).datasets;
/** The pilot-design fixtures share the shipped policy (stages in funnel order, declarations). */
const POLICY_FILES: Record<string, string> = {
  'pilot-cv-screen.csv': 'pilot-policy.yaml',
  'null-pilot.csv': 'pilot-policy.yaml',
  'vendor-summary.csv': 'pilot-policy.yaml',
};

async function policyFor(entry: FixtureEntry): Promise<Policy> {
  const file = POLICY_FILES[entry.file];
  if (file) return loadPolicy(fixture(file));
  return parsePolicy({ protected: entry.protectedAttributes, auditDate: '2026-11-22', ...(entry.policy ?? {}) });
}

/** Three full audits per test; the statistics (bootstrap and the like) dominate, not the engines. */
const AUDIT_TIMEOUT = 600_000;
const tableName = (file: string) => `eq_${file.replace(/\.[a-z]+$/, '').replace(/[^A-Za-z0-9]/g, '_')}`;

describeClickHouse('the same AuditResult in DuckDB and ClickHouse', () => {
  const ch = useClickHouseCluster();

  it('covers every fixture of effects.json', () => {
    expect(DATASETS.length).toBeGreaterThanOrEqual(6);
  });

  it.each(DATASETS.map((d) => [d.file, d] as const))('%s: single node and two shards equal DuckDB', async (_file, entry) => {
    const policy = await policyFor(entry);
    const source = { kind: 'file' as const, path: fixture(entry.file) };
    const table = tableName(entry.file);
    const duck = await runAudit({ source, policy });
    await loadIntoClickHouse({ source, policy, engine: ch.single(), table: `${table}_single` });
    const loaded = await loadIntoClickHouse({ source, policy, engine: ch.cluster(), table });
    expect(loaded.shards).toBe(2);
    const single = await auditClickHouse({ engine: ch.single(), table: `${table}_single`, policy });
    // Audited through node 2: the Distributed table answers from either shard.
    const sharded = await auditClickHouse({ engine: `clickhouse://127.0.0.1:${ch.httpPort(2)}/default`, table, policy });
    expect(differences(single, duck)).toEqual([]);
    expect(differences(sharded, duck)).toEqual([]);
    // Not vacuous: the result has rows, findings and row accounting of the whole file.
    expect(duck.findings.length).toBeGreaterThan(0);
    expect(sharded.dataset.accounting.rowsRead).toBe(duck.dataset.accounting.rowsRead);
  }, AUDIT_TIMEOUT);

  it('derives the profile from the table when the load provenance is gone (a table not loaded by hireaudit)', async () => {
    const entry = DATASETS.find((d) => d.file === 'pilot-cv-screen.csv')!;
    const policy = await policyFor(entry);
    const source = { kind: 'file' as const, path: fixture(entry.file) };
    await loadIntoClickHouse({ source, policy, engine: ch.cluster(), table: 'eq_derived' });
    for (const node of [1, 2] as const) {
      const connection = new ClickHouseConnection(parseClickHouseUrl(`clickhouse://127.0.0.1:${ch.httpPort(node)}/default`));
      await connection.command(`DROP TABLE ${profileTableOf('eq_derived')}`, 'test');
      await connection.close();
    }
    const duck = await runAudit({ source, policy });
    const derived: AuditResult = await auditClickHouse({ engine: ch.single(), table: 'eq_derived', policy });
    expect(derived.dataset.source).toBe('default.eq_derived');
    expect(derived.dataset.format).toBe('clickhouse');
    // Without the stored profile the table cannot tell what normalising its values changed (dataset.values).
    const strip = (r: AuditResult) => {
      const { values: _, ...dataset } = r.dataset;
      return { ...r, dataset: { ...dataset, source: '', format: '', hash: '' } };
    };
    expect(differences(strip(derived), strip(duck))).toEqual([]);
  }, AUDIT_TIMEOUT);
});
