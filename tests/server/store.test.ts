import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { parsePolicy } from '../../src/audit/contract/policy.js';
import { checkKey, createKey } from '../../src/server/keys.js';
import { PostgresStore } from '../../src/server/store/postgres-store.js';
import { SqliteStore } from '../../src/server/store/sqlite-store.js';
import type { AuditRecord, Store } from '../../src/server/store/store.js';
import { freshDatabase, postgresBin, startPostgres, type TestPostgres } from '../support/postgres.js';

/**
 * Both stores (embedded SQLite, PostgreSQL for several instances) against the same expectations.
 * PostgreSQL is Debian's, started by the test in a temporary folder on a loopback port; in CI a
 * missing PostgreSQL fails rather than skips.
 */
const IN_CI = process.env['CI'] === 'true' || process.env['CI'] === '1';
const HAVE_PG = postgresBin() !== null;

let pg: TestPostgres | undefined;
let databases = 0;
beforeAll(async () => {
  if (HAVE_PG) pg = await startPostgres();
}, 120_000);
afterAll(async () => pg?.stop());

interface Opened {
  store: Store;
  /** Runs SQL straight on the database, around the store (to try to change the access log). */
  raw(sql: string): Promise<unknown>;
}

const factories: [string, () => Promise<Opened>][] = [
  [
    'sqlite',
    async () => {
      const dir = await mkdtemp(join(tmpdir(), 'hireaudit-store-'));
      const store = new SqliteStore(join(dir, 'db'), { backgroundCheckpoints: true }); // as the server opens it
      onTestFinished(async () => {
        await store.close();
        await rm(dir, { recursive: true, force: true });
      });
      return {
        store,
        raw: async (sql) => {
          const db = new Database(join(dir, 'db'));
          try {
            return db.prepare(sql).run();
          } finally {
            db.close();
          }
        },
      };
    },
  ],
  [
    'postgres',
    async () => {
      const url = await freshDatabase(pg!.url, `store_test_${++databases}`);
      const store = await PostgresStore.open(url);
      onTestFinished(() => store.close());
      const { default: pgm } = await import('pg');
      return {
        store,
        raw: async (sql) => {
          const c = new pgm.Client({ connectionString: url });
          await c.connect();
          try {
            return await c.query(sql);
          } finally {
            await c.end();
          }
        },
      };
    },
  ],
];

describe.runIf(IN_CI)('in CI', () => {
  it('has PostgreSQL (.ci/run installs Debian\'s postgresql)', () => expect(HAVE_PG).toBe(true));
});

const audit = (id: string, createdAt: string): AuditRecord => ({
  id, tenant: 't', datasetId: 'ds', policy: parsePolicy({}), status: 'queued', progress: null, createdAt, startedAt: null, finishedAt: null, attempts: 0, error: null, outputs: null,
});

