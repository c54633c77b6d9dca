import { readFile, readdir, writeFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { AuditResult } from '../../src/audit/contract/audit-result.js';
import { runCli, STACK_FRAME } from '../support/cli.js';
import { duckdbRun, sqlString } from '../support/duckdb.js';
import { fixture } from '../support/fixtures.js';
import { useTempDir } from '../support/tmp.js';

/**
 * `hireaudit` (issue 2 item 7): exit 0 when nothing reaches --fail-on, 1 when something does, 2 for
 * usage or input errors with the message on stderr and no stack trace.
 */
const tmp = useTempDir('hireaudit-cli-');
const PILOT = fixture('pilot-cv-screen.csv');
const NULL_PILOT = fixture('null-pilot.csv');
const PILOT_POLICY = fixture('pilot-policy.yaml');

/**
 * The pilot policy with only the disparity findings: requirement rule sets (NVP, AVG, AI Act)
 * judge vendor declarations as well, and fail when those are missing, whatever the data say.
 */
async function disparityOnlyPolicy(): Promise<string> {
  const path = tmp.path('disparity-only-policy.yaml');
  const policy = parseYaml(await readFile(PILOT_POLICY, 'utf8')) as Record<string, unknown>;
  await writeFile(path, JSON.stringify({ ...policy, requirementSets: [] }));
  return path;
}

function expectUsageError(run: { code: number; stdout: string; stderr: string }, ...parts: string[]) {
  expect(run.code, run.stderr).toBe(2);
  expect(run.stdout).toBe('');
  expect(run.stderr).toMatch(/^hireaudit: /);
  expect(run.stderr).not.toMatch(STACK_FRAME);
  for (const p of parts) expect(run.stderr).toContain(p);
}

describe('help and version', () => {
  it('--help prints the usage and exits 0', async () => {
    const run = await runCli(['--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Usage:');
    expect(run.stdout).toContain('hireaudit audit <file>');
    expect(run.stderr).toBe('');
  });

  it('--version prints the package version and exits 0', async () => {
    const pkg = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    const run = await runCli(['--version']);
    expect(run.code).toBe(0);
    expect(run.stdout.trim()).toBe(pkg.version);
  });
});

describe('usage errors exit 2 before any work', () => {
  it.each([
    ['an unknown flag', ['audit', PILOT, '--bogus'], '--bogus'],
    ['an unknown command', ['frobnicate', PILOT], 'unknown command "frobnicate"'],
    ['no command', [], 'no command given'],
    ['audit without a file', ['audit'], 'needs a dataset file'],
    ['a non-numeric seed', ['audit', PILOT, '--seed', 'abc'], '--seed'],
    ['a zero seed', ['audit', PILOT, '--seed', '0'], '--seed'],
    ['a fractional seed', ['audit', PILOT, '--seed', '1.5'], '--seed'],
    ['an unknown format', ['audit', PILOT, '--format', 'xml'], 'unknown format "xml"'],
    ['an unknown --fail-on', ['audit', PILOT, '--fail-on', 'sometimes'], '--fail-on'],
    ['several formats without --out', ['audit', PILOT, '--format', 'json,md'], 'several formats need --out'],
  ])('%s', async (_what, argv, message) => {
    expectUsageError(await runCli(argv), message);
  });

  it('a policy file that breaks the schema exits 2 and lists each problem', async () => {
    const policy = tmp.path('bad-policy.yaml');
    await writeFile(policy, 'protected: [gender]\nalpha: 2\nminGroupSize: -1\n');
    expectUsageError(await runCli(['audit', PILOT, '--policy', policy]), 'invalid policy', 'alpha', 'minGroupSize');
  });
});

describe('--fail-on and exit codes', () => {
  it('the pilot (injected adverse impact) exits 1 with --fail-on fail, 0 with --fail-on never', async () => {
    const policy = await disparityOnlyPolicy();
    const fail = await runCli(['audit', PILOT, '--policy', policy, '--fail-on', 'fail']);
    const never = await runCli(['audit', PILOT, '--policy', policy, '--fail-on', 'never']);
    expect(fail.code, fail.stderr).toBe(1);
    expect(never.code, never.stderr).toBe(0);
    expect(never.stdout).toBe(fail.stdout); // the same Markdown summary either way
    expect(fail.stdout).toContain('FAIL');
  });

  it('without --fail-on the default is fail', async () => {
    const run = await runCli(['audit', PILOT, '--policy', await disparityOnlyPolicy()]);
    expect(run.code, run.stderr).toBe(1);
  });

  it('a dataset with equal rates exits 0 with --fail-on fail, and 1 with --fail-on warn when a group is too small', async () => {
    // 60 women and 60 men, 30 of each selected: nothing to flag; 5 non-binary (under the minimum
    // group size of 30) make an insufficient-evidence row, which --fail-on warn counts.
    const lines = ['selected,gender'];
    for (const g of ['female', 'male']) for (let i = 0; i < 60; i++) lines.push(`${i % 2},${g}`);
    const path = tmp.path('equal.csv');
    await writeFile(path, `${lines.join('\n')}\n`);
    const policy = tmp.path('equal-policy.yaml');
    await writeFile(policy, 'requirementSets: []\n');
    const fail = await runCli(['audit', path, '--protected', 'gender', '--policy', policy, '--fail-on', 'fail']);
    expect(fail.code, fail.stderr).toBe(0);

    const withSmall = tmp.path('equal-small.csv');
    await writeFile(withSmall, `${[...lines, '1,non-binary', '0,non-binary', '1,non-binary', '0,non-binary', '1,non-binary'].join('\n')}\n`);
    const warn = await runCli(['audit', withSmall, '--protected', 'gender', '--policy', policy, '--fail-on', 'warn']);
    expect(warn.code, warn.stderr).toBe(1);
    const failOnly = await runCli(['audit', withSmall, '--protected', 'gender', '--policy', policy, '--fail-on', 'fail']);
    expect(failOnly.code, failOnly.stderr).toBe(0);
  });

  // The null pilot has no disparity, but its CV screen rejects ~90% without review (an AVG art. 22
  // fail by design); without the review columns only the disparity verdicts remain.
  it('the null pilot (review columns left out) exits 0 with --fail-on fail', async () => {
    const noReview = tmp.path('null-pilot-no-review.csv');
    await duckdbRun(
      `COPY (SELECT * EXCLUDE (reviewed_by_human, review_seconds, reviewer_id, human_override)
               FROM read_csv(${sqlString(NULL_PILOT)}, header = true, all_varchar = true)) TO ${sqlString(noReview)} (HEADER)`,
    );
    const run = await runCli(['audit', noReview, '--policy', await disparityOnlyPolicy(), '--fail-on', 'fail']);
    expect(run.code, run.stderr).toBe(0);
  });
});

describe('outputs', () => {
  it('--out with --format json,md writes audit-result.json and summary.md and prints nothing', async () => {
    const out = tmp.path('out');
    const run = await runCli(['audit', PILOT, '--policy', PILOT_POLICY, '--format', 'json,md', '--out', out, '--fail-on', 'never']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toBe('');
    // The manifest names the set (src/io/atomic-write.ts), so a later run can replace it whole.
    expect((await readdir(out)).sort()).toEqual(['.hireaudit-outputs.json', 'audit-result.json', 'summary.md']);
    expect(JSON.parse(await readFile(`${out}/.hireaudit-outputs.json`, 'utf8'))).toEqual({ generator: 'hireaudit', state: 'complete', files: ['audit-result.json', 'summary.md'] });
    const result = AuditResult.parse(JSON.parse(await readFile(`${out}/audit-result.json`, 'utf8')));
    expect(result.dataset.source).toBe('pilot-cv-screen.csv');
    const md = await readFile(`${out}/summary.md`, 'utf8');
    expect(md).toMatch(/^#/);
    expect(md).toContain('age_band');
  });

  it('--protected overrides the policy\'s list', async () => {
    const run = await runCli(['audit', PILOT, '--policy', PILOT_POLICY, '--protected', 'gender', '--format', 'json', '--fail-on', 'never']);
    expect(run.code, run.stderr).toBe(0);
    const result = AuditResult.parse(JSON.parse(run.stdout));
    expect(result.dataset.protectedAttributes).toEqual(['gender']);
    expect(result.policy.protected).toEqual(['gender']);
    expect(new Set(result.disparity.rows.flatMap((r) => r.attributes))).toEqual(new Set(['gender']));
    expect(result.policy.stages).toEqual(['cv_screen', 'video_interview', 'assessment_game']); // the rest of the policy still applies
  });

  it('a bad dataset exits 2 with the contract message, nothing on stdout', async () => {
    const path = tmp.path('bad.csv');
    await writeFile(path, 'selected,gender\n1,female\nmaybe,male\n');
    const run = await runCli(['audit', path, '--protected', 'gender', '--format', 'json']);
    expectUsageError(run, `${path} line 3 column "selected"`, 'got "maybe"');
  });
});
