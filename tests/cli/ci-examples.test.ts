import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { runCli } from '../support/cli.js';
import { fixture } from '../support/fixtures.js';
import { useTempDir } from '../support/tmp.js';

/** examples/*.yml (issue 5 item 4): the pipelines parse, and the command they run works as they expect. */
const tmp = useTempDir('hireaudit-ci-');
const EXAMPLES = ['github-actions.yml', 'gitlab-ci.yml'];
const COMMAND = 'npx hireaudit audit data.csv --policy policy.yaml --format md,junit,json --out audit --fail-on fail';

/** Every string anywhere in a parsed YAML document. */
const strings = (node: unknown): string[] =>
  typeof node === 'string' ? [node] : Array.isArray(node) ? node.flatMap(strings) : node && typeof node === 'object' ? Object.values(node).flatMap(strings) : [];

describe.each(EXAMPLES)('examples/%s', (name) => {
  it('is YAML that runs the self-certification command and keeps its outputs', async () => {
    const doc: unknown = parseYaml(await readFile(new URL(`../../examples/${name}`, import.meta.url), 'utf8'));
    const all = strings(doc);
    expect(all).toContain(COMMAND);
    expect(all.join('\n')).toContain('audit/junit.xml');
    expect(all.join('\n')).toContain('audit/summary.md');
  });
});

describe('the pipeline command', () => {
  it('writes the summary, JUnit and JSON, and exits 1 on the pilot (which has failing findings)', async () => {
    const out = tmp.path('audit');
    const argv = COMMAND.split(' ')
      .slice(2)
      .map((a) => (a === 'data.csv' ? fixture('pilot-cv-screen.csv') : a === 'policy.yaml' ? fixture('pilot-policy.yaml') : a));
    argv[argv.indexOf('--out') + 1] = out;
    const run = await runCli(argv);
    expect(run.code).toBe(1);
    for (const f of ['summary.md', 'junit.xml', 'audit-result.json']) expect((await readFile(`${out}/${f}`, 'utf8')).length).toBeGreaterThan(100);
  });
});
