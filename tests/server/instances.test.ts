import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { buildApp } from '../../src/server/app.js';
import { createKey } from '../../src/server/keys.js';
import { fixture } from '../support/fixtures.js';
import { freshDatabase, postgresBin, startPostgres, type TestPostgres } from '../support/postgres.js';

/**
 * Two server instances behind one (imagined) load balancer: one PostgreSQL store and one data
 * folder (shared storage). Tenants, keys, datasets, jobs and results are shared; every audit is
 * run by exactly one instance (issue 13 item 9).
 */
const HAVE_PG = postgresBin() !== null;
const UCB_POLICY = { protected: ['gender'], funnel: false, auditDate: '2026-11-22' };

let pg: TestPostgres | undefined;
beforeAll(async () => {
  if (HAVE_PG) pg = await startPostgres();
}, 120_000);
afterAll(async () => pg?.stop());

describe.runIf(HAVE_PG)('two instances on one PostgreSQL store', () => {
  it('share tenants, uploads, jobs and results; each audit runs once; isolation holds', async () => {
    const url = await freshDatabase(pg!.url, 'two_instances');
    const dir = await mkdtemp(join(tmpdir(), 'hireaudit-shared-'));
    const a = await buildApp({ dataDir: dir, store: url, workers: 2 });
    await a.ready();
    const b = await buildApp({ dataDir: dir, store: url, workers: 2 });
    await b.ready();
    onTestFinished(async () => {
      await a.close();
      await b.close();
      await rm(dir, { recursive: true, force: true });
    });
    const key = { authorization: `Bearer ${(await createKey(a.hireaudit.store, 'inspectie', 'auditor')).key}` };
    const other = { authorization: `Bearer ${(await createKey(b.hireaudit.store, 'someone-else', 'auditor')).key}` };
    expect(a.hireaudit.signing.keyId).toBe(b.hireaudit.signing.keyId); // one signing key in the shared folder

    // Upload through A, audit through B (four audits), read through either.
    const up = await a.inject({ method: 'POST', url: '/v1/datasets?name=ucb-admissions.csv', headers: { ...key, 'content-type': 'text/csv' }, payload: await readFile(fixture('ucb-admissions.csv')) });
    expect(up.statusCode, up.body).toBe(201);
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) {
      const res = await b.inject({ method: 'POST', url: '/v1/audits', headers: key, payload: { dataset: up.json().id, policy: UCB_POLICY } });
      expect(res.statusCode, res.body).toBe(202);
      ids.push(res.json().id as string);
    }
    a.hireaudit.runner.notify();
    const end = Date.now() + 180_000;
    for (;;) {
      const audits = await Promise.all(ids.map((id) => a.hireaudit.store.getAuditById(id)));
      if (audits.every((x) => x?.status === 'done' || x?.status === 'failed')) {
        expect(audits.map((x) => [x?.status, x?.attempts])).toEqual(ids.map(() => ['done', 1])); // each claimed once
        break;
      }
      if (Date.now() > end) throw new Error('audits did not finish');
      await new Promise((r) => setTimeout(r, 200));
    }
    const golden = await readFile(new URL('../golden/results/ucb-admissions.json', import.meta.url), 'utf8');
    for (const [i, id] of ids.entries()) {
      const via = i % 2 ? a : b;
      expect((await via.inject({ method: 'GET', url: `/v1/audits/${id}/result`, headers: key })).body).toBe(golden);
    }
    // The other tenant sees none of it on either instance.
    for (const app of [a, b]) {
      expect((await app.inject({ method: 'GET', url: `/v1/audits/${ids[0]}`, headers: other })).statusCode).toBe(404);
      expect((await app.inject({ method: 'GET', url: '/v1/datasets', headers: other })).json()).toEqual({ items: [], next: null });
    }
    // The access log of both instances is one log.
    const adminKey = { authorization: `Bearer ${(await createKey(a.hireaudit.store, 'inspectie', 'admin')).key}` };
    const log = (await b.inject({ method: 'GET', url: '/v1/access-log?limit=200', headers: adminKey })).json().items as { action: string }[];
    expect(log.filter((e) => e.action === 'dataset.upload')).toHaveLength(1);
    expect(log.filter((e) => e.action === 'audit.create')).toHaveLength(4);
    expect(log.filter((e) => e.action === 'audit.result')).toHaveLength(4);
  }, 240_000);
});
