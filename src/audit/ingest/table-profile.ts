import { CANONICAL_COLUMN_NAMES, type DatasetProfile, SINGLE_STAGE, TRAIT_PREFIX } from '../contract/dataset.js';
import type { Policy } from '../contract/policy.js';
import { q } from '../engine/aggregate-query.js';
import type { Engine } from '../engine/engine.js';
import { WEIGHT_COLUMN } from '../engine/sql.js';
import { AuditError } from '../errors.js';
import { EXCLUDED_COLUMN, ROW_COLUMN } from './normalize.js';
import { accountRows } from './row-accounting.js';

/**
 * What `hireaudit load` stores beside a table: the file's provenance, what its columns were, and
 * how many rows it loaded (an audit refuses a table that holds a different number).
 */
export type StoredProfile = Omit<DatasetProfile, 'accounting'> & { loadedRows?: number };

export function storedProfileOf(profile: DatasetProfile): StoredProfile {
  const { accounting, ...stored } = profile;
  return { ...stored, loadedRows: accounting.rowsRead };
}

/**
 * The DatasetProfile of a normalised candidates table that already sits in an engine (e.g. a
 * ClickHouse table), derived from the table itself: its columns (the contract columns, traits,
 * the policy's protected attributes and items must be there) and a row-accounting scan. The
 * provenance (file name, format, sha256) and the two facts the normalised table cannot show
 * (whether the file had a stage column, and a count column) come from the profile `hireaudit
 * load` stored; without one, the table is named as the source, `weighted` means some weight is
 * not 1, and `stage` counts as present when some stage is not the single-stage default.
 */
export async function profileOfTable(engine: Engine, tableColumns: readonly string[], policy: Policy, stored: StoredProfile | null, label: string): Promise<DatasetProfile> {
  const present = new Set(tableColumns);
  const required = [ROW_COLUMN, 'stage', 'selected', WEIGHT_COLUMN, EXCLUDED_COLUMN, ...policy.protected, ...policy.strata, ...policy.reliability.items];
  const missing = required.filter((c) => !present.has(c));
  if (missing.length > 0) {
    throw new AuditError(
      'HA_ERR_ENGINE',
      `table ${label} lacks column(s) ${missing.map((c) => `"${c}"`).join(', ')}; ` +
        'it must be a normalised candidates table as "hireaudit load" creates (protected attributes and items as the policy names them)',
    );
  }
  const accounting = await accountRows(engine);
  if (stored?.loadedRows !== undefined && stored.loadedRows !== accounting.rowsRead) {
    throw new AuditError(
      'HA_ERR_ENGINE',
      `table ${label} holds ${accounting.rowsRead} rows, but "hireaudit load" wrote ${stored.loadedRows}: the table was changed or its load did not finish; load the file again with --replace`,
    );
  }
  let hasStage: boolean;
  let weighted: boolean;
  if (stored) {
    hasStage = stored.hasStage;
    weighted = stored.weighted;
  } else {
    const stages = await engine.aggregate({ name: 'stages', dims: { stage: q.col('stage') }, measures: { n: { kind: 'rows' } } });
    hasStage = stages.some((s) => s['stage'] !== SINGLE_STAGE);
    weighted = accounting.candidatesRead !== accounting.rowsRead;
  }
  const canonical = CANONICAL_COLUMN_NAMES.filter((c) => c !== 'stage' && c !== 'count' && present.has(c));
  const columns = [...canonical, ...(hasStage ? ['stage'] : []), ...(weighted ? ['count'] : [])].sort();
  return {
    source: stored?.source ?? label,
    format: stored?.format ?? engine.name,
    hash: stored?.hash ?? `none: table ${label} was not loaded by hireaudit load`,
    columns,
    protectedAttributes: [...policy.protected],
    traits: tableColumns.filter((c) => c.startsWith(TRAIT_PREFIX)).sort(),
    items: [...policy.reliability.items],
    hasStage,
    hasTool: present.has('tool'),
    hasScore: present.has('score'),
    weighted,
    accounting,
    ...(stored?.values ? { values: stored.values } : {}),
  };
}
