import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { schemaDocuments } from '../../scripts/export-schema.js';

describe('published JSON Schemas', () => {
  it.each(schemaDocuments().map((d) => [d.path, d.content]))('%s is current (run npm run schema)', async (path, content) => {
    expect(await readFile(new URL(`../../${path}`, import.meta.url), 'utf8')).toBe(content);
  });
});
