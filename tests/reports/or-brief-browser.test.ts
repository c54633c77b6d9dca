import { existsSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { describe, expect, it, onTestFinished } from 'vitest';
import type { Language } from '../../src/audit/contract/policy.js';
import { localizeResult } from '../../src/audit/rules/localize.js';
import { renderBriefHtml } from '../../src/reports/or-brief.js';
import { pilotResult } from '../support/audit-results.js';

/**
 * The works-council briefing prints on two A4 pages (issue 17): the pilot's briefing, in Dutch and
 * in English, printed to PDF by Debian's chromium (playwright-core, nothing downloaded) with every
 * chart drawn, has at most two pages. The page count is read from the PDF's page objects.
 */
const CHROMIUM = process.env['HIREAUDIT_CHROMIUM'] ?? '/usr/bin/chromium';
const HAVE_CHROMIUM = existsSync(CHROMIUM);
const IN_CI = process.env['CI'] === 'true' || process.env['CI'] === '1';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Pages of a PDF: its /Type /Page objects (not the /Pages tree). */
const pageCount = (pdf: Buffer) => (pdf.toString('latin1').match(/\/Type\s*\/Page(?![a-z])/g) ?? []).length;

describe.runIf(IN_CI)('in CI', () => {
  it(`has chromium at ${CHROMIUM} for the print test`, () => {
    expect(HAVE_CHROMIUM, `${CHROMIUM} is missing: .ci/run should have run apt-get install -y chromium`).toBe(true);
  });
});

describe.runIf(HAVE_CHROMIUM)('works-council briefing printed by Chromium', () => {
  it.each(['nl', 'en'] as Language[])('the pilot briefing in %s fits on two A4 pages, every chart drawn', async (lang) => {
    const result = localizeResult(await pilotResult(), lang);
    const dir = await mkdtemp(join(tmpdir(), 'hireaudit-brief-'));
    const file = join(dir, 'or-brief.html');
    const page = renderBriefHtml(result);
    await writeFile(file, page);
    const url = pathToFileURL(file).href;
    const charts = [...page.matchAll(/<div class="chart" id="chart-\d+"/g)].length;
    expect(charts).toBeGreaterThanOrEqual(2);

    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
    onTestFinished(() => browser.close());
    const tab = await browser.newPage();
    const problems: string[] = [];
    tab.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
    });
    tab.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    await tab.route('**/*', (route) => (route.request().url() === url || route.request().url().startsWith('data:') ? route.continue() : route.abort()));
    await tab.goto(url, { waitUntil: 'load' });
    await tab.waitForFunction(`document.querySelectorAll('.chart svg').length >= ${charts}`, undefined, { timeout: 30_000 });
    expect(problems).toEqual([]);

    await tab.emulateMedia({ media: 'print' });
    const pdf = await tab.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
    await writeFile(join(dir, 'or-brief.pdf'), pdf);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const pages = pageCount(pdf);
    expect(pages).toBeGreaterThanOrEqual(1);
    expect(pages, `the ${lang} briefing prints on ${pages} pages (${join(dir, 'or-brief.pdf')})`).toBeLessThanOrEqual(2);
  });
});
