import { createHash } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AuditResult } from '../../src/audit/contract/audit-result.js';
import { publicKeyFromPem, verifySignedResult } from '../../src/audit/contract/signature.js';
import { reportCommand } from '../../src/cli/report-command.js';
import { fixture } from '../support/fixtures.js';
import { expectProblem, sharedTestServer, waitForAudit } from './helpers.js';

/**
 * ?lang= on the result routes (issue 13): an English audit's outputs re-worded into Dutch by the
 * same service function `hireaudit report --lang nl` uses, each language with its own ETag; the
 * English result unchanged byte for byte; the signature covering the stored result only.
 * UCB admissions (Bickel et al. 1975) with the golden policy, so the English result is the
 * committed golden file.
 */
const UCB = fixture('ucb-admissions.csv');
const POLICY = { protected: ['gender'], funnel: false, auditDate: '2026-11-22' };
const GOLDEN = new URL('../golden/results/ucb-admissions.json', import.meta.url);
const sha256 = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

/** The sentence the Dutch catalogue (src/audit/rules/messages/nl.ts) writes for UCB's validity finding: the data has no score. */
const DUTCH_NO_VALIDITY = 'Geen bewijs van validiteit: de data heeft geen score';
const ENGLISH_NO_VALIDITY = 'No validity evidence: the data has no score';

