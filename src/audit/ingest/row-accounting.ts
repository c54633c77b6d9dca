import { EXCLUSION_REASONS, type ExclusionReason, type RowAccounting } from '../contract/dataset.js';
import { q } from '../engine/aggregate-query.js';
import type { Engine } from '../engine/engine.js';
import { EXCLUDED_COLUMN } from './normalize.js';

/**
 * rows read = rows used + rows excluded (each with its reason), and the same for candidates (Σ w),
 * from the normalised candidates table of any engine (DuckDB after ingest, or a ClickHouse table).
 */
export async function accountRows(engine: Engine): Promise<RowAccounting> {
  const rows = await engine.aggregate({
    name: 'row accounting',
    dims: { reason: q.col(EXCLUDED_COLUMN) },
    measures: { n_rows: { kind: 'rows' }, n_candidates: { kind: 'weight' } },
  });
  const accounting: RowAccounting = { rowsRead: 0, rowsUsed: 0, candidatesRead: 0, candidatesUsed: 0, excluded: [] };
  // Sorted here, not by the engine, so every engine lists the reasons in the same order.
  const key = (r: (typeof rows)[number]) => String(r['reason'] ?? '');
  const sorted = [...rows].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  for (const r of sorted) {
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
