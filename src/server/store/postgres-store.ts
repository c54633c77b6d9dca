import pg from 'pg';
import { DEFAULT_RETENTION_DAYS, decodeCursor, encodeCursor } from './sqlite-store.js';
import { type Row, rowMappers } from './rows.js';
import type { AccessLogEntry, ApiKeyInfo, ApiKeyRecord, AuditProgressView, AuditRecord, DatasetRecord, Page, PageQuery, PolicyRecord, Store, Tenant } from './store.js';

/**
 * The store for several server instances: PostgreSQL (`pg`). Instances behind a load balancer
 * share tenants, keys, datasets' metadata, jobs and the access log here, and the data folder on
 * shared storage. A queued audit is claimed by exactly one instance (`FOR UPDATE SKIP LOCKED`);
 * running audits carry their instance's heartbeat, and an instance that stops beating has its
 * audits queued again by the others. Times are ISO text, as in the embedded store.
 */
const SCHEMA = `
create table if not exists tenants (
  id text primary key, created_at text not null, retention_days integer not null, delete_raw_after_audit text not null
);
create table if not exists api_keys (
  id text primary key, tenant text not null references tenants(id), role text not null, label text,
  salt bytea not null, hash bytea not null, created_at text not null, revoked_at text
);
create table if not exists datasets (
  id text primary key, tenant text not null, name text not null, format text not null, size bigint not null,
  sha256 text not null, columns jsonb not null, special_category jsonb not null, created_at text not null,
  delete_by text not null, raw_deleted_at text, raw_deleted_reason text
);
create index if not exists datasets_page on datasets (tenant, created_at desc, id desc);
create table if not exists policies (id text primary key, tenant text not null, policy text not null, created_at text not null);
create index if not exists policies_page on policies (tenant, created_at desc, id desc);
create table if not exists audits (
  id text primary key, tenant text not null, dataset_id text not null, policy text not null, status text not null,
  progress jsonb, created_at text not null, started_at text, finished_at text, attempts integer not null default 0,
  error jsonb, outputs jsonb, claimed_by text, heartbeat_at text
);
create index if not exists audits_page on audits (tenant, created_at desc, id desc);
create index if not exists audits_queue on audits (status, created_at, id);
create table if not exists access_log (
  seq bigserial primary key, at text not null, tenant text not null, key_id text, action text not null,
  resource text not null, resource_id text, dataset_id text, status integer not null
);
create index if not exists access_page on access_log (tenant, seq desc);
create or replace function hireaudit_append_only() returns trigger language plpgsql as
  $$ begin raise exception 'the access log is append-only'; end $$;
do $$ begin
  if not exists (select 1 from pg_trigger where tgname = 'access_log_append_only') then
    create trigger access_log_append_only before update or delete on access_log
      for each row execute function hireaudit_append_only();
  end if;
end $$;
`;

const map = rowMappers((v) => v);
const toTenant = map.tenant;
const toKey = map.key;
const toDataset = map.dataset;
const toAudit = map.audit;
const toPolicy = map.policy;

export class PostgresStore implements Store {
  readonly shared = true;
  private closed = false;

  private constructor(private readonly pool: pg.Pool) {}

  /** Connects (postgres://user@host:port/db; password from PGPASSWORD or the URL) and creates the tables when missing. */
  static async open(url: string): Promise<PostgresStore> {
    const pool = new pg.Pool({ connectionString: url, max: 10 });
    const client = await pool.connect();
    try {
      // One instance creates the schema at a time.
      await client.query('select pg_advisory_lock(727001)');
      await client.query(SCHEMA);
      await client.query('select pg_advisory_unlock(727001)');
    } finally {
      client.release();
    }
    return new PostgresStore(pool);
  }

  private async rows(sql: string, args: unknown[] = []): Promise<Row[]> {
    return (await this.pool.query(sql, args)).rows as Row[];
  }

  private async one(sql: string, args: unknown[] = []): Promise<Row | null> {
    return (await this.rows(sql, args))[0] ?? null;
  }

  private async count(sql: string, args: unknown[] = []): Promise<number> {
    return (await this.pool.query(sql, args)).rowCount ?? 0;
  }

  private async page<T>(table: string, tenant: string, q: PageQuery, map: (r: Row) => T, extra = '', extraArgs: unknown[] = []): Promise<Page<T>> {
    const cursor = q.cursor ? decodeCursor(q.cursor) : null;
    const args: unknown[] = [tenant, ...extraArgs];
    let where = '';
    if (cursor) {
      args.push(cursor[0], cursor[1]);
      where = `and (created_at, id) < ($${args.length - 1}, $${args.length})`;
    }
    args.push(q.limit + 1);
    const rows = await this.rows(`select * from ${table} where tenant = $1 ${extra} ${where} order by created_at desc, id desc limit $${args.length}`, args);
    const items = rows.slice(0, q.limit);
    const last = items[items.length - 1];
    return { items: items.map(map), next: rows.length > q.limit && last ? encodeCursor(String(last['created_at']), String(last['id'])) : null };
  }

