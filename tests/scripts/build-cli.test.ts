import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCli } from '../../scripts/build-cli.js';
import { runCli } from '../support/cli.js';
import { fixture } from '../support/fixtures.js';

/**
 * The installed CLI as `npm run build` makes it (scripts/build-cli.ts; issue 11 item 6): the
 * start-up shell dist/cli/bin.js and the core it loads with a V8 code cache. Built once into a
 * folder under .tmp/ (inside the repository, so the packages left out of the bundles resolve from
 * node_modules as in an installation) and run as a user runs it: its outputs must be the source's,
 * byte for byte. Not timed (bench/startup.ts measures).
 */
const root = fileURLToPath(new URL('../../', import.meta.url));
const AUDIT_DATE = '2026-11-22';
let dir = '';
let built: Awaited<ReturnType<typeof buildCli>>;

beforeAll(async () => {
  await mkdir(join(root, '.tmp'), { recursive: true });
  dir = await mkdtemp(join(root, '.tmp', 'build-cli-'));
  built = await buildCli(join(dir, 'cli'));
  await writeFile(join(dir, 'three.csv'), 'candidate_id,selected,gender\nc1,1,female\nc2,0,male\nc3,1,female\n');
}, 180_000);

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Runs the built CLI in a fresh Node, as `hireaudit …` does. */
function hireaudit(argv: string[], env: Record<string, string> = {}) {
  return spawnSync(process.execPath, [built.shell, ...argv], { encoding: 'utf8', env: { ...process.env, ...env }, maxBuffer: 64 * 2 ** 20 });
}

describe('the built CLI', () => {
  it('answers --version and --help from the start-up shell alone: with the core moved away they still work', async () => {
    const { version } = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as { version: string };
    await rename(built.core, `${built.core}.away`);
    try {
      const v = hireaudit(['--version']);
      const h = hireaudit(['--help']);
      expect([v.status, v.stdout, v.stderr]).toEqual([0, `${version}\n`, '']);
      expect(h.status).toBe(0);
      expect(h.stdout).toBe((await runCli(['--help'])).stdout);
      // and a command that needs the core says so rather than failing silently
      const audit = hireaudit(['audit', join(dir, 'three.csv')]);
      expect(audit.status).toBe(3);
      expect(audit.stderr).toContain('hireaudit-core.cjs');
    } finally {
      await rename(`${built.core}.away`, built.core);
    }
  });

  it('audits a 3-row file byte-identically to the CLI run from source, with the code cache accepted', async () => {
    const argv = ['audit', join(dir, 'three.csv'), '--protected', 'gender', '--format', 'json', '--audit-date', AUDIT_DATE, '--fail-on', 'never'];
    const run = hireaudit(argv, { HIREAUDIT_DEBUG_CODE_CACHE: '1' });
    expect(run.status).toBe(0);
    expect(run.stderr).toBe('hireaudit: code cache accepted\n');
    expect(run.stdout).toBe((await runCli(argv)).stdout);
  });

  it.each([
    ['pilot', ['audit', fixture('pilot-cv-screen.csv'), '--policy', fixture('pilot-policy.yaml')]],
    // TensorFlow.js's proxy probe: an ES module the core imports through the loader
    ['similarity-pilot', ['audit', fixture('similarity-pilot.csv'), '--protected', 'gender,ethnicity']],
  ])('reproduces the committed golden AuditResult of %s byte for byte', async (name, argv) => {
    const run = hireaudit([...argv, '--audit-date', AUDIT_DATE, '--format', 'json', '--fail-on', 'never']);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout === (await readFile(join(root, 'tests/golden/results', `${name}.json`), 'utf8'))).toBe(true);
  }, 120_000);

  it('renders every output format as the source does (Vega and resvg load from node_modules)', async () => {
    const formats = ['json', 'md', 'html', 'junit', 'll144', 'or-brief', 'svg', 'png'].join(',');
    const argv = (out: string) => ['audit', fixture('pilot-cv-screen.csv'), '--policy', fixture('pilot-policy.yaml'), '--audit-date', AUDIT_DATE, '--format', formats, '--out', out, '--fail-on', 'never'];
    const run = hireaudit(argv(join(dir, 'out-built')));
    expect(run.status, run.stderr).toBe(0);
    expect((await runCli(argv(join(dir, 'out-source')))).code).toBe(0);
    const files = (await readdir(join(dir, 'out-source'), { recursive: true, withFileTypes: true })).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name).slice(join(dir, 'out-source').length + 1));
    expect(files).toEqual(expect.arrayContaining(['audit-result.json', 'report.html', join('charts', 'cut-score--vendor-x--cv-screen--gender.png')]));
    expect((await readdir(join(dir, 'out-built'), { recursive: true })).sort()).toEqual((await readdir(join(dir, 'out-source'), { recursive: true })).sort());
    for (const f of files) expect((await readFile(join(dir, 'out-built', f))).equals(await readFile(join(dir, 'out-source', f))), f).toBe(true);
  }, 240_000); // two audits with every chart, PNGs included: 15 s on a quiet machine

  it('exits 2 with the message for an input or usage error raised inside the core', () => {
    const missing = hireaudit(['audit', join(dir, 'no-such.csv')]);
    expect([missing.status, missing.stderr]).toEqual([2, `hireaudit: cannot read ${join(dir, 'no-such.csv')}: no such file\n`]);
    const lang = hireaudit(['audit', join(dir, 'three.csv'), '--lang', 'xx']);
    expect(lang.status).toBe(2);
    expect(lang.stderr).toContain('--lang must be one of en, nl');
  });
});
