import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { openApiDocument } from '../../scripts/export-openapi.js';

describe('published OpenAPI document', () => {
  it('docs/openapi.json is current (run npm run openapi)', async () => {
    expect(await readFile(new URL('../../docs/openapi.json', import.meta.url), 'utf8')).toBe(await openApiDocument());
  });
});
