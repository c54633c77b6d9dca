import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { runCli } from '../support/cli.js';
import { fixture } from '../support/fixtures.js';
import { testServer, waitForAudit } from './helpers.js';

/**
 * Issue 13, acceptance 3: `hireaudit verify` accepts the server's result with the server's public
 * key and the uploaded file, and rejects it after a byte of the result or of the data file
 * changes; a result re-worded with ?lang= is not the signed one and is rejected too.
 */
const UCB = fixture('ucb-admissions.csv');

describe('hireaudit verify on what the server signed', () => {
  it('accepts the result, rejects it after a byte of it or of the data changes', async () => {
    const { app, key } = await testServer();
    const auth = await key('acme');
    const data = await readFile(UCB);
    const up = await app.inject({ method: 'POST', url: '/v1/datasets?name=ucb.csv', headers: { ...auth, 'content-type': 'text/csv' }, payload: data });
    const started = await app.inject({ method: 'POST', url: '/v1/audits', headers: auth, payload: { dataset: up.json().id as string, policy: { protected: ['gender'], auditDate: '2026-11-22' } } });
    const id = started.json().id as string;
    expect(await waitForAudit(app, auth, id)).toMatchObject({ status: 'done' });

    const dir = await mkdtemp(join(tmpdir(), 'hireaudit-verify-server-'));
    onTestFinished(() => rm(dir, { recursive: true, force: true }));
    const [result, pub, dataFile] = [join(dir, 'audit-result.json'), join(dir, 'server.pub.pem'), join(dir, 'ucb.csv')];
    const get = async (path: string) => (await app.inject({ method: 'GET', url: path, headers: auth })).rawPayload;
    const text = (await get(`/v1/audits/${id}/result`)).toString('utf8');
    await writeFile(result, text);
    await writeFile(`${result}.sig`, await get(`/v1/audits/${id}/result.sig`));
    await writeFile(pub, await get('/v1/signing-key.pem'));
    await writeFile(dataFile, data);

    const ok = await runCli(['verify', result, '--key', pub, '--data', dataFile]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/^verified: .*audit-result\.json is signed by sha256:[0-9a-f]{64}; .*ucb\.csv is the audited data/);

    // A byte of the result changed: the first and last 40 and every 1009th between.
    const bytes = Buffer.from(text, 'utf8');
    const positions = [...new Set([...Array(40).keys(), ...Array.from({ length: 40 }, (_, i) => bytes.length - 1 - i), ...Array.from({ length: Math.floor(bytes.length / 1009) }, (_, i) => (i + 1) * 1009)])];
    for (const i of positions) {
      const changed = Buffer.from(bytes);
      changed[i] = changed[i] === 0x31 ? 0x32 : 0x31;
      await writeFile(result, changed);
      const run = await runCli(['verify', result, '--key', pub]);
      expect(run.code, `byte ${i} changed`).toBe(1);
      expect(run.stderr, `byte ${i} changed`).toMatch(/NOT verified/);
    }
    expect(positions.length).toBeGreaterThan(80);
    await writeFile(result, text);

    // A byte of the data file changed.
    const changedData = Buffer.from(data);
    changedData[changedData.length - 2] = changedData[changedData.length - 2] === 0x30 ? 0x31 : 0x30;
    await writeFile(dataFile, changedData);
    const wrongData = await runCli(['verify', result, '--key', pub, '--data', dataFile]);
    expect(wrongData.code).toBe(1);
    expect(wrongData.stderr).toContain("is not the result's dataset.hash");

    // The result re-worded into Dutch is another document: the signature does not cover it.
    await writeFile(result, await get(`/v1/audits/${id}/result?lang=nl`));
    const reworded = await runCli(['verify', result, '--key', pub]);
    expect(reworded.code).toBe(1);
    expect(reworded.stderr).toContain('the signature does not match the result');
  }, 300_000);
});
