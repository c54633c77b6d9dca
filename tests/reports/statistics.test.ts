import { beforeAll, describe, expect, it } from 'vitest';
import type { AuditResult } from '../../src/audit/contract/audit-result.js';
import { parsePolicy } from '../../src/audit/contract/policy.js';
import { runAudit } from '../../src/audit/run-audit.js';
import { renderHtml } from '../../src/reports/html.js';
import { renderMarkdown } from '../../src/reports/markdown.js';
import { statisticsTables } from '../../src/reports/statistics-tables.js';
import { fixture } from '../support/fixtures.js';

/**
 * Every statistic issue 16 added is printed by the Markdown summary and the HTML report: the UCB
 * departments audit (strata, Simpson, rows per stratum, cut scores need a score: not here) and an
 * error-rate audit.
 */
let ucb: AuditResult;
let errors: AuditResult;
let scored: AuditResult;

beforeAll(async () => {
  ucb = await runAudit({
    source: { kind: 'file', path: fixture('ucb-admissions-departments.csv') },
    policy: parsePolicy({ protected: ['gender'], strata: ['department'], strataRows: true, auditDate: '2026-11-22' }),
  });
  const confusion = (group: string, q: number, tp: number, u: number, fp: number) => [
    { group, selected: 1, criterion: 1, count: tp },
    { group, selected: 0, criterion: 1, count: q - tp },
    { group, selected: 1, criterion: 0, count: fp },
    { group, selected: 0, criterion: 0, count: u - fp },
  ];
  errors = await runAudit({
    source: { kind: 'records', records: [...confusion('x', 100, 40, 100, 10), ...confusion('y', 100, 80, 100, 12)], name: 'errors' },
    policy: parsePolicy({ protected: ['group'], auditDate: '2026-11-22' }),
  });
  const scores = [1, 2, 3, 3, 3, 4, 5, 6, 3, 3, 4, 5, 6, 7, 8, 9];
  scored = await runAudit({
    source: { kind: 'records', records: scores.map((score, i) => ({ group: i < 8 ? 'a' : 'b', score, selected: score >= 5 ? 1 : 0 })), name: 'scores' },
    policy: parsePolicy({ protected: ['group'], cutScores: [3.5, 6], auditDate: '2026-11-22' }),
  });
});

const titles = (r: AuditResult) => statisticsTables(r).map((t) => t.title);

describe('statistics tables', () => {
  it('UCB with strata: comparisons, within-strata CMH, per-stratum terms and rows per stratum', () => {
    expect(titles(ucb)).toEqual([
      'Tests and odds ratios per comparison',
      "Within strata (Cochran–Mantel–Haenszel across the policy's strata)",
      'Per stratum: odds ratios and Breslow–Day terms',
      'Selection rates within each stratum',
    ]);
  });

  it('scores: scoring rates with ties and medians, and the explicit cut scores', () => {
    expect(titles(scored)).toEqual(expect.arrayContaining(['Scoring rates and scores by group', "At the policy's cut scores"]));
  });

  it('error rates: coverage, rates by group, equalized odds', () => {
    expect(titles(errors)).toEqual(expect.arrayContaining(['Error rates: who carries a criterion', 'Error rates by group', 'Equal opportunity and equalized odds between groups']));
  });
});

describe('Markdown', () => {
  it('prints both CMH statistics, Breslow–Day with Tarone, the Simpson flag and a tiny p in scientific notation', () => {
    const md = renderMarkdown(ucb);
    expect(md).toContain('## Statistics behind the verdicts');
    // uncorrected 1.5246 (p 0.2169), corrected 1.4269 (p 0.2323), Breslow–Day 18.826 on 5 df (R, issue 16)
    expect(md).toMatch(/\| all \| department \| gender=female vs gender=male \| 6 \| 1\.525 \(p 0\.2169\) \| 1\.427 \(p 0\.2323\) \| corrected \| 1\.105 \(0\.943–1\.295\) \| 18\.826 on 5 df \(p 0\.0021\) \| 18\.826 \(p 0\.0021\) \| 0\.68 \| .* \| 4\.8e-22 \| yes \| 0 \|/);
    // SAS: Chi-Square 92.2053, Continuity Adj. Chi-Square 91.6096 (p 7.8e-22 and 1.1e-21)
    expect(md).toContain('92.205 (p 7.8e-22) | 91.610 (p 1.1e-21)');
    expect(md).toContain('| dept_A | 89 / 108 | 512 / 825 | 2.864 (1.711–4.792) woolf |');
    expect(md).toContain('uniform Dirichlet(1, 1, 1, 1) prior');
    expect(md).not.toMatch(/\(p 0\.0000\)|\| 0\.0000 \|/);
  });

  it('prints scoring ties, medians and cut scores', () => {
    const md = renderMarkdown(scored);
    expect(md).toMatch(/\| all \| group=a \| 8 \| 2 \| 1 \| 25\.0% \| 0\.40 \|/);
    expect(md).toMatch(/\| all \| group \| 6 \| group=a \| 8 \| 1 \| 12\.5% \| 0\.25 \|/);
  });

  it('prints the error rates with the conventions', () => {
    const md = renderMarkdown(errors);
    expect(md).toContain('Rates among candidates whose criterion is 0 or 1 only');
    expect(md).toMatch(/\| all \| group=x \| tpr \| 40 \/ 100 \| 40\.0% \(.*\) \| group=y \| 0\.50 \| -0\.40 \|/);
  });
});

describe('HTML', () => {
  it('has a Statistics section with the same tables, linked from the navigation', () => {
    const page = renderHtml(ucb, []);
    expect(page).toContain('<a href="#statistics">Statistics</a>');
    expect(page).toContain('<section id="statistics">');
    for (const t of statisticsTables(ucb)) expect(page).toContain(`<h3>${t.title.replaceAll("'", '&#39;')}</h3>`);
    expect(page).toContain('<td class="num">18.826 on 5 df (p 0.0021)</td>');
    expect(page).toContain('<td>yes</td>');
  });

  it('prints the error rates', () => {
    const page = renderHtml(errors, []);
    expect(page).toContain('Equal opportunity and equalized odds between groups');
    expect(page).toContain('<td class="num">40 / 100</td>');
  });

  it('escapes values from the data in the statistics tables', async () => {
    const odd = await runAudit({
      source: { kind: 'records', records: [...Array(20).fill({ g: '<b>x</b>', site: 'a|b', selected: 1 }), ...Array(20).fill({ g: 'y', site: 'a|b', selected: 0 }), ...Array(20).fill({ g: '<b>x</b>', site: 'c', selected: 0 }), ...Array(20).fill({ g: 'y', site: 'c', selected: 1 })], name: 'odd' },
      policy: parsePolicy({ protected: ['g'], strata: ['site'], auditDate: '2026-11-22' }),
    });
    const page = renderHtml(odd, []);
    expect(page).not.toContain('<b>x</b>');
    expect(page).toContain('&lt;b&gt;x&lt;/b&gt;');
    expect(renderMarkdown(odd)).toContain('a\\|b');
  });
});
