import { ClickHouseConnection } from '../../audit/engine/clickhouse/connection.js';
import { clickhouseDialect as d } from '../../audit/engine/clickhouse/dialect.js';
import { parseClickHouseUrl } from '../../audit/engine/clickhouse/target.js';

/**
 * Audits on a ClickHouse engine (`serve --engine clickhouse://…`): each audit loads the stored
 * upload into its own table (checked and normalised by DuckDB under the audit's policy, as
 * `hireaudit load` does), audits it there, and drops it: the table holds the candidates' rows,
 * so it lives no longer than the audit. The name follows the audit id.
 */
export const clickHouseTableFor = (auditId: string) => `hireaudit_${auditId.replace(/[^A-Za-z0-9]/g, '_')}`;

/** Drops an audit's tables (data, per-shard local table, profile) on every host; quiet when absent. */
export async function dropAuditTables(url: string, auditId: string): Promise<void> {
  const target = parseClickHouseUrl(url);
  const table = clickHouseTableFor(auditId);
  for (const host of target.hosts) {
    const c = new ClickHouseConnection(target, host);
    try {
      for (const t of [table, `${table}_local`, `${table}__profile`]) {
        await c.command(`DROP TABLE IF EXISTS ${d.quoteIdent(target.database)}.${d.quoteIdent(t)}`, `dropping ${target.database}.${t}`);
      }
    } finally {
      await c.close();
    }
  }
}
