import Database from 'better-sqlite3';
import { BackgroundCheckpointer } from './checkpointer.js';
import { type Row, rowMappers } from './rows.js';
import type { AccessLogEntry, ApiKeyInfo, ApiKeyRecord, AuditProgressView, AuditRecord, DatasetRecord, Page, PageQuery, PolicyRecord, Store, Tenant } from './store.js';

/** How often the server's store checkpoints its WAL in the background (checkpointer.ts). */
const CHECKPOINT_EVERY_MS = 1000;
/** SQLite's default automatic checkpoint threshold (pages), restored if the background checkpointer fails. */
const SQLITE_AUTOCHECKPOINT_PAGES = 1000;

/** Default retention of raw uploads when a tenant sets none. */
export const DEFAULT_RETENTION_DAYS = 30;

const SCHEMA = `
create table if not exists tenants (
  id text primary key, created_at text not null,
  retention_days integer not null, delete_raw_after_audit text not null
);
create table if not exists api_keys (
  id text primary key, tenant text not null references tenants(id), role text not null, label text,
  salt blob not null, hash blob not null, created_at text not null, revoked_at text
);
create table if not exists datasets (
  id text primary key, tenant text not null, name text not null, format text not null,
  size integer not null, sha256 text not null, columns text not null, special_category text not null,
  created_at text not null, delete_by text not null, raw_deleted_at text, raw_deleted_reason text
);
create index if not exists datasets_page on datasets (tenant, created_at desc, id desc);
create table if not exists policies (
  id text primary key, tenant text not null, policy text not null, created_at text not null
);
create index if not exists policies_page on policies (tenant, created_at desc, id desc);
create table if not exists audits (
  id text primary key, tenant text not null, dataset_id text not null, policy text not null,
  status text not null, progress text, created_at text not null, started_at text, finished_at text,
  attempts integer not null default 0, error text, outputs text, claimed_by text, heartbeat_at text
);
create index if not exists audits_page on audits (tenant, created_at desc, id desc);
create index if not exists audits_queue on audits (status, created_at, id);
create table if not exists access_log (
  seq integer primary key autoincrement, at text not null, tenant text not null, key_id text,
  action text not null, resource text not null, resource_id text, dataset_id text, status integer not null
);
create index if not exists access_page on access_log (tenant, seq desc);
create trigger if not exists access_log_no_update before update on access_log
  begin select raise(abort, 'the access log is append-only'); end;
create trigger if not exists access_log_no_delete before delete on access_log
  begin select raise(abort, 'the access log is append-only'); end;
`;


/** Keyset cursor: the last item's (created_at, id), opaque to clients. */
export function encodeCursor(createdAt: string, id: string): string {
  return Buffer.from(JSON.stringify([createdAt, id])).toString('base64url');
}

export function decodeCursor(cursor: string): [string, string] | null {
  try {
    const v: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    return Array.isArray(v) && v.length === 2 && typeof v[0] === 'string' && typeof v[1] === 'string' ? [v[0], v[1]] : null;
  } catch {
    return null;
  }
}

const map = rowMappers((v) => JSON.parse(String(v)));
const toTenant = map.tenant;
const toKey = map.key;
const toDataset = map.dataset;
const toAudit = map.audit;
const toPolicy = map.policy;

/**
 * The embedded store: one SQLite file (WAL, synchronous=FULL, so a committed row survives a
 * crash or power cut) in the data folder. better-sqlite3 is synchronous; its calls take
 * microseconds on these small tables, so they run on the event loop without holding it.
 */
export class SqliteStore implements Store {
  readonly shared = false;
  private readonly db: Database.Database;
  /**
   * A second connection with synchronous=NORMAL for the frequent, small writes (access log,
   * progress): committed to the WAL without an fsync each, so they survive a killed process and
   * are made durable by the next FULL commit (same WAL file); a power cut may lose the last
   * few. Datasets, audits and keys are written through the FULL connection.
   */
  private readonly frequent: Database.Database;

