import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { ApiKeyInfo, ApiKeyRecord, Role, Store } from './store/store.js';

/**
 * API keys: `ha_<id>_<secret>`, the id (12 hex digits) finds the record, the secret (256 random
 * bits) is checked against a salted HMAC-SHA256. A slow password hash (scrypt) would add tens of
 * milliseconds to every request and buys nothing here: the secret is random, not a password a
 * person chose, so it cannot be guessed from its hash. The key itself is shown once and never stored.
 */
const KEY_PATTERN = /^ha_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/;

function digest(salt: Buffer, secret: string): Buffer {
  return createHmac('sha256', salt).update(secret).digest();
}

export async function createKey(store: Store, tenant: string, role: Role, label: string | null = null): Promise<{ key: string; info: ApiKeyInfo }> {
  await store.ensureTenant(tenant);
  const id = randomBytes(6).toString('hex');
  const secret = randomBytes(32).toString('base64url');
  const salt = randomBytes(16);
  const record: ApiKeyRecord = { id, tenant, role, label, salt, hash: digest(salt, secret), createdAt: new Date().toISOString(), revokedAt: null };
  await store.insertKey(record);
  const { salt: _s, hash: _h, ...info } = record;
  return { key: `ha_${id}_${secret}`, info };
}

/** The key id of a presented key, without checking it (rate limiting and logs use this, never the key). */
export function keyIdOf(presented: string): string | null {
  return KEY_PATTERN.exec(presented)?.[1] ?? null;
}

export type KeyCheck = { ok: true; key: ApiKeyRecord } | { ok: false; reason: 'malformed' | 'unknown' | 'revoked' };

/** Checks a presented key: the same answer time whether the id is unknown or the secret wrong. */
export async function checkKey(store: Store, presented: string): Promise<KeyCheck> {
  const m = KEY_PATTERN.exec(presented);
  if (!m) return { ok: false, reason: 'malformed' };
  const record = await store.getKey(m[1]!);
  const salt = record?.salt ?? Buffer.alloc(16);
  const expected = record?.hash ?? Buffer.alloc(32);
  const match = timingSafeEqual(digest(salt, m[2]!), expected);
  if (!record || !match) return { ok: false, reason: 'unknown' };
  if (record.revokedAt !== null) return { ok: false, reason: 'revoked' };
  return { ok: true, key: record };
}
