import type { Language, Policy } from '../../audit/contract/policy.js';
import type { FileFormat } from '../../audit/ingest/source.js';
import type { AuditProgressView } from '../store/store.js';

/** Messages between the server and a job's child process (one job per child). */
export type JobRequest =
  | { kind: 'audit'; auditId: string; path: string; name: string; format: FileFormat; policy: Policy; outDir: string; privateKeyPem: string; engine?: string }
  | { kind: 'check'; path: string; name: string; format: FileFormat; policy: Policy }
  /** A finished audit's outputs re-worded into another language: read `resultFile`, write the folder `outDir` (by way of `tempDir`). */
  | { kind: 'render'; resultFile: string; lang: Language; outDir: string; tempDir: string };

export interface JobFailure {
  code: string;
  message: string;
  /** ContractIssue[] for HA_ERR_CONTRACT, policy problems for HA_ERR_POLICY. */
  issues?: unknown[];
}

export interface CheckOutcome {
  /** The file's column names (no values). */
  columns: string[];
  rows: number;
}

export type JobReply =
  | { type: 'progress'; progress: AuditProgressView }
  | { type: 'done'; outputs: Record<string, string> }
  | { type: 'checked'; outcome: CheckOutcome }
  | { type: 'error'; error: JobFailure };

/** The manifest written last into a result folder: the files and their sha256 (the ETags). */
export const MANIFEST = 'manifest.json';
