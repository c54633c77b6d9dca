import type { AuditResult } from './contract/audit-result.js';
import type { Policy } from './contract/policy.js';
import { ClickHouseEngine } from './engine/clickhouse/clickhouse-engine.js';
import { type LoadSummary, loadTable, profileTableOf } from './engine/clickhouse/load-table.js';
import { type ClickHouseTarget, parseClickHouseUrl } from './engine/clickhouse/target.js';
import { DuckDBEngine, type DuckDBEngineOptions } from './engine/duckdb/duckdb-engine.js';
import { asCancellation, AuditError } from './errors.js';
import { ingest, type Progress } from './ingest/ingest.js';
import type { DatasetSource } from './ingest/source.js';
import { profileOfTable, type StoredProfile, storedProfileOf } from './ingest/table-profile.js';
import { type AuditOptions, auditTable } from './run-audit.js';

const TABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

function checkTableName(table: string): void {
  if (!TABLE_NAME.test(table)) throw new AuditError('HA_ERR_USAGE', `--table "${table}" must be letters, digits and _ (starting with a letter or _)`);
}

function target(url: string | ClickHouseTarget): ClickHouseTarget {
  return typeof url === 'string' ? parseClickHouseUrl(url) : url;
}

/**
 * `hireaudit load`: ingest a file with DuckDB exactly as an audit does (contract check, row
 * accounting, normalised table), then create the ClickHouse table(s) and copy the rows.
 */
export async function loadIntoClickHouse(input: {
  source: DatasetSource;
  policy: Policy;
  engine: string | ClickHouseTarget;
  table: string;
  /** Replace an existing table of this name; without it an existing table is refused. */
  replace?: boolean;
  engineOptions?: DuckDBEngineOptions;
  progress?: Progress;
  /** Cancels the load until the old table is replaced (CancelledError); the table is then left as it was. */
  signal?: AbortSignal;
}): Promise<LoadSummary> {
  checkTableName(input.table);
  const t = target(input.engine);
  const progress = input.progress ?? (() => {});
  const duck = await DuckDBEngine.open(input.engineOptions);
  const release = input.signal ? duck.cancelOn(input.signal) : () => {};
  try {
    const profile = await ingest(duck, input.source, input.policy, progress);
    progress(`loading into ClickHouse table ${t.database}.${input.table}`);
    return await loadTable(duck, {
      target: t,
      table: input.table,
      notNull: ['_row', 'stage', 'w', ...profile.protectedAttributes],
      profile: JSON.stringify(storedProfileOf(profile)),
      replace: input.replace === true,
      progress,
      ...(input.signal ? { signal: input.signal } : {}),
    });
  } catch (e) {
    throw asCancellation(e, input.signal);
  } finally {
    release();
    await duck.close();
  }
}

async function readStoredProfile(engine: ClickHouseEngine, table: string): Promise<StoredProfile | null> {
  const text = await engine.storedProfile(profileTableOf(table));
  return text === null ? null : (JSON.parse(text) as StoredProfile);
}

/** `hireaudit audit --engine clickhouse://… --table t`: the full audit of a table already in ClickHouse. */
export async function auditClickHouse(input: { engine: string | ClickHouseTarget; table: string; policy: Policy } & AuditOptions): Promise<AuditResult> {
  checkTableName(input.table);
  const t = target(input.engine);
  const engine = await ClickHouseEngine.open(t, input.table);
  try {
    input.onProgress?.({ phase: 'ingest', done: 0, total: 1, message: `reading ClickHouse table ${t.database}.${input.table}` });
    const columns = (await engine.describe()).map((c) => c.name);
    const stored = await readStoredProfile(engine, input.table);
    const profile = await profileOfTable(engine, columns, input.policy, stored, `${t.database}.${input.table}`);
    return await auditTable(engine, profile, input.policy, input);
  } finally {
    await engine.close();
  }
}
