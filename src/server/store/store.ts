import type { Policy } from '../../audit/contract/policy.js';
import type { FileFormat } from '../../audit/ingest/source.js';

/**
 * What the server keeps, behind one interface: tenants, API keys, datasets (metadata; the bytes
 * live in files beside the store), stored policies, audit jobs and the append-only access log.
 * The embedded implementation is SQLite (sqlite-store.ts); every method is async so a networked
 * implementation (PostgreSQL) fits the same interface.
 */

export const ROLES = ['admin', 'auditor', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export const AUDIT_STATUSES = ['queued', 'running', 'done', 'failed', 'cancelled'] as const;
export type AuditStatus = (typeof AUDIT_STATUSES)[number];

/** When a tenant's raw uploads are deleted (results and aggregates are always kept). */
export const RAW_AFTER_AUDIT = ['special', 'always', 'never'] as const;
export type RawAfterAudit = (typeof RAW_AFTER_AUDIT)[number];

export interface Tenant {
  id: string;
  createdAt: string;
  /** Raw uploads are deleted this many days after upload at the latest. */
  retentionDays: number;
  /** Delete the raw upload once an audit of it is done: when it has special-category columns (default), always, or never. */
  deleteRawAfterAudit: RawAfterAudit;
}

export interface ApiKeyRecord {
  id: string;
  tenant: string;
  role: Role;
  label: string | null;
  salt: Buffer;
  hash: Buffer;
  createdAt: string;
  revokedAt: string | null;
}

export type ApiKeyInfo = Omit<ApiKeyRecord, 'salt' | 'hash'>;

export interface DatasetRecord {
  id: string;
  tenant: string;
  /** The client's file name, made safe for a path (the AuditResult's dataset.source). */
  name: string;
  format: FileFormat;
  size: number;
  sha256: string;
  /** Column names as read (no values). */
  columns: string[];
  /** Special-category columns found (ethnicity, health …): their raw data is deleted after the audit. */
  specialCategory: string[];
  createdAt: string;
  /** Raw upload deleted at the latest on this date (ISO). */
  deleteBy: string;
  rawDeletedAt: string | null;
  rawDeletedReason: string | null;
}

export interface PolicyRecord {
  id: string;
  tenant: string;
  policy: Policy;
  createdAt: string;
}

export interface AuditProgressView {
  phase: string;
  family: string | null;
  /** 0 to 1 over the whole audit. */
  fraction: number;
}

export interface AuditRecord {
  id: string;
  tenant: string;
  datasetId: string;
  /** The policy as applied: defaults filled in, auditDate fixed at submission so a re-run is identical. */
  policy: Policy;
  status: AuditStatus;
  progress: AuditProgressView | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  /** How often the job was started (more than 1: resumed after a crash or restart). */
  attempts: number;
  error: { code: string; title: string; detail: string; issues?: unknown[] } | null;
  /** Output files (name -> sha256), set when done. */
  outputs: Record<string, string> | null;
}

export interface AccessLogEntry {
  seq: number;
  at: string;
  tenant: string;
  keyId: string | null;
  action: string;
  resource: string;
  resourceId: string | null;
  /** The dataset the action concerned (the audited one, for audit actions). */
  datasetId: string | null;
  status: number;
}

export interface Page<T> {
  items: T[];
  next: string | null;
}

export interface PageQuery {
  limit: number;
  cursor?: string | undefined;
}

export interface Store {
  /**
   * True when several server instances share this store (and a data folder on shared storage):
   * start-up then re-queues only jobs whose instance stopped beating, and sweeps only old leftovers.
   */
  readonly shared: boolean;
  // tenants
  ensureTenant(id: string): Promise<Tenant>;
  getTenant(id: string): Promise<Tenant | null>;
  updateTenant(id: string, patch: Partial<Pick<Tenant, 'retentionDays' | 'deleteRawAfterAudit'>>): Promise<Tenant>;
  // keys
  insertKey(key: ApiKeyRecord): Promise<void>;
  getKey(id: string): Promise<ApiKeyRecord | null>;
  listKeys(tenant?: string): Promise<ApiKeyInfo[]>;
  revokeKey(id: string, at: string): Promise<boolean>;
  // datasets
  insertDataset(d: DatasetRecord): Promise<void>;
  getDataset(tenant: string, id: string): Promise<DatasetRecord | null>;
  listDatasets(tenant: string, page: PageQuery): Promise<Page<DatasetRecord>>;
  deleteDataset(tenant: string, id: string): Promise<boolean>;
  markRawDeleted(id: string, at: string, reason: string): Promise<void>;
  /** Datasets whose raw upload is still there and due for deletion at `now`. */
  rawDue(now: string): Promise<DatasetRecord[]>;
  allDatasetIds(): Promise<Set<string>>;
  // policies
  insertPolicy(p: PolicyRecord): Promise<void>;
  getPolicy(tenant: string, id: string): Promise<PolicyRecord | null>;
  listPolicies(tenant: string, page: PageQuery): Promise<Page<PolicyRecord>>;
  // audits
  insertAudit(a: AuditRecord): Promise<void>;
  getAudit(tenant: string, id: string): Promise<AuditRecord | null>;
  /** By id alone: for the job runner, never for a request. */
  getAuditById(id: string): Promise<AuditRecord | null>;
  listAudits(tenant: string, page: PageQuery, datasetId?: string): Promise<Page<AuditRecord>>;
  deleteAudit(tenant: string, id: string): Promise<boolean>;
  /** Claims the oldest queued audit for this instance (status -> running, attempts + 1), once across instances; null when none is queued. */
  claimNextAudit(now: string, instance: string): Promise<AuditRecord | null>;
  /** This instance's running audits are alive at `now`. */
  heartbeat(instance: string, now: string): Promise<void>;
  /** Running audits whose instance has not beaten since `before` back to queued (it died). */
  requeueStale(before: string): Promise<number>;
  setProgress(id: string, progress: AuditProgressView): Promise<void>;
  /** Moves an audit to a final state, only from queued or running (a cancelled audit stays cancelled). */
  finishAudit(id: string, status: 'done' | 'failed' | 'cancelled', at: string, extra: { error?: AuditRecord['error']; outputs?: Record<string, string> }): Promise<boolean>;
  /** Running audits back to queued (start-up after a crash, or shutdown past the grace period). */
  requeueRunning(ids?: readonly string[]): Promise<number>;
  /** Open audits (queued or running) of a dataset. */
  openAuditsOf(datasetId: string): Promise<number>;
  allAuditIds(): Promise<Set<string>>;
  // access log (append-only)
  logAccess(e: Omit<AccessLogEntry, 'seq'>): Promise<void>;
  listAccess(tenant: string, page: PageQuery): Promise<Page<AccessLogEntry>>;
  ping(): Promise<void>;
  close(): Promise<void>;
}
