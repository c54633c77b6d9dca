import { describe, expect, it } from 'vitest';
import { parsePolicy } from '../../src/audit/contract/policy.js';
import { runAudit } from '../../src/audit/run-audit.js';
import { renderMarkdown } from '../../src/reports/markdown.js';
import { validityMarkdown } from '../../src/reports/markdown-validity.js';
import { fixture } from '../support/fixtures.js';

describe('Markdown: Validity section', () => {
  it('shows the stage validity with the corrected r flagged, and the Cleary reading per group', async () => {
    const result = await runAudit({
      source: { kind: 'file', path: fixture('validity-pilot.csv') },
      policy: parsePolicy({ protected: ['gender', 'ethnicity'], auditDate: '2026-11-22' }),
    });
    const md = renderMarkdown(result);
    const section = md.slice(md.indexOf('## Validity'), md.indexOf('## Data'));
    expect(section).toMatch(/bands are conventions/);
    expect(section).toMatch(/r corrected for range restriction \(corrected\)/);
    const s = result.validity!.stages[0]!;
    expect(section).toContain(`| vendor_v / assessment | ${s.n} / ${s.applicants} | ${s.r!.toFixed(2)} (`);
    expect(section).toMatch(/ethnicity=group_b vs group_a .*under-predicts the group \(group_b\) \| FAIL \|/);
    expect(section).toMatch(/ethnicity=group_c vs group_a .*\| WARN \|.*slopes differ/);
    // the findings list carries the plain-language reading
    expect(md).toMatch(/the score under-predicts performance for ethnicity=group_b/);
  });

  it('without a criterion says insufficient evidence, never a pass', async () => {
    const result = await runAudit({
      source: { kind: 'records', records: [{ selected: 1, score: 3 }, { selected: 0, score: 1 }], name: 'no-criterion' },
      policy: parsePolicy({ auditDate: '2026-11-22' }),
    });
    expect(validityMarkdown(result).join('\n')).toMatch(/\*\*insufficient evidence\*\*, never a pass/);
  });
});
