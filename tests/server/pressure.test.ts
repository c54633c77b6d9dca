import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { describe, expect, it, onTestFinished } from 'vitest';
import { createKey } from '../../src/server/keys.js';
import { pressureOf, underPressureOptions } from '../../src/server/plugins/pressure.js';
import { startServer } from '../../src/server/start.js';
import { SqliteStore } from '../../src/server/store/sqlite-store.js';
import { expectProblem, testServer } from './helpers.js';
import { spawnServer } from './process.js';

/**
 * Overload shedding (issue 13, item 8): an overloaded server answers 503 at once, with
 * Retry-After and problem+json, runs nothing of the request (no key check, no upload stored,
 * nothing in the access log), keeps answering /healthz, and serves again when the pressure ends.
 * The pressure is made deterministically: a resident-memory limit of one byte (always exceeded
 * from the first sample on), and a store whose ping the test switches off and on. Deadlines
 * below only bound how long a broken server may take to show it; nothing passes by timing.
 */

/** Repeats `probe` until `done` holds of its answer (the limits are sampled every few ms). */
async function until<T>(probe: () => Promise<T>, done: (t: T) => boolean, what: string, timeoutMs = 20_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const t = await probe();
    if (done(t)) return t;
    if (Date.now() > end) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** The store with a switch: while `down`, its ping fails as an unreachable database's would. */
class SwitchableStore extends SqliteStore {
  down = false;
  override async ping(): Promise<void> {
    if (this.down) throw new Error('connection refused');
    return super.ping();
  }
}

const overloaded = (app: FastifyInstance) => async () => app.inject({ method: 'GET', url: '/readyz' });

describe('overload shedding', () => {
  it('past a memory limit: 503 with Retry-After and problem+json for every route, nothing of the request runs, /healthz answers', async () => {
    const { app, dir, key } = await testServer({ pressure: { maxRssBytes: 1, maxEventLoopDelayMs: 0, sampleIntervalMs: 10, retryAfterSeconds: 7 } });
    const auth = await key('acme', 'admin');
    await until(overloaded(app), (r) => r.statusCode === 503, 'the first sample');

    const status = await app.inject({ method: 'GET', url: '/v1/audits', headers: auth });
    const body = expectProblem(status, 503, 'HA_ERR_OVERLOADED');
    expect(status.headers['retry-after']).toBe('7');
    expect(body['detail']).toBe('the server is short of memory; try again in 7 s');
    expect(body['instance']).toBe('/v1/audits');

    // Shed before the key is looked at: no key and a wrong key get the same 503, not a 401.
    expectProblem(await app.inject({ method: 'GET', url: '/v1/audits' }), 503, 'HA_ERR_OVERLOADED');
    expectProblem(await app.inject({ method: 'GET', url: '/v1/audits', headers: { authorization: 'Bearer ha_000000000000_nope' } }), 503, 'HA_ERR_OVERLOADED');

    // An upload under pressure: refused before a byte is stored or a row written.
    const upload = await app.inject({ method: 'POST', url: '/v1/datasets?name=a.csv', headers: { ...auth, 'content-type': 'text/csv' }, payload: 'stage,gender,selected\ncv,f,1\ncv,m,0\n' });
    expectProblem(upload, 503, 'HA_ERR_OVERLOADED');
    expect(await readdir(join(dir, 'datasets'))).toEqual([]);
    expect((await readdir(join(dir, 'uploads'))).filter((n) => !n.startsWith('.'))).toEqual([]);
    expect((await app.hireaudit.store.listDatasets('acme', { limit: 10 })).items).toEqual([]);
    expect((await app.hireaudit.store.listAccess('acme', { limit: 10 })).items).toEqual([]);

    // Liveness still answers: the process is alive, only busy.
    const live = await app.inject({ method: 'GET', url: '/healthz' });
    expect(live.statusCode).toBe(200);
    expect(live.json()).toEqual({ status: 'ok' });
  });

  it('over loopback HTTP the 503 comes at once instead of a hanging request', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'hireaudit-pressure-'));
    const server = await startServer({ dataDir: dir, port: 0, host: '127.0.0.1', logger: false, pressure: { maxRssBytes: 1, maxEventLoopDelayMs: 0, sampleIntervalMs: 10 } });
    onTestFinished(async () => {
      await server.close();
      await rm(dir, { recursive: true, force: true });
    });
    const { key } = await createKey(server.app.hireaudit.store, 'acme', 'viewer');
    // A hanging server would trip the 10 s abort and fail the test with a timeout error.
    const get = () => fetch(`${server.url}/v1/datasets`, { headers: { authorization: `Bearer ${key}` }, signal: AbortSignal.timeout(10_000) });
    const res = await until(get, (r) => r.status === 503, 'the first sample');
    expect(res.headers.get('retry-after')).toBe('5');
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await res.json()).toMatchObject({ status: 503, code: 'HA_ERR_OVERLOADED', type: 'urn:hireaudit:problem:ha_err_overloaded' });
    expect((await fetch(`${server.url}/healthz`, { signal: AbortSignal.timeout(10_000) })).status).toBe(200);
  });

  it('sheds while the store does not answer and serves again once it does', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'hireaudit-pressure-store-'));
    onTestFinished(() => rm(dir, { recursive: true, force: true }));
    const store = new SwitchableStore(join(dir, 'meta.db'));
    const { app, key } = await testServer({ store, pressure: { storeCheckMs: 10 } });
    const auth = await key('acme', 'viewer');
    const list = () => app.inject({ method: 'GET', url: '/v1/datasets', headers: auth });
    expect((await list()).statusCode).toBe(200);

    store.down = true;
    const shed = await until(list, (r) => r.statusCode === 503, 'shedding after the store went down');
    expect(expectProblem(shed, 503, 'HA_ERR_OVERLOADED')['detail']).toBe('the store does not answer; try again in 5 s');
    expect(shed.headers['retry-after']).toBe('5');
    expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);

    store.down = false;
    const back = await until(list, (r) => r.statusCode !== 503, 'recovery after the store came back');
    expect(back.statusCode).toBe(200);
    expect(back.json()).toEqual({ items: [], next: null });
    expect((await app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);
  });

  it('passes each configured limit to under-pressure; defaults: event-loop delay 1 s, store pinged every 5 s, Retry-After 5 s', () => {
    const store = {} as SqliteStore;
    expect(underPressureOptions({}, store)).toMatchObject({ maxEventLoopDelay: 1000, sampleInterval: 1000, healthCheckInterval: 5000, retryAfter: 5 });
    expect(underPressureOptions({}, store)).not.toHaveProperty('maxRssBytes');
    expect(underPressureOptions({ maxEventLoopDelayMs: 200, maxEventLoopUtilization: 0.95, maxHeapUsedBytes: 2e9, maxRssBytes: 3e9, sampleIntervalMs: 50, storeCheckMs: 100, retryAfterSeconds: 2 }, store)).toMatchObject({
      maxEventLoopDelay: 200,
      maxEventLoopUtilization: 0.95,
      eventLoopUtilizationMode: 'interval',
      maxHeapUsedBytes: 2e9,
      maxRssBytes: 3e9,
      sampleInterval: 50,
      healthCheckInterval: 100,
      retryAfter: 2,
    });
  });

  it('reads the older maxEventLoopDelayMs option as part of the limits (false: no shedding at all, as before)', async () => {
    expect(pressureOf({})).toEqual({});
    expect(pressureOf({ pressure: false })).toBe(false);
    expect(pressureOf({ maxEventLoopDelayMs: false })).toBe(false);
    expect(pressureOf({ maxEventLoopDelayMs: 250 })).toEqual({ maxEventLoopDelayMs: 250 });
    expect(pressureOf({ maxEventLoopDelayMs: 250, pressure: { maxRssBytes: 9 } })).toEqual({ maxRssBytes: 9, maxEventLoopDelayMs: 250 });
    expect(pressureOf({ maxEventLoopDelayMs: false, pressure: { maxRssBytes: 9 } })).toEqual({ maxRssBytes: 9, maxEventLoopDelayMs: 0 });
    const { app } = await testServer({ maxEventLoopDelayMs: false });
    expect(app.hasDecorator('isUnderPressure')).toBe(false);
  });
});

describe('hireaudit serve --shed-rss-mb / --shed-delay-ms', () => {
  it('a server started with a 1 MB limit sheds every route but /healthz (its process always holds more)', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'hireaudit-shed-cli-'));
    onTestFinished(() => rm(dataDir, { recursive: true, force: true }));
    const server = await spawnServer(dataDir, ['--shed-rss-mb', '1', '--shed-delay-ms', '0']);
    const shed = await until(() => fetch(`${server.url}/v1/audits`), (r) => r.status === 503, 'a 503 for /v1/audits');
    expect(shed.headers.get('retry-after')).toBe('5');
    expect(shed.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(((await shed.json()) as { code: string }).code).toBe('HA_ERR_OVERLOADED');
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });

  it('refuses a limit that is not a whole number in range (exit 2, the flag named)', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'hireaudit-shed-cli-'));
    onTestFinished(() => rm(dataDir, { recursive: true, force: true }));
    await expect(spawnServer(dataDir, ['--shed-rss-mb', '0'])).rejects.toThrow(/exited with 2[\s\S]*--shed-rss-mb must be a whole number from 1/);
  });
});
