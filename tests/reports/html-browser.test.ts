import { existsSync } from 'node:fs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { describe, expect, it, onTestFinished } from 'vitest';
import { buildCharts } from '../../src/reports/charts/index.js';
import { renderHtml } from '../../src/reports/html.js';
import { pilotResult } from '../support/audit-results.js';

/**
 * The HTML report in a real browser: Debian's chromium, driven by playwright-core (no browser is
 * ever downloaded). .ci/run installs chromium, so in CI a missing browser fails this file; on a
 * developer machine without it the browser test is skipped.
 */
const CHROMIUM = process.env['HIREAUDIT_CHROMIUM'] ?? '/usr/bin/chromium';
const HAVE_CHROMIUM = existsSync(CHROMIUM);
const IN_CI = process.env['CI'] === 'true' || process.env['CI'] === '1';

const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

describe.runIf(IN_CI)('in CI', () => {
  it(`has chromium at ${CHROMIUM} (.ci/run installs Debian's package)`, () => {
    expect(HAVE_CHROMIUM, `${CHROMIUM} is missing: .ci/run should have run apt-get install -y chromium`).toBe(true);
  });
});

describe.runIf(HAVE_CHROMIUM)('HTML report in headless Chromium', () => {
  it('draws every chart offline, with no console error and no network request, and saves a screenshot', async () => {
    const result = await pilotResult();
    const charts = buildCharts(result);
    const dir = await mkdtemp(join(tmpdir(), 'hireaudit-browser-'));
    const file = join(dir, 'report.html');
    await writeFile(file, renderHtml(result, charts));
    const url = pathToFileURL(file).href;

    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
    onTestFinished(() => browser.close());
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const problems: string[] = [];
    const requests: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('request', (r) => requests.push(r.url()));
    // Anything but the file itself and data: URLs is recorded above and never leaves the machine.
    await page.route('**/*', (route) => (route.request().url() === url || route.request().url().startsWith('data:') ? route.continue() : route.abort()));

    await page.goto(url, { waitUntil: 'load' });
    // A string runs in the page (the type check here has no DOM library).
    await page.waitForFunction(`document.querySelectorAll('.chart svg, .chart canvas').length >= ${charts.length}`, undefined, { timeout: 30_000 });

    const drawn = await page.$$eval('.chart', (els) => els.map((el) => ({ id: el.getAttribute('data-chart'), drawn: el.querySelector('svg, canvas') !== null, text: el.textContent ?? '' })));
    expect(drawn.map((d) => d.id)).toEqual(charts.map((c) => c.id));
    for (const d of drawn) expect(d, `chart ${d.id}`).toMatchObject({ drawn: true });
    expect(drawn.filter((d) => d.text.includes('could not be drawn'))).toEqual([]);
    expect(problems).toEqual([]);
    expect(requests.filter((r) => r !== url && !r.startsWith('data:'))).toEqual([]);

    const screenshot = join(dir, 'report.png');
    await page.screenshot({ path: screenshot, fullPage: true });
    const png = await readFile(screenshot);
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(png.readUInt32BE(16)).toBe(1280);
    console.info(`hireaudit browser test: screenshot at ${screenshot}`);
  });
});
