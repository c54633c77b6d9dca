import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { fixture } from '../support/fixtures.js';
import { onSmallDisk } from '../support/small-disk.js';
import { expectProblem, sharedTestServer, testServer, waitForAudit } from './helpers.js';

/**
 * Tenant isolation on every route, and every kind of bad request answered with the right status
 * and a clear problem+json (issue 13, acceptance 1).
 */
const UCB = fixture('ucb-admissions.csv');
const POLICY = { protected: ['gender'], funnel: false, auditDate: '2026-11-22' };

type Headers = Record<string, string>;

describe('tenant isolation', () => {
  let app: FastifyInstance;
  let a: Headers;
  let b: Headers;
  let bAdmin: Headers;
  const bIds = { auditor: '', admin: '' };
  const ids = { dataset: '', audit: '', policy: '' };

  beforeAll(async () => {
    const server = await sharedTestServer();
    app = server.app;
    a = { authorization: (await server.key('tenant-a')).authorization };
    const bKey = await server.key('tenant-b');
    const bAdminKey = await server.key('tenant-b', 'admin');
    b = { authorization: bKey.authorization };
    bAdmin = { authorization: bAdminKey.authorization };
    bIds.auditor = bKey.id;
    bIds.admin = bAdminKey.id;
    const up = await app.inject({ method: 'POST', url: '/v1/datasets?name=ucb.csv', headers: { ...a, 'content-type': 'text/csv' }, payload: await readFile(UCB) });
    ids.dataset = up.json().id as string;
    ids.policy = (await app.inject({ method: 'POST', url: '/v1/policies', headers: a, payload: { policy: POLICY } })).json().id as string;
    ids.audit = (await app.inject({ method: 'POST', url: '/v1/audits', headers: a, payload: { dataset: ids.dataset, policy: ids.policy } })).json().id as string;
    expect(await waitForAudit(app, a, ids.audit)).toMatchObject({ status: 'done' });
  }, 120_000);

  /** Every route that takes an id, with tenant A's id (or a made-up one of the same shape). */
  const routes = (id: { dataset: string; audit: string; policy: string }) =>
    [
      ['GET', `/v1/datasets/${id.dataset}`],
      ['DELETE', `/v1/datasets/${id.dataset}`],
      ['GET', `/v1/audits/${id.audit}`],
      ['DELETE', `/v1/audits/${id.audit}`],
      ...['result', 'result.sig', 'report.html', 'summary.md', 'junit.xml', 'll144.html', 'll144.md', 'or-brief.html', 'or-brief.md', 'charts/selection-rates--gender.svg'].map((f) => ['GET', `/v1/audits/${id.audit}/${f}`]),
      ...['result?lang=nl', 'report.html?lang=nl', 'charts/selection-rates--gender.svg?lang=nl'].map((f) => ['GET', `/v1/audits/${id.audit}/${f}`]),
      ['GET', `/v1/policies/${id.policy}`],
      ['POST', '/v1/audits', { dataset: id.dataset }],
      ['POST', '/v1/audits', { dataset: ids.dataset.replace(/^ds_/, 'ds_'), policy: id.policy }],
      ['POST', `/v1/datasets?policy=${id.policy}`, { rows: [] }], // an upload checked against a stored policy
    ] as [string, string, object?][];

  it("answers another tenant's ids with the same 404 as ids that never existed", async () => {
    const made = { dataset: 'ds_AAAAAAAAAAAAAAAA', audit: 'au_AAAAAAAAAAAAAAAA', policy: 'po_AAAAAAAAAAAAAAAA' };
    const theirs = routes(ids);
    const nobody = routes(made);
    for (let i = 0; i < theirs.length; i++) {
      const [method, url, body] = theirs[i]!;
      const res = await app.inject({ method: method as 'GET', url, headers: b, ...(body ? { payload: body } : {}) });
      const problem = expectProblem(res, 404, 'HA_ERR_NOT_FOUND');
      const [, url2, body2] = nobody[i]!;
      const res2 = await app.inject({ method: method as 'GET', url: url2, headers: b, ...(body2 ? { payload: body2 } : {}) });
      const other = res2.json() as Record<string, unknown>;
      // Same answer but for the id the caller sent: no hint that A's exists.
      const strip = (p: Record<string, unknown>) => JSON.parse(JSON.stringify(p).replaceAll(/(ds|au|po)_[A-Za-z0-9_-]{16}/g, 'ID')) as unknown;
      expect(strip(problem), `${method} ${url}`).toEqual(strip(other));
    }
    // Tenant A still has everything (B's DELETEs did nothing).
    expect((await app.inject({ method: 'GET', url: `/v1/datasets/${ids.dataset}`, headers: a })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: `/v1/audits/${ids.audit}/result`, headers: a })).statusCode).toBe(200);
  }, 300_000);

  it("lists only the caller's datasets, audits, policies and access log", async () => {
    for (const url of ['/v1/datasets', '/v1/audits', '/v1/policies', `/v1/audits?dataset=${ids.dataset}`]) {
      const res = await app.inject({ method: 'GET', url, headers: b });
      expect(res.json(), url).toEqual({ items: [], next: null });
    }
    const log = await app.inject({ method: 'GET', url: '/v1/access-log', headers: bAdmin });
    const entries = log.json().items as { keyId: string; action: string; status: number }[];
    expect(entries.length).toBeGreaterThan(0);
    // Only B's own requests (its 404s on A's ids included): none of A's uploads, audits or reads.
    expect(new Set(entries.map((e) => e.keyId))).toEqual(new Set([bIds.auditor])); // (this read is logged after it answers)
    expect(entries.filter((e) => e.status < 300).map((e) => e.action).sort()).toEqual(['audit.list', 'audit.list', 'dataset.list', 'policy.list']);
    const tenant = await app.inject({ method: 'GET', url: '/v1/tenant', headers: b });
    expect(tenant.json()).toMatchObject({ id: 'tenant-b', role: 'auditor' });
  }, 300_000);

  it("refuses to check an upload against another tenant's stored policy", async () => {
    const res = await app.inject({ method: 'POST', url: `/v1/datasets?policy=${ids.policy}`, headers: { ...b, 'content-type': 'text/csv' }, payload: await readFile(UCB) });
    expectProblem(res, 404, 'HA_ERR_NOT_FOUND');
  });
});

