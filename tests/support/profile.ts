import type { DatasetProfile } from '../../src/audit/contract/dataset.js';

/** The DatasetProfile ingest would give for synthetic aggregates (finalize tests need no engine). */
export function syntheticProfile(protectedAttributes: string[], opts: { hasTool?: boolean; hasScore?: boolean } = {}): DatasetProfile {
  return {
    source: 'synthetic',
    format: 'records',
    hash: 'sha256:synthetic',
    columns: ['selected', 'stage'],
    protectedAttributes,
    traits: [],
    items: [],
    hasStage: true,
    hasTool: opts.hasTool ?? false,
    hasScore: opts.hasScore ?? false,
    weighted: true,
    accounting: { rowsRead: 0, rowsUsed: 0, candidatesRead: 0, candidatesUsed: 0, excluded: [] },
  };
}
