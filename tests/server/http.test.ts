import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it, onTestFinished } from 'vitest';
import { loggerOptions } from '../../src/server/app.js';
import { createKey } from '../../src/server/keys.js';
import { startServer } from '../../src/server/start.js';

/** Over real HTTP on loopback: concurrent uploads, the flow, clean logs, limits (issue 13, acceptance 1 and item 8). */

async function listening(options: Parameters<typeof startServer>[0] extends infer O ? Partial<O> : never = {}) {
  const dir = await mkdtemp(join(tmpdir(), 'hireaudit-http-'));
  let log = '';
  const stream = new Writable({
    write(chunk: Buffer, _e, cb) {
      log += chunk.toString();
      cb();
    },
  });
  const server = await startServer({ dataDir: dir, port: 0, host: '127.0.0.1', logger: { ...(loggerOptions('info') as object), stream }, ...options });
  onTestFinished(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });
  const key = async (tenant: string, role: 'admin' | 'auditor' | 'viewer' = 'auditor') => (await createKey(server.app.hireaudit.store, tenant, role)).key;
  return { ...server, dir, key, log: () => log };
}

describe('over loopback HTTP', () => {
  it('takes concurrent uploads, each whole and hashed, and audits one; the log has no key and no dataset value', async () => {
    const s = await listening();
    const key = await s.key('acme');
    const auth = { authorization: `Bearer ${key}` };
    // Eight uploads at once, each with its own marker value in a column.
    const files = Array.from({ length: 8 }, (_, i) => `stage,gender,selected,site\n${Array.from({ length: 200 }, (_, r) => `cv,${r % 2 ? 'f' : 'm'},${(r * 7 + i) % 3 ? 1 : 0},SECRETSITE${i}`).join('\n')}\n`);
    const answers = await Promise.all(
      files.map((body, i) => fetch(`${s.url}/v1/datasets?name=f${i}.csv`, { method: 'POST', headers: { ...auth, 'content-type': 'text/csv' }, body }).then(async (r) => ({ status: r.status, body: (await r.json()) as { id: string } }))),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(8).fill(201));
    const { createHash } = await import('node:crypto');
    for (let i = 0; i < 8; i++) {
      const d = (await (await fetch(`${s.url}/v1/datasets/${answers[i]!.body.id}`, { headers: auth })).json()) as { name: string; sha256: string; size: number };
      expect(d).toMatchObject({ name: `f${i}.csv`, size: Buffer.byteLength(files[i]!), sha256: `sha256:${createHash('sha256').update(files[i]!).digest('hex')}` });
    }
    expect((await readdir(join(s.dir, 'datasets'))).sort()).toEqual(answers.map((a) => a.body.id).sort());

    const started = await fetch(`${s.url}/v1/audits`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ dataset: answers[0]!.body.id, policy: { protected: ['gender'], auditDate: '2026-01-05' } }) });
    expect(started.status).toBe(202);
    expect(started.headers.get('location')).toMatch(/^\/v1\/audits\/au_/);
    const id = ((await started.json()) as { id: string }).id;
    let status = '';
    for (let i = 0; i < 600 && status !== 'done' && status !== 'failed'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      status = ((await (await fetch(`${s.url}/v1/audits/${id}`, { headers: auth })).json()) as { status: string }).status;
    }
    expect(status).toBe('done');
    const report = await fetch(`${s.url}/v1/audits/${id}/report.html`, { headers: auth });
    expect(report.status).toBe(200);
    const etag = report.headers.get('etag')!;
    await report.text();
    expect((await fetch(`${s.url}/v1/audits/${id}/report.html`, { headers: { ...auth, 'if-none-match': etag } })).status).toBe(304);

    // The log: requests and jobs are there, the key and the dataset's values are not.
    const log = s.log();
    expect(log).toContain('"url":"/v1/datasets"');
    expect(log).toContain('audit finished');
    expect(log).not.toContain(key);
    expect(log).not.toContain(key.slice(16)); // not even the secret part
    expect(log).not.toContain('SECRETSITE');
    expect(log).not.toMatch(/authorization/i);
  }, 180_000);

  it('refuses a bad upload without logging its values', async () => {
    const s = await listening();
    const key = await s.key('acme');
    const res = await fetch(`${s.url}/v1/datasets?name=bad.csv`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'text/csv' }, body: 'selected,gender\nPRIVATEVALUE,f\n' });
    expect(res.status).toBe(422);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(JSON.stringify(await res.json())).toContain('PRIVATEVALUE'); // the uploader sees its own value …
    expect(s.log()).not.toContain('PRIVATEVALUE'); // … the log does not
  }, 60_000);

  it('an oversize upload over HTTP gets its 413 before the connection closes', async () => {
    const s = await listening({ maxUploadBytes: 10_000 });
    const key = await s.key('acme');
    const res = await fetch(`${s.url}/v1/datasets`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'text/csv' }, body: 'x'.repeat(50_000) });
    expect(res.status).toBe(413);
    expect(((await res.json()) as { code: string }).code).toBe('HA_ERR_TOO_LARGE');
  });

  it('limits requests per key with 429 problem+json, other keys unaffected', async () => {
    const s = await listening({ rateLimitPerMinute: 5 });
    const a = await s.key('acme');
    const b = await s.key('acme');
    const codes: number[] = [];
    for (let i = 0; i < 7; i++) codes.push((await fetch(`${s.url}/v1/datasets`, { headers: { authorization: `Bearer ${a}` } })).status);
    expect(codes).toEqual([200, 200, 200, 200, 200, 429, 429]);
    const limited = await fetch(`${s.url}/v1/datasets`, { headers: { authorization: `Bearer ${a}` } });
    expect(await limited.json()).toMatchObject({ status: 429, code: 'HA_ERR_RATE_LIMIT' });
    expect(limited.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect((await fetch(`${s.url}/v1/datasets`, { headers: { authorization: `Bearer ${b}` } })).status).toBe(200);
    expect((await fetch(`${s.url}/healthz`)).status).toBe(200); // health is never limited
  });

  it('serves health, readiness, the OpenAPI 3.1 document, the docs page and the signing key without a key', async () => {
    const s = await listening();
    expect(await (await fetch(`${s.url}/healthz`)).json()).toEqual({ status: 'ok' });
    expect(await (await fetch(`${s.url}/readyz`)).json()).toEqual({ status: 'ready', runningAudits: 0 });
    const doc = (await (await fetch(`${s.url}/v1/openapi.json`)).json()) as { openapi: string; paths: Record<string, Record<string, unknown>>; components: { securitySchemes: unknown } };
    expect(doc.openapi).toBe('3.1.0');
    for (const path of ['/v1/datasets', '/v1/datasets/{id}', '/v1/audits', '/v1/audits/{id}', '/v1/audits/{id}/result', '/v1/audits/{id}/report.html', '/v1/audits/{id}/charts/{name}', '/v1/signing-key', '/healthz', '/readyz']) {
      expect(doc.paths, path).toHaveProperty([path]);
    }
    expect(doc.components.securitySchemes).toMatchObject({ bearer: { type: 'http', scheme: 'bearer' } });
    const docs = await fetch(`${s.url}/docs/`);
    expect(docs.status).toBe(200);
    expect(await docs.text()).toContain('swagger-ui');
    const pem = await (await fetch(`${s.url}/v1/signing-key.pem`)).text();
    expect(pem).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    // The key lives in the data folder, private to the server's user.
    const { stat } = await import('node:fs/promises');
    expect((await stat(join(s.dir, 'signing', 'ed25519.pem'))).mode & 0o077).toBe(0);
    expect(await readFile(join(s.dir, 'signing', 'ed25519.pem'), 'utf8')).toMatch(/^-----BEGIN PRIVATE KEY-----/);
  });
});

