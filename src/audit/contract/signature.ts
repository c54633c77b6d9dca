import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject, sign, verify } from 'node:crypto';
import * as z from 'zod';
import { toJson } from './canonical-json.js';

/**
 * Signed AuditResults (Ed25519, node:crypto). The signature covers the canonical JSON of the whole
 * result: keys sorted by UTF-16 code units, no whitespace, numbers and strings as JSON.stringify
 * writes them (RFC 8785 for the finite numbers an AuditResult holds). The result carries the
 * dataset's sha256 (`dataset.hash`) and the policy as applied, so the signature binds both.
 * The signature travels beside the result (`audit-result.json.sig`), so a signed result is
 * byte for byte the result an unsigned run writes.
 */
const SIGNATURE_ALGORITHM = 'Ed25519';
const CANONICALIZATION = 'JSON, keys sorted, no whitespace (RFC 8785)';

export const ResultSignature = z.strictObject({
  algorithm: z.literal(SIGNATURE_ALGORITHM),
  canonicalization: z.literal(CANONICALIZATION),
  keyId: z.string().regex(/^sha256:[0-9a-f]{64}$/).describe('sha256 of the public key (SubjectPublicKeyInfo DER)'),
  datasetHash: z.string().describe("the signed result's dataset.hash, repeated for the reader"),
  signature: z.string().regex(/^[A-Za-z0-9+/]+={0,2}$/).describe('Ed25519 signature of the canonical JSON, base64'),
});
export type ResultSignature = z.infer<typeof ResultSignature>;

/** The canonical JSON text of a JSON value (see above). */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    const text = JSON.stringify(value);
    if (text === undefined) throw new TypeError(`canonicalJson: ${typeof value} has no JSON form`);
    return text;
  }
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v ?? null)).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** A fresh Ed25519 key pair as PEM (PKCS#8 private, SPKI public). */
export function generateSigningKeyPair(): { privateKeyPem: string; publicKeyPem: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

export class SignatureKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SignatureKeyError';
  }
}

function asEd25519(key: KeyObject, what: string): KeyObject {
  if (key.asymmetricKeyType !== 'ed25519') throw new SignatureKeyError(`${what} is a ${key.asymmetricKeyType ?? 'symmetric'} key; expected an Ed25519 key`);
  return key;
}

export function privateKeyFromPem(pem: string | Buffer, what = 'the signing key'): KeyObject {
  let key: KeyObject;
  try {
    key = createPrivateKey(pem);
  } catch (e) {
    throw new SignatureKeyError(`${what} is not a PEM private key (${(e as Error).message}); create one with "openssl genpkey -algorithm ed25519 -out key.pem"`);
  }
  return asEd25519(key, what);
}

export function publicKeyFromPem(pem: string | Buffer, what = 'the public key'): KeyObject {
  let key: KeyObject;
  try {
    key = createPublicKey(pem); // also accepts a private key and derives its public half
  } catch (e) {
    throw new SignatureKeyError(`${what} is not a PEM public key (${(e as Error).message}); derive one with "openssl pkey -in key.pem -pubout -out pub.pem"`);
  }
  return asEd25519(key, what);
}

/** sha256 of the public key's SubjectPublicKeyInfo DER: names the key in every signature. */
export function keyId(key: KeyObject): string {
  const pub = key.type === 'private' ? createPublicKey(key) : key;
  return `sha256:${createHash('sha256').update(pub.export({ type: 'spki', format: 'der' })).digest('hex')}`;
}

/** Signs an AuditResult (any object with dataset.hash). Ed25519 is deterministic: same key and result, same bytes. */
export function signResult(result: { dataset: { hash: string } }, privateKey: KeyObject): ResultSignature {
  const signature = sign(null, Buffer.from(canonicalJson(result), 'utf8'), privateKey).toString('base64');
  return { algorithm: SIGNATURE_ALGORITHM, canonicalization: CANONICALIZATION, keyId: keyId(privateKey), datasetHash: result.dataset.hash, signature };
}

/** The signature file's text: one serialisation, like the result's. */
export const signatureJson = (s: ResultSignature): string => toJson(s);

export interface VerifyInput {
  /** The result file's bytes as read. */
  resultText: string;
  /** The signature file's bytes as read. */
  signatureText: string;
  publicKey: KeyObject;
  /** The dataset file's bytes, when the reader has it: its sha256 must be the result's dataset.hash. */
  data?: { sha256: string };
}

export interface Verification {
  ok: boolean;
  /** Every check that failed, as a sentence; empty when ok. */
  problems: string[];
  keyId: string;
  datasetHash: string | null;
}

/**
 * Checks a signed result, every check at once:
 *   1. the result is JSON in hireaudit's one serialisation (so any changed byte, whitespace
 *      included, is caught even where the canonical form would not change);
 *   2. the signature file is well formed and names this key;
 *   3. the Ed25519 signature holds over the result's canonical JSON;
 *   4. given the data file, its sha256 is the result's dataset.hash.
 */
export function verifySignedResult(input: VerifyInput): Verification {
  const problems: string[] = [];
  const expectedKey = keyId(input.publicKey);
  let result: unknown;
  try {
    result = JSON.parse(input.resultText);
  } catch (e) {
    problems.push(`the result is not JSON (${(e as Error).message})`);
  }
  if (result !== undefined && toJson(result) !== input.resultText) problems.push('the result is not byte for byte as hireaudit wrote it (its layout or escaping was changed)');
  const datasetHash = datasetHashOf(result);
  let sig: ResultSignature | undefined;
  try {
    const parsed = ResultSignature.safeParse(JSON.parse(input.signatureText));
    if (parsed.success) sig = parsed.data;
    else problems.push(`the signature file is not a hireaudit signature: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(top level)'}: ${i.message}`).join('; ')}`);
  } catch (e) {
    problems.push(`the signature file is not JSON (${(e as Error).message})`);
  }
  if (sig) {
    if (sig.keyId !== expectedKey) problems.push(`the result was signed with key ${sig.keyId}, not with the given key ${expectedKey}`);
    else if (result !== undefined && !verify(null, Buffer.from(canonicalJson(result), 'utf8'), input.publicKey, Buffer.from(sig.signature, 'base64'))) {
      problems.push('the signature does not match the result: the result was changed after signing');
    }
    if (datasetHash !== null && sig.datasetHash !== datasetHash) problems.push(`the signature names dataset ${sig.datasetHash}, the result ${datasetHash}`);
  }
  if (input.data && datasetHash !== null && input.data.sha256 !== datasetHash) {
    problems.push(`the data file's hash ${input.data.sha256} is not the result's dataset.hash ${datasetHash}: this is not the data that was audited, or it was changed`);
  }
  if (input.data && datasetHash === null && result !== undefined) problems.push('the result has no dataset.hash to compare the data file with');
  return { ok: problems.length === 0, problems, keyId: expectedKey, datasetHash };
}

function datasetHashOf(result: unknown): string | null {
  const dataset = result !== null && typeof result === 'object' ? (result as { dataset?: unknown }).dataset : undefined;
  const hash = dataset !== null && typeof dataset === 'object' ? (dataset as { hash?: unknown }).hash : undefined;
  return typeof hash === 'string' ? hash : null;
}
