import { z } from 'zod';
import { Language } from '../audit/contract/policy.js';
import type { FileFormat } from '../audit/ingest/source.js';
import { AUDIT_STATUSES, RAW_AFTER_AUDIT, ROLES } from './store/store.js';
import { OCTET_STREAM, UPLOAD_TYPES } from './upload.js';

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
  language: Language.describe("the language the outputs were written in (the policy's); ?lang= on an output re-words it into another"),
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

/**
 * A request body the API documents but does not validate with a schema: a streamed upload,
 * whose bytes go to disk as they come. A route sets it as `schema['x-request-body']`; app.ts
 * moves it to the operation's requestBody in the OpenAPI document.
 */
export interface DocumentedBody {
  description: string;
  required: boolean;
  content: Record<string, { schema: Record<string, unknown>; encoding?: Record<string, { contentType: string }> }>;
}

/** The JSON Schema (2020-12, as OpenAPI 3.1 uses) of a zod schema, without its $schema line. */
function jsonSchemaOf(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _, ...rest } = z.toJSONSchema(schema, { target: 'draft-2020-12', io: 'input' }) as Record<string, unknown>;
  return rest;
}

/** What each format's raw body holds. */
const FORMAT_TEXT: Record<FileFormat, string> = {
  csv: 'CSV with a header row (RFC 4180, comma-separated, UTF-8), one row per candidate per stage',
  tsv: 'tab-separated values with a header row (UTF-8)',
  parquet: 'an Apache Parquet file (binary)',
  json: 'a JSON array of row objects (column name -> value)',
  ndjson: 'newline-delimited JSON: one row object per line',
};
const BINARY: ReadonlySet<FileFormat> = new Set(['parquet']);
const JSON_ROWS = z.array(z.record(z.string(), z.unknown())).describe(FORMAT_TEXT.json);

const UploadForm = z
  .object({
    file: z
      .string()
      .meta({ contentMediaType: 'application/octet-stream' })
      .describe('the dataset file, exactly one; its format from the file name (.csv, .tsv/.tab, .parquet, .json, .ndjson/.jsonl), else from the part\'s Content-Type'),
    policy: z
      .string()
      .optional()
      .describe('the policy to check the upload against (column mapping, protected attributes), as a policy file holds it: JSON or YAML text; instead of ?policy='),
  })
  .describe('the file in the field "file" (one file only), an optional policy in the field "policy"; other fields are ignored');

/**
 * POST /v1/datasets: a raw body in one of the upload content types (application/octet-stream
 * with the format told by the file name), or a multipart form.
 */
export function uploadRequestBody(): DocumentedBody {
  const content: DocumentedBody['content'] = {};
  for (const [type, format] of Object.entries(UPLOAD_TYPES)) {
    content[type] = { schema: format === 'json' ? jsonSchemaOf(JSON_ROWS) : BINARY.has(format) ? { description: FORMAT_TEXT[format] } : { type: 'string', description: FORMAT_TEXT[format] } };
  }
  content[OCTET_STREAM] = { schema: { description: 'any of the formats above, told by the extension of ?name= or of the Content-Disposition file name (e.g. "pilot.parquet")' } };
  content['multipart/form-data'] = {
    schema: jsonSchemaOf(UploadForm),
    encoding: { file: { contentType: [...Object.keys(UPLOAD_TYPES), OCTET_STREAM].join(', ') }, policy: { contentType: 'application/json, application/yaml, text/plain' } },
  };
  return {
    description:
      'The dataset, streamed: hashed (sha256) and counted as it arrives, cut off with 413 past the server\'s size limit (default 1 GiB, hireaudit serve --max-upload-mb), checked against the data contract, and stored durably before the 201. Raw body: the Content-Type names the format; the file name comes from ?name= or Content-Disposition. Or multipart/form-data with the file in the field "file".',
    required: true,
    content,
  };
}
