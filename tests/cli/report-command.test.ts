import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SCHEMA_VERSION } from '../../src/audit/contract/audit-result.js';
import { runCli, STACK_FRAME } from '../support/cli.js';
import { fixture } from '../support/fixtures.js';
import { useTempDir } from '../support/tmp.js';

/** `hireaudit audit … --format … --out` and `hireaudit report <result.json>` (issue 5 item 3). */
const tmp = useTempDir('hireaudit-report-');
const ALL = 'html,md,junit,json,svg,png,ll144';

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => relative(dir, join(e.parentPath, e.name))).sort();
}

describe('audit --out with every format, then report from the saved result', () => {
  it('writes every output, and report re-renders them byte for byte', async () => {
    const first = tmp.path('audit');
    const audit = await runCli(['audit', fixture('pilot-cv-screen.csv'), '--policy', fixture('pilot-policy.yaml'), '--format', ALL, '--out', first, '--suppress-below', '10']);
    expect(audit.stderr).toBe('');
    expect(audit.code).toBe(1); // the pilot has findings that fail
    expect(audit.stdout).toBe('');
    const files = await filesUnder(first);
    for (const f of ['audit-result.json', 'summary.md', 'report.html', 'junit.xml', 'll144-summary.md', 'll144-summary.html']) expect(files).toContain(f);
    const svgs = files.filter((f) => f.startsWith('charts/') && f.endsWith('.svg'));
    expect(svgs.length).toBeGreaterThan(10);
    expect(files.filter((f) => f.endsWith('.png')).map((f) => f.replace(/\.png$/, '.svg'))).toEqual(svgs);

    const second = tmp.path('report');
    const report = await runCli(['report', join(first, 'audit-result.json'), '--format', ALL, '--out', second, '--suppress-below', '10']);
    expect(report.stderr).toBe('');
    expect(report.code).toBe(1); // same --fail-on rule as audit
    expect(await filesUnder(second)).toEqual(files);
    for (const f of files) expect((await readFile(join(second, f))).equals(await readFile(join(first, f))), f).toBe(true);
  });

  it('report with one format prints it on stdout; --fail-on never exits 0', async () => {
    const saved = tmp.path('audit/audit-result.json');
    const run = await runCli(['report', saved, '--format', 'junit', '--fail-on', 'never']);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(await readFile(tmp.path('audit/junit.xml'), 'utf8'));
  });
});

describe('report reads an older minor version of the schema', () => {
  it('a 1.1.0 result (optional fields added since are absent) renders as it did', async () => {
    const saved = JSON.parse(await readFile(tmp.path('audit/audit-result.json'), 'utf8')) as Record<string, unknown>;
    const path = tmp.path('older.json');
    await writeFile(path, JSON.stringify({ ...saved, schemaVersion: '1.1.0' }));
    const run = await runCli(['report', path, '--format', 'junit', '--fail-on', 'never']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toBe(await readFile(tmp.path('audit/junit.xml'), 'utf8'));
  });
});

describe('report refuses what is not a saved AuditResult, with exit 2 and no stack trace', () => {
  async function expectRefused(content: string | null, ...parts: string[]) {
    const path = tmp.path(`bad-${Math.random().toString(36).slice(2)}.json`);
    if (content !== null) await writeFile(path, content);
    const run = await runCli(['report', path]);
    expect(run.code, run.stderr).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^hireaudit: /);
    expect(run.stderr).not.toMatch(STACK_FRAME);
    for (const p of parts) expect(run.stderr).toContain(p);
  }

  it('a missing file', () => expectRefused(null, 'cannot read', 'no such file'));
  it('a file that is not JSON', () => expectRefused('{"schemaVersion": ', 'is not JSON'));
  it('JSON that is not an AuditResult', () => expectRefused('[1, 2]', 'has no schemaVersion'));

  it('an AuditResult of another major version, or of a newer minor one', async () => {
    const saved = JSON.parse(await readFile(tmp.path('audit/audit-result.json'), 'utf8')) as Record<string, unknown>;
    await expectRefused(JSON.stringify({ ...saved, schemaVersion: '0.9.0' }), 'schema "0.9.0"', `this hireaudit reads 1.0.0 to ${SCHEMA_VERSION}`);
    const [major, minor] = SCHEMA_VERSION.split('.').map(Number);
    await expectRefused(JSON.stringify({ ...saved, schemaVersion: `${major}.${minor! + 1}.0` }), `schema "${major}.${minor! + 1}.0"`);
    await expectRefused(JSON.stringify({ ...saved, schemaVersion: 'latest' }), 'schema "latest"');
  });

  it('an AuditResult with broken fields, listing where', async () => {
    const saved = JSON.parse(await readFile(tmp.path('audit/audit-result.json'), 'utf8')) as { findings: { status: string }[]; summary?: unknown };
    saved.findings[0]!.status = 'maybe';
    delete saved.summary;
    await expectRefused(JSON.stringify(saved), 'is not a valid AuditResult', 'findings.0.status', 'summary');
  });

  it('an AuditResult whose summary was edited to pass while findings fail (issue 12 item 9)', async () => {
    const saved = JSON.parse(await readFile(tmp.path('audit/audit-result.json'), 'utf8')) as { findings: unknown[]; summary: unknown };
    saved.summary = { status: 'pass', counts: { fail: 0, warn: 0, insufficient_evidence: 0, not_assessed: 0, pass: saved.findings.length } };
    await expectRefused(JSON.stringify(saved), 'is inconsistent', 'summary.status is "pass" but the findings give "fail"');
  });

  it('an AuditResult whose row accounting does not add up', async () => {
    const saved = JSON.parse(await readFile(tmp.path('audit/audit-result.json'), 'utf8')) as { dataset: { accounting: { rowsUsed: number } } };
    saved.dataset.accounting.rowsUsed -= 1;
    await expectRefused(JSON.stringify(saved), 'is inconsistent', 'rows read, but');
  });
});

describe('report usage errors', () => {
  it.each([
    [['report'], 'report needs a saved AuditResult'],
    [['report', 'r.json', '--policy', 'p.yaml'], '--policy goes with audit'],
    [['report', 'r.json', '--format', 'svg'], '--format svg writes several files and needs --out'],
    [['report', 'r.json', '--format', 'xml'], 'unknown format "xml"'],
    [['audit', 'x.csv', '--format', 'll144'], '--format ll144 writes several files and needs --out'],
    [['audit', 'x.csv', '--suppress-below', '0'], '--suppress-below must be a whole number of at least 1'],
  ])('%j', async (argv, message) => {
    const run = await runCli(argv);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
  });
});
