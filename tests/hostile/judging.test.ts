/**
 * Hostile and careless inputs that once ended in a confident wrong verdict (issue 12, items 1, 6,
 * 8 and 10): each writes its own small input, runs the CLI in-process and checks the exit code,
 * the message and that no wrong verdict was written.
 */
import { writeFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import type { AuditResult } from '../../src/audit/contract/audit-result.js';
import { runCli, STACK_FRAME } from '../support/cli.js';
import { useTempDir } from '../support/tmp.js';

const tmp = useTempDir('hireaudit-hostile-judging-');

async function audit(csv: string, policy: Record<string, unknown>, name: string): Promise<{ code: number; stderr: string; result: AuditResult | null }> {
  const data = tmp.path(`${name}.csv`);
  const pol = tmp.path(`${name}.json`);
  await writeFile(data, csv);
  await writeFile(pol, JSON.stringify({ auditDate: '2026-11-22', ...policy }));
  const run = await runCli(['audit', data, '--policy', pol, '--format', 'json', '--fail-on', 'never']);
  return { code: run.code, stderr: run.stderr, result: run.code === 0 ? (JSON.parse(run.stdout) as AuditResult) : null };
}

const rows = (group: string, n: number, selected: number) => Array.from({ length: n }, (_, i) => `${group},${i < selected ? 1 : 0}`);

describe('hostile inputs: judging', () => {
  it('1: an impact ratio of exactly 0.8 is not below four-fifths (0.6 / 0.75 is 0.7999999999999999 in doubles)', async () => {
    const csv = ['gender,selected', ...rows('a', 5, 3), ...rows('b', 4, 3)].join('\n');
    const { code, result } = await audit(csv, { protected: ['gender'], minGroupSize: 1 }, 'boundary');
    expect(code).toBe(0);
    const row = result!.disparity.rows.find((r) => r.groups['gender'] === 'a')!;
    expect(row.impact_ratio).toBeCloseTo(0.8, 12);
    expect(row.four_fifths).toBe('pass');
    expect(row.verdict_rule).toContain('impact ratio 0.800 >= 0.8');
    expect(row.verdict_rule).not.toContain('0.800 <');
  });

  it('6: with no usable decision no requirement about adverse impact passes', async () => {
    const csv = ['gender,selected,score', ...Array.from({ length: 40 }, (_, i) => `${i % 2 ? 'a' : 'b'},,${50 + i}`)].join('\n');
    const { code, result } = await audit(csv, { protected: ['gender'], requirementSets: ['ugesp'] }, 'no-decisions');
    expect(code).toBe(0);
    expect(result!.dataset.accounting.rowsUsed).toBe(0);
    for (const id of ['UGESP-3B', 'UGESP-14B']) {
      const f = result!.findings.find((x) => x.code === `requirement.ugesp.${id}`)!;
      expect(f.status).toBe('insufficient_evidence');
      expect(f.message).toContain('no group comparison could be judged');
    }
    expect(result!.findings.some((f) => f.status === 'pass' && f.message.includes('no adverse impact was found'))).toBe(false);
  });

  it('8: a named reference group and a policy stage that do not occur are said, with what was seen', async () => {
    const csv = ['stage,gender,selected', ...rows('cv,female', 40, 20), ...rows('cv,male', 40, 30)].join('\n');
    const { code, result } = await audit(csv, { protected: ['gender'], reference: { rule: 'named', groups: { gender: 'Male' } }, stages: ['cv', 'interview'] }, 'absent');
    expect(code).toBe(0);
    const ref = result!.findings.find((f) => f.code === 'disparity.reference_absent')!;
    expect(ref.status).toBe('insufficient_evidence');
    expect(ref.evidence).toMatchObject({ attribute: 'gender', named_reference: 'Male', values_seen: 'female, male' });
    expect(ref.message).toContain('gender=Male');
    const stage = result!.findings.find((f) => f.code === 'disparity.stage_absent')!;
    expect(stage.evidence).toMatchObject({ stage: 'interview', stages_seen: 'cv' });
    expect(result!.disparity.rows.every((r) => r.verdict !== 'pass' && r.verdict !== 'fail')).toBe(true);
  });

  it('10: an attribute with 600 distinct values (a postcode) is audited, not crashed, and said to look like an identifier', async () => {
    const csv = ['postcode,selected', ...Array.from({ length: 1200 }, (_, i) => `${1000 + (i % 600)}AB,${i % 3 === 0 ? 1 : 0}`)].join('\n');
    const { code, stderr, result } = await audit(csv, { protected: ['postcode'] }, 'postcode');
    expect(stderr).not.toMatch(STACK_FRAME);
    expect(code).toBe(0);
    expect(result!.disparity.rows).toHaveLength(600);
    const f = result!.findings.find((x) => x.code === 'disparity.attribute_looks_like_identifier')!;
    expect(f.status).toBe('warn');
    expect(f.evidence).toMatchObject({ attribute: 'postcode', distinct_values: 600, candidates: 1200 });
  }, 120_000);
});
