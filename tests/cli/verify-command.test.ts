import { generateKeyPairSync } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { fixture } from '../support/fixtures.js';
import { useTempDir } from '../support/tmp.js';

/** `hireaudit audit --sign key.pem` and `hireaudit verify` (issue 13 item 6). */
const tmp = useTempDir('hireaudit-verify-');

async function keyFiles(name: string) {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const priv = tmp.path(`${name}.pem`);
  const pub = tmp.path(`${name}.pub.pem`);
  await writeFile(priv, privateKey.export({ type: 'pkcs8', format: 'pem' }));
  await writeFile(pub, publicKey.export({ type: 'spki', format: 'pem' }));
  return { priv, pub };
}

describe('audit --sign, then verify', () => {
  it('signs a vendor audit; verify accepts it, with and without the data, and rejects any change', async () => {
    const vendor = await keyFiles('vendor');
    const data = tmp.path('ucb.csv');
    await writeFile(data, await readFile(fixture('ucb-admissions.csv')));
    const out = tmp.path('out');
    const audit = await runCli(['audit', data, '--protected', 'gender', '--format', 'md', '--out', out, '--fail-on', 'never', '--sign', vendor.priv]);
    expect(audit.code, audit.stderr).toBe(0);
    const result = `${out}/audit-result.json`;

    const ok = await runCli(['verify', result, '--key', vendor.pub, '--data', data]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/^verified: .*audit-result\.json is signed by sha256:[0-9a-f]{64}; .*ucb\.csv is the audited data/);
    expect((await runCli(['verify', result, '--key', vendor.pub])).code).toBe(0);

    // Another key: not verified (exit 1, reasons on stderr).
    const other = await keyFiles('other');
    const wrongKey = await runCli(['verify', result, '--key', other.pub]);
    expect(wrongKey.code).toBe(1);
    expect(wrongKey.stderr).toMatch(/NOT verified:\n {2}- the result was signed with key/);

    // One byte of the result changed.
    const text = await readFile(result, 'utf8');
    await writeFile(result, text.replace('"rowsRead": 24', '"rowsRead": 25'));
    const tampered = await runCli(['verify', result, '--key', vendor.pub]);
    expect(tampered.code).toBe(1);
    expect(tampered.stderr).toContain('the signature does not match the result');
    await writeFile(result, text);

    // One byte of the data changed.
    const bytes = await readFile(data);
    bytes[bytes.length - 2] = bytes[bytes.length - 2] === 0x30 ? 0x31 : 0x30;
    await writeFile(data, bytes);
    const changedData = await runCli(['verify', result, '--key', vendor.pub, '--data', data]);
    expect(changedData.code).toBe(1);
    expect(changedData.stderr).toContain("is not the result's dataset.hash");

    // The signature is part of the run's output set: a later unsigned run into the folder removes it.
    const { existsSync } = await import('node:fs');
    expect(existsSync(`${result}.sig`)).toBe(true);
    const unsigned = await runCli(['audit', fixture('ucb-admissions.csv'), '--protected', 'gender', '--format', 'json', '--out', out, '--fail-on', 'never']);
    expect(unsigned.code, unsigned.stderr).toBe(0);
    expect(existsSync(`${result}.sig`)).toBe(false);
  });

  it('usage and file errors exit 2 with a message', async () => {
    const k = await keyFiles('k');
    expect((await runCli(['verify', '--key', k.pub])).stderr).toContain('verify needs the result file');
    expect((await runCli(['verify', 'x.json'])).stderr).toContain('verify needs --key');
    const missing = await runCli(['verify', tmp.path('nope.json'), '--key', k.pub]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/cannot read the result .*nope\.json: no such file/);
    const notAKey = tmp.path('notakey.pem');
    await writeFile(notAKey, 'hello');
    const badKey = await runCli(['verify', tmp.path('nope.json'), '--key', notAKey]);
    expect(badKey.code).toBe(2);
    expect(badKey.stderr).toContain('is not a PEM public key');
    // --sign needs --out, and a readable Ed25519 key, checked before the audit.
    const noOut = await runCli(['audit', fixture('ucb-admissions.csv'), '--sign', k.priv]);
    expect(noOut.code).toBe(2);
    expect(noOut.stderr).toContain('--sign goes with');
    const noKey = await runCli(['audit', fixture('ucb-admissions.csv'), '--out', tmp.path('o2'), '--sign', tmp.path('absent.pem')]);
    expect(noKey.code).toBe(2);
    expect(noKey.stderr).toMatch(/cannot read the signing key .*absent\.pem: no such file/);
  });
});
