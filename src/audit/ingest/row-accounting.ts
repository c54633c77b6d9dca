import { EXCLUSION_REASONS, type ExclusionReason, type RowAccounting } from '../contract/dataset.js';
import { CANDIDATES_TABLE, type DuckDBEngine } from '../engine/duckdb/duckdb-engine.js';
import { WEIGHT_COLUMN } from '../engine/sql.js';
import { EXCLUDED_COLUMN } from './normalize.js';

export async function accountRows(engine: DuckDBEngine): Promise<RowAccounting> {
  const rows = await engine.rows(
    `SELECT "${EXCLUDED_COLUMN}" AS reason, count(*) AS n_rows, sum("${WEIGHT_COLUMN}") AS n_candidates
       FROM "${CANDIDATES_TABLE}" GROUP BY 1 ORDER BY 1`,
  );
  const accounting: RowAccounting = { rowsRead: 0, rowsUsed: 0, candidatesRead: 0, candidatesUsed: 0, excluded: [] };
  for (const r of rows) {
    const n = Number(r['n_rows']);
    const c = Number(r['n_candidates'] ?? 0);
    accounting.rowsRead += n;
    accounting.candidatesRead += c;
    if (r['reason'] === null) {
      accounting.rowsUsed += n;
      accounting.candidatesUsed += c;
    } else {
      const reason = String(r['reason']) as ExclusionReason;
      accounting.excluded.push({ reason, description: EXCLUSION_REASONS[reason], rows: n, candidates: c });
    }
  }
  return accounting;
}
