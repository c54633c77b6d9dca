/**
 * The service surface the server composes (design.md: runAudit, the renderers, the contract), in
 * one place so the job worker reads as numbered steps.
 */
import type { AuditResult } from '../../audit/contract/audit-result.js';
import type { Policy } from '../../audit/contract/policy.js';
import type { FileFormat } from '../../audit/ingest/source.js';
import { runAudit } from '../../audit/run-audit.js';
// TRANSITIONAL until the service branch lands: renderOutputs moves to src/reports/render.ts.
import { FORMATS, renderOutputs, type RenderedOutput } from '../../cli/outputs.js';
import type { AuditProgressView } from '../store/store.js';

export type { RenderedOutput };

/** Every output of every format: the server renders them once, when the audit finishes. */
export const SERVER_FORMATS = FORMATS;

export interface AuditJob {
  path: string;
  format: FileFormat;
  policy: Policy;
  signal?: AbortSignal;
  onProgress?: (p: AuditProgressView) => void;
}

const STEPS: Record<string, [string, string | null]> = {
  'checking the data contract': ['ingest', null],
  'building the candidates table': ['ingest', null],
  'scanning for group disparity': ['scan', 'disparity'],
  'scanning for criterion validity': ['scan', 'validity'],
  'scanning for reliability and stability': ['scan', 'reliability'],
  'scanning for automated rejections': ['scan', 'automation'],
  'scanning for similar-to-me bias': ['scan', 'similarity'],
  'judging requirements': ['judge', null],
};
const ORDER = Object.keys(STEPS);

export async function auditFile(job: AuditJob): Promise<AuditResult> {
  return runAudit({
    source: { kind: 'file', path: job.path, format: job.format },
    policy: job.policy,
    progress: (message) => {
      const [phase, family] = STEPS[message] ?? ['ingest', null];
      job.onProgress?.({ phase, family, fraction: Math.max(0, ORDER.indexOf(message)) / ORDER.length });
    },
  });
}

export async function renderAll(result: AuditResult): Promise<RenderedOutput[]> {
  return renderOutputs(result, SERVER_FORMATS);
}
