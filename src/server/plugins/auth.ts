import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { roleAllows } from '../context.js';
import { checkKey } from '../keys.js';
import { HttpProblem } from '../problem.js';

const BEARER = { 'www-authenticate': 'Bearer realm="hireaudit"' };

/**
 * Every /v1 route needs `Authorization: Bearer <key>` unless it is marked public; the key fixes
 * the tenant (every query is scoped to it) and the role (viewer reads, auditor also uploads,
 * audits and deletes, admin also sets retention and reads the access log).
 */
export function registerAuth(app: FastifyInstance): void {
  app.decorateRequest('auth', null);
  app.decorateRequest('accessDataset', null);
  app.addHook('onRequest', async (request: FastifyRequest) => {
    const config = request.routeOptions.config;
    if (config.public || !request.url.startsWith('/v1/')) return;
    const header = request.headers.authorization;
    if (header === undefined) throw new HttpProblem(401, 'HA_ERR_AUTH', 'this route needs an API key: send "Authorization: Bearer <key>"', { headers: BEARER });
    const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!m) throw new HttpProblem(401, 'HA_ERR_AUTH', 'the Authorization header must be "Bearer <key>"', { headers: BEARER });
    const check = await checkKey(app.hireaudit.store, m[1]!);
    if (!check.ok) {
      const detail = check.reason === 'revoked' ? 'this API key was revoked' : 'this API key is not valid';
      throw new HttpProblem(401, check.reason === 'revoked' ? 'HA_ERR_KEY_REVOKED' : 'HA_ERR_AUTH', detail, { headers: BEARER });
    }
    request.auth = { tenant: check.key.tenant, role: check.key.role, keyId: check.key.id };
    const min = config.minRole ?? 'viewer';
    if (!roleAllows(check.key.role, min)) throw new HttpProblem(403, 'HA_ERR_FORBIDDEN', `a ${check.key.role} key cannot do this; it needs the ${min} role or higher`);
  });

  // The access log: who did what to which resource, when, with what outcome. No dataset content.
  app.addHook('onResponse', async (request: FastifyRequest, reply: FastifyReply) => {
    const action = request.routeOptions.config.action;
    if (!request.auth || action === undefined) return;
    const params = request.params as { id?: string } | undefined;
    const created = reply.getHeader('location');
    const resourceId = params?.id ?? (typeof created === 'string' ? created.split('/').pop() ?? null : null);
    await app.hireaudit.store
      .logAccess({ at: new Date().toISOString(), tenant: request.auth.tenant, keyId: request.auth.keyId, action, resource: action.split('.')[0]!, resourceId, datasetId: request.accessDataset, status: reply.statusCode })
      .catch((e: unknown) => request.log.error({ err: e }, 'access log write failed'));
  });
}

export function auth(request: FastifyRequest) {
  if (!request.auth) throw new HttpProblem(401, 'HA_ERR_AUTH', 'this route needs an API key');
  return request.auth;
}
