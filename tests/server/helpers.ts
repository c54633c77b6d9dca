import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, expect, onTestFinished } from 'vitest';
import { buildApp, type ServerOptions } from '../../src/server/app.js';
import { createKey } from '../../src/server/keys.js';
import { SqliteStore } from '../../src/server/store/sqlite-store.js';
import type { Role } from '../../src/server/store/store.js';

export interface TestServer {
  app: FastifyInstance;
  dir: string;
  /** `Authorization` headers of a fresh key of this tenant and role. */
  key(tenant: string, role?: Role): Promise<{ authorization: string; key: string; id: string }>;
}

/** A server on a fresh temporary data folder, closed and removed when the test ends. */
export async function testServer(options: Partial<ServerOptions> = {}, dir?: string, cleanup: (fn: () => Promise<void>) => void = onTestFinished): Promise<TestServer> {
  const root = dir ?? (await mkdtemp(join(tmpdir(), 'hireaudit-server-')));
  const app = await buildApp({ dataDir: root, workers: 2, ...options });
  await app.ready();
  cleanup(async () => {
    await app.close();
    if (dir === undefined) await rm(root, { recursive: true, force: true });
  });
  return {
    app,
    dir: root,
    key: async (tenant, role = 'auditor') => {
      const { key, info } = await createKey(app.hireaudit.store, tenant, role);
      return { authorization: `Bearer ${key}`, key, id: info.id };
    },
  };
}

/** As testServer, for a beforeAll: closed after the file's (or block's) tests. */
export const sharedTestServer = (options: Partial<ServerOptions> = {}) => testServer(options, undefined, (fn) => afterAll(fn));

/** Makes a key straight in a data folder's store (as `hireaudit keys create` does), for servers in other processes. */
export async function keyInDataDir(dir: string, tenant: string, role: Role = 'auditor'): Promise<string> {
  const store = new SqliteStore(join(dir, 'hireaudit.db'));
  try {
    return (await createKey(store, tenant, role)).key;
  } finally {
    await store.close();
  }
}

/** Polls an audit until it leaves queued/running. */
export async function waitForAudit(app: FastifyInstance, headers: Record<string, string>, id: string, timeoutMs = 60_000): Promise<Record<string, unknown>> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const res = await app.inject({ method: 'GET', url: `/v1/audits/${id}`, headers });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json() as Record<string, unknown>;
    if (body['status'] !== 'queued' && body['status'] !== 'running') return body;
    if (Date.now() > until) throw new Error(`audit ${id} still ${String(body['status'])} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export function expectProblem(res: { statusCode: number; headers: Record<string, unknown>; json(): unknown; body: string }, status: number, code: string): Record<string, unknown> {
  expect(res.statusCode, res.body).toBe(status);
  expect(String(res.headers['content-type'])).toMatch(/^application\/problem\+json/);
  const body = res.json() as Record<string, unknown>;
  expect(body).toMatchObject({ status, code });
  expect(typeof body['detail']).toBe('string');
  expect(typeof body['title']).toBe('string');
  expect(typeof body['type']).toBe('string');
  return body;
}
