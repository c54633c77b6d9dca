import type { Writable } from 'node:stream';
import type { AuditResult } from '../audit/contract/audit-result.js';
import type { Policy } from '../audit/contract/policy.js';
import { isClickHouseUrl, redactCredentials } from '../audit/engine/clickhouse/target.js';
import { AuditError } from '../audit/errors.js';
import type { AuditOptions } from '../audit/run-audit.js';
import type { AuditFlags } from './audit-command.js';
import { engineOptionsOf, fileSource } from './text-flags.js';
import { progressReporter } from './progress.js';

/** --engine / --table: where a dataset is loaded to, or where the table to audit sits. */
export interface EngineFlags {
  engine?: string;
  table?: string;
}

function usage(message: string): never {
  throw new AuditError('HA_ERR_USAGE', `${message}\nRun "hireaudit --help" for usage.`);
}

/** Checks --engine and --table for a command; both or neither (load needs both). */
export function engineFlags(command: 'audit' | 'load', values: { engine?: string | undefined; table?: string | undefined }): EngineFlags {
  const { engine, table } = values;
  if (command === 'load' && engine === undefined) usage('load needs --engine clickhouse://host:port/database');
  if (engine === undefined) {
    if (table !== undefined) usage('--table needs --engine');
    return {};
  }
  if (!isClickHouseUrl(engine)) usage(`--engine must be a clickhouse://host:port/database URL, got "${redactCredentials(engine)}"`);
  if (table === undefined) usage('--engine needs --table <name>');
  return { engine, table };
}

/** `hireaudit load <file> --engine … --table t`: ingest with DuckDB, copy into ClickHouse; one line on stdout. */
export async function loadCommand(
  file: string,
  flags: AuditFlags,
  policy: Policy,
  io: { stdout: Writable; stderr: Writable & { isTTY?: boolean } },
  signal?: AbortSignal,
): Promise<number> {
  const progress = progressReporter(io.stderr);
  try {
    const source = fileSource(file, flags);
    const { loadIntoClickHouse } = await import('../audit/clickhouse.js');
    const summary = await loadIntoClickHouse({ source, policy, engine: flags.engine!, table: flags.table!, replace: flags.replace === true, progress: progress.report, ...engineOptionsOf(flags), ...(signal ? { signal } : {}) });
    io.stdout.write(`loaded ${summary.rows} rows (${summary.candidates} candidates) into ${flags.table} on ${summary.shards} shard(s)\n`);
    return 0;
  } finally {
    progress.done();
  }
}

/** The audit of a table already in ClickHouse (audit --engine … --table t). */
export async function auditEngineTable(flags: EngineFlags, policy: Policy, options: AuditOptions): Promise<AuditResult> {
  const { auditClickHouse } = await import('../audit/clickhouse.js');
  return auditClickHouse({ engine: flags.engine!, table: flags.table!, policy, ...options });
}
