import * as z from 'zod';
import { type AuditResult, type Finding, SCHEMA_VERSION, summarize } from './contract/audit-result.js';
import { roundNumbers } from './contract/canonical-json.js';
import { PARSE_ONCE } from './contract/primitives.js';
import type { DatasetProfile } from './contract/dataset.js';
import { languageOf, type Policy, THRESHOLD_DEFAULTS } from './contract/policy.js';
import { DuckDBEngine, type DuckDBEngineOptions } from './engine/duckdb/duckdb-engine.js';
import type { Engine } from './engine/engine.js';
import { ingest, type Progress } from './ingest/ingest.js';
import type { AuditProgress, ProgressListener } from './contract/progress.js';
import { asCancellation, throwIfCancelled } from './errors.js';
import type { DatasetSource } from './ingest/source.js';
import type { BenchmarkSource } from './ingest/benchmark-file.js';
import { auditResultSchemaFor, FAMILIES, type FamilyEntry } from './registry.js';
import type { Sections } from './rules/judge.js';
import { localizeFinding } from './rules/localize.js';
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
  /** The metric families to run (default: the registry's); a test or an extension adds its own. */
  families?: readonly FamilyEntry[];
}

/** What auditTable takes besides the table: cancellation, progress and the families to run. */
export interface AuditOptions {
  signal?: AbortSignal;
  onProgress?: ProgressListener;
  families?: readonly FamilyEntry[];
}

/**
 * One audit, in numbered phases:
 *   1. Ingest: contract check, row accounting; refuse before any work
 *   2-3. Scan: each family of the registry that applies asks the engine for its aggregates
 *   4. Finalize: pure, seeded statistics on the aggregates (numbers only)
 *   5. Judge: each family's rules fill its verdicts and findings; then the requirement rule sets
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
    return await auditTable(engine, dataset, input.policy, {
      ...(signal ? { signal } : {}),
      ...(onProgress ? { onProgress } : {}),
      ...(input.families ? { families: input.families } : {}),
    });
  } catch (e) {
    throw asCancellation(e, signal);
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

/** Today's date (UTC) as ISO: the default audit date, recorded in the applied policy. */
const todayIso = () => new Date().toISOString().slice(0, 10);

/** Phases 2-6 on a table already in an engine (DuckDB after ingest, or a table in another engine). */
export async function auditTable(engine: Engine, dataset: DatasetProfile, policy: Policy, options: AuditOptions = {}): Promise<AuditResult> {
  const { signal } = options;
  const families = options.families ?? FAMILIES;
  const report = (phase: AuditProgress['phase'], done: number, total: number, family?: string) =>
    options.onProgress?.({ phase, done, total, ...(family === undefined ? {} : { family }), message: family === undefined ? phase : `${phase}: ${family}` });
  throwIfCancelled(signal);
  // The audit date decides which AI Act duties apply; recording it keeps the result reproducible.
  const applied: Policy = { ...policy, auditDate: policy.auditDate ?? todayIso() };
  const ctx: FamilyContext = { policy: applied, dataset };
  const running = families.filter((f) => f.metric.applies(ctx));

  // 2-3. Scan: each applicable family asks the engine for its aggregates. The families are
  //      independent until judge, so they scan at once, each in its own engine session (fork):
  //      one family's TypeScript work (a probe, the next query's set-up) overlaps another's queries.
  const aggregates = await scanAll(engine, running, ctx, signal, (i, family) => report('scan', i, running.length, family));
  throwIfCancelled(signal);
  // 4. Finalize: pure, seeded statistics on the aggregates
  const measured = new Map<string, unknown>();
  for (const [i, f] of running.entries()) {
    report('finalize', i, running.length, f.id);
    measured.set(f.id, f.metric.finalize(aggregates.get(f.id), ctx));
    throwIfCancelled(signal);
  }
  // 5. Judge: each family's rules (called for every family, so missing evidence is said; dependencies
  //    come first in the list), then the requirement rule sets
  const judged: Record<string, unknown> = {};
  const findings: Finding[] = [];
  for (const [i, f] of families.entries()) {
    report('judge', i, families.length, f.id);
    const verdict = f.judge(measured.get(f.id) ?? null, { policy: applied, dataset, judged: judged as Partial<Sections> });
    if (verdict.section !== null) judged[f.id] = verdict.section;
    for (const finding of verdict.findings) findings.push(finding);
  }
  const draft = { ...header(dataset, applied), ...(judged as Sections), findings };
  for (const finding of requirementFindings(draft, applied, applied.auditDate!)) findings.push(finding);
  // The rules write English; a policy in another language gets its findings in that language
  const lang = languageOf(applied);
  if (lang !== 'en') draft.findings = findings.map((f) => localizeFinding(f, lang));
  // 6. Assemble, parsed against the schema of exactly these families' sections
  report('assemble', 0, 1);
  return assemble(draft, auditResultSchemaFor(families));
}

/**
 * Every family's scan at once, each in a session of its own when the engine has them. Waits for all
 * (no query is left running when an audit fails), then raises the first failure in registry order.
 */
async function scanAll(
  engine: Engine,
  running: readonly FamilyEntry[],
  ctx: FamilyContext,
  signal: AbortSignal | undefined,
  starting: (done: number, family: string) => void,
): Promise<Map<string, unknown>> {
  let done = 0;
  const outcomes = await Promise.allSettled(
    running.map(async (f) => {
      throwIfCancelled(signal); // no family starts once the audit is cancelled
      starting(done, f.id);
      const session = engine.fork ? await engine.fork() : engine;
      try {
        return await f.metric.scan(session, ctx);
      } finally {
        done++;
        if (session !== engine) await session.close();
      }
    }),
  );
  const aggregates = new Map<string, unknown>();
  for (const [i, outcome] of outcomes.entries()) {
    if (outcome.status === 'rejected') throw outcome.reason;
    aggregates.set(running[i]!.id, outcome.value);
  }
  return aggregates;
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

function assemble(draft: Omit<AuditResult, 'summary'>, schema: z.ZodType): AuditResult {
  // Parse on the way out too: a result that breaks its own published schema is a bug, caught here.
  return schema.parse(roundNumbers({ ...draft, summary: summarize(draft.findings) }), PARSE_ONCE) as AuditResult;
}
