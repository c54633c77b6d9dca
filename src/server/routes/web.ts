import type { FastifyInstance } from 'fastify';
import { PAGE_CSS, PAGE_SCRIPT, renderPage } from '../web/page.js';

/**
 * Reports open from blob: URLs made by the page and inherit its policy, so the policy allows
 * inline scripts (the report's charts); everything else stays on this server.
 */
const PAGE_CSP = "default-src 'self'; script-src 'self' 'unsafe-inline' 'unsafe-eval' blob:; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self' blob:; frame-ancestors 'none'; form-action 'none'";

export async function webRoutes(app: FastifyInstance): Promise<void> {
  const page = renderPage();
  const headers = { 'content-security-policy': PAGE_CSP, 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer', 'cache-control': 'no-cache' };
  app.get('/', { config: { public: true }, schema: { hide: true } }, async (_request, reply) => reply.headers(headers).type('text/html; charset=utf-8').send(page));
  app.get('/app.js', { config: { public: true }, schema: { hide: true } }, async (_request, reply) => reply.headers(headers).type('text/javascript; charset=utf-8').send(PAGE_SCRIPT));
  app.get('/app.css', { config: { public: true }, schema: { hide: true } }, async (_request, reply) => reply.headers(headers).type('text/css; charset=utf-8').send(PAGE_CSS));
}
