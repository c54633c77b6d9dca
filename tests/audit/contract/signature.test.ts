import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { canonicalJson, keyId, privateKeyFromPem, publicKeyFromPem, SignatureKeyError, signatureJson, signResult, verifySignedResult } from '../../../src/audit/contract/signature.js';

/** RFC 8032 section 7.1, TEST 1: the Ed25519 key pair and the signature of the empty message. */
const RFC8032 = {
  seed: '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60',
  publicKey: 'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a',
};
// DER prefixes of PKCS#8 and SubjectPublicKeyInfo for Ed25519 (RFC 8410 section 7 and 10.3).
const rfcPrivate = createPrivateKey({ key: Buffer.from(`302e020100300506032b657004220420${RFC8032.seed}`, 'hex'), format: 'der', type: 'pkcs8' });
const rfcPublic = createPublicKey({ key: Buffer.from(`302a300506032b6570032100${RFC8032.publicKey}`, 'hex'), format: 'der', type: 'spki' });

const GOLDEN = new URL('../../golden/results/ucb-admissions.json', import.meta.url);
const UCB = new URL('../../../fixtures/ucb-admissions.csv', import.meta.url);
const sha = (b: Buffer | string) => `sha256:${createHash('sha256').update(b).digest('hex')}`;

describe('canonicalJson (RFC 8785)', () => {
  it('writes the RFC 8785 section 3.2.2 example exactly', () => {
    // Input and output from RFC 8785 §3.2.2 (numbers as parsed by JSON.parse, as the RFC assumes).
    const input = JSON.parse('{"numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001], "string": "\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/", "literals": [null, true, false]}');
    expect(canonicalJson(input)).toBe('{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}');
  });

  it('sorts keys by UTF-16 code units (RFC 8785 §3.2.3 example)', () => {
    const input = { '\u20ac': 'Euro Sign', '\r': 'Carriage Return', '\ufb33': 'Hebrew Letter Dalet With Dagesh', '1': 'One', '\ud83d\ude00': 'Emoji: Grinning Face', '\u0080': 'Control', '\u00f6': 'Latin Small Letter O With Diaeresis' };
    const order = Object.keys(JSON.parse(canonicalJson(input)) as object);
    // JSON.parse keeps "1" (an integer-like key) first, so compare the order of the text instead.
    const text = canonicalJson(input);
    const positions = ['Carriage Return', 'One', 'Control', 'Latin Small', 'Euro Sign', 'Emoji', 'Hebrew'].map((v) => text.indexOf(v));
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    expect(order).toHaveLength(7);
  });
});

describe('signResult and verifySignedResult', () => {
  it('Node signs as RFC 8032 says: the key pair of TEST 1 matches', () => {
    expect(createPublicKey(rfcPrivate).export({ format: 'der', type: 'spki' }).toString('hex')).toBe(`302a300506032b6570032100${RFC8032.publicKey}`);
    expect(keyId(rfcPublic)).toBe(sha(Buffer.from(`302a300506032b6570032100${RFC8032.publicKey}`, 'hex')));
    expect(keyId(rfcPrivate)).toBe(keyId(rfcPublic));
  });

  it('signs the golden result deterministically and verifies it with the data', async () => {
    const text = await readFile(GOLDEN, 'utf8');
    const result = JSON.parse(text) as { dataset: { hash: string } };
    const s1 = signResult(result, rfcPrivate);
    const s2 = signResult(JSON.parse(text) as { dataset: { hash: string } }, rfcPrivate);
    expect(s1).toEqual(s2); // Ed25519 is deterministic
    expect(s1).toMatchObject({ algorithm: 'Ed25519', keyId: keyId(rfcPublic), datasetHash: result.dataset.hash });
    const data = await readFile(UCB);
    expect(sha(data)).toBe(result.dataset.hash);
    expect(verifySignedResult({ resultText: text, signatureText: signatureJson(s1), publicKey: rfcPublic, data: { sha256: sha(data) } })).toEqual({ ok: true, problems: [], keyId: keyId(rfcPublic), datasetHash: result.dataset.hash });
  });

  it('rejects the result after any byte of it changes', async () => {
    const text = await readFile(GOLDEN, 'utf8');
    const signatureText = signatureJson(signResult(JSON.parse(text) as { dataset: { hash: string } }, rfcPrivate));
    const bytes = Buffer.from(text, 'utf8');
    // Every byte of the first and last 200 and every 37th byte between: whitespace, digits, keys, strings.
    const positions = new Set<number>();
    for (let i = 0; i < bytes.length; i++) if (i < 200 || i >= bytes.length - 200 || i % 37 === 0) positions.add(i);
    let checked = 0;
    for (const i of positions) {
      const changed = Buffer.from(bytes);
      changed[i] = changed[i] === 0x31 ? 0x32 : 0x31; // '1', or '2' where it was '1'
      const v = verifySignedResult({ resultText: changed.toString('utf8'), signatureText, publicKey: rfcPublic });
      expect(v.ok, `byte ${i} changed`).toBe(false);
      checked++;
    }
    expect(checked).toBeGreaterThan(500);
    // A byte removed or added (the trailing newline) is caught too.
    expect(verifySignedResult({ resultText: text.slice(0, -1), signatureText, publicKey: rfcPublic }).ok).toBe(false);
    expect(verifySignedResult({ resultText: `${text} `, signatureText, publicKey: rfcPublic }).ok).toBe(false);
  });

  it('rejects a changed data file, another key, and a changed signature, saying why', async () => {
    const text = await readFile(GOLDEN, 'utf8');
    const sig = signResult(JSON.parse(text) as { dataset: { hash: string } }, rfcPrivate);
    const data = Buffer.from(await readFile(UCB));
    data[data.length - 2] = data[data.length - 2] === 0x30 ? 0x31 : 0x30;
    const wrongData = verifySignedResult({ resultText: text, signatureText: signatureJson(sig), publicKey: rfcPublic, data: { sha256: sha(data) } });
    expect(wrongData.ok).toBe(false);
    expect(wrongData.problems).toEqual([expect.stringContaining("is not the result's dataset.hash")]);
    const other = generateKeyPairSync('ed25519').publicKey;
    expect(verifySignedResult({ resultText: text, signatureText: signatureJson(sig), publicKey: other }).problems).toEqual([expect.stringContaining('signed with key')]);
    const flipped = { ...sig, signature: Buffer.from(Buffer.from(sig.signature, 'base64').map((b, i) => (i === 0 ? b ^ 1 : b))).toString('base64') };
    expect(verifySignedResult({ resultText: text, signatureText: signatureJson(flipped), publicKey: rfcPublic }).problems).toEqual([expect.stringContaining('does not match')]);
    expect(verifySignedResult({ resultText: text, signatureText: '{"algorithm":"RSA"}', publicKey: rfcPublic }).ok).toBe(false);
  });

  it('refuses keys that are not Ed25519, with what to do', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 });
    expect(() => privateKeyFromPem(rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }))).toThrow(SignatureKeyError);
    expect(() => publicKeyFromPem('not a key')).toThrow(/openssl pkey/);
  });
});
