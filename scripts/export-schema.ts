/**
 * Writes the published JSON Schemas (AuditResult and policy) under docs/, from the zod schemas
 * that validate them at run time: one schema, every use. `npm run schema`; a test fails when the
 * committed files are stale.
 */
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { AuditResult, SCHEMA_VERSION } from '../src/audit/contract/audit-result.js';
import { Policy } from '../src/audit/contract/policy.js';

export function schemaDocuments(): { path: string; content: string }[] {
  const doc = (schema: z.ZodType, id: string, title: string, io: 'input' | 'output') => ({
    ...z.toJSONSchema(schema, { io, unrepresentable: 'any' }),
    $id: `https://hireaudit.invalid/schema/${id}`,
    title,
  });
  return [
    {
      path: 'docs/audit-result.schema.json',
      content: `${JSON.stringify(doc(AuditResult, `audit-result-${SCHEMA_VERSION}.json`, `hireaudit AuditResult ${SCHEMA_VERSION}`, 'output'), null, 2)}\n`,
    },
    {
      path: 'docs/policy.schema.json',
      content: `${JSON.stringify(doc(Policy, 'policy.json', 'hireaudit policy file', 'input'), null, 2)}\n`,
    },
  ];
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const root = new URL('../', import.meta.url);
  for (const d of schemaDocuments()) await writeFile(new URL(d.path, root), d.content);
  console.log('wrote docs/audit-result.schema.json and docs/policy.schema.json');
}
