import { mkdir, mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { describe, expect, it } from 'vitest';
import { SqliteStore } from '../../src/server/store/sqlite-store.js';
import type { Store } from '../../src/server/store/store.js';
import { fixture } from '../support/fixtures.js';
import { onSmallDisk } from '../support/small-disk.js';
import { testServer, waitForAudit } from './helpers.js';

/**
 * A full disk under the server is the server's problem, said as such, and never takes the server
 * down: outputs that do not fit fail the audit with HA_ERR_STORAGE (and leave nothing behind); an
 * outcome the store cannot record is tried again until it can, while the server goes on serving.
 * (A full data folder for an upload: 507, in isolation.test.ts.)
 */
const UCB = fixture('ucb-admissions.csv');
const POLICY = { protected: ['gender'], funnel: false, auditDate: '2026-11-22' };

async function submit(app: FastifyInstance, auth: Record<string, string>): Promise<string> {
  const up = await app.inject({ method: 'POST', url: '/v1/datasets?name=ucb.csv', headers: { ...auth, 'content-type': 'text/csv' }, payload: await readFile(UCB) });
  expect(up.statusCode, up.body).toBe(201);
  const audit = await app.inject({ method: 'POST', url: '/v1/audits', headers: { ...auth, 'content-type': 'application/json' }, payload: { dataset: up.json().id, policy: POLICY } });
  expect(audit.statusCode, audit.body).toBe(202);
  return audit.json().id as string;
}

describe('a full disk under the server', () => {
  it("outputs with no room: the audit fails as the server's problem, and nothing of them stays", async (ctx) => {
    const dir = await mkdtemp(join(tmpdir(), 'hireaudit-server-'));
    try {
      // Only the results folder is small: the store (in the data folder) keeps room to record the failure.
      const results = join(dir, 'results');
      await mkdir(results);
      await onSmallDisk(
        '300k',
        () => ctx.skip(),
        async () => {
          const { app, key } = await testServer({}, dir);
          try {
            const auth = { authorization: (await key('t')).authorization };
            const done = await waitForAudit(app, auth, await submit(app, auth));
            expect(done).toMatchObject({ status: 'failed', error: { code: 'HA_ERR_STORAGE', title: 'The server has no room left' } });
            expect((done['error'] as { detail: string }).detail).toBe("the server had no room left to write this job's outputs (ENOSPC): free space in its data folder, then run it again");
            expect(JSON.stringify(done)).not.toContain(dir); // the server's paths never reach the client
            expect(await readdir(results)).toEqual([]);
          } finally {
            await app.close();
          }
        },
        results,
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 300_000);

  it('an outcome the store cannot record is tried again until it can; the server goes on meanwhile', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'hireaudit-server-'));
    const inner = new SqliteStore(join(dir, 'hireaudit.db'));
    let refusals = 2;
    // The store's disk is full for its first two attempts to record an outcome.
    const store = new Proxy(inner, {
      get(target, prop) {
        if (prop === 'finishAudit') {
          return async (...args: Parameters<Store['finishAudit']>) => {
            if (args[1] !== 'cancelled' && refusals-- > 0) throw Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
            return target.finishAudit(...args);
          };
        }
        const value = Reflect.get(target, prop, target) as unknown;
        return typeof value === 'function' ? value.bind(target) : value;
      },
    }) as Store;
    const { app, key } = await testServer({ store }, dir);
    try {
      const auth = { authorization: (await key('t')).authorization };
      const id = await submit(app, auth);
      const done = await waitForAudit(app, auth, id);
      expect(refusals).toBeLessThan(0); // both refusals happened, then the outcome was recorded
      expect(done).toMatchObject({ status: 'done' });
      expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
      expect((await app.inject({ method: 'GET', url: `/v1/audits/${id}/result`, headers: auth })).statusCode).toBe(200);
    } finally {
      await app.close();
      await rm(dir, { recursive: true, force: true });
    }
  }, 300_000);
});
