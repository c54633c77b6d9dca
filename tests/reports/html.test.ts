import { describe, expect, it } from 'vitest';
import type { AuditResult } from '../../src/audit/contract/audit-result.js';
import { buildCharts } from '../../src/reports/charts/index.js';
import { renderHtml } from '../../src/reports/html.js';
import { pilotResult } from '../support/audit-results.js';

/** What the HTML report holds without a browser; tests/reports/html-browser.test.ts draws it. */
describe('HTML report', async () => {
  const result = await pilotResult();
  const page = renderHtml(result);

  it('is self-contained: scripts and styles inline, nothing fetched', () => {
    expect(page).not.toMatch(/<script[^>]+src=/i);
    expect(page).not.toMatch(/<link[\s>]/i);
    // outside the scripts (library code and the specs' $schema name URLs as text), the markup loads nothing
    const markup = page.replace(/<script\b[^>]*>[\s\S]*?<\/script>/g, '');
    expect(markup).not.toMatch(/<img[\s>]|<iframe[\s>]|@import|url\(|https?:\/\//i);
    expect(page).toContain('vegaEmbed');
    expect(count(page, /<script>/g)).toBe(4); // vega, vega-lite, vega-embed, and the few lines that embed the charts
  });

  it('has one container per chart, and the specs to fill them', () => {
    const charts = buildCharts(result);
    expect(count(page, /<div class="chart" id="chart-\d+"/g)).toBe(charts.length);
    const specs = JSON.parse(/<script type="application\/json" id="hireaudit-specs">(.*?)<\/script>/s.exec(page)![1]!) as unknown[];
    expect(specs).toEqual(charts.map((c) => c.spec));
  });

  it('has the executive summary, findings by status with rule, source, threshold and basis, accounting and method notes', () => {
    const { counts } = result.summary;
    expect(page).toMatch(/Overall: <span class="status fail">FAIL<\/span>/);
    expect(page).toContain(`FAIL (${counts.fail})`);
    expect(page).toContain(`WARN (${counts.warn})`);
    expect(page).toContain(`INSUFFICIENT EVIDENCE (${counts.insufficient_evidence})`);
    expect(page).toContain('<th>rule and source</th><th>threshold</th><th>basis</th>');
    expect(page).toContain('guidance (US)');
    const a = result.dataset.accounting;
    expect(page).toContain(`Rows read = rows used + rows excluded: ${a.rowsRead} = ${a.rowsUsed} + ${a.rowsRead - a.rowsUsed}.`);
    expect(page).toContain('<th class="num">gender unknown</th>');
    expect(page).toMatch(/impact ratio under 0.8 <em>and<\/em> Holm-adjusted Fisher exact p under 0.05/);
    expect(page).toContain('It is not a legal conclusion.');
  });

  it('lists requirement verdicts per rule set with their edition', () => {
    const nvp = result.findings.find((f) => f.requirement?.set === 'nvp')!;
    expect(page).toContain('<h2>Verdicts per requirement</h2>');
    expect(page).toContain(`<h3>${nvp.requirement!.set_name}</h3>`);
  });

  it('escapes text from the data', () => {
    const odd: AuditResult = { ...result, dataset: { ...result.dataset, source: '<script>alert(1)</script>' } };
    const html = renderHtml(odd, []);
    expect(html).not.toContain('<script>alert(1)');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('skips what the result does not have: no charts, no requirement verdicts', () => {
    const bare: AuditResult = { ...result, findings: result.findings.filter((f) => !f.requirement) };
    const html = renderHtml(bare, []);
    expect(html).not.toContain('id="charts"');
    expect(html).not.toContain('id="requirements"');
    expect(html).not.toContain('hireaudit-specs');
  });

  it('is deterministic', () => {
    expect(renderHtml(result)).toBe(page);
  });
});

function count(text: string, re: RegExp): number {
  return [...text.matchAll(re)].length;
}
