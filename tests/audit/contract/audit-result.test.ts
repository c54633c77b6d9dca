import { describe, expect, it } from 'vitest';
import { type FindingStatus, STATUS_SEVERITY, summarize } from '../../../src/audit/contract/audit-result.js';

const findings = (...statuses: FindingStatus[]) => statuses.map((status) => ({ status }));

describe('summarize: counts per status and the worst status, the one computation of summary', () => {
  it('counts every status, including those no finding has', () => {
    // Hand count: 2 pass, 1 warn, 1 not_assessed, 0 fail, 0 insufficient_evidence.
    expect(summarize(findings('pass', 'warn', 'pass', 'not_assessed')).counts).toEqual({ fail: 0, warn: 1, insufficient_evidence: 0, not_assessed: 1, pass: 2 });
  });

  it('the status is the most severe one present, fail before warn before insufficient evidence', () => {
    expect(summarize(findings('pass', 'warn', 'fail', 'insufficient_evidence')).status).toBe('fail');
    expect(summarize(findings('pass', 'insufficient_evidence', 'warn')).status).toBe('warn');
    expect(summarize(findings('pass', 'insufficient_evidence')).status).toBe('insufficient_evidence');
  });

  it('not_assessed never becomes the overall status; no findings at all is pass', () => {
    expect(summarize(findings('not_assessed', 'pass')).status).toBe('pass');
    expect(summarize(findings('not_assessed')).status).toBe('pass');
    expect(summarize([]).status).toBe('pass');
  });

  it('the severity order lists every status once, most severe first', () => {
    expect(STATUS_SEVERITY).toEqual(['fail', 'warn', 'insufficient_evidence', 'not_assessed', 'pass']);
  });
});
