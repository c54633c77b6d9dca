import { readFile } from 'node:fs/promises';
import { createPublicKey } from 'node:crypto';
import { generateSigningKeyPair, keyId, privateKeyFromPem } from '../audit/contract/signature.js';
import { writeFileDurable } from './store/durable-fs.js';

export interface SigningKey {
  privateKeyPem: string;
  publicKeyPem: string;
  keyId: string;
}

/** The server's Ed25519 key: read from the data folder, or created there (mode 0600) on first start. */
export async function loadOrCreateSigningKey(path: string): Promise<SigningKey> {
  let pem: string;
  try {
    pem = await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    pem = generateSigningKeyPair().privateKeyPem;
    await writeFileDurable(path, pem, 0o600);
  }
  const key = privateKeyFromPem(pem, path);
  const publicKeyPem = createPublicKey(key).export({ type: 'spki', format: 'pem' }).toString();
  return { privateKeyPem: pem, publicKeyPem, keyId: keyId(key) };
}
