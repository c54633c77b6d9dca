import { z } from 'zod';
import { AUDIT_STATUSES, RAW_AFTER_AUDIT, ROLES } from './store/store.js';

/** Request and response schemas of the API; the OpenAPI document is generated from these. */

export const IdParams = z.object({ id: z.string().min(1).max(64) });

export const PageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50).describe('items per page (1-200)'),
  cursor: z.string().max(200).optional().describe('the `next` of the previous page'),
});

export const page = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), next: z.string().nullable().describe('cursor of the next page; null on the last') });

export const Created = z.object({ id: z.string(), links: z.record(z.string(), z.string()) });

export const Dataset = z.object({
  id: z.string(),
  name: z.string().describe("the client's file name, made safe; the AuditResult's dataset.source"),
  format: z.enum(['csv', 'tsv', 'parquet', 'json', 'ndjson']),
  size: z.number().int().describe('bytes'),
  sha256: z.string().describe('sha256 of the bytes as received, e.g. "sha256:…"; the AuditResult carries the same'),
  rows: z.number().int().optional(),
  columns: z.array(z.string()).describe('column names (no values)'),
  specialCategory: z.array(z.string()).describe('columns that look like GDPR art. 9 data: the raw upload goes after the audit'),
  createdAt: z.string(),
  rawData: z.object({
    status: z.enum(['kept', 'deleted']),
    deleteBy: z.string().nullable(),
    deletedAt: z.string().nullable(),
    reason: z.string().nullable(),
  }),
});
export type Dataset = z.infer<typeof Dataset>;

export const AuditRequest = z
  .strictObject({
    dataset: z.string().min(1).describe('id of an uploaded dataset'),
    policy: z
      .union([z.record(z.string(), z.unknown()), z.string().min(1)])
      .optional()
      .describe("the policy as a policy file would hold it (JSON object), or the id of a stored policy; default: the defaults"),
  })
  .describe('Start an audit of a dataset under a policy');

const Progress = z.object({
  phase: z.string().describe('ingest, scan, finalize, judge, assemble'),
  family: z.string().nullable().describe('the metric family being worked on'),
  fraction: z.number().min(0).max(1),
});

const Retention = z.object({
  rawData: z.object({
    status: z.enum(['kept', 'deleted']),
    until: z.string().nullable().describe('kept at the latest until then'),
    deletedAt: z.string().nullable(),
    reason: z.string().nullable(),
    afterAudit: z.boolean().describe('deleted as soon as its audits are done'),
  }),
  result: z.object({ status: z.literal('kept'), until: z.null(), note: z.string() }),
});

export const Audit = z.object({
  id: z.string(),
  dataset: z.string(),
  status: z.enum(AUDIT_STATUSES),
  progress: Progress.nullable(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  timings: z.object({ queuedMs: z.number().nullable(), runMs: z.number().nullable() }),
  attempts: z.number().int().describe('more than 1: resumed after a restart'),
  error: z.looseObject({ code: z.string(), title: z.string(), detail: z.string(), issues: z.array(z.unknown()).optional() }).nullable(),
  policy: z.record(z.string(), z.unknown()).describe('the policy as applied (defaults and audit date filled in)'),
  outputs: z.record(z.string(), z.string()).nullable().describe('output name -> URL, when done'),
  retention: Retention,
});
export type Audit = z.infer<typeof Audit>;

export const PolicyRequest = z.strictObject({ policy: z.record(z.string(), z.unknown()).describe('the policy as a policy file would hold it') });
export const StoredPolicy = z.object({ id: z.string(), createdAt: z.string(), policy: z.record(z.string(), z.unknown()) });

export const TenantView = z.object({
  id: z.string(),
  retentionDays: z.number().int(),
  deleteRawAfterAudit: z.enum(RAW_AFTER_AUDIT),
  role: z.enum(ROLES).describe("the calling key's role"),
});
export const TenantPatch = z.strictObject({
  retentionDays: z.number().int().min(1).max(3650).optional(),
  deleteRawAfterAudit: z.enum(RAW_AFTER_AUDIT).optional(),
});

export const AccessEntry = z.object({
  seq: z.number().int(),
  at: z.string(),
  keyId: z.string().nullable(),
  action: z.string(),
  resource: z.string(),
  resourceId: z.string().nullable(),
  datasetId: z.string().nullable().describe('the dataset concerned (the audited one, for audit actions)'),
  status: z.number().int(),
});

export const SigningKeyView = z.object({
  algorithm: z.literal('Ed25519'),
  keyId: z.string(),
  publicKeyPem: z.string(),
});
