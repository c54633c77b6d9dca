import { rm } from 'node:fs/promises';
import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { type Policy, parsePolicy } from '../../audit/contract/policy.js';
import { ContractError, type ContractIssue, PolicyError } from '../../audit/errors.js';
import type { FileFormat } from '../../audit/ingest/source.js';
import { auth } from '../plugins/auth.js';
import { newId } from '../context.js';
import { runInChild } from '../jobs/child.js';
import { HttpProblem, notFound, Problem } from '../problem.js';
import { deleteByFor, specialCategoryColumns } from '../retention.js';
import { Created, Dataset, IdParams, page, PageQuery, uploadRequestBody } from '../schemas.js';
import { renameDurable } from '../store/durable-fs.js';
import type { DatasetRecord } from '../store/store.js';
import { formatOfName, OCTET_STREAM, type Received, receive, safeName, tooLarge, UPLOAD_TYPES } from '../upload.js';
import { decodePage } from './paging.js';

function datasetView(d: DatasetRecord): Dataset {
  return {
    id: d.id,
    name: d.name,
    format: d.format,
    size: d.size,
    sha256: d.sha256,
    columns: d.columns,
    specialCategory: d.specialCategory,
    createdAt: d.createdAt,
    rawData: { status: d.rawDeletedAt === null ? 'kept' : 'deleted', deleteBy: d.rawDeletedAt === null ? d.deleteBy : null, deletedAt: d.rawDeletedAt, reason: d.rawDeletedReason },
  };
}

/** A policy sent beside an upload (multipart field "policy"): JSON or YAML text. */
function policyFromText(text: string): Policy {
  let value: unknown;
  try {
    value = parseYaml(text); // YAML is a superset of JSON
  } catch (e) {
    throw new PolicyError('the "policy" field', [`not JSON or YAML: ${(e as Error).message}`]);
  }
  return parsePolicy(value, 'the "policy" field');
}

interface Incoming {
  received: Received;
  format: FileFormat;
  name: string;
  policy: Policy;
}

const UploadQuery = z.object({
  name: z.string().max(255).optional().describe('file name of a raw-body upload (else from Content-Disposition); kept, made safe, as the AuditResult\'s dataset.source; with application/octet-stream its extension names the format'),
  policy: z.string().max(64).optional().describe('id of a stored policy (POST /v1/policies) to check the upload against (column mapping, protected attributes); a multipart "policy" field takes its place'),
});

