import type { Finding } from '../../../../src/audit/contract/audit-result.js';
import type { Judge } from '../../../../src/audit/rules/judge.js';
import type { ToySection } from './index.js';

/** The toy's rule: a stage that selects nobody is a warning (a convention of this test only). */
export const judgeToy: Judge<ToySection> = (measured) => {
  if (measured === null) return { section: null, findings: [] };
  const section = { stages: measured.stages.map((s) => ({ ...s, verdict: s.selected === 0 ? 'warn' : 'pass' })) };
  const findings: Finding[] = section.stages.map((s) => ({
    code: 'toy.selects_someone',
    status: s.verdict as Finding['status'],
    subject: { tool: null, stage: s.stage, groups: null, reference: null },
    evidence: { n: s.n, selected: s.selected },
    rule: { id: 'TOY-1', source: 'tests/audit/registry/toy/rules.ts', threshold: 'warn when nobody is selected', kind: 'convention' },
    message: `Toy: stage ${s.stage} selected ${s.selected} of ${s.n}.`,
  }));
  return { section, findings };
};
