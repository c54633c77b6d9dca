import type { KeyObject } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AuditResult } from '../audit/contract/audit-result.js';
import { toJson } from '../audit/contract/canonical-json.js';
import { privateKeyFromPem, SignatureKeyError, signatureJson, signResult } from '../audit/contract/signature.js';
import { AuditError } from '../audit/errors.js';

/**
 * `audit … --sign key.pem --out dir`: audit-result.json (written even when --format left json
 * out) and its signature audit-result.json.sig, checked with `hireaudit verify`.
 */
export async function loadSigningKey(keyPath: string): Promise<KeyObject> {
  let pem: string;
  try {
    pem = await readFile(keyPath, 'utf8');
  } catch (e) {
    throw new AuditError('HA_ERR_FILE', `cannot read the signing key ${keyPath}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
  }
  try {
    return privateKeyFromPem(pem, keyPath);
  } catch (e) {
    if (e instanceof SignatureKeyError) throw new AuditError('HA_ERR_USAGE', e.message);
    throw e;
  }
}

export async function writeSignature(result: AuditResult, key: KeyObject, out: string): Promise<void> {
  await writeFile(join(out, 'audit-result.json'), toJson(result));
  await writeFile(join(out, 'audit-result.json.sig'), signatureJson(signResult(result, key)));
}