describe('outputs in another language (?lang=)', () => {
  let app: FastifyInstance;
  let dir: string;
  let auth: Record<string, string>;
  let id: string;
  let golden: string;
  /** What `hireaudit report <golden> --lang nl` renders: file name -> bytes. */
  const cli = new Map<string, Buffer>();

  beforeAll(async () => {
    const server = await sharedTestServer();
    app = server.app;
    dir = server.dir;
    auth = { authorization: (await server.key('acme', 'viewer')).authorization };
    const auditor = { authorization: (await server.key('acme')).authorization };
    const up = await app.inject({ method: 'POST', url: '/v1/datasets?name=ucb-admissions.csv', headers: { ...auditor, 'content-type': 'text/csv' }, payload: await readFile(UCB) });
    const started = await app.inject({ method: 'POST', url: '/v1/audits', headers: auditor, payload: { dataset: up.json().id as string, policy: POLICY } });
    id = started.json().id as string;
    expect(await waitForAudit(app, auth, id)).toMatchObject({ status: 'done', language: 'en' });
    golden = await readFile(GOLDEN, 'utf8');

    const tmp = await mkdtemp(join(tmpdir(), 'hireaudit-lang-'));
    try {
      await writeFile(join(tmp, 'audit-result.json'), golden);
      const { outputs } = await reportCommand(join(tmp, 'audit-result.json'), ['json', 'html', 'md', 'junit', 'll144', 'or-brief', 'svg', 'png'], {}, 'nl');
      for (const o of outputs) cli.set(o.fileName, Buffer.from(o.content));
    } finally {
      await rm(tmp, { recursive: true, force: true });
    }
  }, 180_000);

  const get = (path: string, headers: Record<string, string> = {}) => app.inject({ method: 'GET', url: `/v1/audits/${id}/${path}`, headers: { ...auth, ...headers } });

  it('leaves the English result as it is, byte for byte and signed, with or without ?lang=en', async () => {
    const plain = await get('result');
    const en = await get('result?lang=en');
    expect(plain.body).toBe(golden);
    expect(en.body).toBe(golden);
    expect(en.headers['etag']).toBe(`"${sha256(golden)}"`);
    expect(plain.headers['etag']).toBe(en.headers['etag']);
    expect(en.headers['content-language']).toBe('en');
    expect(en.headers['x-hireaudit-signed']).toBe('true');
    expect((await get('result.sig?lang=en')).statusCode).toBe(200);
  });

  it('re-words every output into Dutch exactly as hireaudit report --lang nl does', async () => {
    const files: Record<string, string> = {
      result: 'audit-result.json',
      'report.html': 'report.html',
      'summary.md': 'summary.md',
      'junit.xml': 'junit.xml',
      'll144.html': 'll144-summary.html',
      'll144.md': 'll144-summary.md',
      'or-brief.html': 'or-brief.html',
      'or-brief.md': 'or-brief.md',
    };
    const charts = [...cli.keys()].filter((f) => f.startsWith('charts/'));
    expect(charts.length).toBeGreaterThan(1);
    for (const f of charts) files[f] = f;
    // Three first requests at once: one rendering, the same bytes for each.
    const first = await Promise.all([1, 2, 3].map(() => get('report.html?lang=nl')));
    expect(new Set(first.map((r) => r.body)).size).toBe(1);
    for (const [route, file] of Object.entries(files)) {
      const res = await get(`${route}?lang=nl`);
      expect(res.statusCode, route).toBe(200);
      expect(res.rawPayload.equals(cli.get(file)!), route).toBe(true);
      expect(res.headers['etag'], route).toBe(`"nl-${sha256(res.rawPayload)}"`);
      expect(res.headers['content-language'], route).toBe('nl');
      expect(res.headers['cache-control'], route).toBe('private, max-age=31536000, immutable');
      const english = await get(route);
      expect(english.headers['etag'], route).not.toBe(res.headers['etag']);
      // The English ETag does not match the Dutch output: no 304 across languages.
      expect((await get(`${route}?lang=nl`, { 'if-none-match': english.headers['etag'] as string })).statusCode, route).toBe(200);
      expect((await get(`${route}?lang=nl`, { 'if-none-match': res.headers['etag'] as string })).statusCode, route).toBe(304);
    }
    // Kept beside the result, written whole; nothing half-written left in results/.
    expect(Object.keys(JSON.parse(await readFile(join(dir, 'results', id, 'lang', 'nl', 'manifest.json'), 'utf8')) as object).sort()).toEqual(Object.values(files).sort());
    expect((await readdir(join(dir, 'results'))).filter((n) => n.startsWith('.'))).toEqual([]);
  }, 120_000);

  it('the Dutch report reads Dutch; the numbers, statuses and codes are the English ones', async () => {
    const html = (await get('report.html?lang=nl')).body;
    expect(html).toContain('<html lang="nl">');
    expect(html).toContain(DUTCH_NO_VALIDITY);
    expect(html).not.toContain(ENGLISH_NO_VALIDITY);
    expect((await get('summary.md?lang=nl')).body).toContain(DUTCH_NO_VALIDITY);
    expect((await get('summary.md')).body).toContain(ENGLISH_NO_VALIDITY);

    const nl = JSON.parse((await get('result?lang=nl')).body) as AuditResult;
    const en = JSON.parse(golden) as AuditResult;
    expect(nl.policy.language).toBe('nl');
    expect(nl.findings.map((f) => f.message)).not.toEqual(en.findings.map((f) => f.message));
    const facts = (r: AuditResult) => r.findings.map((f) => ({ code: f.code, status: f.status, evidence: f.evidence, subject: f.subject }));
    expect(facts(nl)).toEqual(facts(en));
    expect(nl.summary).toEqual(en.summary);
    expect(nl.disparity).toEqual(en.disparity);
    expect(nl.dataset).toEqual(en.dataset);
  });

  it('signs the stored result only: a re-worded result says it is not signed and does not verify', async () => {
    const key = publicKeyFromPem((await app.inject({ method: 'GET', url: '/v1/signing-key' })).json().publicKeyPem as string);
    const signature = (await get('result.sig')).body;
    const data = { sha256: `sha256:${sha256(await readFile(UCB))}` };
    expect(verifySignedResult({ resultText: (await get('result')).body, signatureText: signature, publicKey: key, data })).toMatchObject({ ok: true });
    const nl = await get('result?lang=nl');
    expect(nl.headers['x-hireaudit-signed']).toBe('false');
    expect(verifySignedResult({ resultText: nl.body, signatureText: signature, publicKey: key, data }).ok).toBe(false);
    const refused = expectProblem(await get('result.sig?lang=nl'), 400, 'HA_ERR_NOT_SIGNED');
    expect(refused['detail']).toBe(`the signature covers the stored result, written in "en"; a result re-worded into "nl" is not signed: verify /v1/audits/${id}/result (without ?lang) with this signature`);
  });

  it('refuses a language it does not have with 400 and problem+json', async () => {
    for (const route of ['result', 'report.html', 'summary.md', 'junit.xml', 'll144.html', 'll144.md', 'or-brief.html', 'or-brief.md', 'result.sig', 'charts/x.svg']) {
      const problem = expectProblem(await get(`${route}?lang=de`), 400, 'HA_ERR_REQUEST');
      expect(problem['issues'], route).toEqual([{ path: 'querystring.lang', message: expect.stringMatching(/"en"\|"nl"/) }]);
    }
  });
});
