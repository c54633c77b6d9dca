/**
 * danfojs DataFrame interop, kept at the edge: the engine never needs danfo, and danfo (with its
 * TensorFlow.js load) is only imported when a caller passes or asks for a DataFrame.
 */
import type { DataFrame } from 'danfojs-node';
import type { AuditResult } from '../audit/contract/audit-result.js';
import type { DatasetSource } from '../audit/ingest/source.js';

/** A DataFrame as an audit source: its rows become records, checked like any file. */
export function dataFrameSource(df: DataFrame, name = 'dataframe'): DatasetSource {
  const columns = df.columns;
  const records = (df.values as unknown[][]).map((row) =>
    Object.fromEntries(columns.map((c, i) => [c, row[i] ?? null])),
  );
  return { kind: 'records', records, name };
}

/** The selection-rate rows of a result as a DataFrame (one row per stage x group), for notebooks. */
export async function disparityFrame(result: AuditResult): Promise<DataFrame> {
  const dfd = await import('danfojs-node');
  const rows = result.disparity.rows.map((r) => ({
    tool: r.tool ?? '',
    stage: r.stage,
    attributes: r.attributes.join(' × '),
    group: Object.values(r.groups).join(' × '),
    reference: r.reference ? Object.values(r.reference).join(' × ') : '',
    n: r.n,
    selected: r.selected,
    rate: r.rate,
    impact_ratio: r.impact_ratio,
    fisher_p: r.fisher_p,
    holm_p: r.holm_p,
    verdict: r.verdict,
  }));
  return new dfd.DataFrame(rows);
}