  /** Checkpoints in a worker thread (the server's store), else in the connections as SQLite does by default. */
  private readonly checkpointer: BackgroundCheckpointer | null = null;

  constructor(file: string, options: { backgroundCheckpoints?: boolean; checkpointEveryMs?: number } = {}) {
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.pragma('foreign_keys = ON');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(SCHEMA);
    this.frequent = new Database(file);
    this.frequent.pragma('synchronous = NORMAL');
    this.frequent.pragma('busy_timeout = 5000');
    if (options.backgroundCheckpoints) {
      for (const c of [this.db, this.frequent]) c.pragma('wal_autocheckpoint = 0');
      this.checkpointer = new BackgroundCheckpointer(file, options.checkpointEveryMs ?? CHECKPOINT_EVERY_MS, () => {
        // The worker is gone: checkpoints go back to the connections, so the WAL cannot grow without end.
        for (const c of [this.db, this.frequent]) if (c.open) c.pragma(`wal_autocheckpoint = ${SQLITE_AUTOCHECKPOINT_PAGES}`);
      });
    }
  }

  /** Prepared statements, compiled once (preparing costs more than running these small queries). */
  private readonly statements = new Map<string, Database.Statement>();
  private readonly frequentStatements = new Map<string, Database.Statement>();

  private sql(text: string): Database.Statement {
    let s = this.statements.get(text);
    if (!s) this.statements.set(text, (s = this.db.prepare(text)));
    return s;
  }

  private sqlFrequent(text: string): Database.Statement {
    let s = this.frequentStatements.get(text);
    if (!s) this.frequentStatements.set(text, (s = this.frequent.prepare(text)));
    return s;
  }

  private page<T>(table: string, tenant: string, q: PageQuery, map: (r: Row) => T, extra = '', extraArgs: unknown[] = []): Page<T> {
    const cursor = q.cursor ? decodeCursor(q.cursor) : null;
    const where = cursor ? 'and (created_at < ? or (created_at = ? and id < ?))' : '';
    const args = cursor ? [cursor[0], cursor[0], cursor[1]] : [];
    const rows = this.sql(`select * from ${table} where tenant = ? ${extra} ${where} order by created_at desc, id desc limit ?`)
      .all(tenant, ...extraArgs, ...args, q.limit + 1) as Row[];
    const more = rows.length > q.limit;
    const items = rows.slice(0, q.limit);
    const last = items[items.length - 1];
    return { items: items.map(map), next: more && last ? encodeCursor(String(last['created_at']), String(last['id'])) : null };
  }

  async ensureTenant(id: string): Promise<Tenant> {
    this.sql('insert into tenants (id, created_at, retention_days, delete_raw_after_audit) values (?, ?, ?, ?) on conflict (id) do nothing')
      .run(id, new Date().toISOString(), DEFAULT_RETENTION_DAYS, 'special');
    return (await this.getTenant(id))!;
  }

  async getTenant(id: string): Promise<Tenant | null> {
    const r = this.sql('select * from tenants where id = ?').get(id) as Row | undefined;
    return r ? toTenant(r) : null;
  }

  async updateTenant(id: string, patch: Partial<Pick<Tenant, 'retentionDays' | 'deleteRawAfterAudit'>>): Promise<Tenant> {
    if (patch.retentionDays !== undefined) this.sql('update tenants set retention_days = ? where id = ?').run(patch.retentionDays, id);
    if (patch.deleteRawAfterAudit !== undefined) this.sql('update tenants set delete_raw_after_audit = ? where id = ?').run(patch.deleteRawAfterAudit, id);
    return (await this.getTenant(id))!;
  }