export async function datasetRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { store, paths, runner } = app.hireaudit;
  const maxBytes = app.hireaudit.maxUploadBytes;

  // Uploads stream to disk: the raw body is never buffered, so fastify's JSON parser must not see it.
  app.removeContentTypeParser(['application/json', 'text/plain']);
  app.addContentTypeParser([...Object.keys(UPLOAD_TYPES), OCTET_STREAM], (_request, _payload, done) => done(null));
  await app.register(multipart, { limits: { fileSize: maxBytes, files: 1, fields: 4, fieldSize: 1 << 20, parts: 6 } });

  const storedPolicy = async (tenant: string, id: string | undefined): Promise<Policy> => {
    if (id === undefined) return parsePolicy({});
    const p = await store.getPolicy(tenant, id);
    if (!p) throw notFound('policy', id);
    return p.policy;
  };

  async function fromRaw(request: FastifyRequest, query: z.infer<typeof UploadQuery>): Promise<Incoming> {
    const type = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    const disposition = /filename="?([^";]+)"?/i.exec(request.headers['content-disposition'] ?? '')?.[1];
    const given = query.name ?? disposition;
    const format = type === OCTET_STREAM ? (given === undefined ? undefined : formatOfName(given)) : UPLOAD_TYPES[type];
    if (!format && type === OCTET_STREAM) {
      throw new HttpProblem(415, 'HA_ERR_MEDIA_TYPE', `an ${OCTET_STREAM} upload needs a file name with the format's extension (.csv, .tsv, .parquet, .json, .ndjson) in ?name= or Content-Disposition${given === undefined ? '' : `, got "${given.slice(0, 100)}"`}; or send the format's own Content-Type`);
    }
    if (!format) throw new HttpProblem(415, 'HA_ERR_MEDIA_TYPE', `uploads are ${Object.keys(UPLOAD_TYPES).join(', ')}, ${OCTET_STREAM} (with a file name) or multipart/form-data, not "${type}"`);
    const policy = await storedPolicy(auth(request).tenant, query.policy);
    const received = await receive(request.raw, paths.uploads, maxBytes);
    return { received, format, name: safeName(given, format), policy };
  }

  async function fromMultipart(request: FastifyRequest, query: z.infer<typeof UploadQuery>): Promise<Incoming> {
    let received: Received | undefined;
    let format: FileFormat | undefined;
    let name: string | undefined;
    let policyText: string | undefined;
    try {
      for await (const part of request.parts()) {
        if (part.type === 'field') {
          if (part.fieldname === 'policy') policyText = String(part.value);
          continue;
        }
        if (part.fieldname !== 'file' || received) {
          part.file.resume();
          throw new HttpProblem(400, 'HA_ERR_REQUEST', `send one file, in the field "file" (got field "${part.fieldname}")`);
        }
        format = formatOfName(part.filename) ?? UPLOAD_TYPES[part.mimetype];
        if (!format) {
          part.file.resume();
          throw new HttpProblem(415, 'HA_ERR_MEDIA_TYPE', `cannot tell the format of "${part.filename}" (${part.mimetype}): use a .csv, .tsv, .parquet, .json or .ndjson name`);
        }
        name = safeName(part.filename, format);
        received = await receive(part.file, paths.uploads, maxBytes, () => part.file.truncated);
      }
    } catch (e) {
      if (received) await rm(received.path, { force: true });
      if ((e as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw tooLarge(maxBytes);
      throw e;
    }
    if (!received || !format || !name) throw new HttpProblem(400, 'HA_ERR_REQUEST', 'the form has no file: send it in the field "file"');
    try {
      const policy = policyText !== undefined ? policyFromText(policyText) : await storedPolicy(auth(request).tenant, query.policy);
      return { received, format, name, policy };
    } catch (e) {
      await rm(received.path, { force: true });
      throw e;
    }
  }

  /**
   * 1. Stream the upload to a temporary file, hashing and counting (size limit).
   * 2. Contract check in a child process: everything the CLI would refuse, every problem listed.
   * 3. Rename into place (fsync'd), then record it: only then the 201.
   */
  r.post(
    '/v1/datasets',
    {
      config: { action: 'dataset.upload', minRole: 'auditor' },
      schema: {
        summary: 'Upload a dataset',
        description:
          'A raw body in the format\'s Content-Type (or application/octet-stream with the format in the file name), or multipart/form-data with the file in the field "file" and an optional policy in the field "policy". The upload is hashed while it streams, checked against the data contract (with the policy\'s column mapping) with every problem listed (422), and stored durably before the 201.',
        tags: ['datasets'],
        querystring: UploadQuery,
        'x-request-body': uploadRequestBody(),
        response: { 201: Created, 400: Problem, 401: Problem, 403: Problem, 413: Problem, 415: Problem, 422: Problem, 507: Problem },
      },
    },
    async (request, reply) => {
      const { tenant } = auth(request);
      const declared = Number(request.headers['content-length'] ?? 0);
      if (declared > maxBytes + (request.isMultipart() ? 1 << 20 : 0)) throw tooLarge(maxBytes);
      const incoming = request.isMultipart() ? await fromMultipart(request, request.query) : await fromRaw(request, request.query);
      const { received } = incoming;
      let kept = false;
      try {
        const outcome = await runInChild({ kind: 'check', path: received.path, name: incoming.name, format: incoming.format, policy: incoming.policy }).done;
        if (outcome.type === 'error') {
          const e = outcome.error;
          if (e.code === 'HA_ERR_CONTRACT') throw new ContractError((e.issues ?? []) as ContractIssue[]);
          if (e.code === 'HA_ERR_POLICY') throw new PolicyError('policy', (e.issues ?? []) as string[]);
          if (e.code === 'HA_ERR_FILE' || e.code === 'HA_ERR_USAGE') throw new HttpProblem(422, e.code, e.message);
          throw new Error(`contract check failed: ${e.code}`);
        }
        if (outcome.type !== 'checked') throw new Error('contract check gave no answer');
        const id = newId('ds');
        request.accessDataset = id;
        const tenantRecord = await store.ensureTenant(tenant);
        await renameDurable(received.path, paths.datasetFile(id, incoming.name));
        kept = true;
        const createdAt = new Date().toISOString();
        const columns = outcome.outcome.columns;
        await store.insertDataset({
          id,
          tenant,
          name: incoming.name,
          format: incoming.format,
          size: received.size,
          sha256: received.sha256,
          columns,
          specialCategory: specialCategoryColumns([...columns, ...incoming.policy.protected]),
          createdAt,
          deleteBy: deleteByFor(createdAt, tenantRecord),
          rawDeletedAt: null,
          rawDeletedReason: null,
        });
        reply.header('location', `/v1/datasets/${id}`);
        return reply.status(201).send({ id, links: { self: `/v1/datasets/${id}`, audits: `/v1/audits?dataset=${id}` } });
      } finally {
        if (!kept) await rm(received.path, { force: true });
        runner.notify();
      }
    },
  );

  r.get(
    '/v1/datasets',
    { config: { action: 'dataset.list' }, schema: { summary: 'List datasets', tags: ['datasets'], querystring: PageQuery, response: { 200: page(Dataset), 400: Problem, 401: Problem } } },
    async (request) => {
      const p = await store.listDatasets(auth(request).tenant, decodePage(request.query));
      return { items: p.items.map(datasetView), next: p.next };
    },
  );

  r.get(
    '/v1/datasets/:id',
    { config: { action: 'dataset.get' }, schema: { summary: 'A dataset', tags: ['datasets'], params: IdParams, response: { 200: Dataset, 401: Problem, 404: Problem } } },
    async (request) => {
      const d = await store.getDataset(auth(request).tenant, request.params.id);
      if (!d) throw notFound('dataset', request.params.id);
      request.accessDataset = d.id;
      return datasetView(d);
    },
  );

  r.delete(
    '/v1/datasets/:id',
    {
      config: { action: 'dataset.delete', minRole: 'auditor' },
      schema: { summary: 'Delete a dataset now (its open audits are cancelled; results are kept)', tags: ['datasets'], params: IdParams, response: { 204: z.null(), 401: Problem, 403: Problem, 404: Problem } },
    },
    async (request, reply) => {
      const { tenant } = auth(request);
      const d = await store.getDataset(tenant, request.params.id);
      if (!d) throw notFound('dataset', request.params.id);
      request.accessDataset = d.id;
      let cursor: string | undefined;
      do {
        const audits = await store.listAudits(tenant, { limit: 200, cursor }, d.id);
        for (const a of audits.items) if (a.status === 'queued' || a.status === 'running') await runner.cancel(a.id);
        cursor = audits.next ?? undefined;
      } while (cursor !== undefined);
      await rm(paths.datasetDir(d.id), { recursive: true, force: true });
      await store.deleteDataset(tenant, d.id);
      return reply.status(204).send(null);
    },
  );
}
