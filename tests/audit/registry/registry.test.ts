import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { AuditResult, SECTION_SCHEMAS } from '../../../src/audit/contract/audit-result.js';
import { parsePolicy } from '../../../src/audit/contract/policy.js';
import { auditResultSchemaFor, FAMILIES, type FamilyEntry } from '../../../src/audit/registry.js';
import { runAudit } from '../../../src/audit/run-audit.js';
import { renderMarkdown } from '../../../src/reports/markdown.js';
import { toyMetric, ToySection } from './toy/index.js';
import { judgeToy } from './toy/rules.js';

// The one registry line a new family needs (here in the test, so nothing in src changes).
const WITH_TOY: readonly FamilyEntry[] = [...FAMILIES, { id: 'toy', section: ToySection, dependsOn: [], metric: toyMetric, judge: judgeToy } as FamilyEntry];

const records = [
  ...Array.from({ length: 10 }, (_, i) => ({ stage: 'cv', gender: i % 2 ? 'female' : 'male', selected: i < 4 ? 1 : 0 })),
  ...Array.from({ length: 4 }, (_, i) => ({ stage: 'interview', gender: i % 2 ? 'female' : 'male', selected: 0 })),
];

describe('the family registry', () => {
  it('lists the families in the order of their AuditResult sections, each with its schema', () => {
    expect(FAMILIES.map((f) => f.id)).toEqual(Object.keys(SECTION_SCHEMAS));
    for (const f of FAMILIES) expect(f.section).toBe(SECTION_SCHEMAS[f.id as keyof typeof SECTION_SCHEMAS]);
  });

  it('runs a family added with one registry line: its section is in the result, its findings in the Markdown', async () => {
    const result = await runAudit({ source: { kind: 'records', records, name: 'toy' }, policy: parsePolicy({ protected: ['gender'], auditDate: '2026-11-22' }), families: WITH_TOY });
    const toy = (result as unknown as { toy: ToySection }).toy;
    // 4 of 10 selected at cv, 0 of 4 at interview
    expect(toy.stages).toEqual([
      { stage: 'cv', n: 10, selected: 4, share: 0.4, verdict: 'pass' },
      { stage: 'interview', n: 4, selected: 0, share: 0, verdict: 'warn' },
    ]);
    expect(result.findings.filter((f) => f.code === 'toy.selects_someone').map((f) => f.status)).toEqual(['pass', 'warn']);
    const md = renderMarkdown(result);
    expect(md).toContain('Toy: stage interview selected 0 of 4.');
    expect(md).toContain('## toy');
  });

  it("puts the family's section into the AuditResult JSON Schema", () => {
    const schema = z.toJSONSchema(auditResultSchemaFor(WITH_TOY), { io: 'output', unrepresentable: 'any' }) as { properties: Record<string, { description?: string }> };
    expect(Object.keys(schema.properties)).toContain('toy');
    expect(schema.properties['toy']!.description).toContain('toy family');
    // and the registry's own families give exactly the published AuditResult schema
    const json = (t: z.ZodType) => z.toJSONSchema(t, { io: 'output', unrepresentable: 'any' });
    expect(json(auditResultSchemaFor(FAMILIES))).toEqual(json(AuditResult));
  });
});
