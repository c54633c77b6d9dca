import { createReadStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { Language, languageOf, type Policy, parsePolicy } from '../../audit/contract/policy.js';
import { newId } from '../context.js';
import { auth } from '../plugins/auth.js';
import { HttpProblem, notFound, Problem } from '../problem.js';
import { retentionView } from '../retention.js';
import { Audit, AuditRequest, Created, IdParams, page, PageQuery } from '../schemas.js';
import type { AuditRecord, Store } from '../store/store.js';
import { decodePage } from './paging.js';

/** Result routes: URL name -> file in the result folder, and its Content-Type. */
const RESULT_FILES: Record<string, [string, string]> = {
  result: ['audit-result.json', 'application/json; charset=utf-8'],
  'result.sig': ['audit-result.json.sig', 'application/json; charset=utf-8'],
  'report.html': ['report.html', 'text/html; charset=utf-8'],
  'summary.md': ['summary.md', 'text/markdown; charset=utf-8'],
  'junit.xml': ['junit.xml', 'application/xml; charset=utf-8'],
  'll144.html': ['ll144-summary.html', 'text/html; charset=utf-8'],
  'll144.md': ['ll144-summary.md', 'text/markdown; charset=utf-8'],
  'or-brief.html': ['or-brief.html', 'text/html; charset=utf-8'],
  'or-brief.md': ['or-brief.md', 'text/markdown; charset=utf-8'],
};

const RESULT = 'audit-result.json';
const SIGNATURE = 'audit-result.json.sig';

/** What each output route says in the API document. */
const RESULT_TEXT: Record<string, string> = {
  result:
    'The AuditResult (canonical JSON), signed: /result.sig holds its Ed25519 signature (key at /v1/signing-key), X-Hireaudit-Signed: true. With ?lang= naming another language than the audit\'s, the result re-worded (finding sentences and rule texts; numbers, statuses and codes unchanged) is a different document that carries no signature (X-Hireaudit-Signed: false): the signature covers the stored result only, so verify that one.',
  'result.sig': 'The Ed25519 signature of the stored AuditResult (canonical JSON, with the dataset\'s sha256 and the policy). ?lang= other than the audit\'s language is refused (400, HA_ERR_NOT_SIGNED): a re-worded result is not signed.',
  'report.html': 'The HTML report with its charts.',
  'summary.md': 'The Markdown summary.',
  'junit.xml': 'One JUnit test case per finding.',
  'll144.html': 'The NYC Local Law 144 summary (HTML).',
  'll144.md': 'The NYC Local Law 144 summary (Markdown).',
  'or-brief.html': "The works council's briefing (ondernemingsraad, two A4 pages; HTML).",
  'or-brief.md': "The works council's briefing (Markdown).",
};

/** ?lang= on every output. */
const LangQuery = z.object({
  lang: Language.optional().describe(
    "the output's language: en or nl. Default, or the audit's own language: the stored output. Another language: the same output re-worded by the rules' catalogues, as hireaudit report --lang does (rendered on the first request, then kept)",
  ),
});

/** Served HTML (the report) may run its own inline scripts, but is sandboxed away from the API's origin. */
const HTML_CSP = "sandbox allow-scripts allow-popups; default-src 'none'; script-src 'unsafe-inline' 'unsafe-eval'; style-src 'unsafe-inline'; img-src data: blob:; font-src data:";

function outputLinks(a: AuditRecord): Record<string, string> | null {
  if (a.status !== 'done' || !a.outputs) return null;
  const links: Record<string, string> = {};
  for (const [route, [file]] of Object.entries(RESULT_FILES)) if (a.outputs[file]) links[route] = `/v1/audits/${a.id}/${route}`;
  for (const file of Object.keys(a.outputs).sort()) if (file.startsWith('charts/')) links[file] = `/v1/audits/${a.id}/${file}`;
  return links;
}

/** Today (UTC): the audit date when the policy names none. */
const todayIso = () => new Date().toISOString().slice(0, 10);

const ms = (from: string | null, to: string | null) => (from && to ? Date.parse(to) - Date.parse(from) : null);

async function auditView(store: Store, a: AuditRecord): Promise<Audit> {
  const [dataset, known] = await Promise.all([store.getDataset(a.tenant, a.datasetId), store.getTenant(a.tenant)]);
  const tenant = known ?? (await store.ensureTenant(a.tenant));
  return {
    id: a.id,
    dataset: a.datasetId,
    status: a.status,
    progress: a.status === 'done' ? { phase: 'assemble', family: null, fraction: 1 } : a.progress,
    createdAt: a.createdAt,
    startedAt: a.startedAt,
    finishedAt: a.finishedAt,
    timings: { queuedMs: ms(a.createdAt, a.startedAt), runMs: ms(a.startedAt, a.finishedAt) },
    attempts: a.attempts,
    error: a.error,
    policy: a.policy as unknown as Record<string, unknown>,
    language: languageOf(a.policy),
    outputs: outputLinks(a),
    retention: retentionView(dataset, tenant, a.policy.protected),
  };
}

export async function auditRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { store, runner, paths, rewording } = app.hireaudit;

  const owned = async (request: FastifyRequest, id: string) => {
    const a = await store.getAudit(auth(request).tenant, id);
    if (!a) throw notFound('audit', id);
    request.accessDataset ??= a.datasetId;
    return a;
  };

  r.post(
    '/v1/audits',
    {
      config: { action: 'audit.create', minRole: 'auditor' },
      schema: { summary: 'Start an audit', tags: ['audits'], body: AuditRequest, response: { 202: Created, 400: Problem, 401: Problem, 403: Problem, 404: Problem, 410: Problem, 422: Problem } },
    },
    async (request, reply) => {
      const { tenant } = auth(request);
      const { dataset: datasetId, policy: given } = request.body;
      const dataset = await store.getDataset(tenant, datasetId);
      if (!dataset) throw notFound('dataset', datasetId);
      request.accessDataset = dataset.id;
      if (dataset.rawDeletedAt !== null) throw new HttpProblem(410, 'HA_ERR_GONE', `the raw data of dataset "${datasetId}" was deleted on ${dataset.rawDeletedAt} (${dataset.rawDeletedReason}); upload it again to audit it`);
      let policy: Policy;
      if (typeof given === 'string') {
        const stored = await store.getPolicy(tenant, given);
        if (!stored) throw notFound('policy', given);
        policy = stored.policy;
      } else policy = parsePolicy(given ?? {}, 'the request\'s "policy"');
      // Fixed now, so a re-run after a restart (even past midnight) judges the same date.
      const applied: Policy = { ...policy, auditDate: policy.auditDate ?? todayIso() };
      const id = newId('au');
      await store.insertAudit({ id, tenant, datasetId, policy: applied, status: 'queued', progress: null, createdAt: new Date().toISOString(), startedAt: null, finishedAt: null, attempts: 0, error: null, outputs: null });
      runner.notify();
      reply.header('location', `/v1/audits/${id}`);
      return reply.status(202).send({ id, links: { self: `/v1/audits/${id}`, result: `/v1/audits/${id}/result`, report: `/v1/audits/${id}/report.html` } });
    },
  );

  r.get(
    '/v1/audits',
    {
      config: { action: 'audit.list' },
      schema: { summary: 'List audits', tags: ['audits'], querystring: PageQuery.extend({ dataset: z.string().max(64).optional().describe('only audits of this dataset') }), response: { 200: page(Audit), 400: Problem, 401: Problem } },
    },
    async (request) => {
      const p = await store.listAudits(auth(request).tenant, decodePage(request.query), request.query.dataset);
      return { items: await Promise.all(p.items.map((a) => auditView(store, a))), next: p.next };
    },
  );

  r.get(
    '/v1/audits/:id',
    { config: { action: 'audit.get' }, schema: { summary: 'Status, progress and timings of an audit', tags: ['audits'], params: IdParams, response: { 200: Audit, 401: Problem, 404: Problem } } },
    async (request) => auditView(store, await owned(request, request.params.id)),
  );

  r.delete(
    '/v1/audits/:id',
    {
      config: { action: 'audit.delete', minRole: 'auditor' },
      schema: {
        summary: 'Cancel a queued or running audit; delete a finished one and its results',
        tags: ['audits'],
        params: IdParams,
        response: { 200: Audit, 204: z.null(), 401: Problem, 403: Problem, 404: Problem },
      },
    },
    async (request, reply) => {
      const { tenant } = auth(request);
      const a = await owned(request, request.params.id);
      if (a.status === 'queued' || a.status === 'running') {
        await runner.cancel(a.id);
        return auditView(store, await owned(request, a.id));
      }
      await store.deleteAudit(tenant, a.id);
      await rm(paths.resultDir(a.id), { recursive: true, force: true });
      return reply.status(204).send(null);
    },
  );

  /**
   * An output of a finished audit: the stored file, or with ?lang= another language than the
   * audit's, the same output re-worded (rendered on first request, then kept). Strong ETag from
   * the bytes, "<lang>-<sha256>" for a re-worded one, so each language has its own.
   */
  const serveFile = (route: string, params: z.ZodType<{ id: string; name?: string }>, file: (params: { id: string; name?: string }) => [string, string] | null, describe: string) =>
    app.get<{ Params: { id: string; name?: string }; Querystring: z.infer<typeof LangQuery> }>(
      route,
      {
        config: { action: 'audit.result' },
        schema: {
          summary: `An output of a finished audit (${route.split('/').pop()})`,
          description: `${describe} Results never change once written: strong ETag (sha256 of the bytes), immutable caching, If-None-Match answered with 304. Content-Language names the output's language.`,
          tags: ['results'],
          params,
          querystring: LangQuery,
          response: { 400: Problem, 401: Problem, 404: Problem, 409: Problem },
        },
      },
      async (request, reply) => {
        const a = await owned(request, request.params.id);
        const target = file(request.params);
        if (a.status !== 'done') throw new HttpProblem(409, 'HA_ERR_NOT_READY', `audit "${a.id}" is ${a.status}${a.status === 'failed' ? '' : '; poll GET /v1/audits/' + a.id + ' until it is done'}`);
        const written = languageOf(a.policy);
        const lang = request.query.lang ?? written;
        if (target?.[0] === SIGNATURE && lang !== written) {
          throw new HttpProblem(400, 'HA_ERR_NOT_SIGNED', `the signature covers the stored result, written in "${written}"; a result re-worded into "${lang}" is not signed: verify /v1/audits/${a.id}/result (without ?lang) with this signature`);
        }
        const source = lang === written ? { dir: paths.resultDir(a.id), manifest: a.outputs ?? {}, tag: '' } : { ...(await rewording.outputs(a.id, lang)), tag: `${lang}-` };
        const sha = target ? source.manifest[target[0]] : undefined;
        if (!target || sha === undefined) throw new HttpProblem(404, 'HA_ERR_NOT_FOUND', `audit "${a.id}" has no output ${request.url.split('?')[0]!.split('/').pop()}`);
        const etag = `"${source.tag}${sha}"`;
        reply.header('etag', etag).header('cache-control', 'private, max-age=31536000, immutable').header('x-content-type-options', 'nosniff').header('content-language', lang);
        if (target[0] === RESULT) reply.header('x-hireaudit-signed', String(lang === written));
        if (target[1].startsWith('text/html')) reply.header('content-security-policy', HTML_CSP);
        const inm = request.headers['if-none-match'];
        if (inm !== undefined && inm.split(',').some((t) => t.trim() === etag || t.trim() === '*')) return reply.status(304).send();
        return reply.type(target[1]).send(createReadStream(join(source.dir, target[0])));
      },
    );

  for (const [route, spec] of Object.entries(RESULT_FILES)) serveFile(`/v1/audits/:id/${route}`, IdParams, () => spec, RESULT_TEXT[route] ?? '');
  serveFile(
    '/v1/audits/:id/charts/:name',
    IdParams.extend({ name: z.string().max(200).describe('a chart file named in the audit\'s outputs, e.g. "selection-rate--cv-screen--gender.svg"') }),
    (p) => {
      const m = /^([A-Za-z0-9_.-]+)\.(svg|png)$/.exec(p.name ?? '');
      return m ? [`charts/${m[1]}.${m[2]}`, m[2] === 'svg' ? 'image/svg+xml' : 'image/png'] : null;
    },
    'A chart as SVG or PNG; its titles, labels and number format follow ?lang=.',
  );
}
