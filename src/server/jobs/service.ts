/**
 * The service surface the server composes (design.md: runAudit with cancellation and structured
 * progress, the renderers in src/reports), in one place so the job worker reads as numbered steps.
 */
import type { AuditResult } from '../../audit/contract/audit-result.js';
import type { Language, Policy } from '../../audit/contract/policy.js';
import { AUDIT_PHASES, type AuditProgress } from '../../audit/contract/progress.js';
import type { FileFormat } from '../../audit/ingest/source.js';
import { auditClickHouse, loadIntoClickHouse } from '../../audit/clickhouse.js';
import { localizeResult } from '../../audit/rules/localize.js';
import { runAudit } from '../../audit/run-audit.js';
import { clickHouseTableFor, dropAuditTables } from './clickhouse.js';
import { FORMATS, renderOutputs, type RenderedOutput } from '../../reports/render.js';
import type { AuditProgressView } from '../store/store.js';

export type { RenderedOutput };

/** Every output of every format: the server renders them once, when the audit finishes. */
const SERVER_FORMATS = FORMATS;

export interface AuditJob {
  path: string;
  format: FileFormat;
  policy: Policy;
  signal?: AbortSignal;
  onProgress?: (p: AuditProgressView) => void;
  /** clickhouse://… to audit there (loaded into a table named after the audit, dropped afterwards). */
  engine?: string;
  auditId?: string;
}

/** The audit's structured progress as the API shows it: the phase, the family, and how far in all (phases weigh alike). */
function progressView(p: AuditProgress): AuditProgressView {
  const phase = AUDIT_PHASES.indexOf(p.phase);
  const within = p.total > 0 ? Math.min(1, p.done / p.total) : 0;
  return { phase: p.phase, family: p.family ?? null, fraction: Math.min(1, (phase + within) / AUDIT_PHASES.length) };
}

export async function auditFile(job: AuditJob): Promise<AuditResult> {
  if (job.engine !== undefined) return auditOnClickHouse(job, job.engine);
  return runAudit({
    source: { kind: 'file', path: job.path, format: job.format },
    policy: job.policy,
    ...(job.signal ? { signal: job.signal } : {}),
    onProgress: (p) => job.onProgress?.(progressView(p)),
  });
}

async function auditOnClickHouse(job: AuditJob, engine: string): Promise<AuditResult> {
  const table = clickHouseTableFor(job.auditId ?? 'job');
  job.onProgress?.({ phase: 'ingest', family: null, fraction: 0 });
  try {
    await loadIntoClickHouse({ source: { kind: 'file', path: job.path, format: job.format }, policy: job.policy, engine, table });
    return await auditClickHouse({ engine, table, policy: job.policy, ...(job.signal ? { signal: job.signal } : {}), onProgress: (p) => job.onProgress?.(progressView(p)) });
  } finally {
    await dropAuditTables(engine, job.auditId ?? 'job');
  }
}

export async function renderAll(result: AuditResult): Promise<RenderedOutput[]> {
  return renderOutputs(result, SERVER_FORMATS);
}

/**
 * Every output of a saved result re-worded into `lang` by the rules' catalogues, exactly as
 * `hireaudit report --lang` does (localizeResult): finding sentences and rule texts change,
 * numbers, statuses and codes do not. The re-worded result is not the signed one.
 */
export async function renderReworded(saved: AuditResult, lang: Language): Promise<RenderedOutput[]> {
  return renderAll(localizeResult(saved, lang));
}
