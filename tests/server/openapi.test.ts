import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { OCTET_STREAM, UPLOAD_TYPES } from '../../src/server/upload.js';

/**
 * The committed OpenAPI document (docs/openapi.json; tests/scripts/export-openapi.test.ts keeps it
 * equal to what the server serves at /v1/openapi.json) describes what the routes take: the upload's
 * body in each content type it accepts, its query parameters, ?lang= on the outputs, and only path
 * parameters that are in the path (OpenAPI 3.1, section 4.8.12: a path parameter must be named in
 * the path template, and each template expression must be declared).
 */
interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  schema: Record<string, unknown>;
}
interface Operation {
  parameters?: Parameter[];
  requestBody?: { required: boolean; description?: string; content: Record<string, { schema: Record<string, unknown>; encoding?: Record<string, { contentType: string }> }> };
  responses: Record<string, unknown>;
  [key: string]: unknown;
}
type Doc = { openapi: string; paths: Record<string, Record<string, Operation>> };

const doc = JSON.parse(await readFile(new URL('../../docs/openapi.json', import.meta.url), 'utf8')) as Doc;
const operations = Object.entries(doc.paths).flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => ({ path, method, op })));

describe('the OpenAPI document', () => {
  it('declares exactly the path parameters each path names, each required', () => {
    for (const { path, method, op } of operations) {
      const inPath = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]).sort();
      const declared = (op.parameters ?? []).filter((p) => p.in === 'path');
      expect(declared.map((p) => p.name).sort(), `${method} ${path}`).toEqual(inPath);
      for (const p of declared) expect(p.required, `${method} ${path} ${p.name}`).toBe(true);
    }
  });

  it('describes the upload: every raw content type, application/octet-stream, a multipart form with a file, and the query parameters', () => {
    const upload = doc.paths['/v1/datasets']!['post']!;
    expect(upload.requestBody?.required).toBe(true);
    const content = upload.requestBody!.content;
    expect(Object.keys(content).sort()).toEqual([...Object.keys(UPLOAD_TYPES), OCTET_STREAM, 'multipart/form-data'].sort());
    for (const type of ['text/csv', 'text/tab-separated-values', 'application/vnd.apache.parquet', 'application/json', 'application/x-ndjson', OCTET_STREAM]) {
      expect(typeof content[type]!.schema['description'], type).toBe('string');
    }
    expect(content['application/json']!.schema).toMatchObject({ type: 'array', items: { type: 'object' } });
    const form = content['multipart/form-data']!;
    expect(form.schema).toMatchObject({ type: 'object', required: ['file'], properties: { file: { type: 'string', contentMediaType: OCTET_STREAM }, policy: { type: 'string' } } });
    expect(form.encoding?.['file']?.contentType.split(', ').sort()).toEqual([...Object.keys(UPLOAD_TYPES), OCTET_STREAM].sort());
    expect((upload.parameters ?? []).filter((p) => p.in === 'query').map((p) => [p.name, p.required])).toEqual([
      ['name', false],
      ['policy', false],
    ]);
    // The route's own marker is gone: only standard fields.
    expect(Object.keys(upload).filter((k) => k.startsWith('x-'))).toEqual([]);
  });

  it('declares every error response as application/problem+json, the type the server sends (RFC 9457)', () => {
    let errors = 0;
    for (const { path, method, op } of operations) {
      for (const [status, response] of Object.entries(op.responses as Record<string, { content?: Record<string, unknown> }>)) {
        if (Number(status) < 400 || response.content === undefined) continue;
        errors++;
        expect(Object.keys(response.content), `${method} ${path} ${status}`).toEqual(['application/problem+json']);
      }
    }
    expect(errors).toBeGreaterThan(50);
  });

  it('offers ?lang=en|nl on every output of an audit', () => {
    const outputs = operations.filter(({ path, method }) => method === 'get' && /^\/v1\/audits\/\{id\}\/.+/.test(path));
    expect(outputs.map((o) => o.path).sort()).toEqual(
      ['result', 'result.sig', 'report.html', 'summary.md', 'junit.xml', 'll144.html', 'll144.md', 'or-brief.html', 'or-brief.md', 'charts/{name}'].map((f) => `/v1/audits/{id}/${f}`).sort(),
    );
    for (const { path, op } of outputs) {
      const lang = (op.parameters ?? []).find((p) => p.in === 'query' && p.name === 'lang');
      expect(lang, path).toMatchObject({ required: false, schema: { type: 'string', enum: ['en', 'nl'] } });
    }
  });
});
