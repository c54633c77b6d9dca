import { rm } from 'node:fs/promises';
import type { FastifyBaseLogger } from 'fastify';
import type { DataPaths } from './paths.js';
import type { DatasetRecord, Store, Tenant } from './store/store.js';

/**
 * Retention of raw uploads. Results and the aggregates in them are kept; the raw rows (personal
 * data) are deleted:
 *   - after the audit, when the dataset has special-category columns (GDPR art. 9: racial or
 *     ethnic origin, religion or belief, health, sex life or sexual orientation, trade-union
 *     membership, political opinions, genetic and biometric data) and the tenant keeps the
 *     default `special`; after every audit with `always`; never after an audit with `never`;
 *   - in any case `retentionDays` after the upload (default 30);
 *   - at once on DELETE.
 */
const SPECIAL = /ethnic|race|racial|origin|nationality|migra|religio|belief|faith|health|disab|medical|illness|pregnan|sexual|orientation|sex_life|union|politic|genetic|biometric/i;

/** Column names (or protected attributes) that are special-category data, by name. */
export function specialCategoryColumns(names: readonly string[]): string[] {
  return [...new Set(names.filter((n) => SPECIAL.test(n)))].sort();
}

export function deleteByFor(createdAt: string, tenant: Tenant): string {
  return new Date(Date.parse(createdAt) + tenant.retentionDays * 86_400_000).toISOString();
}

/** What the service keeps of an audit and until when: shown with every audit. */
export interface RetentionView {
  rawData: { status: 'kept' | 'deleted'; until: string | null; deletedAt: string | null; reason: string | null; afterAudit: boolean };
  result: { status: 'kept'; until: null; note: string };
}

export function retentionView(d: DatasetRecord | null, tenant: Tenant, protectedAttributes: readonly string[]): RetentionView {
  const result = { status: 'kept' as const, until: null, note: 'results and their aggregates are kept until deleted with DELETE /v1/audits/{id}' };
  if (d === null) return { rawData: { status: 'deleted', until: null, deletedAt: null, reason: 'the dataset was deleted', afterAudit: false }, result };
  const afterAudit = rawGoesAfterAudit(d, tenant, protectedAttributes);
  if (d.rawDeletedAt !== null) return { rawData: { status: 'deleted', until: null, deletedAt: d.rawDeletedAt, reason: d.rawDeletedReason, afterAudit }, result };
  return { rawData: { status: 'kept', until: d.deleteBy, deletedAt: null, reason: null, afterAudit }, result };
}

function rawGoesAfterAudit(d: DatasetRecord, tenant: Tenant, protectedAttributes: readonly string[]): boolean {
  if (tenant.deleteRawAfterAudit === 'always') return true;
  if (tenant.deleteRawAfterAudit === 'never') return false;
  return d.specialCategory.length > 0 || specialCategoryColumns(protectedAttributes).length > 0;
}

export class Retention {
  constructor(
    private readonly store: Store,
    private readonly paths: DataPaths,
    private readonly log: FastifyBaseLogger,
  ) {}

  /** Deletes the raw upload now (metadata stays, marked with when and why). */
  async deleteRaw(d: DatasetRecord, reason: string): Promise<void> {
    await rm(this.paths.datasetDir(d.id), { recursive: true, force: true });
    await this.store.markRawDeleted(d.id, new Date().toISOString(), reason);
    this.log.info({ dataset: d.id, tenant: d.tenant, reason }, 'raw upload deleted');
  }

  /**
   * After an audit: delete the raw upload when the tenant's rule says so and no other audit of it
   * is open (`stillOpen`: how many of the open ones are the audit finishing now).
   */
  async afterAudit(tenantId: string, datasetId: string, protectedAttributes: readonly string[], stillOpen: number): Promise<void> {
    const [d, tenant] = await Promise.all([this.store.getDataset(tenantId, datasetId), this.store.getTenant(tenantId)]);
    if (!d || !tenant || d.rawDeletedAt !== null) return;
    if (!rawGoesAfterAudit(d, tenant, protectedAttributes)) return;
    if ((await this.store.openAuditsOf(d.id)) > stillOpen) return; // the last audit of it deletes it
    const special = [...new Set([...d.specialCategory, ...specialCategoryColumns(protectedAttributes)])];
    await this.deleteRaw(d, special.length > 0 ? `after the audit (special-category data: ${special.join(', ')})` : 'after the audit (tenant rule: always)');
  }

  /** Deletes every raw upload past its date (uploads with open audits wait for them). */
  async sweep(now = new Date()): Promise<number> {
    let n = 0;
    for (const d of await this.store.rawDue(now.toISOString())) {
      if ((await this.store.openAuditsOf(d.id)) > 0) continue;
      await this.deleteRaw(d, `retention period ended (${d.deleteBy})`);
      n++;
    }
    return n;
  }
}
