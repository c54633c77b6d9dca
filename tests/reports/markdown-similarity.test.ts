import { describe, expect, it } from 'vitest';
import { parsePolicy } from '../../src/audit/contract/policy.js';
import { runAudit } from '../../src/audit/run-audit.js';
import { renderMarkdown } from '../../src/reports/markdown.js';

/** The "Similar-to-me" section of the Markdown summary: present with traits, absent without. */
function records(traits: boolean): Record<string, string | number>[] {
  const out: Record<string, string | number>[] = [];
  for (let i = 0; i < 60; i++) {
    const a = (i * 37) % 60;
    const b = (i * 11) % 60;
    const row: Record<string, string | number> = { selected: a + b > 60 ? 1 : 0, score: a + b, gender: i % 2 ? 'female' : 'male' };
    if (traits) Object.assign(row, { trait_a: a, trait_b: b });
    out.push(row);
  }
  if (traits) for (let i = 0; i < 20; i++) out.push({ role: 'benchmark', selected: '', score: '', gender: i % 4 ? 'male' : 'female', trait_a: 40 + (i % 7), trait_b: 45 + (i % 5) });
  return out;
}

const audit = (traits: boolean) =>
  runAudit({ source: { kind: 'records', records: records(traits), name: 'md' }, policy: parsePolicy({ protected: ['gender'], minGroupSize: 5 }) });

describe('similarityMarkdown', () => {
  it('summarises coupling, clone curve, homogeneity, mirror and the proxy probe with numbers', async () => {
    const result = await audit(true);
    const md = renderMarkdown(result);
    const section = md.slice(md.indexOf('## Similar-to-me'), md.indexOf('## Data'));
    const u = result.similarity!.units[0]!;
    expect(section).toContain(`Benchmark: 20 candidates from the role=benchmark rows; 2 traits`);
    expect(section).toContain(`| all | 60 | ${u.n_selected} | ${u.coupling!.rho!.toFixed(2)} (`);
    expect(section).toContain(u.clone_curve.map((q) => `${((q.rate ?? 0) * 100).toFixed(0)}%`).join(' → '));
    expect(section).toContain(`| gender=female | ${(u.mirror[0]!.groups[0]!.benchmark_share! * 100).toFixed(1)}% |`);
    expect(section).toMatch(/\| gender \| (female|male) \| 0\.\d\d \(/);
    expect(section).toContain('wasm backend');
  });

  it('adds nothing when the data has no trait columns', async () => {
    const md = renderMarkdown(await audit(false));
    expect(md).not.toContain('Similar-to-me');
  });
});