describe('bad requests: the right status and a clear problem+json', () => {
  it('malformed CSV: 422 with every problem, its line and column', async () => {
    const { app, key, dir } = await testServer();
    const auth = await key('t');
    const csv = 'stage,gender,selected\ncv,f,1\ncv,m,maybe\ncv,f,1,extra\ncv,m,2\n';
    const res = await app.inject({ method: 'POST', url: '/v1/datasets?name=bad.csv', headers: { ...auth, 'content-type': 'text/csv' }, payload: csv });
    const p = expectProblem(res, 422, 'HA_ERR_CONTRACT');
    const issues = p['issues'] as { file: string; line: number; column: string | null; value: string | null }[];
    expect(issues.map((i) => [i.file, i.line, i.column, i.value])).toEqual([
      ['bad.csv', 3, 'selected', 'maybe'],
      ['bad.csv', 4, null, expect.anything()],
      ['bad.csv', 5, 'selected', '2'],
    ]);
    expect(JSON.stringify(p)).not.toContain(dir); // the server's paths never reach the client
    expect(await readdir(join(dir, 'datasets'))).toEqual([]);
    expect(await readdir(join(dir, 'uploads'))).toEqual([]);
  }, 300_000);

  it('wrong content type: 415', async () => {
    const { app, key } = await testServer();
    const auth = await key('t');
    for (const type of ['text/plain', 'image/png', 'application/xml']) {
      const res = await app.inject({ method: 'POST', url: '/v1/datasets', headers: { ...auth, 'content-type': type }, payload: 'a,b\n1,2\n' });
      expectProblem(res, 415, 'HA_ERR_MEDIA_TYPE');
    }
    const json = await app.inject({ method: 'POST', url: '/v1/audits', headers: { ...auth, 'content-type': 'text/csv' }, payload: 'x' });
    expectProblem(json, 415, 'HA_ERR_MEDIA_TYPE');
  }, 300_000);

  it('oversize upload: 413, raw or multipart, and nothing of it stays', async () => {
    const { app, key, dir } = await testServer({ maxUploadBytes: 1000 });
    const auth = await key('t');
    const big = `selected\n${'1\n'.repeat(1000)}`;
    expectProblem(await app.inject({ method: 'POST', url: '/v1/datasets', headers: { ...auth, 'content-type': 'text/csv' }, payload: big }), 413, 'HA_ERR_TOO_LARGE');
    // Without a Content-Length (chunked), cut off while streaming.
    const { Readable } = await import('node:stream');
    const chunked = await app.inject({ method: 'POST', url: '/v1/datasets', headers: { ...auth, 'content-type': 'text/csv' }, payload: Readable.from([Buffer.from(big)]) });
    expectProblem(chunked, 413, 'HA_ERR_TOO_LARGE');
    const boundary = 'b0undary';
    const form = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.csv"\r\nContent-Type: text/csv\r\n\r\n${big}\r\n--${boundary}--\r\n`;
    expectProblem(await app.inject({ method: 'POST', url: '/v1/datasets', headers: { ...auth, 'content-type': `multipart/form-data; boundary=${boundary}` }, payload: form }), 413, 'HA_ERR_TOO_LARGE');
    expect(await readdir(join(dir, 'uploads'))).toEqual([]);
    expect(await readdir(join(dir, 'datasets'))).toEqual([]);
    // A JSON body over the API's 1 MiB limit.
    const huge = JSON.stringify({ dataset: 'x', policy: { protected: Array.from({ length: 200_000 }, (_, i) => `attr${i}`) } });
    expectProblem(await app.inject({ method: 'POST', url: '/v1/audits', headers: { ...auth, 'content-type': 'application/json' }, payload: huge }), 413, 'HA_ERR_TOO_LARGE');
  }, 300_000);

  it('a data folder with no room left for an upload: 507, not a client error, and nothing of the upload stays', async (ctx) => {
    await onSmallDisk('8m', () => ctx.skip(), async (dir) => {
      const { app, key } = await testServer({}, dir);
      const auth = await key('t');
      const big = `candidate_id,selected,gender\n${'c,1,female\n'.repeat(1_500_000)}`; // 16 MB
      const res = await app.inject({ method: 'POST', url: '/v1/datasets?name=big.csv', headers: { ...auth, 'content-type': 'text/csv' }, payload: big });
      const p = expectProblem(res, 507, 'HA_ERR_STORAGE');
      expect(p['detail']).toBe('the server has no room left to store this upload; nothing of it was kept: try again later, or ask the operator to free space in its data folder');
      expect(await readdir(join(dir, 'uploads'))).toEqual([]);
      await app.close();
    });
  }, 300_000);

  it('empty upload, and a policy that is not valid: 422 with every problem', async () => {
    const { app, key } = await testServer();
    const auth = await key('t');
    expectProblem(await app.inject({ method: 'POST', url: '/v1/datasets', headers: { ...auth, 'content-type': 'text/csv' }, payload: '' }), 422, 'HA_ERR_FILE');
    const up = await app.inject({ method: 'POST', url: '/v1/datasets?name=ucb.csv', headers: { ...auth, 'content-type': 'text/csv' }, payload: await readFile(UCB) });
    const bad = await app.inject({ method: 'POST', url: '/v1/audits', headers: auth, payload: { dataset: up.json().id, policy: { protected: 'gender', alpha: 2, colour: 'red' } } });
    const p = expectProblem(bad, 422, 'HA_ERR_POLICY');
    expect((p['issues'] as string[]).join('\n')).toMatch(/protected/);
    expect((p['issues'] as string[]).join('\n')).toMatch(/alpha/);
    expect((p['issues'] as string[]).join('\n')).toMatch(/colour/);
    // A policy naming a column the file does not have: the audit fails with the contract problem.
    const started = await app.inject({ method: 'POST', url: '/v1/audits', headers: auth, payload: { dataset: up.json().id, policy: { protected: ['ethnicity'] } } });
    const failed = await waitForAudit(app, auth, started.json().id as string);
    expect(failed).toMatchObject({ status: 'failed', error: { code: 'HA_ERR_CONTRACT', issues: [expect.objectContaining({ column: 'ethnicity', file: 'ucb.csv' })] } });
    expectProblem(await app.inject({ method: 'POST', url: '/v1/policies', headers: auth, payload: { policy: { minGroupSize: -1 } } }), 422, 'HA_ERR_POLICY');
  }, 300_000);

  it('malformed requests: 400 naming what is wrong', async () => {
    const { app, key } = await testServer();
    const auth = await key('t');
    expectProblem(await app.inject({ method: 'POST', url: '/v1/audits', headers: { ...auth, 'content-type': 'application/json' }, payload: '{"dataset": ' }), 400, 'HA_ERR_REQUEST');
    const missing = expectProblem(await app.inject({ method: 'POST', url: '/v1/audits', headers: auth, payload: { policy: {} } }), 400, 'HA_ERR_REQUEST');
    expect(missing['detail']).toMatch(/dataset/);
    expectProblem(await app.inject({ method: 'POST', url: '/v1/audits', headers: auth, payload: { dataset: 'ds_x', extra: 1 } }), 400, 'HA_ERR_REQUEST');
    expectProblem(await app.inject({ method: 'GET', url: '/v1/datasets?limit=0', headers: auth }), 400, 'HA_ERR_REQUEST');
    expectProblem(await app.inject({ method: 'GET', url: '/v1/datasets?cursor=not-a-cursor', headers: auth }), 400, 'HA_ERR_REQUEST');
    expectProblem(await app.inject({ method: 'GET', url: '/v1/nothing-here', headers: auth }), 404, 'HA_ERR_NOT_FOUND');
    expectProblem(await app.inject({ method: 'GET', url: '/v1/audits/au_AAAAAAAAAAAAAAAA', headers: auth }), 404, 'HA_ERR_NOT_FOUND');
  }, 300_000);

  it('missing, wrong, malformed or revoked key: 401; a viewer changing anything: 403', async () => {
    const { app, dir, key } = await testServer();
    const routes: [string, string][] = [['GET', '/v1/datasets'], ['POST', '/v1/datasets'], ['GET', '/v1/audits/au_AAAAAAAAAAAAAAAA'], ['DELETE', '/v1/datasets/ds_AAAAAAAAAAAAAAAA']];
    for (const [method, url] of routes) {
      const none = expectProblem(await app.inject({ method: method as 'GET', url }), 401, 'HA_ERR_AUTH');
      expect(none['detail']).toMatch(/Authorization: Bearer/);
      expectProblem(await app.inject({ method: method as 'GET', url, headers: { authorization: 'Bearer ha_000000000000_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' } }), 401, 'HA_ERR_AUTH');
      expectProblem(await app.inject({ method: method as 'GET', url, headers: { authorization: 'Basic dXNlcjpwYXNz' } }), 401, 'HA_ERR_AUTH');
    }
    expect((await app.inject({ method: 'GET', url: '/v1/datasets' })).headers['www-authenticate']).toBe('Bearer realm="hireaudit"');

    // Keys made and revoked with the CLI on the server's data folder, while it runs.
    const created = await runCli(['keys', 'create', '--tenant', 't', '--role', 'auditor', '--data-dir', dir]);
    expect(created.code, created.stderr).toBe(0);
    const lines = created.stdout.trimEnd().split('\n');
    const cliKey = lines[lines.length - 1]!;
    expect(cliKey).toMatch(/^ha_[0-9a-f]{12}_/);
    const header = { authorization: `Bearer ${cliKey}` };
    expect((await app.inject({ method: 'GET', url: '/v1/datasets', headers: header })).statusCode).toBe(200);
    // A right id with a wrong secret is as unknown as a wrong id.
    const wrongSecret = cliKey.slice(0, -4) + (cliKey.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    expectProblem(await app.inject({ method: 'GET', url: '/v1/datasets', headers: { authorization: `Bearer ${wrongSecret}` } }), 401, 'HA_ERR_AUTH');
    const list = await runCli(['keys', 'list', '--data-dir', dir]);
    expect(list.stdout).toContain(cliKey.slice(3, 15));
    expect(list.stdout).not.toContain(cliKey); // only ids, never keys
    const revoked = await runCli(['keys', 'revoke', cliKey.slice(3, 15), '--data-dir', dir]);
    expect(revoked.code, revoked.stderr).toBe(0);
    expectProblem(await app.inject({ method: 'GET', url: '/v1/datasets', headers: header }), 401, 'HA_ERR_KEY_REVOKED');

    // A viewer reads but cannot upload, audit, delete or set retention; an auditor cannot set retention.
    const auditor = await key('t', 'auditor');
    const up = await app.inject({ method: 'POST', url: '/v1/datasets?name=ucb.csv', headers: { ...auditor, 'content-type': 'text/csv' }, payload: await readFile(UCB) });
    const dsId = up.json().id as string;
    const viewer = await key('t', 'viewer');
    expect((await app.inject({ method: 'GET', url: `/v1/datasets/${dsId}`, headers: viewer })).statusCode).toBe(200);
    expectProblem(await app.inject({ method: 'DELETE', url: `/v1/datasets/${dsId}`, headers: viewer }), 403, 'HA_ERR_FORBIDDEN');
    expectProblem(await app.inject({ method: 'POST', url: '/v1/datasets', headers: { ...viewer, 'content-type': 'text/csv' }, payload: 'selected\n1\n' }), 403, 'HA_ERR_FORBIDDEN');
    expectProblem(await app.inject({ method: 'POST', url: '/v1/audits', headers: viewer, payload: { dataset: dsId } }), 403, 'HA_ERR_FORBIDDEN');
    expectProblem(await app.inject({ method: 'PATCH', url: '/v1/tenant', headers: auditor, payload: { retentionDays: 7 } }), 403, 'HA_ERR_FORBIDDEN');
    expect((await app.inject({ method: 'GET', url: `/v1/datasets/${dsId}`, headers: viewer })).statusCode).toBe(200);
    const admin = await key('t', 'admin');
    const patched = await app.inject({ method: 'PATCH', url: '/v1/tenant', headers: admin, payload: { retentionDays: 7, deleteRawAfterAudit: 'always' } });
    expect(patched.json()).toMatchObject({ id: 't', retentionDays: 7, deleteRawAfterAudit: 'always', role: 'admin' });
  }, 300_000);

  it('keys create: usage errors exit 2; the key is alone on the last line of stdout', async () => {
    const { dir } = await testServer();
    const bad = await runCli(['keys', 'create', '--data-dir', dir]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--tenant/);
    const badRole = await runCli(['keys', 'create', '--tenant', 't', '--role', 'root', '--data-dir', dir]);
    expect(badRole.code).toBe(2);
    const ok = await runCli(['keys', 'create', '--tenant', 't', '--role', 'viewer', '--data-dir', dir]);
    expect(ok.stdout).toMatch(/^ha_[0-9a-f]{12}_[A-Za-z0-9_-]{43}\n$/);
  }, 300_000);
});
