import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { parsePolicy } from '../../src/audit/contract/policy.js';
import { checkKey, createKey } from '../../src/server/keys.js';
import { SqliteStore } from '../../src/server/store/sqlite-store.js';
import type { AuditRecord } from '../../src/server/store/store.js';

async function store() {
  const dir = await mkdtemp(join(tmpdir(), 'hireaudit-store-'));
  const s = new SqliteStore(join(dir, 'db'));
  onTestFinished(async () => {
    await s.close();
    await rm(dir, { recursive: true, force: true });
  });
  return s;
}

const audit = (id: string, createdAt: string): AuditRecord => ({
  id, tenant: 't', datasetId: 'ds', policy: parsePolicy({}), status: 'queued', progress: null, createdAt, startedAt: null, finishedAt: null, attempts: 0, error: null, outputs: null,
});

describe('the embedded store', () => {
  it('keeps the access log append-only: rows can be added, never changed or removed', async () => {
    const s = await store();
    await s.logAccess({ at: '2026-01-01T00:00:00.000Z', tenant: 't', keyId: 'k', action: 'dataset.upload', resource: 'dataset', resourceId: 'ds_1', datasetId: 'ds_1', status: 201 });
    const db = (s as unknown as { db: { prepare(sql: string): { run(): unknown } } }).db;
    expect(() => db.prepare("update access_log set status = 200").run()).toThrow(/append-only/);
    expect(() => db.prepare('delete from access_log').run()).toThrow(/append-only/);
    expect((await s.listAccess('t', { limit: 10 })).items).toHaveLength(1);
  });

  it('claims queued audits oldest first, each once; re-queues running ones', async () => {
    const s = await store();
    await s.insertAudit(audit('au_2', '2026-01-01T00:00:02.000Z'));
    await s.insertAudit(audit('au_1', '2026-01-01T00:00:01.000Z'));
    expect((await s.claimNextAudit('now'))?.id).toBe('au_1');
    expect((await s.claimNextAudit('now'))).toMatchObject({ id: 'au_2', status: 'running', attempts: 1 });
    expect(await s.claimNextAudit('now')).toBeNull();
    expect(await s.requeueRunning(['au_2'])).toBe(1);
    expect((await s.claimNextAudit('now'))).toMatchObject({ id: 'au_2', attempts: 2 });
    // A finished audit is never moved again, not even by a late cancel.
    expect(await s.finishAudit('au_2', 'done', 'now', { outputs: { 'a.json': 'x' } })).toBe(true);
    expect(await s.finishAudit('au_2', 'cancelled', 'now', {})).toBe(false);
    expect(await s.requeueRunning()).toBe(1); // au_1
  });

  it('pages by creation time, newest first, with an opaque cursor', async () => {
    const s = await store();
    for (let i = 0; i < 5; i++) await s.insertAudit(audit(`au_${i}`, `2026-01-01T00:00:0${i}.000Z`));
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const p = await s.listAudits('t', { limit: 2, cursor });
      seen.push(...p.items.map((a) => a.id));
      cursor = p.next ?? undefined;
    } while (cursor);
    expect(seen).toEqual(['au_4', 'au_3', 'au_2', 'au_1', 'au_0']);
    expect((await s.listAudits('other', { limit: 10 })).items).toEqual([]);
  });

  it('stores a salted hash of each key, never the key; revoked keys are refused', async () => {
    const s = await store();
    const a = await createKey(s, 't', 'viewer');
    const b = await createKey(s, 't', 'viewer');
    const ra = await s.getKey(a.info.id);
    const rb = await s.getKey(b.info.id);
    expect(ra!.salt.equals(rb!.salt)).toBe(false);
    const db = (s as unknown as { db: { prepare(sql: string): { all(): Record<string, unknown>[] } } }).db;
    const dump = JSON.stringify(db.prepare('select * from api_keys').all());
    expect(dump).not.toContain(a.key.slice(16));
    expect(await checkKey(s, a.key)).toMatchObject({ ok: true, key: { tenant: 't', role: 'viewer' } });
    expect(await checkKey(s, `${a.key.slice(0, -1)}${a.key.endsWith('A') ? 'B' : 'A'}`)).toEqual({ ok: false, reason: 'unknown' });
    await s.revokeKey(a.info.id, 'now');
    expect(await checkKey(s, a.key)).toEqual({ ok: false, reason: 'revoked' });
    expect(await checkKey(s, 'not a key')).toEqual({ ok: false, reason: 'malformed' });
  });
});