describe.each(factories.filter(([name]) => name === 'sqlite' || HAVE_PG))('the %s store', (_name, open) => {
  it('keeps the access log append-only: rows can be added, never changed or removed', async () => {
    const { store, raw } = await open();
    await store.logAccess({ at: '2026-01-01T00:00:00.000Z', tenant: 't', keyId: 'k', action: 'dataset.upload', resource: 'dataset', resourceId: 'ds_1', datasetId: 'ds_1', status: 201 });
    await expect(raw('update access_log set status = 200')).rejects.toThrow(/append-only/);
    await expect(raw('delete from access_log')).rejects.toThrow(/append-only/);
    expect((await store.listAccess('t', { limit: 10 })).items).toEqual([expect.objectContaining({ action: 'dataset.upload', datasetId: 'ds_1', status: 201 })]);
  });

  it('claims queued audits oldest first, each once; re-queues running ones and those of a silent instance', async () => {
    const { store } = await open();
    await store.insertAudit(audit('au_2', '2026-01-01T00:00:02.000Z'));
    await store.insertAudit(audit('au_1', '2026-01-01T00:00:01.000Z'));
    expect((await store.claimNextAudit('2026-01-01T00:01:00.000Z', 'i1'))?.id).toBe('au_1');
    expect(await store.claimNextAudit('2026-01-01T00:01:00.000Z', 'i2')).toMatchObject({ id: 'au_2', status: 'running', attempts: 1 });
    expect(await store.claimNextAudit('2026-01-01T00:01:00.000Z', 'i1')).toBeNull();
    // i1 beats, i2 goes silent: only au_2 is taken back.
    await store.heartbeat('i1', '2026-01-01T00:02:00.000Z');
    expect(await store.requeueStale('2026-01-01T00:01:30.000Z')).toBe(1);
    expect(await store.getAuditById('au_2')).toMatchObject({ status: 'queued' });
    expect(await store.claimNextAudit('now', 'i1')).toMatchObject({ id: 'au_2', attempts: 2 });
    // A finished audit is never moved again, not even by a late cancel.
    expect(await store.finishAudit('au_2', 'done', 'now', { outputs: { 'a.json': 'x' } })).toBe(true);
    expect(await store.finishAudit('au_2', 'cancelled', 'now', {})).toBe(false);
    expect(await store.getAuditById('au_2')).toMatchObject({ status: 'done', outputs: { 'a.json': 'x' } });
    expect(await store.requeueRunning()).toBe(1); // au_1
  });

  it('hands each queued audit to exactly one of many concurrent claimers', async () => {
    const { store } = await open();
    for (let i = 0; i < 20; i++) await store.insertAudit(audit(`au_${String(i).padStart(2, '0')}`, `2026-01-01T00:00:${String(i).padStart(2, '0')}.000Z`));
    const claimed = await Promise.all(Array.from({ length: 30 }, (_, i) => store.claimNextAudit('now', `i${i % 3}`)));
    const ids = claimed.filter((a) => a !== null).map((a) => a.id);
    expect(ids.sort()).toEqual(Array.from({ length: 20 }, (_, i) => `au_${String(i).padStart(2, '0')}`));
  });

  it('pages by creation time, newest first, with an opaque cursor, per tenant', async () => {
    const { store } = await open();
    for (let i = 0; i < 5; i++) await store.insertAudit(audit(`au_${i}`, `2026-01-01T00:00:0${i}.000Z`));
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const p = await store.listAudits('t', { limit: 2, cursor });
      seen.push(...p.items.map((a) => a.id));
      cursor = p.next ?? undefined;
    } while (cursor);
    expect(seen).toEqual(['au_4', 'au_3', 'au_2', 'au_1', 'au_0']);
    expect((await store.listAudits('other', { limit: 10 })).items).toEqual([]);
  });

  it('stores a salted hash of each key, never the key; revoked keys are refused', async () => {
    const { store } = await open();
    const a = await createKey(store, 't', 'viewer');
    const b = await createKey(store, 't', 'viewer');
    expect((await store.getKey(a.info.id))!.salt.equals((await store.getKey(b.info.id))!.salt)).toBe(false);
    expect(JSON.stringify(await store.getKey(a.info.id))).not.toContain(a.key.slice(16));
    expect(await checkKey(store, a.key)).toMatchObject({ ok: true, key: { tenant: 't', role: 'viewer' } });
    expect(await checkKey(store, `${a.key.slice(0, -1)}${a.key.endsWith('A') ? 'B' : 'A'}`)).toEqual({ ok: false, reason: 'unknown' });
    await store.revokeKey(a.info.id, 'now');
    expect(await checkKey(store, a.key)).toEqual({ ok: false, reason: 'revoked' });
    expect(await checkKey(store, 'not a key')).toEqual({ ok: false, reason: 'malformed' });
    expect((await store.listKeys('t')).map((k) => [k.id, k.revokedAt])).toEqual(expect.arrayContaining([[a.info.id, 'now'], [b.info.id, null]]));
  });

  it('keeps the policy exactly as stored (key order included: it is part of the audit input)', async () => {
    const { store } = await open();
    const policy = parsePolicy({ protected: ['zeta', 'alpha'], auditDate: '2026-01-01' });
    await store.insertPolicy({ id: 'po_1', tenant: 't', policy, createdAt: 'x' });
    await store.insertAudit({ ...audit('au_p', 'y'), policy });
    expect(JSON.stringify((await store.getPolicy('t', 'po_1'))!.policy)).toBe(JSON.stringify(policy));
    expect(JSON.stringify((await store.getAuditById('au_p'))!.policy)).toBe(JSON.stringify(policy));
  });
});

describe('the SQLite store', () => {
  const entry = (i: number) => ({ at: '2026-01-01T00:00:00.000Z', tenant: 't', keyId: 'k', action: 'audit.get', resource: 'audit', resourceId: `au_${i}`, datasetId: 'ds_1', status: 200 });

  it('sees a key revoked through another connection (hireaudit keys revoke) on the next check', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'hireaudit-store-'));
    const server = new SqliteStore(join(dir, 'db'), { backgroundCheckpoints: true });
    onTestFinished(async () => {
      await server.close();
      await rm(dir, { recursive: true, force: true });
    });
    const { key, info } = await createKey(server, 't', 'auditor');
    expect(await checkKey(server, key)).toMatchObject({ ok: true });
    const cli = new SqliteStore(join(dir, 'db'));
    await cli.revokeKey(info.id, '2026-01-02T00:00:00.000Z');
    await cli.close();
    expect(await checkKey(server, key)).toEqual({ ok: false, reason: 'revoked' });
  });

  /** A store on a fresh file with 250 access-log rows: some 750 WAL frames, under SQLite's automatic checkpoint at 1000. */
  async function written(options: ConstructorParameters<typeof SqliteStore>[1]) {
    const dir = await mkdtemp(join(tmpdir(), 'hireaudit-store-'));
    const file = join(dir, 'db');
    const store = new SqliteStore(file, options);
    onTestFinished(async () => {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    });
    const empty = (await stat(file)).size;
    for (let i = 0; i < 250; i++) await store.logAccess(entry(i));
    return { store, file, empty };
  }

  it("checkpoints the WAL in a worker thread, not in the server's connections", async () => {
    // Pages reach the database file only through a checkpoint; no connection of the store makes one.
    const { file, empty } = await written({ backgroundCheckpoints: true, checkpointEveryMs: 20 });
    const end = Date.now() + 20_000;
    while ((await stat(file)).size <= empty && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
    expect((await stat(file)).size).toBeGreaterThan(empty);
    const reader = new Database(file, { readonly: true });
    try {
      expect(reader.prepare('select count(*) as n from access_log').get()).toEqual({ n: 250 });
    } finally {
      reader.close();
    }
  });

  it('without the worker (a CLI command) nothing checkpoints below SQLite\'s threshold, and close writes everything back', async () => {
    const { store, file, empty } = await written({});
    expect((await stat(file)).size).toBe(empty); // the same writes, no checkpoint: the growth above was the worker's
    await store.close();
    const reopened = new SqliteStore(file);
    expect((await reopened.listAccess('t', { limit: 1 })).items).toEqual([expect.objectContaining({ resourceId: 'au_249' })]);
    await reopened.close();
  });
});
