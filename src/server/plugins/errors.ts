import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { ContractError, isAuditError, PolicyError } from '../../audit/errors.js';
import { HttpProblem, PROBLEM_TYPE, problemBody } from '../problem.js';

/** Fastify's own error codes and what the client is told. */
const FASTIFY: Record<string, [number, string, string]> = {
  FST_ERR_CTP_BODY_TOO_LARGE: [413, 'HA_ERR_TOO_LARGE', 'the request body is larger than this route accepts'],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [415, 'HA_ERR_MEDIA_TYPE', 'this route does not take this Content-Type'],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: [400, 'HA_ERR_REQUEST', 'the Content-Length does not match the body'],
  FST_ERR_CTP_EMPTY_JSON_BODY: [400, 'HA_ERR_REQUEST', 'the JSON body is empty'],
  FST_ERR_CTP_INVALID_JSON_BODY: [400, 'HA_ERR_REQUEST', 'the body is not valid JSON'],
};

function send(reply: FastifyReply, request: FastifyRequest, status: number, code: string, detail: string, issues?: unknown[], headers: Record<string, string> = {}) {
  for (const [k, v] of Object.entries(headers)) reply.header(k, v);
  return reply.status(status).type(PROBLEM_TYPE).send(problemBody(status, code, detail, request.url.split('?')[0], issues));
}

/**
 * One error handler: every error becomes problem+json. Client errors say what was wrong and are
 * logged by code only (their messages can quote dataset values); anything else is a plain 500,
 * logged in full.
 */
export function registerErrors(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof HttpProblem) return send(reply, request, error.status, error.code, error.detail, error.extra.issues, error.extra.headers);
    if (hasZodFastifySchemaValidationErrors(error)) {
      const issues = error.validation.map((v) => ({ path: `${error.validationContext ?? 'body'}${v.instancePath.replaceAll('/', '.')}`, message: v.message }));
      return send(reply, request, 400, 'HA_ERR_REQUEST', `the request does not match the API: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, issues);
    }
    if (error instanceof ContractError) return send(reply, request, 422, error.code, `${error.issues.length} problem(s) in the dataset; nothing was stored`, [...error.issues]);
    if (error instanceof PolicyError) return send(reply, request, 422, error.code, `the policy is not valid: ${error.problems.join('; ')}`, [...error.problems]);
    if (isAuditError(error)) return send(reply, request, error.code === 'HA_ERR_USAGE' ? 400 : 422, error.code, error.message);
    const known = error.code ? FASTIFY[error.code] : undefined;
    if (known) return send(reply, request, known[0], known[1], known[2]);
    if (error.statusCode === 429) return send(reply, request, 429, 'HA_ERR_RATE_LIMIT', error.message);
    if (error.statusCode === 503) return send(reply, request, 503, 'HA_ERR_OVERLOADED', 'the server is overloaded; try again shortly', undefined, { 'retry-after': '5' });
    if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
      return send(reply, request, error.statusCode, error.code ?? 'HA_ERR_REQUEST', error.message);
    }
    request.log.error({ err: error }, 'internal error');
    return send(reply, request, 500, 'HA_ERR_INTERNAL', 'internal error; it was logged');
  });
  app.setNotFoundHandler((request, reply) => send(reply, request, 404, 'HA_ERR_NOT_FOUND', `no route ${request.method} ${request.url.split('?')[0]}`));
}
