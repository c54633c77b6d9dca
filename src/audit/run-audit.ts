import { AuditResult, type Finding, type FindingStatus, SCHEMA_VERSION } from './contract/audit-result.js';
import { roundNumbers } from './contract/canonical-json.js';
import type { DatasetProfile } from './contract/dataset.js';
import { type Policy, THRESHOLD_DEFAULTS } from './contract/policy.js';
import { DuckDBEngine, type DuckDBEngineOptions } from './engine/duckdb/duckdb-engine.js';
import type { Engine } from './engine/engine.js';
import { ingest, type Progress } from './ingest/ingest.js';
import type { DatasetSource } from './ingest/source.js';
import type { BenchmarkSource } from './ingest/benchmark-file.js';
import { disparityFamily } from './metrics/disparity/index.js';
import type { FamilyContext } from './metrics/family.js';
import { validityApplies, validityFamily } from './metrics/validity/index.js';
import { automationApplies, automationFamily } from './metrics/automation/index.js';
import { automationFindings } from './rules/automation.js';
import { similarityApplies, similarityFamily } from './metrics/similarity/index.js';
import { similarityFindings } from './rules/similarity.js';
import { reliabilityAndStability } from './metrics/reliability-and-stability.js';
import { disparityFindings } from './rules/disparity.js';
import { requirementFindings } from './rules/requirements/index.js';
import { validityFindings } from './rules/validity.js';
import { reliabilityFindings } from './rules/reliability.js';
import { stabilityFindings } from './rules/stability.js';
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

/** The metric sections of an AuditResult: disparity always, the other families when the data allow. */
type Sections = Omit<AuditResult, 'schemaVersion' | 'generator' | 'dataset' | 'policy' | 'thresholdSources' | 'findings' | 'summary'>;

/** Phases 2-6 on a table already in an engine (DuckDB after ingest, or a table in another engine). */
export async function auditTable(engine: Engine, dataset: DatasetProfile, policy: Policy, progress: Progress = () => {}): Promise<AuditResult> {
  // The audit date decides which AI Act duties apply; recording it keeps the result reproducible.
  const applied: Policy = { ...policy, auditDate: policy.auditDate ?? todayIso() };
  const ctx: FamilyContext = { policy: applied, dataset };
  progress('scanning for group disparity');
  const disparity = disparityFamily.finalize(await disparityFamily.scan(engine, ctx), ctx);
  const sections: Sections = { disparity };
  const findings: Finding[] = disparityFindings(disparity, applied, dataset.protectedAttributes);
  if (validityApplies(dataset)) {
    progress('scanning for criterion validity');
    sections.validity = validityFamily.finalize(await validityFamily.scan(engine, ctx), ctx);
  }
  findings.push(...validityFindings(sections.validity, dataset, applied));
  progress('scanning for reliability and stability');
  Object.assign(sections, await reliabilityAndStability(engine, ctx, disparity));
  findings.push(...reliabilityFindings(sections.reliability ?? null, applied), ...stabilityFindings(sections.stability ?? null, applied));
  if (automationApplies(dataset.columns)) {
    progress('scanning for automated rejections');
    sections.automation = automationFamily.finalize(await automationFamily.scan(engine, ctx), ctx);
    findings.push(...automationFindings(sections.automation, applied));
  }
  if (similarityApplies(dataset)) {
    progress('scanning for similar-to-me bias');
    sections.similarity = similarityFamily.finalize(await similarityFamily.scan(engine, ctx), ctx);
    findings.push(...similarityFindings(sections.similarity, applied));
  }
  // Further metric families plug in here: scan + finalize into `sections`, their findings into `findings`.

  progress('judging requirements');
  const draft = { ...header(dataset, applied), ...sections, findings };
  findings.push(...requirementFindings(draft, applied, applied.auditDate!));
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
