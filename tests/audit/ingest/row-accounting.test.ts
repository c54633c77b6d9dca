import { writeFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { parsePolicy } from '../../../src/audit/contract/policy.js';
import { runAudit } from '../../../src/audit/run-audit.js';
import { useTempDir } from '../../support/tmp.js';

/**
 * design.md, reliability rules: rows read = rows used + rows excluded, each exclusion with its
 * reason; nothing dropped silently. Every line of these files is annotated with the reason it
 * must get; the expected tallies are counted from the annotations, not from the audit.
 */
const tmp = useTempDir('hireaudit-accounting-');
const policy = parsePolicy({ protected: ['gender'], intersectional: false });

async function auditCsv(name: string, header: string, lines: readonly [string, string][]) {
  const path = tmp.path(name);
  await writeFile(path, `${header}\n${lines.map(([line]) => line).join('\n')}\n`);
  return runAudit({ source: { kind: 'file', path }, policy });
}

/** Tally of the annotated reasons (null = used), with an optional weight per line. */
function expected(lines: readonly [string, string][], weightOf: (line: string) => number = () => 1) {
  const rows = new Map<string, number>();
  const candidates = new Map<string, number>();
  for (const [line, reason] of lines) {
    rows.set(reason, (rows.get(reason) ?? 0) + 1);
    candidates.set(reason, (candidates.get(reason) ?? 0) + weightOf(line));
  }
  return { rows, candidates };
}

describe('row accounting', () => {
  // Precedence when a row has several reasons (normalize.ts): zero_count, benchmark_row,
  // perturbation_variant, retest_attempt, no_decision; each row is counted once.
  const lines: [string, string][] = [
    ['c1,s,1,applicant,1,,female', 'used'],
    ['c2,s,0,,1,,male', 'used'], // empty role = applicant
    ['c3,s,1,,,,male', 'used'], // empty attempt = first
    ['c4,s,,applicant,1,,female', 'no_decision'],
    ['c5,s,,applicant,,,male', 'no_decision'],
    ['c6,s,1,benchmark,1,,female', 'benchmark_row'],
    ['c7,s,,benchmark,1,,female', 'benchmark_row'], // benchmark wins over the missing decision
    ['c1,s,0,applicant,2,,female', 'retest_attempt'],
    ['c2,s,1,applicant,3,,male', 'retest_attempt'],
    ['c8,s,1,applicant,1,c1,female', 'perturbation_variant'],
    ['c9,s,0,applicant,2,c2,male', 'perturbation_variant'], // variant wins over the retest
  ];

  it('unweighted: rows read = rows used + each reason counted separately', async () => {
    const result = await auditCsv('reasons.csv', 'candidate_id,stage,selected,role,attempt,variant_of,gender', lines);
    const want = expected(lines);
    const acc = result.dataset.accounting;
    expect(acc.rowsRead).toBe(lines.length);
    expect(acc.rowsUsed).toBe(want.rows.get('used'));
    expect(Object.fromEntries(acc.excluded.map((e) => [e.reason, e.rows]))).toEqual({
      no_decision: 2,
      benchmark_row: 2,
      retest_attempt: 2,
      perturbation_variant: 2,
    });
    expect(acc.rowsUsed + acc.excluded.reduce((s, e) => s + e.rows, 0)).toBe(acc.rowsRead);
    for (const e of acc.excluded) expect(e.description.length).toBeGreaterThan(10);
    // the rows used are exactly what the disparity analysis sees
    expect(result.disparity.stages).toHaveLength(1);
    expect(result.disparity.stages[0]).toMatchObject({ n: 3, selected: 2 });
  });

  it('weighted (count column): the same identity for candidates, zero counts counted as their own reason', async () => {
    const weighted: [string, string][] = [
      ['s,1,applicant,1,,female,10', 'used'],
      ['s,0,,1,,male,5', 'used'],
      ['s,1,,1,,male,', 'used'], // empty count stands for one candidate
      ['s,,applicant,1,,female,3', 'no_decision'],
      ['s,,applicant,,,male,4', 'no_decision'],
      ['s,1,benchmark,1,,female,2', 'benchmark_row'],
      ['s,,benchmark,1,,female,1', 'benchmark_row'],
      ['s,0,applicant,2,,female,6', 'retest_attempt'],
      ['s,1,applicant,3,,male,1', 'retest_attempt'],
      ['s,1,applicant,1,c1,female,8', 'perturbation_variant'],
      ['s,1,applicant,1,,male,0', 'zero_count'],
      ['s,1,benchmark,1,,male,0', 'zero_count'], // zero count wins over benchmark
    ];
    const weightOf = (line: string) => {
      const count = line.split(',').at(-1)!;
      return count === '' ? 1 : Number(count);
    };
    const result = await auditCsv('weighted.csv', 'stage,selected,role,attempt,variant_of,gender,count', weighted);
    const want = expected(weighted, weightOf);
    const acc = result.dataset.accounting;
    expect(result.dataset.weighted).toBe(true);
    expect([acc.rowsRead, acc.rowsUsed]).toEqual([weighted.length, want.rows.get('used')]);
    expect([acc.candidatesRead, acc.candidatesUsed]).toEqual([41, 16]);
    expect(Object.fromEntries(acc.excluded.map((e) => [e.reason, [e.rows, e.candidates]]))).toEqual({
      no_decision: [2, 7],
      benchmark_row: [2, 3],
      retest_attempt: [2, 7],
      perturbation_variant: [1, 8],
      zero_count: [2, 0],
    });
    for (const [reason, rows] of want.rows) if (reason !== 'used') expect(acc.excluded.find((e) => e.reason === reason)?.rows).toBe(rows);
    expect(acc.rowsUsed + acc.excluded.reduce((s, e) => s + e.rows, 0)).toBe(acc.rowsRead);
    expect(acc.candidatesUsed + acc.excluded.reduce((s, e) => s + e.candidates, 0)).toBe(acc.candidatesRead);
    // 16 candidates used, of whom 10 + 1 selected
    expect(result.disparity.stages[0]).toMatchObject({ n: 16, selected: 11 });
  });

  it('empty protected values are counted as unknown, not dropped', async () => {
    const result = await auditCsv('unknown.csv', 'candidate_id,selected,gender', [
      ['c1,1,female', 'used'],
      ['c2,0,', 'used'],
      ['c3,1,  ', 'used'], // blanks only: empty too
    ]);
    expect(result.dataset.accounting.rowsUsed).toBe(3);
    expect(result.disparity.stages[0]!.unknown).toEqual({ gender: 2 });
    expect(result.disparity.rows.find((r) => r.groups['gender'] === 'unknown')).toMatchObject({ n: 2, selected: 1 });
  });
});
