import { existsSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import axe from 'axe-core';
import { chromium } from 'playwright-core';
import { describe, expect, it, onTestFinished } from 'vitest';
import type { AuditResult } from '../../src/audit/contract/audit-result.js';
import type { Language } from '../../src/audit/contract/policy.js';
import { localizeResult } from '../../src/audit/rules/localize.js';
import { renderHtml } from '../../src/reports/html.js';
import { renderBriefHtml } from '../../src/reports/or-brief.js';
import { pilotResult } from '../support/audit-results.js';

/**
 * Accessibility of the HTML report and the works-council briefing (issue 17): Dutch public bodies
 * are held to WCAG 2.1 AA through EN 301 549, so the pilot's report and briefing, in Dutch and in
 * English, must pass axe-core with no violation, in Debian's chromium driven by playwright-core
 * (as in html-browser.test.ts; nothing is downloaded). axe-core's source is injected into the page
 * as an inline script, so the page still makes no network request.
 */
const CHROMIUM = process.env['HIREAUDIT_CHROMIUM'] ?? '/usr/bin/chromium';
const HAVE_CHROMIUM = existsSync(CHROMIUM);
const IN_CI = process.env['CI'] === 'true' || process.env['CI'] === '1';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

interface AxeSummary {
  version: string;
  violations: string[];
  /** Rules axe ran and found satisfied on at least one element. */
  passed: string[];
  /** Elements axe could not decide on, outside the charts' SVG. */
  undecidedOutsideCharts: string[];
}

// Runs in the page (a string: the type check here has no DOM library). axe cannot tell the
// background of SVG text, so chart labels come back "incomplete"; their colours are fixed in the
// chart theme (black and #444 on white). Anything else left undecided is reported.
const RUN_AXE = `axe.run(document, { resultTypes: ['violations', 'incomplete'] }).then((r) => ({
  version: r.testEngine.version,
  violations: r.violations.map((v) => v.id + ' (' + v.impact + '), ' + v.nodes.length + ' element(s): ' + v.help + '; first: ' + v.nodes[0].target.join(' ') + ' ' + (v.nodes[0].failureSummary || '').replace(/\\s+/g, ' ')),
  passed: r.passes.map((p) => p.id),
  undecidedOutsideCharts: r.incomplete.flatMap((i) => i.nodes
    .filter((n) => { const el = document.querySelector(n.target[0]); return el === null || el.closest('.chart svg') === null; })
    .map((n) => i.id + ': ' + n.target.join(' '))),
}))`;

describe.runIf(IN_CI)('in CI', () => {
  it(`has chromium at ${CHROMIUM} for the accessibility check`, () => {
    expect(HAVE_CHROMIUM, `${CHROMIUM} is missing: .ci/run should have run apt-get install -y chromium`).toBe(true);
  });
});

const OUTPUTS: Record<string, (result: AuditResult) => string> = { 'HTML report': (r) => renderHtml(r), 'works-council briefing': renderBriefHtml };
const CASES = Object.keys(OUTPUTS).flatMap((output) => (['en', 'nl'] as Language[]).map((lang) => [output, lang] as const));

describe.runIf(HAVE_CHROMIUM)('accessibility (axe-core in headless Chromium)', () => {
  it.each(CASES)('the pilot %s in %s has no axe-core violation', async (output, lang) => {
    const result = localizeResult(await pilotResult(), lang);
    const page = OUTPUTS[output]!(result);
    const charts = [...page.matchAll(/<div class="chart" id="chart-\d+"/g)].length;
    const dir = await mkdtemp(join(tmpdir(), 'hireaudit-a11y-'));
    const file = join(dir, 'page.html');
    await writeFile(file, page);
    const url = pathToFileURL(file).href;

    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
    onTestFinished(() => browser.close());
    const tab = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await tab.route('**/*', (route) => (route.request().url() === url || route.request().url().startsWith('data:') ? route.continue() : route.abort()));
    await tab.goto(url, { waitUntil: 'load' });
    // Judge the page as a reader sees it: every chart drawn.
    await tab.waitForFunction(`document.querySelectorAll('.chart svg, .chart canvas').length >= ${charts}`, undefined, { timeout: 30_000 });
    await tab.addScriptTag({ content: axe.source });

    const summary = (await tab.evaluate(RUN_AXE)) as AxeSummary;
    expect(summary.version).toBe(axe.version);
    expect(summary.violations).toEqual([]);
    // The rules that matter here did run on the page (a check that ran on nothing proves nothing).
    expect(summary.passed).toEqual(expect.arrayContaining(['color-contrast', 'html-has-lang', 'html-lang-valid', 'document-title', 'landmark-one-main', 'page-has-heading-one']));
    expect(summary.undecidedOutsideCharts).toEqual([]);
    expect(page).toContain(`<html lang="${lang}">`);
  });
});