  async ensureTenant(id: string): Promise<Tenant> {
    await this.pool.query('insert into tenants (id, created_at, retention_days, delete_raw_after_audit) values ($1, $2, $3, $4) on conflict (id) do nothing', [id, new Date().toISOString(), DEFAULT_RETENTION_DAYS, 'special']);
    return (await this.getTenant(id))!;
  }

  async getTenant(id: string): Promise<Tenant | null> {
    const r = await this.one('select * from tenants where id = $1', [id]);
    return r ? toTenant(r) : null;
  }

  async updateTenant(id: string, patch: Partial<Pick<Tenant, 'retentionDays' | 'deleteRawAfterAudit'>>): Promise<Tenant> {
    await this.pool.query('update tenants set retention_days = coalesce($2, retention_days), delete_raw_after_audit = coalesce($3, delete_raw_after_audit) where id = $1', [id, patch.retentionDays ?? null, patch.deleteRawAfterAudit ?? null]);
    return (await this.getTenant(id))!;
  }

  async insertKey(k: ApiKeyRecord): Promise<void> {
    await this.pool.query('insert into api_keys (id, tenant, role, label, salt, hash, created_at, revoked_at) values ($1, $2, $3, $4, $5, $6, $7, $8)', [k.id, k.tenant, k.role, k.label, k.salt, k.hash, k.createdAt, k.revokedAt]);
  }

  async getKey(id: string): Promise<ApiKeyRecord | null> {
    const r = await this.one('select * from api_keys where id = $1', [id]);
    return r ? toKey(r) : null;
  }

  async listKeys(tenant?: string): Promise<ApiKeyInfo[]> {
    const rows = tenant === undefined ? await this.rows('select * from api_keys order by tenant, created_at, id') : await this.rows('select * from api_keys where tenant = $1 order by created_at, id', [tenant]);
    return rows.map((r) => {
      const { salt: _s, hash: _h, ...info } = toKey(r);
      return info;
    });
  }

  async revokeKey(id: string, at: string): Promise<boolean> {
    return (await this.count('update api_keys set revoked_at = $1 where id = $2 and revoked_at is null', [at, id])) > 0;
  }

  async insertDataset(d: DatasetRecord): Promise<void> {
    await this.pool.query(
      `insert into datasets (id, tenant, name, format, size, sha256, columns, special_category, created_at, delete_by, raw_deleted_at, raw_deleted_reason)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
      [d.id, d.tenant, d.name, d.format, d.size, d.sha256, JSON.stringify(d.columns), JSON.stringify(d.specialCategory), d.createdAt, d.deleteBy, d.rawDeletedAt, d.rawDeletedReason],
    );
  }

  async getDataset(tenant: string, id: string): Promise<DatasetRecord | null> {
    const r = await this.one('select * from datasets where tenant = $1 and id = $2', [tenant, id]);
    return r ? toDataset(r) : null;
  }

  async listDatasets(tenant: string, q: PageQuery): Promise<Page<DatasetRecord>> {
    return this.page('datasets', tenant, q, toDataset);
  }

  async deleteDataset(tenant: string, id: string): Promise<boolean> {
    return (await this.count('delete from datasets where tenant = $1 and id = $2', [tenant, id])) > 0;
  }

  async markRawDeleted(id: string, at: string, reason: string): Promise<void> {
    await this.pool.query('update datasets set raw_deleted_at = $1, raw_deleted_reason = $2 where id = $3 and raw_deleted_at is null', [at, reason, id]);
  }

  async rawDue(now: string): Promise<DatasetRecord[]> {
    return (await this.rows('select * from datasets where raw_deleted_at is null and delete_by <= $1 order by delete_by', [now])).map(toDataset);
  }

  async allDatasetIds(): Promise<Set<string>> {
    return new Set((await this.rows('select id from datasets')).map((r) => String(r['id'])));
  }

  async insertPolicy(p: PolicyRecord): Promise<void> {
    await this.pool.query('insert into policies (id, tenant, policy, created_at) values ($1, $2, $3, $4)', [p.id, p.tenant, JSON.stringify(p.policy), p.createdAt]);
  }

  async getPolicy(tenant: string, id: string): Promise<PolicyRecord | null> {
    const r = await this.one('select * from policies where tenant = $1 and id = $2', [tenant, id]);
    return r ? toPolicy(r) : null;
  }

  async listPolicies(tenant: string, q: PageQuery): Promise<Page<PolicyRecord>> {
    return this.page('policies', tenant, q, toPolicy);
  }

  async insertAudit(a: AuditRecord): Promise<void> {
    await this.pool.query(
      `insert into audits (id, tenant, dataset_id, policy, status, progress, created_at, started_at, finished_at, attempts, error, outputs)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
      [a.id, a.tenant, a.datasetId, JSON.stringify(a.policy), a.status, a.progress && JSON.stringify(a.progress), a.createdAt, a.startedAt, a.finishedAt, a.attempts, a.error && JSON.stringify(a.error), a.outputs && JSON.stringify(a.outputs)],
    );
  }

