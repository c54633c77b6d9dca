import { AuditResult, type Finding, SCHEMA_VERSION, summarize } from './contract/audit-result.js';
import { roundNumbers } from './contract/canonical-json.js';
import type { DatasetProfile } from './contract/dataset.js';
import { type Policy, THRESHOLD_DEFAULTS } from './contract/policy.js';
import { DuckDBEngine, type DuckDBEngineOptions } from './engine/duckdb/duckdb-engine.js';
import type { Engine } from './engine/engine.js';
import { ingest, type Progress } from './ingest/ingest.js';
import type { ProgressListener } from './contract/progress.js';
import { CancelledError, throwIfCancelled } from './errors.js';
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
  /**
   * An open DuckDB engine to ingest into and audit in (e.g. one a server keeps per worker); it is
   * left open. Without it the audit opens its own in-memory engine (with `engineOptions`) and
   * closes it at the end.
   */
  engine?: DuckDBEngine;
  engineOptions?: DuckDBEngineOptions;
  /** Cancels the audit: between phases and queries, and a running DuckDB query is interrupted. Raises CancelledError (HA_ERR_CANCELLED). */
  signal?: AbortSignal;
  /** Structured progress: phase, family, done of total. */
  onProgress?: ProgressListener;
  /** A separate benchmark file (--benchmark), appended as role=benchmark rows. */
  benchmark?: BenchmarkSource;
}

/** What auditTable takes besides the table: cancellation and progress. */
export interface AuditOptions {
  signal?: AbortSignal;
  onProgress?: ProgressListener;
}

/**
 * One audit, in numbered phases:
 *   1. Ingest: contract check, row accounting; refuse before any work
 *   2-3. Scan: each family asks the engine for its aggregates
 *   4. Finalize: pure, seeded statistics on the aggregates
 *   5. Judge: requirement rules turn metrics into findings
 *   6. Assemble: versioned AuditResult with provenance, numbers rounded for byte-stable JSON
 */
export async function runAudit(input: AuditInput): Promise<AuditResult> {
  const { signal, onProgress } = input;
  throwIfCancelled(signal);
  const engine = input.engine ?? (await DuckDBEngine.open(input.engineOptions));
  const release = signal ? engine.cancelOn(signal) : () => {};
  try {
    const dataset = await ingest(engine, input.source, input.policy, ingestSteps(input.source, onProgress), input.benchmark);
    throwIfCancelled(signal);
    return await auditTable(engine, dataset, input.policy, { ...(signal ? { signal } : {}), ...(onProgress ? { onProgress } : {}) });
  } catch (e) {
    // Whatever a cancelled statement surfaced as (a read error, an engine error), it was the cancellation.
    if (signal?.aborted && !(e instanceof CancelledError)) throw new CancelledError(signal.reason);
    throw e;
  } finally {
    release();
    if (!input.engine) await engine.close();
  }
}

/** The ingest's steps as progress: reading the file (files only), checking the contract, building the table. */
function ingestSteps(source: DatasetSource, onProgress: ProgressListener | undefined): Progress {
  const total = source.kind === 'file' ? 3 : 2;
  let done = 0;
  return (message) => onProgress?.({ phase: 'ingest', done: done++, total, message });
}

/**
 * Transitional: auditTable's free-text steps ("scanning: <family>", "judging") as structured
 * progress, until its loops call `options.onProgress` themselves. `running` counts the families
 * that apply (asked once, at the first scan).
 */
function legacySteps(onProgress: ProgressListener | undefined, running: () => number): Progress {
  let scans = 0;
  let total: number | undefined;
  return (message) => {
    const family = /^scanning: (.+)$/.exec(message)?.[1];
    if (family === undefined) onProgress?.({ phase: 'judge', done: 0, total: 1, message });
    else onProgress?.({ phase: 'scan', family, done: scans++, total: (total ??= running()), message });
  };
}

/** Today's date (UTC) as ISO: the default audit date, recorded in the applied policy. */
const todayIso = () => new Date().toISOString().slice(0, 10);

/** Phases 2-6 on a table already in an engine (DuckDB after ingest, or a table in another engine). */
export async function auditTable(engine: Engine, dataset: DatasetProfile, policy: Policy, options: AuditOptions = {}): Promise<AuditResult> {
  throwIfCancelled(options.signal);
  const progress = legacySteps(options.onProgress, () => FAMILIES.filter((f) => f.metric.applies({ policy, dataset })).length);
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
    },
    policy,
    thresholdSources: THRESHOLD_DEFAULTS,
  };
}

function assemble(draft: Omit<AuditResult, 'summary'>): AuditResult {
  // Parse on the way out too: a result that breaks its own published schema is a bug, caught here.
  return AuditResult.parse(roundNumbers({ ...draft, summary: summarize(draft.findings) }));
}
