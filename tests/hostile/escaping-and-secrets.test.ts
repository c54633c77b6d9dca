import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import MarkdownIt from 'markdown-it';
import { validateXML } from 'xmllint-wasm';
import { describe, expect, it } from 'vitest';
import { cleanCsv, expectAudited, expectRefused, hostileTemp, runCli } from './support.js';

/** Issue 12, "secrets and injection" (items 14, 15) and the control character in charts (item 13). */
const tmp = hostileTemp('hireaudit-hostile-escaping-');

/** libxml2's well-formedness errors (no schema: xmllint-wasm's types insist on one, the tool does not). */
async function xmlErrors(fileName: string, contents: string): Promise<string[]> {
  const result = await validateXML({ xml: [{ fileName, contents }] } as unknown as Parameters<typeof validateXML>[0]);
  return result.errors.map((e) => e.rawMessage);
}

describe('item 14: the ClickHouse password is never printed, whatever the --engine URL', () => {
  const SECRET = 'S3cr3t-P4ss';
  it.each([
    `http://u:${SECRET}@db1:8123/hiring`,
    `CLICKHOUSE://u:${SECRET}@db1:8123/hiring`,
    `clickhouse:/u:${SECRET}@db1/hiring`,
    `clickhouse://u:${SECRET}@/hiring`,
    `clickhouse://u:${SECRET}/x@db1/hiring`,
    `clickhouse://u:${SECRET}@db1/hi@ring`,
    `clickhouse:u:${SECRET}@db1`,
    `u:${SECRET}@db1:8123`,
    `clickhouse://${SECRET}@db1:99999/hiring`,
    `clickhouse://u%ZZ${SECRET}@db1/hiring`,
    `clickhouse://u@db1:8123/${SECRET}@x`,
  ])('%s', async (url) => {
    const run = await runCli(['audit', '--engine', url, '--table', 't']);
    expectRefused(run, '--engine');
    expect(run.stderr).not.toContain(SECRET);
    expect(run.stderr).not.toContain('P4ss');
  });
});

describe('item 15: user strings cannot inject HTML or Markdown into summary.md and ll144-summary.md', () => {
  const HOSTILE = ['<script>alert(1)</script>', '<img src=x onerror=alert(2)>', '![](http://evil.invalid/pixel.png)', '[click](javascript:alert(3))', '<iframe src=//evil.invalid>'];

  it('rendered as CommonMark with raw HTML allowed (as GitLab and GitHub comments are), they stay text', async () => {
    const rows: string[] = ['candidate_id,stage,tool,selected,gender'];
    HOSTILE.forEach((value, k) => {
      for (let i = 0; i < 12; i++) rows.push(`c${k}-${i},"<b>cv</b>","[t](javascript:x)",${i % 2},"${value.replaceAll('"', '""')}"`);
    });
    const path = await tmp.file('hostile-values.csv', `${rows.join('\n')}\n`);
    const policy = await tmp.file('hostile-policy.yaml', `protected: [gender]\nrequirementSets: [nvp, ll144]\nminGroupSize: 5\ndeclarations:\n  validationStudy: "<script>alert(4)</script> [study](javascript:alert(5)) ![](http://evil.invalid/p.png)"\n`);
    const out = tmp.path('hostile-out');
    const run = await runCli(['audit', path, '--policy', policy, '--format', 'md,ll144,junit', '--out', out, '--fail-on', 'never']);
    expect(run.code, run.stderr).toBe(0);
    const markdown = new MarkdownIt({ html: true, linkify: true });
    for (const name of ['summary.md', 'll144-summary.md']) {
      const text = await readFile(join(out, name), 'utf8');
      expect(text).toContain('alert(1)'); // the values are there, as text
      const html = markdown.render(text);
      expect(html, name).not.toMatch(/<(script|img|iframe|b)[\s>]/i);
      expect(html, name).not.toMatch(/href="javascript:/i);
      expect(html, name).not.toMatch(/src="http/i);
    }
    // JUnit stays well-formed XML with the same strings.
    expect(await xmlErrors('junit.xml', await readFile(join(out, 'junit.xml'), 'utf8'))).toEqual([]);
  });
});

describe('item 13: a control character in a group value', () => {
  it('is removed from the value when the file is read (and the change is listed)', async () => {
    const path = await tmp.file('control.csv', cleanCsv(20).replaceAll(',female', ',fe\u0001male\u0007'));
    const result = expectAudited(await runCli(['audit', path, '--protected', 'gender', '--format', 'json', '--fail-on', 'never']));
    expect(result.disparity.rows.map((r) => r.groups['gender']).sort()).toEqual(['female', 'male']);
    expect(result.dataset.values?.normalised).toEqual([{ column: 'gender', from: 'fe\u0001male\u0007', to: 'female', rows: 10 }]);
  });

  it('in a saved result (hireaudit report), still gives well-formed SVGs and PNGs, exit 0', async () => {
    const path = await tmp.file('for-report.csv', cleanCsv(80));
    const saved = tmp.path('saved');
    expect((await runCli(['audit', path, '--protected', 'gender', '--format', 'json', '--out', saved, '--fail-on', 'never'])).code).toBe(0);
    // An edited (or older) result with control characters in a group value and the stage.
    const text = (await readFile(join(saved, 'audit-result.json'), 'utf8')).replaceAll('"female"', '"fe\\u0001male\\u001b"').replaceAll('"cv"', '"c\\u0008v"');
    const edited = await tmp.file('edited.json', text);
    const out = tmp.path('charts-out');
    const run = await runCli(['report', edited, '--format', 'svg,png,html', '--out', out, '--fail-on', 'never']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const charts = await readdir(join(out, 'charts'));
    const svgs = charts.filter((f) => f.endsWith('.svg'));
    expect(svgs.length).toBeGreaterThan(0);
    expect(charts.filter((f) => f.endsWith('.png'))).toHaveLength(svgs.length);
    for (const f of svgs) {
      expect(await xmlErrors(f, await readFile(join(out, 'charts', f), 'utf8')), f).toEqual([]);
    }
    expect(await readFile(join(out, 'report.html'), 'utf8')).not.toMatch(/[\u0001\u0008\u001b]/);
  });
});