describe('uploads of every input format', () => {
  it('accepts TSV, JSON, NDJSON and Parquet with their content types', async () => {
    const s = await listening();
    const auth = { authorization: `Bearer ${await s.key('acme')}` };
    const rows = [{ gender: 'f', selected: 1 }, { gender: 'm', selected: 0 }];
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const parquet = join(s.dir, 'p.parquet');
    const db = await DuckDBInstance.create(':memory:');
    const conn = await db.connect();
    await conn.run(`COPY (SELECT * FROM (VALUES ('f', 1), ('m', 0)) t(gender, selected)) TO '${parquet}' (FORMAT parquet)`);
    conn.closeSync();
    const cases: [string, string, string | Buffer, string][] = [
      ['t.tsv', 'text/tab-separated-values', 'gender\tselected\nf\t1\nm\t0\n', 'tsv'],
      ['j.json', 'application/json', JSON.stringify(rows), 'json'],
      ['n.ndjson', 'application/x-ndjson', rows.map((r) => JSON.stringify(r)).join('\n'), 'ndjson'],
      ['p.parquet', 'application/vnd.apache.parquet', await readFile(parquet), 'parquet'],
      // application/octet-stream: the format from the file name's extension
      ['o.parquet', 'application/octet-stream', await readFile(parquet), 'parquet'],
      ['o.tsv', 'application/octet-stream', 'gender\tselected\nf\t1\nm\t0\n', 'tsv'],
    ];
    for (const [name, type, body, format] of cases) {
      const res = await fetch(`${s.url}/v1/datasets?name=${name}`, { method: 'POST', headers: { ...auth, 'content-type': type }, body });
      expect(res.status, `${name}: ${await res.clone().text()}`).toBe(201);
      const d = (await (await fetch(`${s.url}/v1/datasets/${((await res.json()) as { id: string }).id}`, { headers: auth })).json()) as { format: string; columns: string[] };
      expect(d, name).toMatchObject({ format, columns: ['gender', 'selected'] });
    }
    // application/octet-stream without a file name, or with one that names no format: 415, nothing stored.
    const before = await readdir(join(s.dir, 'datasets'));
    for (const query of ['', '?name=data.bin']) {
      const res = await fetch(`${s.url}/v1/datasets${query}`, { method: 'POST', headers: { ...auth, 'content-type': 'application/octet-stream' }, body: 'gender,selected\nf,1\n' });
      expect(res.status, query).toBe(415);
      expect(await res.json(), query).toMatchObject({ code: 'HA_ERR_MEDIA_TYPE', detail: expect.stringMatching(/^an application\/octet-stream upload needs a file name with the format's extension/) });
    }
    expect(await readdir(join(s.dir, 'datasets'))).toEqual(before);
  }, 120_000);
});
