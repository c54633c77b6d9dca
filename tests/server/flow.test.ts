import { createHash } from 'node:crypto';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { publicKeyFromPem, verifySignedResult } from '../../src/audit/contract/signature.js';
import { fixture } from '../support/fixtures.js';
import { expectProblem, testServer, waitForAudit } from './helpers.js';

/**
 * The whole flow through fastify's inject(): upload, audit, poll, every output format with
 * ETag and immutable caching, list, delete (issue 13, acceptance 1).
 * UCB admissions (Bickel et al. 1975) with the golden policy: the server's AuditResult must be
 * byte for byte the committed golden file, which the CLI and the library produce too.
 */
const UCB = fixture('ucb-admissions.csv');
const UCB_POLICY = { protected: ['gender'], funnel: false, auditDate: '2026-11-22' };
const GOLDEN = new URL('../golden/results/ucb-admissions.json', import.meta.url);

const sha256 = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

describe('upload, audit, poll, fetch every format, delete', () => {
  it('gives the golden AuditResult, signed, in every format, with immutable caching', async () => {
    const { app, dir, key } = await testServer();
    const auth = await key('acme');
    const bytes = await readFile(UCB);

    // 1. Upload (raw body): 201 with an id, the hash computed while streaming.
    const up = await app.inject({ method: 'POST', url: '/v1/datasets?name=ucb-admissions.csv', headers: { authorization: auth.authorization, 'content-type': 'text/csv' }, payload: bytes });
    expect(up.statusCode, up.body).toBe(201);
    const datasetId = up.json().id as string;
    expect(up.headers['location']).toBe(`/v1/datasets/${datasetId}`);
    const ds = await app.inject({ method: 'GET', url: `/v1/datasets/${datasetId}`, headers: auth });
    expect(ds.json()).toMatchObject({ id: datasetId, name: 'ucb-admissions.csv', format: 'csv', size: bytes.length, sha256: `sha256:${sha256(bytes)}`, columns: ['stage', 'gender', 'selected', 'count'], specialCategory: [] });
    // On disk, whole, under the data folder.
    expect(await readFile(join(dir, 'datasets', datasetId, 'ucb-admissions.csv'))).toEqual(bytes);

    // 2. Audit: 202, then poll until done.
    const started = await app.inject({ method: 'POST', url: '/v1/audits', headers: auth, payload: { dataset: datasetId, policy: UCB_POLICY } });
    expect(started.statusCode, started.body).toBe(202);
    const auditId = started.json().id as string;
    const audit = await waitForAudit(app, auth, auditId);
    expect(audit).toMatchObject({ id: auditId, dataset: datasetId, status: 'done', attempts: 1, error: null, progress: { fraction: 1 } });
    expect((audit['timings'] as { runMs: number }).runMs).toBeGreaterThan(0);

    // 3. The result: byte-identical to the golden file; ETag is its sha256; immutable.
    const result = await app.inject({ method: 'GET', url: `/v1/audits/${auditId}/result`, headers: auth });
    expect(result.statusCode).toBe(200);
    const golden = await readFile(GOLDEN, 'utf8');
    expect(result.body).toBe(golden);
    expect(result.headers['etag']).toBe(`"${sha256(golden)}"`);
    expect(result.headers['cache-control']).toBe('private, max-age=31536000, immutable');
    expect(result.headers['content-type']).toMatch(/^application\/json/);
    const again = await app.inject({ method: 'GET', url: `/v1/audits/${auditId}/result`, headers: { ...auth, 'if-none-match': result.headers['etag'] as string } });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');

    // 4. The signature verifies with the server's published key.
    const signingKey = await app.inject({ method: 'GET', url: '/v1/signing-key' });
    expect(signingKey.json()).toMatchObject({ algorithm: 'Ed25519', keyId: expect.stringMatching(/^sha256:[0-9a-f]{64}$/) });
    const sig = await app.inject({ method: 'GET', url: `/v1/audits/${auditId}/result.sig`, headers: auth });
    const verdict = verifySignedResult({ resultText: result.body, signatureText: sig.body, publicKey: publicKeyFromPem(signingKey.json().publicKeyPem as string), data: { sha256: `sha256:${sha256(bytes)}` } });
    expect(verdict).toMatchObject({ ok: true, problems: [] });

    // 5. Every other format, each with its type and an ETag that is the sha256 of its bytes.
    const outputs = audit['outputs'] as Record<string, string>;
    const expected: Record<string, RegExp> = {
      'report.html': /^text\/html/,
      'summary.md': /^text\/markdown/,
      'junit.xml': /^application\/xml/,
      'll144.html': /^text\/html/,
      'll144.md': /^text\/markdown/,
      'or-brief.html': /^text\/html/,
      'or-brief.md': /^text\/markdown/,
    };
    for (const [name, type] of Object.entries(expected)) {
      const res = await app.inject({ method: 'GET', url: outputs[name]!, headers: auth });
      expect(res.statusCode, name).toBe(200);
      expect(res.headers['content-type'], name).toMatch(type);
      expect(res.headers['etag'], name).toBe(`"${sha256(res.rawPayload)}"`);
    }
    const report = await app.inject({ method: 'GET', url: outputs['report.html']!, headers: auth });
    expect(report.headers['content-security-policy']).toMatch(/^sandbox allow-scripts/);
    expect(report.body).toMatch(/^<!doctype html>/i);
    const charts = Object.keys(outputs).filter((k) => k.startsWith('charts/'));
    expect(charts.some((c) => c.endsWith('.svg'))).toBe(true);
    expect(charts.some((c) => c.endsWith('.png'))).toBe(true);
    for (const c of charts) {
      const res = await app.inject({ method: 'GET', url: outputs[c]!, headers: auth });
      expect(res.statusCode, c).toBe(200);
      if (c.endsWith('.png')) expect(res.rawPayload.subarray(1, 4).toString('latin1')).toBe('PNG');
      else expect(res.body).toMatch(/^<svg/);
    }
    const noChart = await app.inject({ method: 'GET', url: `/v1/audits/${auditId}/charts/nope.svg`, headers: auth });
    expectProblem(noChart, 404, 'HA_ERR_NOT_FOUND');

    // 6. Lists, paginated.
    const second = await app.inject({ method: 'POST', url: '/v1/audits', headers: auth, payload: { dataset: datasetId, policy: UCB_POLICY } });
    await waitForAudit(app, auth, second.json().id as string);
    const page1 = await app.inject({ method: 'GET', url: '/v1/audits?limit=1', headers: auth });
    expect(page1.json().items).toHaveLength(1);
    expect(page1.json().items[0].id).toBe(second.json().id);
    const page2 = await app.inject({ method: 'GET', url: `/v1/audits?limit=1&cursor=${page1.json().next as string}`, headers: auth });
    expect(page2.json()).toMatchObject({ items: [{ id: auditId }], next: null });
    const secondResult = await app.inject({ method: 'GET', url: `/v1/audits/${second.json().id as string}/result`, headers: auth });
    expect(secondResult.body).toBe(golden); // same data, policy and date: same bytes
    const byDataset = await app.inject({ method: 'GET', url: `/v1/audits?dataset=${datasetId}`, headers: auth });
    expect(byDataset.json().items).toHaveLength(2);
    const datasets = await app.inject({ method: 'GET', url: '/v1/datasets', headers: auth });
    expect(datasets.json()).toMatchObject({ items: [{ id: datasetId }], next: null });

    // 7. Delete: the audit and its files, then the dataset (raw data gone now).
    const delAudit = await app.inject({ method: 'DELETE', url: `/v1/audits/${auditId}`, headers: auth });
    expect(delAudit.statusCode).toBe(204);
    expectProblem(await app.inject({ method: 'GET', url: `/v1/audits/${auditId}`, headers: auth }), 404, 'HA_ERR_NOT_FOUND');
    expect(await readdir(join(dir, 'results'))).toEqual([second.json().id]);
    const delDataset = await app.inject({ method: 'DELETE', url: `/v1/datasets/${datasetId}`, headers: auth });
    expect(delDataset.statusCode).toBe(204);
    expect(await readdir(join(dir, 'datasets'))).toEqual([]);
    expectProblem(await app.inject({ method: 'GET', url: `/v1/datasets/${datasetId}`, headers: auth }), 404, 'HA_ERR_NOT_FOUND');
    // The other audit's result is kept; it says the raw data is gone.
    const kept = await app.inject({ method: 'GET', url: `/v1/audits/${second.json().id as string}`, headers: auth });
    expect(kept.json()).toMatchObject({ status: 'done', retention: { rawData: { status: 'deleted' }, result: { status: 'kept' } } });

    // 8. The access log recorded who did what, without any dataset value.
    const admin = await key('acme', 'admin');
    const entries: unknown[] = [];
    for (let cursor: string | null = ''; cursor !== null; ) {
      const page = await app.inject({ method: 'GET', url: `/v1/access-log?limit=200${cursor ? `&cursor=${cursor}` : ''}`, headers: admin });
      entries.push(...(page.json().items as unknown[]));
      cursor = page.json().next as string | null;
    }
    const typed = entries as { action: string; resourceId: string | null; datasetId: string | null; keyId: string; status: number }[];
    expect(typed.find((e) => e.action === 'dataset.upload')).toMatchObject({ resourceId: datasetId, datasetId, keyId: auth.id, status: 201 });
    expect(typed.filter((e) => e.action === 'audit.result').every((e) => e.datasetId === datasetId)).toBe(true);
    expect(typed.find((e) => e.action === 'dataset.delete')).toMatchObject({ resourceId: datasetId, status: 204 });
    expect(typed.filter((e) => e.action === 'audit.create').map((e) => [e.resourceId, e.status])).toEqual([[second.json().id, 202], [auditId, 202]]);
    expect(typed.filter((e) => e.action === 'audit.delete').map((e) => [e.resourceId, e.status])).toEqual([[auditId, 204]]);
    expect(JSON.stringify(typed)).not.toMatch(/dept_A|male/);
  }, 300_000);

  it('takes multipart uploads with a policy field (YAML) and checks them against it', async () => {
    const { app, key } = await testServer();
    const auth = await key('acme');
    const csv = 'stage,sex,advanced\ncv,f,1\ncv,m,0\ncv,f,0\ncv,m,1\n';
    const form = (policy: string | null) => {
      const boundary = '----hireaudit-test';
      const parts = [
        ...(policy === null ? [] : [`--${boundary}\r\nContent-Disposition: form-data; name="policy"\r\n\r\n${policy}\r\n`]),
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="mapped.csv"\r\nContent-Type: text/csv\r\n\r\n${csv}\r\n`,
        `--${boundary}--\r\n`,
      ];
      return { payload: parts.join(''), headers: { ...auth, 'content-type': `multipart/form-data; boundary=${boundary}` } };
    };
    // Without the mapping the file has no "selected" column: refused, with the column named.
    const refused = await app.inject({ method: 'POST', url: '/v1/datasets', ...form(null) });
    const problem = expectProblem(refused, 422, 'HA_ERR_CONTRACT');
    expect(problem['issues']).toEqual([expect.objectContaining({ file: 'mapped.csv', column: 'selected' })]);
    // With it, accepted.
    const ok = await app.inject({ method: 'POST', url: '/v1/datasets', ...form('columns: { selected: advanced }\nprotected: [sex]\n') });
    expect(ok.statusCode, ok.body).toBe(201);
    const ds = await app.inject({ method: 'GET', url: `/v1/datasets/${ok.json().id as string}`, headers: auth });
    expect(ds.json()).toMatchObject({ name: 'mapped.csv', columns: ['stage', 'sex', 'advanced'] });
  }, 300_000);

  it('stores a policy and audits with its id; a dataset with special-category columns loses its raw data after the audit', async () => {
    const { app, dir, key } = await testServer();
    const auth = await key('acme');
    const csv = ['ethnicity,selected', ...Array.from({ length: 40 }, (_, i) => `${i % 2 ? 'a' : 'b'},${i % 3 ? 1 : 0}`)].join('\n');
    const up = await app.inject({ method: 'POST', url: '/v1/datasets?name=eth.csv', headers: { ...auth, 'content-type': 'text/csv' }, payload: csv });
    expect(up.statusCode, up.body).toBe(201);
    const id = up.json().id as string;
    expect((await app.inject({ method: 'GET', url: `/v1/datasets/${id}`, headers: auth })).json()).toMatchObject({ specialCategory: ['ethnicity'], rawData: { status: 'kept' } });
    const stored = await app.inject({ method: 'POST', url: '/v1/policies', headers: auth, payload: { policy: { protected: ['ethnicity'], auditDate: '2026-01-05' } } });
    expect(stored.statusCode, stored.body).toBe(201);
    const started = await app.inject({ method: 'POST', url: '/v1/audits', headers: auth, payload: { dataset: id, policy: stored.json().id } });
    const audit = await waitForAudit(app, auth, started.json().id as string);
    expect(audit).toMatchObject({ status: 'done', policy: { protected: ['ethnicity'], auditDate: '2026-01-05' }, retention: { rawData: { status: 'deleted', afterAudit: true, reason: expect.stringContaining('ethnicity') } } });
    expect(await readdir(join(dir, 'datasets'))).toEqual([]);
    // The result stays; a new audit of the deleted raw data is refused as gone.
    expect((await app.inject({ method: 'GET', url: `/v1/audits/${audit['id'] as string}/result`, headers: auth })).statusCode).toBe(200);
    expectProblem(await app.inject({ method: 'POST', url: '/v1/audits', headers: auth, payload: { dataset: id } }), 410, 'HA_ERR_GONE');
  }, 300_000);

  it('cancels a queued audit with DELETE, and refuses its result', async () => {
    const { app, key } = await testServer({ workers: 1 });
    const auth = await key('acme');
    const up = await app.inject({ method: 'POST', url: '/v1/datasets?name=ucb.csv', headers: { ...auth, 'content-type': 'text/csv' }, payload: await readFile(UCB) });
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await app.inject({ method: 'POST', url: '/v1/audits', headers: auth, payload: { dataset: up.json().id, policy: UCB_POLICY } })).json().id as string);
    const last = ids[2]!; // behind two others with one worker: still queued or running
    const cancelled = await app.inject({ method: 'DELETE', url: `/v1/audits/${last}`, headers: auth });
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    expect(cancelled.json()).toMatchObject({ id: last, status: 'cancelled' });
    expectProblem(await app.inject({ method: 'GET', url: `/v1/audits/${last}/result`, headers: auth }), 409, 'HA_ERR_NOT_READY');
    for (const id of ids.slice(0, 2)) expect(await waitForAudit(app, auth, id)).toMatchObject({ status: 'done' });
    expect((await app.inject({ method: 'GET', url: `/v1/audits/${last}`, headers: auth })).json()).toMatchObject({ status: 'cancelled' });
  }, 300_000);
});
