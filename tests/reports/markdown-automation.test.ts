import { beforeAll, describe, expect, it } from 'vitest';
import type { AuditResult } from '../../src/audit/contract/audit-result.js';
import { parsePolicy } from '../../src/audit/contract/policy.js';
import { runAudit } from '../../src/audit/run-audit.js';
import { automationMarkdown } from '../../src/reports/markdown-automation.js';
import { renderMarkdown } from '../../src/reports/markdown.js';
import { fixture } from '../support/fixtures.js';

/** The "Automated decisions" section of the Markdown summary, on the automation fixture. */
let result: AuditResult;
beforeAll(async () => {
  const policy = parsePolicy({ protected: ['gender', 'ethnicity'], stages: ['cv_screen', 'video_interview', 'assessment_game'], auditDate: '2026-11-22' });
  result = await runAudit({ source: { kind: 'file', path: fixture('automation-review.csv') }, policy });
});

describe('automationMarkdown', () => {
  it('has one table row per stage with the ARR, rubber-stamp risk and art. 22 verdict', () => {
    const lines = automationMarkdown(result);
    expect(lines[0]).toBe('## Automated decisions');
    const rows = lines.filter((l) => l.startsWith('| vendor_a / '));
    expect(rows).toHaveLength(3);
    const s = result.automation!.stages;
    expect(rows[0]).toContain(`${s[0]!.rejected_unreviewed} of ${s[0]!.rejected} = ${(s[0]!.arr! * 100).toFixed(1)}%`);
    expect(rows[0]!.endsWith('| low | FAIL |')).toBe(true);
    expect(rows[1]).toContain('r11 (181), r12 (180), r13 (213), r14 (201)');
    expect(rows[1]!.endsWith('| HIGH | WARN |')).toBe(true);
    expect(rows[2]!.endsWith('| low | PASS |')).toBe(true);
    // A p under 0.0001 keeps its size in scientific notation (issue 16: never 0, never just "<0.0001").
    expect(lines.some((l) => /^- vendor_a \/ cv_screen, ethnicity=group_b: 94\.5% of rejections without review vs 79\.6% for the rest \(Holm p \d\.\de-\d+\)\.$/.test(l))).toBe(true);
  });

  it('is part of the summary, and says what is missing without review data', () => {
    expect(renderMarkdown(result)).toContain('## Automated decisions');
    const { automation: _, ...without } = result;
    expect(automationMarkdown(without as AuditResult)[2]).toContain('could not be assessed');
  });
});
