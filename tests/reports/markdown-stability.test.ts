import { describe, expect, it } from 'vitest';
import { loadPolicy, parsePolicy, withOverrides } from '../../src/audit/contract/policy.js';
import { runAudit } from '../../src/audit/run-audit.js';
import { renderMarkdown } from '../../src/reports/markdown.js';
import { reliabilityMarkdown, stabilityMarkdown } from '../../src/reports/markdown-stability.js';
import { fixture } from '../support/fixtures.js';

describe('Markdown: Reliability and Stability sections', () => {
  it('shows the failing retest and alpha, the drift month, the fragile verdict and the glasses flips of the pilot', async () => {
    const policy = withOverrides(await loadPolicy(fixture('stability-policy.yaml')), { stability: { period: 'month', bootstrapReplicates: 200 } });
    const result = await runAudit({ source: { kind: 'file', path: fixture('stability-pilot.csv') }, policy });
    const md = renderMarkdown(result);
    const reliability = md.slice(md.indexOf('## Reliability'), md.indexOf('## Stability'));
    const t = result.reliability!.test_retest.find((r) => r.stage === 'assessment_game')!;
    expect(reliability).toContain(`| assessment_game | 1000 | ${t.icc_agreement!.toFixed(2)} (`);
    expect(reliability).toMatch(/\| assessment_game \| 1000 \|.*\| insufficient \| FAIL \|/);
    expect(reliability).toMatch(/\| video_interview \| 300 \|.*285 \/ 300 identical \(WARN\) \| good \| PASS \|/);
    expect(reliability).toMatch(/unverified against the COTAN text \[U\], applied here as a convention/);
    const stability = md.slice(md.indexOf('## Stability'), md.indexOf('## Data'));
    expect(stability).toMatch(/\| cv_screen \| 12 \| 2026-01 \| 0\.\d\d \(2026-07\) \| 2026-07 \| gender=female in 2026-07 \| WARN \|/);
    expect(stability).toMatch(/1 of 6 disparity verdicts are fragile/);
    expect(stability).toMatch(/\| cv_screen \| gender=female \| gender=male \| selection \|/);
    expect(stability).toMatch(/\| video_interview \| glasses \| 1600 \|.*\| 40 \/ 1600 \| 2\.5% \(.*\| gender=female 5\.0% \(\d\.\de-\d+\) \| 0\.960 \(0\.958–0\.963\); gender=female 0\.931 \| FAIL \|/);
    // Kendall's tau values: scipy's on the fixture's pairs (see the stability fixture test)
  }, 60_000);

  it('without the evidence says insufficient evidence, never a pass', async () => {
    const result = await runAudit({ source: { kind: 'records', records: [{ selected: 1, score: 3 }, { selected: 0, score: 1 }], name: 'bare' }, policy: parsePolicy({}) });
    expect(reliabilityMarkdown(result).join('\n')).toMatch(/\*\*insufficient evidence\*\*, never a pass/);
    expect(stabilityMarkdown(result).join('\n')).toMatch(/\*\*insufficient evidence\*\*, never a pass/);
  });
});
