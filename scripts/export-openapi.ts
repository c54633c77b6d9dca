/**
 * Writes docs/openapi.json, the OpenAPI 3.1 document of the server (as served at
 * /v1/openapi.json), generated from the routes' zod schemas. `npm run openapi`; a test fails
 * when the committed file is stale.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildApp } from '../src/server/app.js';

export async function openApiDocument(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'hireaudit-openapi-'));
  const app = await buildApp({ dataDir: dir });
  try {
    await app.ready();
    return `${JSON.stringify(app.swagger(), null, 2)}\n`;
  } finally {
    await app.close();
    await rm(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await writeFile(new URL('../docs/openapi.json', import.meta.url), await openApiDocument());
  console.log('wrote docs/openapi.json');
}
