import { readFile, writeFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { AuditResult } from '../../src/audit/contract/audit-result.js';
import { runCli, STACK_FRAME } from '../support/cli.js';
import { fixture } from '../support/fixtures.js';
import { useTempDir } from '../support/tmp.js';

/**
 * `--lang nl|en` (issue 17): recorded in the applied policy; nl brings in the WOR (works council)
 * rule set when the policy does not list its sets; on `report` it re-words a saved result; anything
 * else is a usage error before any work.
 */
const tmp = useTempDir('hireaudit-lang-');
const PILOT = fixture('pilot-cv-screen.csv');
const PILOT_POLICY = fixture('pilot-policy.yaml');

/** The pilot policy without its list of requirement sets, so the defaults apply. */
async function defaultSetsPolicy(): Promise<string> {
  const path = tmp.path('default-sets-policy.json');
  const { requirementSets: _, ...policy } = parseYaml(await readFile(PILOT_POLICY, 'utf8')) as Record<string, unknown>;
  await writeFile(path, JSON.stringify(policy));
  return path;
}

async function auditJson(args: string[]): Promise<AuditResult> {
  const run = await runCli(['audit', PILOT, '--format', 'json', '--fail-on', 'never', ...args]);
  expect(run.code, run.stderr).toBe(0);
  return AuditResult.parse(JSON.parse(run.stdout));
}

const worCodes = (r: AuditResult) => r.findings.filter((f) => f.requirement?.set === 'wor').map((f) => f.code);

describe('--lang', () => {
  it('nl is recorded in the applied policy and adds the WOR set to the default sets', async () => {
    const result = await auditJson(['--policy', await defaultSetsPolicy(), '--lang', 'nl']);
    expect(result.policy.language).toBe('nl');
    expect(result.policy.requirementSets).toEqual(['nvp', 'avg', 'ai-act', 'wor']);
    expect(worCodes(result)).toEqual(['requirement.wor.WOR-2', 'requirement.wor.WOR-27(1)(e)', 'requirement.wor.WOR-27(1)(k)', 'requirement.wor.WOR-27(1)(l)']);
    // The pilot declares nothing about a works council: not assessed, never a pass.
    expect(result.findings.filter((f) => f.requirement?.set === 'wor').map((f) => f.status)).toEqual(['not_assessed', 'not_assessed', 'not_assessed', 'not_assessed']);
  });

  it('a policy that lists its sets keeps them; without --lang no language is recorded', async () => {
    const listed = await auditJson(['--policy', PILOT_POLICY, '--lang', 'nl']);
    expect(listed.policy.language).toBe('nl');
    expect(worCodes(listed)).toEqual([]);
    const plain = await auditJson(['--policy', await defaultSetsPolicy()]);
    expect('language' in plain.policy).toBe(false);
    expect(worCodes(plain)).toEqual([]);
  });

  it('audit --lang nl writes the summary in Dutch', async () => {
    const run = await runCli(['audit', PILOT, '--policy', PILOT_POLICY, '--lang', 'nl', '--format', 'md', '--fail-on', 'never']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('**Totaal: VOLDOET NIET**');
    expect(run.stdout).toContain('| vendor_x / cv_screen | 3.323 van 3.706 = 89,7% (88,6%–90,6%) |');
  });

  it('report --lang re-words a saved result: Dutch findings, Dutch report words, and back to English', async () => {
    const saved = tmp.path('audit-result.json');
    const audit = await runCli(['audit', PILOT, '--policy', PILOT_POLICY, '--format', 'json', '--fail-on', 'never']);
    expect(audit.code, audit.stderr).toBe(0);
    await writeFile(saved, audit.stdout);
    const english = AuditResult.parse(JSON.parse(audit.stdout));

    const md = await runCli(['report', saved, '--lang', 'nl', '--format', 'md', '--fail-on', 'never']);
    expect(md.code, md.stderr).toBe(0);
    expect(md.stdout).toContain('## Bevindingen');
    expect(md.stdout).toContain('Bij tool vendor_x, fase cv_screen werd age_band=50+ geselecteerd in 29,1% van de gevallen');
    expect(md.stdout).not.toContain(english.findings[0]!.message);

    const json = await runCli(['report', saved, '--lang', 'nl', '--format', 'json', '--fail-on', 'never']);
    const dutch = AuditResult.parse(JSON.parse(json.stdout));
    expect(dutch.policy.language).toBe('nl');
    expect(dutch.summary).toEqual(english.summary);
    await writeFile(tmp.path('dutch.json'), json.stdout);
    const back = await runCli(['report', tmp.path('dutch.json'), '--lang', 'en', '--format', 'md', '--fail-on', 'never']);
    expect(back.stdout).toContain('## Findings');
    expect(back.stdout).toContain('At tool vendor_x, stage cv_screen, age_band=50+ was selected at 29.1%');
  });

  it.each([
    ['an unknown language', ['audit', PILOT, '--lang', 'de'], '--lang must be one of en, nl, got "de"'],
    ['an unknown language on report', ['report', 'audit-result.json', '--lang', 'fr'], '--lang must be one of en, nl, got "fr"'],
  ])('%s is a usage error (exit 2)', async (_, argv, message) => {
    const run = await runCli(argv);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(message);
    expect(run.stderr).not.toMatch(STACK_FRAME);
  });
});
