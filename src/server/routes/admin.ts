import { access, constants } from 'node:fs/promises';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { parsePolicy } from '../../audit/contract/policy.js';
import { newId } from '../context.js';
import { auth } from '../plugins/auth.js';
import { notFound, Problem } from '../problem.js';
import { AccessEntry, Created, IdParams, page, PageQuery, PolicyRequest, SigningKeyView, StoredPolicy, TenantPatch, TenantView } from '../schemas.js';
import { decodePage } from './paging.js';

/** Stored policies, the tenant's settings, the access log, the signing key and health. */
export async function adminRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { store, runner, paths, signing } = app.hireaudit;

  r.post(
    '/v1/policies',
    { config: { action: 'policy.create', minRole: 'auditor' }, schema: { summary: 'Store a policy', tags: ['policies'], body: PolicyRequest, response: { 201: Created, 400: Problem, 401: Problem, 403: Problem, 422: Problem } } },
    async (request, reply) => {
      const { tenant } = auth(request);
      const policy = parsePolicy(request.body.policy, 'the request\'s "policy"');
      const id = newId('po');
      await store.ensureTenant(tenant);
      await store.insertPolicy({ id, tenant, policy, createdAt: new Date().toISOString() });
      reply.header('location', `/v1/policies/${id}`);
      return reply.status(201).send({ id, links: { self: `/v1/policies/${id}` } });
    },
  );

  const policyView = (p: { id: string; createdAt: string; policy: unknown }) => ({ id: p.id, createdAt: p.createdAt, policy: p.policy as Record<string, unknown> });

  r.get(
    '/v1/policies',
    { config: { action: 'policy.list' }, schema: { summary: 'List stored policies', tags: ['policies'], querystring: PageQuery, response: { 200: page(StoredPolicy), 400: Problem, 401: Problem } } },
    async (request) => {
      const p = await store.listPolicies(auth(request).tenant, decodePage(request.query));
      return { items: p.items.map(policyView), next: p.next };
    },
  );

  r.get(
    '/v1/policies/:id',
    { config: { action: 'policy.get' }, schema: { summary: 'A stored policy', tags: ['policies'], params: IdParams, response: { 200: StoredPolicy, 401: Problem, 404: Problem } } },
    async (request) => {
      const p = await store.getPolicy(auth(request).tenant, request.params.id);
      if (!p) throw notFound('policy', request.params.id);
      return policyView(p);
    },
  );

  r.get(
    '/v1/tenant',
    { config: { action: 'tenant.get' }, schema: { summary: "The caller's tenant and its retention rules", tags: ['tenant'], response: { 200: TenantView, 401: Problem } } },
    async (request) => {
      const a = auth(request);
      const t = (await store.getTenant(a.tenant)) ?? (await store.ensureTenant(a.tenant));
      return { id: t.id, retentionDays: t.retentionDays, deleteRawAfterAudit: t.deleteRawAfterAudit, role: a.role };
    },
  );

  r.patch(
    '/v1/tenant',
    {
      config: { action: 'tenant.update', minRole: 'admin' },
      schema: { summary: 'Set the retention of raw uploads (admin)', tags: ['tenant'], body: TenantPatch, response: { 200: TenantView, 400: Problem, 401: Problem, 403: Problem } },
    },
    async (request) => {
      const a = auth(request);
      await store.ensureTenant(a.tenant);
      const patch: Parameters<typeof store.updateTenant>[1] = {};
      if (request.body.retentionDays !== undefined) patch.retentionDays = request.body.retentionDays;
      if (request.body.deleteRawAfterAudit !== undefined) patch.deleteRawAfterAudit = request.body.deleteRawAfterAudit;
      const t = await store.updateTenant(a.tenant, patch);
      return { id: t.id, retentionDays: t.retentionDays, deleteRawAfterAudit: t.deleteRawAfterAudit, role: a.role };
    },
  );

  r.get(
    '/v1/access-log',
    {
      config: { action: 'access-log.read', minRole: 'admin' },
      schema: { summary: "The tenant's append-only access log, newest first (admin)", tags: ['tenant'], querystring: PageQuery, response: { 200: page(AccessEntry), 400: Problem, 401: Problem, 403: Problem } },
    },
    async (request) => {
      const p = await store.listAccess(auth(request).tenant, decodePage(request.query));
      return { items: p.items.map(({ tenant: _t, ...e }) => e), next: p.next };
    },
  );

  r.get(
    '/v1/signing-key',
    { config: { public: true }, schema: { summary: "The server's public key: every result is signed with it (Ed25519)", tags: ['signing'], security: [], response: { 200: SigningKeyView } } },
    async () => ({ algorithm: 'Ed25519' as const, keyId: signing.keyId, publicKeyPem: signing.publicKeyPem }),
  );

  r.get('/v1/signing-key.pem', { config: { public: true }, schema: { hide: true } }, async (_request, reply) => reply.type('application/x-pem-file').send(signing.publicKeyPem));

  r.get('/healthz', { config: { public: true, alwaysAnswer: true }, schema: { summary: 'Liveness', tags: ['health'], security: [], response: { 200: z.object({ status: z.literal('ok') }) } } }, async () => ({ status: 'ok' as const }));

  r.get(
    '/readyz',
    {
      config: { public: true },
      schema: { summary: 'Readiness: store reachable, data folder writable, job runner up', tags: ['health'], security: [], response: { 200: z.object({ status: z.literal('ready'), runningAudits: z.number() }), 503: Problem } },
    },
    async (_request, reply) => {
      const problems: string[] = [];
      await store.ping().catch(() => problems.push('the store does not answer'));
      await access(paths.root, constants.W_OK).catch(() => problems.push('the data folder is not writable'));
      if (runner.stopped) problems.push('the server is shutting down');
      if (problems.length > 0) return reply.status(503).type('application/problem+json').send({ type: 'urn:hireaudit:problem:ha_err_not_ready', title: 'Service unavailable', status: 503, code: 'HA_ERR_NOT_READY', detail: problems.join('; ') });
      return { status: 'ready' as const, runningAudits: runner.active };
    },
  );
}