  async insertKey(k: ApiKeyRecord): Promise<void> {
    this.sql('insert into api_keys (id, tenant, role, label, salt, hash, created_at, revoked_at) values (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(k.id, k.tenant, k.role, k.label, k.salt, k.hash, k.createdAt, k.revokedAt);
  }

  async getKey(id: string): Promise<ApiKeyRecord | null> {
    const r = this.sql('select * from api_keys where id = ?').get(id) as Row | undefined;
    return r ? toKey(r) : null;
  }

  async listKeys(tenant?: string): Promise<ApiKeyInfo[]> {
    const rows = (tenant === undefined
      ? this.sql('select * from api_keys order by tenant, created_at, id').all()
      : this.sql('select * from api_keys where tenant = ? order by created_at, id').all(tenant)) as Row[];
    return rows.map((r) => {
      const { salt: _s, hash: _h, ...info } = toKey(r);
      return info;
    });
  }

  async revokeKey(id: string, at: string): Promise<boolean> {
    return this.sql('update api_keys set revoked_at = ? where id = ? and revoked_at is null').run(at, id).changes > 0;
  }

  async insertDataset(d: DatasetRecord): Promise<void> {
    this.sql(
        `insert into datasets (id, tenant, name, format, size, sha256, columns, special_category, created_at, delete_by, raw_deleted_at, raw_deleted_reason)
         values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(d.id, d.tenant, d.name, d.format, d.size, d.sha256, JSON.stringify(d.columns), JSON.stringify(d.specialCategory), d.createdAt, d.deleteBy, d.rawDeletedAt, d.rawDeletedReason);
  }

  async getDataset(tenant: string, id: string): Promise<DatasetRecord | null> {
    const r = this.sql('select * from datasets where tenant = ? and id = ?').get(tenant, id) as Row | undefined;
    return r ? toDataset(r) : null;
  }

  async listDatasets(tenant: string, q: PageQuery): Promise<Page<DatasetRecord>> {
    return this.page('datasets', tenant, q, toDataset);
  }

  async deleteDataset(tenant: string, id: string): Promise<boolean> {
    return this.sql('delete from datasets where tenant = ? and id = ?').run(tenant, id).changes > 0;
  }

  async markRawDeleted(id: string, at: string, reason: string): Promise<void> {
    this.sql('update datasets set raw_deleted_at = ?, raw_deleted_reason = ? where id = ? and raw_deleted_at is null').run(at, reason, id);
  }

  async rawDue(now: string): Promise<DatasetRecord[]> {
    return (this.sql('select * from datasets where raw_deleted_at is null and delete_by <= ? order by delete_by').all(now) as Row[]).map(toDataset);
  }

  async allDatasetIds(): Promise<Set<string>> {
    return new Set((this.sql('select id from datasets').all() as Row[]).map((r) => String(r['id'])));
  }

  async insertPolicy(p: PolicyRecord): Promise<void> {
    this.sql('insert into policies (id, tenant, policy, created_at) values (?, ?, ?, ?)').run(p.id, p.tenant, JSON.stringify(p.policy), p.createdAt);
  }

  async getPolicy(tenant: string, id: string): Promise<PolicyRecord | null> {
    const r = this.sql('select * from policies where tenant = ? and id = ?').get(tenant, id) as Row | undefined;
    return r ? toPolicy(r) : null;
  }

  async listPolicies(tenant: string, q: PageQuery): Promise<Page<PolicyRecord>> {
    return this.page('policies', tenant, q, toPolicy);
  }

  async insertAudit(a: AuditRecord): Promise<void> {
    this.sql(
        `insert into audits (id, tenant, dataset_id, policy, status, progress, created_at, started_at, finished_at, attempts, error, outputs)
         values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(a.id, a.tenant, a.datasetId, JSON.stringify(a.policy), a.status, a.progress && JSON.stringify(a.progress), a.createdAt, a.startedAt, a.finishedAt, a.attempts, a.error && JSON.stringify(a.error), a.outputs && JSON.stringify(a.outputs));
  }

  async getAudit(tenant: string, id: string): Promise<AuditRecord | null> {
    const r = this.sql('select * from audits where tenant = ? and id = ?').get(tenant, id) as Row | undefined;
    return r ? toAudit(r) : null;
  }

  async getAuditById(id: string): Promise<AuditRecord | null> {
    const r = this.sql('select * from audits where id = ?').get(id) as Row | undefined;
    return r ? toAudit(r) : null;
  }

  async listAudits(tenant: string, q: PageQuery, datasetId?: string): Promise<Page<AuditRecord>> {
    return datasetId === undefined ? this.page('audits', tenant, q, toAudit) : this.page('audits', tenant, q, toAudit, 'and dataset_id = ?', [datasetId]);
  }

  async deleteAudit(tenant: string, id: string): Promise<boolean> {
    return this.sql("delete from audits where tenant = ? and id = ? and status not in ('queued', 'running')").run(tenant, id).changes > 0;
  }

  async claimNextAudit(now: string, instance: string): Promise<AuditRecord | null> {
    const r = this.sql(
        `update audits set status = 'running', attempts = attempts + 1, started_at = ?, progress = null, claimed_by = ?, heartbeat_at = ?
          where id = (select id from audits where status = 'queued' order by created_at, id limit 1) returning *`,
      )
      .get(now, instance, now) as Row | undefined;
    return r ? toAudit(r) : null;
  }

  async heartbeat(instance: string, now: string): Promise<void> {
    this.sqlFrequent("update audits set heartbeat_at = ? where claimed_by = ? and status = 'running'").run(now, instance);
  }

  async requeueStale(before: string): Promise<number> {
    return this.sql("update audits set status = 'queued', progress = null where status = 'running' and (heartbeat_at is null or heartbeat_at < ?)").run(before).changes;
  }

  async setProgress(id: string, progress: AuditProgressView): Promise<void> {
    this.sqlFrequent("update audits set progress = ? where id = ? and status = 'running'").run(JSON.stringify(progress), id);
  }

  async finishAudit(id: string, status: 'done' | 'failed' | 'cancelled', at: string, extra: { error?: AuditRecord['error']; outputs?: Record<string, string> }): Promise<boolean> {
    return (
      this.sql("update audits set status = ?, finished_at = ?, error = ?, outputs = ? where id = ? and status in ('queued', 'running')")
        .run(status, at, extra.error ? JSON.stringify(extra.error) : null, extra.outputs ? JSON.stringify(extra.outputs) : null, id).changes > 0
    );
  }

  async requeueRunning(ids?: readonly string[]): Promise<number> {
    if (ids === undefined) return this.sql("update audits set status = 'queued', progress = null where status = 'running'").run().changes;
    const stmt = this.sql("update audits set status = 'queued', progress = null where id = ? and status = 'running'");
    return this.db.transaction(() => ids.reduce((n, id) => n + stmt.run(id).changes, 0))();
  }

  async openAuditsOf(datasetId: string): Promise<number> {
    return Number((this.sql("select count(*) as n from audits where dataset_id = ? and status in ('queued', 'running')").get(datasetId) as Row)['n']);
  }

  async allAuditIds(): Promise<Set<string>> {
    return new Set((this.sql('select id from audits').all() as Row[]).map((r) => String(r['id'])));
  }

  async logAccess(e: Omit<AccessLogEntry, 'seq'>): Promise<void> {
    this.sqlFrequent('insert into access_log (at, tenant, key_id, action, resource, resource_id, dataset_id, status) values (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(e.at, e.tenant, e.keyId, e.action, e.resource, e.resourceId, e.datasetId, e.status);
  }

  async listAccess(tenant: string, q: PageQuery): Promise<Page<AccessLogEntry>> {
    const before = q.cursor !== undefined && /^\d+$/.test(q.cursor) ? Number(q.cursor) : Number.MAX_SAFE_INTEGER;
    const rows = this.sql('select * from access_log where tenant = ? and seq < ? order by seq desc limit ?').all(tenant, before, q.limit + 1) as Row[];
    const items = rows.slice(0, q.limit).map(map.access);
    return { items, next: rows.length > q.limit && items.length ? String(items[items.length - 1]!.seq) : null };
  }

  async ping(): Promise<void> {
    this.sql('select 1').get();
  }

  async close(): Promise<void> {
    await this.checkpointer?.close();
    if (this.frequent.open) this.frequent.close();
    if (this.db.open) this.db.close();
  }
}

