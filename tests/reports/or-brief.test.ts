import { readFile } from 'node:fs/promises';
import MarkdownIt from 'markdown-it';
import { describe, expect, it } from 'vitest';
import { localizeResult } from '../../src/audit/rules/localize.js';
import { renderBriefHtml, renderBriefMarkdown } from '../../src/reports/or-brief.js';
import { FORMATS, MULTI_FILE_FORMATS, renderOutputs } from '../../src/reports/render.js';
import { fixture } from '../support/fixtures.js';
import { groupRecords, pilotResult, recordsResult } from '../support/audit-results.js';

/**
 * The works-council briefing (`--format or-brief`, issue 17): what it says is read from the
 * AuditResult; its counts are checked against the pilot CSV itself (counted here row by row, not
 * taken from the result), its language follows the result, and every user string is escaped.
 * Page count and accessibility are checked in a browser (or-brief-browser.test.ts, html-a11y.test.ts).
 */
async function pilotCsv(): Promise<Record<string, string>[]> {
  const [header, ...lines] = (await readFile(fixture('pilot-cv-screen.csv'), 'utf8')).trim().split('\n');
  const columns = header!.split(',');
  return lines.map((line) => Object.fromEntries(line.split(',').map((v, i) => [columns[i]!, v])));
}

describe('works-council briefing of the pilot', async () => {
  const english = await pilotResult();
  const dutch = localizeResult(english, 'nl');
  const rows = await pilotCsv();
  const rejected = rows.filter((r) => r['selected'] === '0');
  const unreviewed = rejected.filter((r) => r['reviewed_by_human'] === '0');
  const applicants = rows.filter((r) => r['stage'] === 'cv_screen').length;
  const hired = rows.filter((r) => r['stage'] === 'assessment_game' && r['selected'] === '1').length;

  it('is a format of its own, written as Markdown and HTML into a folder', async () => {
    expect(FORMATS).toContain('or-brief');
    expect(MULTI_FILE_FORMATS).toContain('or-brief');
    const outputs = await renderOutputs(english, ['or-brief']);
    expect(outputs.map((o) => o.fileName)).toEqual(['or-brief.md', 'or-brief.html']);
  });

  it('counts what the CSV holds: applicants, those hired, rejections and those no person looked at', () => {
    expect([applicants, hired, rejected.length, unreviewed.length]).toEqual([6000, 493, 5507, 3323]);
    const md = renderBriefMarkdown(english);
    expect(md).toContain(`The audit looked at 3 step(s) and ${applicants} applicants`);
    expect(md).toContain(`In the end ${hired} of the ${applicants} applicants got through every step (8.2%).`);
    expect(md).toContain(`${unreviewed.length} of ${rejected.length} rejections (60%) were made by the tool without any person looking at them.`);
    const nl = renderBriefMarkdown(dutch);
    expect(nl).toContain('Uiteindelijk kwamen 493 van de 6.000 sollicitanten door alle stappen (8,2%).');
    expect(nl).toContain('3.323 van de 5.507 afwijzingen (60%) deed het instrument zonder dat een mens ernaar keek.');
  });

  it('has every part the works council needs, in order, and the terms it uses explained', () => {
    const headings = [...renderBriefMarkdown(dutch).matchAll(/^## (.+)$/gm)].map((m) => m[1]);
    expect(headings).toEqual([
      'Wat het instrument beslist',
      'Waar het instrument groepen benadeelt',
      'Is aangetoond dat het instrument de juiste mensen kiest?',
      'Afwijzingen waar geen mens naar keek',
      'Wat de audit niet kon vaststellen',
      'Uw instemming',
      'Vragen aan de werkgever voordat u instemt',
      'Vragen aan de leverancier',
      'Gebruikte begrippen',
    ]);
    const md = renderBriefMarkdown(english);
    // the strongest signal first: ethnicity group_b at the video interview (impact ratio 0.56)
    expect(md).toMatch(/- At video_interview: 28\.9% of ethnicity=group_b went on, against 51\.8% of ethnicity=group_a; for every 100 of ethnicity=group_a, 56 of ethnicity=group_b go on \(a clear signal/);
    expect(md).toContain('Why does ethnicity=group_b go on less often at video_interview');
    expect(md).toContain('The audit could not check this: the data has no later job performance of the people hired.');
    expect(md).toContain('"Vendor X technical manual v3.2, concurrent validity study (2024)"');
    for (const term of ['Goes on:', 'For every 100:', 'Chance:', 'Validity:', 'Rejection without a person:', 'Rubber stamp:', 'Too little data:']) expect(md).toContain(`- ${term}`);
  });

  it('shows the charts that matter: the strongest gap, the whole funnel, the rejections no person looked at', () => {
    const html = renderBriefHtml(english);
    expect([...html.matchAll(/data-chart="([^"]+)"/g)].map((m) => m[1])).toEqual(['brief-selection-rate', 'brief-funnel', 'brief-automated-rejections']);
    const specs = JSON.parse(/<script type="application\/json" id="hireaudit-specs">(.*?)<\/script>/s.exec(html)![1]!) as { description: string }[];
    expect(specs[0]!.description).toContain('Selection rate by ethnicity at vendor_x / video_interview');
    expect(specs[2]!.description).toContain('vendor_x / cv_screen');
    expect(renderBriefMarkdown(english)).toContain('> Figure 2: Selection funnel by ethnicity (vendor_x).');
  });

  it('is written in the result\'s language, dates written out', () => {
    expect(renderBriefHtml(dutch)).toMatch(/^<!DOCTYPE html>\n<html lang="nl">/);
    expect(renderBriefMarkdown(dutch)).toContain('(22 november 2026)');
    expect(renderBriefMarkdown(english)).toContain('(2026-11-22)');
  });

  it('is deterministic', () => {
    expect(renderBriefHtml(dutch)).toBe(renderBriefHtml(dutch));
  });
});

describe('works-council briefing of other shapes', () => {
  it('escapes group values, stage names and declarations from the data', async () => {
    const odd = '<img src=x onerror=alert(1)>*';
    const result = await recordsResult(
      [...groupRecords({ stage: 's[1]', group: 'a' }, 200, 100), ...groupRecords({ stage: 's[1]', group: odd }, 200, 40)],
      { protected: ['group'], declarations: { validationStudy: '<b>study</b> _x_' } },
    );
    const html = renderBriefHtml(result);
    expect(html).not.toContain('<img src=x');
    expect(html).not.toContain('<b>study');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;*');
    const md = renderBriefMarkdown(result);
    const rendered = new MarkdownIt({ html: true }).render(md);
    expect(rendered).not.toContain('<img');
    expect(rendered).not.toContain('<b>study');
  });

  it('one stage, no review column: says what is unknown instead of counting', async () => {
    const result = await recordsResult([...groupRecords({ gender: 'f' }, 100, 50), ...groupRecords({ gender: 'm' }, 100, 50)], { protected: ['gender'] });
    const md = renderBriefMarkdown(result);
    expect(md).toContain('Unknown: the data does not record whether a person looked at each decision.');
    expect(md).toContain('For single groups (such as all women, or all candidates over 50) it found no clear difference.');
    expect(md).not.toContain('In the end');
    expect(renderBriefHtml(result)).not.toContain('<script>'); // no chart, so no chart libraries
  });
});
