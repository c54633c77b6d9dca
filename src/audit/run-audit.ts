import { AuditResult, type Finding, type FindingStatus, SCHEMA_VERSION } from './contract/audit-result.js';
import { roundNumbers } from './contract/canonical-json.js';
import type { DatasetProfile } from './contract/dataset.js';
import { type Policy, THRESHOLD_DEFAULTS } from './contract/policy.js';
import { DuckDBEngine, type DuckDBEngineOptions } from './engine/duckdb/duckdb-engine.js';
import type { Engine } from './engine/engine.js';
import { ingest, type Progress } from './ingest/ingest.js';
import type { DatasetSource } from './ingest/source.js';
import type { BenchmarkSource } from './ingest/benchmark-file.js';
import { FAMILIES } from './registry.js';
import type { Sections } from './rules/judge.js';
import { requirementFindings } from './rules/requirements/index.js';
import type { FamilyContext } from './metrics/family.js';
import { VERSION } from './version.js';

export interface AuditInput {
  source: DatasetSource;
  policy: Policy;
  engineOptions?: DuckDBEngineOptions;
  progress?: Progress;
  /** A separate benchmark file (--benchmark), appended as role=benchmark rows. */
  benchmark?: BenchmarkSource;
}

/** Most severe first: the summary status is the first of these any finding has. */
export const STATUS_SEVERITY: readonly FindingStatus[] = ['fail', 'warn', 'insufficient_evidence', 'not_assessed', 'pass'];

/**
 * One audit, in numbered phases:
 *   1. Ingest: contract check, row accounting; refuse before any work
 *   2-3. Scan: each family asks the engine for its aggregates
 *   4. Finalize: pure, seeded statistics on the aggregates
 *   5. Judge: requirement rules turn metrics into findings
 *   6. Assemble: versioned AuditResult with provenance, numbers rounded for byte-stable JSON
 */
export async function runAudit(input: AuditInput): Promise<AuditResult> {
  const engine = await DuckDBEngine.open(input.engineOptions);
  try {
    const dataset = await ingest(engine, input.source, input.policy, input.progress, input.benchmark);
    return await auditTable(engine, dataset, input.policy, input.progress);
  } finally {
    await engine.close();
  }
}

/** Today's date (UTC) as ISO: the default audit date, recorded in the applied policy. */
export const todayIso = () => new Date().toISOString().slice(0, 10);

/** Phases 2-6 on a table already in an engine (DuckDB after ingest, or a table in another engine). */
export async function auditTable(engine: Engine, dataset: DatasetProfile, policy: Policy, progress: Progress = () => {}): Promise<AuditResult> {
  // The audit date decides which AI Act duties apply; recording it keeps the result reproducible.
  const applied: Policy = { ...policy, auditDate: policy.auditDate ?? todayIso() };
  const ctx: FamilyContext = { policy: applied, dataset };
  const running = FAMILIES.filter((f) => f.metric.applies(ctx));

  // 2-3. Scan: each applicable family asks the engine for its aggregates
  const aggregates = new Map<string, unknown>();
  for (const f of running) {
    progress(`scanning: ${f.id}`);
    aggregates.set(f.id, await f.metric.scan(engine, ctx));
  }
  // 4. Finalize: pure, seeded statistics on the aggregates
  const measured = new Map(running.map((f) => [f.id, f.metric.finalize(aggregates.get(f.id), ctx)]));
  // 5. Judge: each family's rules (dependencies first, as listed), then the requirement rule sets
  progress('judging');
  const judged: Partial<Sections> = {};
  const findings: Finding[] = [];
  for (const f of FAMILIES) {
    const verdict = f.judge(measured.get(f.id) ?? null, { policy: applied, dataset, judged });
    if (verdict.section !== null) (judged as Record<string, unknown>)[f.id] = verdict.section;
    findings.push(...verdict.findings);
  }
  const draft = { ...header(dataset, applied), ...(judged as Sections), findings };
  findings.push(...requirementFindings(draft, applied, applied.auditDate!));
  // 6. Assemble
  return assemble(draft);
}

function header(dataset: DatasetProfile, policy: Policy): Omit<AuditResult, keyof Sections | 'findings' | 'summary'> {
  return {
    schemaVersion: SCHEMA_VERSION,
    generator: { name: 'hireaudit', version: VERSION },
    dataset: {
      source: dataset.source,
      format: dataset.format,
      hash: dataset.hash,
      columns: dataset.columns,
      protectedAttributes: dataset.protectedAttributes,
      traits: dataset.traits,
      weighted: dataset.weighted,
      accounting: dataset.accounting,
      ...(dataset.values ? { values: dataset.values } : {}),
    },
    policy,
    thresholdSources: THRESHOLD_DEFAULTS,
  };
}

function assemble(draft: Omit<AuditResult, 'summary'>): AuditResult {
  const counts = Object.fromEntries(STATUS_SEVERITY.map((s) => [s, draft.findings.filter((f) => f.status === s).length])) as Record<FindingStatus, number>;
  const status = STATUS_SEVERITY.find((s) => s !== 'not_assessed' && counts[s] > 0) ?? 'pass';
  // Parse on the way out too: a result that breaks its own published schema is a bug, caught here.
  return AuditResult.parse(roundNumbers({ ...draft, summary: { status, counts } }));
}
