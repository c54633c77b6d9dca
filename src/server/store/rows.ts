import type { Policy } from '../../audit/contract/policy.js';
import type { FileFormat } from '../../audit/ingest/source.js';
import type { AccessLogEntry, ApiKeyRecord, AuditProgressView, AuditRecord, AuditStatus, DatasetRecord, PolicyRecord, RawAfterAudit, Role, Tenant } from './store.js';

/** A database row, column name -> value. */
export type Row = Record<string, unknown>;

const orNull = <T>(v: unknown): T | null => (v === null || v === undefined ? null : (v as T));

/**
 * Rows to records, shared by the SQLite and PostgreSQL stores. `decode` reads a JSON column
 * (text in SQLite, already parsed jsonb in PostgreSQL). Policies are text in both: jsonb would
 * reorder their keys, and the policy is part of an audit's input.
 */
export function rowMappers(decode: (v: unknown) => unknown) {
  const json = <T>(v: unknown): T | null => (v === null || v === undefined ? null : (decode(v) as T));
  return {
    tenant: (r: Row): Tenant => ({ id: String(r['id']), createdAt: String(r['created_at']), retentionDays: Number(r['retention_days']), deleteRawAfterAudit: r['delete_raw_after_audit'] as RawAfterAudit }),
    key: (r: Row): ApiKeyRecord => ({
      id: String(r['id']),
      tenant: String(r['tenant']),
      role: r['role'] as Role,
      label: orNull<string>(r['label']),
      salt: Buffer.from(r['salt'] as Uint8Array),
      hash: Buffer.from(r['hash'] as Uint8Array),
      createdAt: String(r['created_at']),
      revokedAt: orNull<string>(r['revoked_at']),
    }),
    dataset: (r: Row): DatasetRecord => ({
      id: String(r['id']),
      tenant: String(r['tenant']),
      name: String(r['name']),
      format: r['format'] as FileFormat,
      size: Number(r['size']),
      sha256: String(r['sha256']),
      columns: json<string[]>(r['columns']) ?? [],
      specialCategory: json<string[]>(r['special_category']) ?? [],
      createdAt: String(r['created_at']),
      deleteBy: String(r['delete_by']),
      rawDeletedAt: orNull<string>(r['raw_deleted_at']),
      rawDeletedReason: orNull<string>(r['raw_deleted_reason']),
    }),
    audit: (r: Row): AuditRecord => ({
      id: String(r['id']),
      tenant: String(r['tenant']),
      datasetId: String(r['dataset_id']),
      policy: JSON.parse(String(r['policy'])) as Policy,
      status: r['status'] as AuditStatus,
      progress: json<AuditProgressView>(r['progress']),
      createdAt: String(r['created_at']),
      startedAt: orNull<string>(r['started_at']),
      finishedAt: orNull<string>(r['finished_at']),
      attempts: Number(r['attempts']),
      error: json<AuditRecord['error']>(r['error']),
      outputs: json<Record<string, string>>(r['outputs']),
    }),
    policy: (r: Row): PolicyRecord => ({ id: String(r['id']), tenant: String(r['tenant']), policy: JSON.parse(String(r['policy'])) as Policy, createdAt: String(r['created_at']) }),
    access: (r: Row): AccessLogEntry => ({
      seq: Number(r['seq']),
      at: String(r['at']),
      tenant: String(r['tenant']),
      keyId: orNull<string>(r['key_id']),
      action: String(r['action']),
      resource: String(r['resource']),
      resourceId: orNull<string>(r['resource_id']),
      datasetId: orNull<string>(r['dataset_id']),
      status: Number(r['status']),
    }),
  };
}
