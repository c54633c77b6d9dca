import type { KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { AuditResult } from '../audit/contract/audit-result.js';
import { toJson } from '../audit/contract/canonical-json.js';
import { privateKeyFromPem, SignatureKeyError, signatureJson, signResult } from '../audit/contract/signature.js';
import { AuditError } from '../audit/errors.js';
import type { RenderedOutput } from '../reports/render.js';

/**
 * `audit … --sign key.pem --out dir`: audit-result.json (written even when --format left json
 * out) and its signature audit-result.json.sig, checked with `hireaudit verify`. Both join the
 * run's output set, so they are written atomically with the rest and removed by a later run.
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

/** The outputs to add for a signed run: the result (when not already among them) and its signature. */
export function signatureOutputs(result: AuditResult, outputs: readonly RenderedOutput[], key: KeyObject): RenderedOutput[] {
  const added: RenderedOutput[] = [];
  if (!outputs.some((o) => o.fileName === 'audit-result.json')) added.push({ format: 'json', fileName: 'audit-result.json', content: toJson(result) });
  added.push({ format: 'json', fileName: 'audit-result.json.sig', content: signatureJson(signResult(result, key)) });
  return added;
}
