import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { describe, expect, it, onTestFinished } from 'vitest';
import { createKey } from '../../src/server/keys.js';
import { startServer } from '../../src/server/start.js';
import { fixture } from '../support/fixtures.js';

/**
 * The web page at / in Debian's Chromium (playwright-core; no browser is downloaded): from the
 * key to the opened report (issue 13, acceptance 4). Every request stays on the loopback server.
 */
const CHROMIUM = process.env['HIREAUDIT_CHROMIUM'] ?? '/usr/bin/chromium';
const HAVE_CHROMIUM = existsSync(CHROMIUM);
const IN_CI = process.env['CI'] === 'true' || process.env['CI'] === '1';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

describe.runIf(IN_CI)('in CI', () => {
  it(`has chromium at ${CHROMIUM}`, () => expect(HAVE_CHROMIUM).toBe(true));
});

describe.runIf(HAVE_CHROMIUM)('the web page in headless Chromium', () => {
  it('goes from key to upload, a pasted policy, progress and the opened report', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'hireaudit-web-'));
    const server = await startServer({ dataDir: dir, port: 0, logger: false });
    onTestFinished(async () => {
      await server.close();
      await rm(dir, { recursive: true, force: true });
    });
    const { key } = await createKey(server.app.hireaudit.store, 'works-council', 'auditor');

    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
    onTestFinished(() => browser.close());
    const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
    const problems: string[] = [];
    const foreign: string[] = [];
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith(server.url) || url.startsWith('blob:') || url.startsWith('data:')) return route.continue();
      foreign.push(url);
      return route.abort();
    });
    const page = await context.newPage();
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console: ${m.text()}`);
    });
    await page.goto(server.url);
    expect(await page.title()).toBe('hireaudit');

    // 1. A wrong key is refused on the page; the right one opens the upload step.
    await page.fill('#key', 'ha_000000000000_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
    await page.click('#key-use');
    await page.waitForSelector('#key-status.error');
    expect(await page.textContent('#key-status')).toContain('not valid');
    problems.length = 0; // the 401 of the wrong key is logged by the browser as a failed fetch
    await page.fill('#key', key);
    await page.click('#key-use');
    await page.waitForSelector('#upload-step:not([hidden])');
    expect(await page.textContent('#key-status')).toBe('Tenant works-council, role auditor.');

    // 2. Upload (multipart from the file input).
    await page.setInputFiles('#file', fixture('ucb-admissions.csv'));
    await page.click('#upload');
    await page.waitForSelector('#audit-step:not([hidden])', { timeout: 60_000 });
    expect(await page.textContent('#upload-status')).toMatch(/^Stored as ds_/);

    // 3. A pasted policy; the audit runs, with progress.
    await page.fill('#policy', JSON.stringify({ protected: ['gender'], funnel: false, auditDate: '2026-11-22' }));
    await page.click('#start');
    await page.waitForSelector('#result-step:not([hidden])', { timeout: 120_000 }).catch(async (e: unknown) => {
      throw new Error(`${String(e)}\nstatus: ${await page.textContent('#audit-status')}\nsummary: ${await page.textContent('#result-summary')}\n${problems.join('\n')}`);
    });
    expect(await page.textContent('#audit-status')).toMatch(/^Audit au_\S+: done/);
    expect(await page.getAttribute('#audit-progress', 'value')).toBe('1');
    expect(await page.textContent('#result-summary')).toMatch(/^Done in \d+\.\d s\. Raw data: kept until \d{4}-\d\d-\d\d; results are kept\.$/);

    // 4. The JSON link holds the golden result; the report opens in a new tab with its charts.
    const json = await page.evaluate(`fetch(document.getElementById('open-json').href).then((r) => r.text())`);
    expect(json).toBe(await readFile(new URL('../golden/results/ucb-admissions.json', import.meta.url), 'utf8'));
    const [report] = await Promise.all([context.waitForEvent('page'), page.click('#open-report')]);
    await report.waitForLoadState('load');
    await report.waitForFunction(`document.querySelectorAll('.chart svg, .chart canvas').length > 0`, undefined, { timeout: 30_000 });
    expect(await report.textContent('h1')).toMatch(/audit/i);
    const shots = process.env['HIREAUDIT_SCREENSHOTS'] ?? dir; // set it to keep the pictures
    await page.screenshot({ path: join(shots, 'web-page.png'), fullPage: true });
    await report.screenshot({ path: join(shots, 'web-report.png') });
    expect(problems).toEqual([]);
    expect(foreign).toEqual([]);
  }, 240_000);

  it('lists every problem of a refused upload on the page', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'hireaudit-web-'));
    const server = await startServer({ dataDir: dir, port: 0, logger: false });
    onTestFinished(async () => {
      await server.close();
      await rm(dir, { recursive: true, force: true });
    });
    const { key } = await createKey(server.app.hireaudit.store, 't', 'auditor');
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
    onTestFinished(() => browser.close());
    const page = await browser.newPage();
    await page.goto(server.url);
    await page.fill('#key', key);
    await page.click('#key-use');
    await page.waitForSelector('#upload-step:not([hidden])');
    const bad = join(dir, 'bad.csv');
    await (await import('node:fs/promises')).writeFile(bad, 'selected,gender\nmaybe,<b>f</b>\n2,m\n');
    await page.setInputFiles('#file', bad);
    await page.click('#upload');
    await page.waitForSelector('#upload-status.error', { timeout: 60_000 });
    const items = await page.$$eval('#upload-issues li', (els) => els.map((e) => e.textContent));
    expect(items).toEqual(['bad.csv line 2 column "selected": expected 0/1, yes/no or true/false, got "maybe"', 'bad.csv line 3 column "selected": expected 0/1, yes/no or true/false, got "2"']);
    expect(await page.$$('#upload-issues b')).toEqual([]); // values are text, never markup
  }, 120_000);
});
