import { describe, expect, it } from 'vitest';
import { renderLl144Html, renderLl144Markdown } from '../../src/reports/ll144.js';
import { pilotResult } from '../support/audit-results.js';

describe('LL144-style summary', async () => {
  const result = await pilotResult();
  const md = renderLl144Markdown(result);

  it('lists every category, single and intersectional, with rate and impact ratio, per stage', () => {
    for (const r of result.disparity.rows) {
      const category = Object.entries(r.groups).map(([k, v]) => `${k}=${v}`).join(' × ');
      const rate = r.rate === null ? '–' : `${(r.rate * 100).toFixed(1)}%`;
      const ir = r.impact_ratio === null ? '–' : r.impact_ratio.toFixed(3);
      expect(md).toContain(`| ${category} | ${r.n} | ${r.selected} | ${rate} | ${ir} |`);
    }
    expect(md).toContain('| gender=female × ethnicity=group_a |');
    expect(md).toContain('## Scoring rates (share above the stage median score): vendor_x / cv_screen');
  });

  it('reports the unknown-category counts and the data source', () => {
    const first = result.disparity.stages[0]!;
    expect(md).toContain('## Unknown category: vendor_x / cv_screen');
    expect(md).toContain(`| gender | ${first.unknown['gender']} |`);
    expect(md).toContain(`Audit data source: pilot-cv-screen.csv (csv, ${result.dataset.hash})`);
  });

  it('states the audit date and the declared distribution date when the policy has them', () => {
    const dated = { ...result, policy: { ...result.policy, auditDate: '2026-11-22', declarations: { ...result.policy.declarations, toolDistributionDate: '2025-01-15' } } };
    const text = renderLl144Markdown(dated);
    expect(text).toContain('- Date of the audit: 2026-11-22.');
    expect(text).toContain('- Tool first distributed or used (declared, not verified): 2025-01-15.');
    expect(text).toContain('- To be added before publication: whether the data is historical or test data (and why).');
  });

  it('suppresses small cells and the rates that would reveal them', () => {
    const small = renderLl144Markdown(result, { suppressBelow: 50 });
    // non-binary at the last stage has few candidates: counts "<50", rate withheld
    const row = result.disparity.rows.find((r) => r.stage === 'assessment_game' && r.groups['gender'] === 'non-binary' && r.attributes.length === 1)!;
    expect(row.n).toBeLessThan(50);
    expect(small).toContain('| gender=non-binary | <50 | <50 | suppressed | suppressed |');
    expect(small).toContain('Counts under 50 are shown as "<50"');
    expect(md).not.toContain('suppressed');
  });

  it('renders the same tables as HTML, escaped', () => {
    const html = renderLl144Html(result, { suppressBelow: 10 });
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).toContain('<td>gender=female × ethnicity=group_a</td>');
    expect(html).toContain('&lt;10');
    expect(html).not.toMatch(/<script|<link/);
  });
});