  async getAudit(tenant: string, id: string): Promise<AuditRecord | null> {
    const r = await this.one('select * from audits where tenant = $1 and id = $2', [tenant, id]);
    return r ? toAudit(r) : null;
  }

  async getAuditById(id: string): Promise<AuditRecord | null> {
    const r = await this.one('select * from audits where id = $1', [id]);
    return r ? toAudit(r) : null;
  }

  async listAudits(tenant: string, q: PageQuery, datasetId?: string): Promise<Page<AuditRecord>> {
    return datasetId === undefined ? this.page('audits', tenant, q, toAudit) : this.page('audits', tenant, q, toAudit, 'and dataset_id = $2', [datasetId]);
  }

  async deleteAudit(tenant: string, id: string): Promise<boolean> {
    return (await this.count("delete from audits where tenant = $1 and id = $2 and status not in ('queued', 'running')", [tenant, id])) > 0;
  }

  async claimNextAudit(now: string, instance: string): Promise<AuditRecord | null> {
    const r = await this.one(
      `update audits set status = 'running', attempts = attempts + 1, started_at = $1, progress = null, claimed_by = $2, heartbeat_at = $1
        where id = (select id from audits where status = 'queued' order by created_at, id limit 1 for update skip locked) returning *`,
      [now, instance],
    );
    return r ? toAudit(r) : null;
  }

  async heartbeat(instance: string, now: string): Promise<void> {
    await this.pool.query("update audits set heartbeat_at = $1 where claimed_by = $2 and status = 'running'", [now, instance]);
  }

  async requeueStale(before: string): Promise<number> {
    return this.count("update audits set status = 'queued', progress = null where status = 'running' and (heartbeat_at is null or heartbeat_at < $1)", [before]);
  }

  async setProgress(id: string, progress: AuditProgressView): Promise<void> {
    await this.pool.query("update audits set progress = $1 where id = $2 and status = 'running'", [JSON.stringify(progress), id]);
  }

  async finishAudit(id: string, status: 'done' | 'failed' | 'cancelled', at: string, extra: { error?: AuditRecord['error']; outputs?: Record<string, string> }): Promise<boolean> {
    return (
      (await this.count("update audits set status = $1, finished_at = $2, error = $3, outputs = $4 where id = $5 and status in ('queued', 'running')", [
        status,
        at,
        extra.error ? JSON.stringify(extra.error) : null,
        extra.outputs ? JSON.stringify(extra.outputs) : null,
        id,
      ])) > 0
    );
  }

  async requeueRunning(ids?: readonly string[]): Promise<number> {
    if (ids === undefined) return this.count("update audits set status = 'queued', progress = null where status = 'running'");
    return this.count("update audits set status = 'queued', progress = null where id = any($1) and status = 'running'", [ids]);
  }

  async openAuditsOf(datasetId: string): Promise<number> {
    return Number((await this.one("select count(*) as n from audits where dataset_id = $1 and status in ('queued', 'running')", [datasetId]))!['n']);
  }

  async allAuditIds(): Promise<Set<string>> {
    return new Set((await this.rows('select id from audits')).map((r) => String(r['id'])));
  }

  async logAccess(e: Omit<AccessLogEntry, 'seq'>): Promise<void> {
    await this.pool.query('insert into access_log (at, tenant, key_id, action, resource, resource_id, dataset_id, status) values ($1, $2, $3, $4, $5, $6, $7, $8)', [
      e.at,
      e.tenant,
      e.keyId,
      e.action,
      e.resource,
      e.resourceId,
      e.datasetId,
      e.status,
    ]);
  }

  async listAccess(tenant: string, q: PageQuery): Promise<Page<AccessLogEntry>> {
    const before = q.cursor !== undefined && /^\d+$/.test(q.cursor) ? q.cursor : '9223372036854775807';
    const rows = await this.rows('select * from access_log where tenant = $1 and seq < $2 order by seq desc limit $3', [tenant, before, q.limit + 1]);
    const items = rows.slice(0, q.limit).map(map.access);
    return { items, next: rows.length > q.limit && items.length ? String(items[items.length - 1]!.seq) : null };
  }

  async ping(): Promise<void> {
    await this.pool.query('select 1');
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }
}
