import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { parsePolicy } from '../../src/audit/contract/policy.js';
import { ContractError } from '../../src/audit/errors.js';
import { runAudit } from '../../src/audit/run-audit.js';
import { cleanCsv, expectAudited, expectNothingWritten, expectRefused, hostileTemp, runCli } from './support.js';

/**
 * Issue 12, "wrong or silent results": inputs that used to give a confident wrong answer are now
 * refused with the place named, or audited with what was done said in the result.
 */
const tmp = hostileTemp('hireaudit-hostile-results-');
const groupsOf = (result: { disparity: { rows: { groups: Record<string, string>; n: number; attributes: string[] }[] } }) =>
  Object.fromEntries(result.disparity.rows.filter((r) => r.attributes.length === 1).map((r) => [r.groups['gender']!, r.n]));

describe('item 2: a quote opened in a field and never closed', () => {
  it('is refused at the line and column where it opens, instead of becoming the group "\\"female" with n = 1', async () => {
    const path = await tmp.file('unclosed.csv', `${cleanCsv(6)}c6,cv,0,"female\nc7,cv,1,male\nc8,cv,0,male\n`);
    const out = tmp.path('unclosed-out');
    const run = await runCli(['audit', path, '--protected', 'gender', '--format', 'json', '--out', out]);
    expectRefused(run, `${path} line 8 column "gender"`, 'expected a closing quote', 'never closed');
    await expectNothingWritten(out);
  });

  it('a stray quote inside a field is refused with its value', async () => {
    const path = await tmp.file('stray.csv', `${cleanCsv(4)}c4,cv,0,fe"male\n`);
    expectRefused(await runCli(['audit', path, '--protected', 'gender']), `${path} line 6 column "gender"`, 'a quote only at the start of a field', 'got "fe\\"…"');
  });
});

describe('item 3: spelling variants of a group value', () => {
  // female 40x in four spellings that are one value after normalisation, and one case variant.
  const nfd = 'fe\u0301male'; // e + combining acute: NFD of "fémale"
  const rows = (n: number, value: string, offset: number) => Array.from({ length: n }, (_, i) => `x${offset + i},cv,${i % 2},${value}`);
  const csv = [
    'candidate_id,stage,selected,gender',
    ...rows(10, 'female', 0),
    ...rows(10, 'female ', 100),
    ...rows(10, 'fe\u200bmale', 200),
    ...rows(10, 'fémale', 300),
    ...rows(10, nfd, 400),
    ...rows(10, 'Female', 500),
    ...rows(20, 'male', 600),
  ].join('\n');

  it('normalises invisible characters, spaces and Unicode form, and reports the case variant in the result and the summary', async () => {
    const path = await tmp.file('variants.csv', `${csv}\n`);
    const out = tmp.path('variants-out');
    const run = await runCli(['audit', path, '--protected', 'gender', '--format', 'json,md', '--out', out, '--fail-on', 'never']);
    expect(run.code, run.stderr).toBe(0);
    const result = JSON.parse(await readFile(`${out}/audit-result.json`, 'utf8'));
    // "female", "female " and "fe\u200Bmale" are one group; both spellings of "fémale" are one group.
    expect(groupsOf(result)).toEqual({ female: 30, fémale: 20, Female: 10, male: 20 });
    expect(result.dataset.values.normalisation).toContain('Unicode NFC');
    // Listed in byte order of the value as read.
    expect(result.dataset.values.normalised).toEqual([
      { column: 'gender', from: 'female ', to: 'female', rows: 10 },
      { column: 'gender', from: nfd, to: 'fémale', rows: 10 },
      { column: 'gender', from: 'fe\u200bmale', to: 'female', rows: 10 },
    ]);
    expect(result.dataset.values.variants).toEqual([{ column: 'gender', values: [{ value: 'female', rows: 30 }, { value: 'Female', rows: 10 }] }]);
    const md = await readFile(`${out}/summary.md`, 'utf8');
    expect(md).toContain('**Spelling variants compared as separate groups** in gender: "female" (30 rows), "Female" (10 rows)');
  });

  it('a policy mapping merges the variants, and says so', async () => {
    const path = await tmp.file('variants-mapped.csv', `${csv}\n`);
    const policy = await tmp.file('map.yaml', 'protected: [gender]\nvalues: { gender: { Female: female, fémale: female } }\n');
    const result = expectAudited(await runCli(['audit', path, '--policy', policy, '--format', 'json', '--fail-on', 'never']));
    expect(groupsOf(result)).toEqual({ female: 60, male: 20 });
    expect(result.dataset.values?.variants).toEqual([]);
    // The mapping matches after normalisation, so both Unicode spellings of "fémale" are mapped.
    expect(result.dataset.values?.mapped.map((m) => [m.from, m.to, m.rows])).toEqual([
      ['Female', 'female', 10],
      [nfd, 'female', 10],
      ['fémale', 'female', 10],
    ]);
  });
});

describe('item 4: two columns with the same name', () => {
  it('is refused naming both positions, before any audit', async () => {
    const path = await tmp.file('two-genders.csv', 'candidate_id,selected,gender,gender\nc1,1,female,male\nc2,0,male,female\n');
    const out = tmp.path('two-genders-out');
    expectRefused(await runCli(['audit', path, '--protected', 'gender', '--format', 'json', '--out', out]), `${path} line 1 column "gender"`, 'both column 3 and column 4');
    await expectNothingWritten(out);
  });
});

describe('item 5: the same candidate and stage twice', () => {
  const twice = (() => {
    const [header, ...lines] = cleanCsv(40).trim().split('\n');
    return `${[header, ...lines, ...lines].join('\n')}\n`;
  })();

  it('is refused by default, listing the repeated lines and how many more', async () => {
    const path = await tmp.file('twice.csv', twice);
    const out = tmp.path('twice-out');
    const run = await runCli(['audit', path, '--protected', 'gender', '--format', 'json', '--out', out]);
    expectRefused(run, `${path} line 42 column "candidate_id"`, 'one row per candidate at each stage', 'is already on line 2', 'got "c0"', '(and 35 more rows like this)');
    await expectNothingWritten(out);
  });

  it('with duplicates: exclude, the repeats are left out and counted, so the counts are not doubled', async () => {
    const path = await tmp.file('twice-excluded.csv', twice);
    const policy = await tmp.file('exclude.yaml', 'protected: [gender]\nduplicates: exclude\n');
    const result = expectAudited(await runCli(['audit', path, '--policy', policy, '--format', 'json', '--fail-on', 'never']));
    expect(groupsOf(result)).toEqual({ female: 20, male: 20 });
    expect(result.dataset.accounting).toMatchObject({ rowsRead: 80, rowsUsed: 40 });
    expect(result.dataset.accounting.excluded).toEqual([expect.objectContaining({ reason: 'duplicate_row', rows: 40, candidates: 40 })]);
  });

  it('are listed beside the file\'s other problems, not only once those are fixed (every problem at once)', async () => {
    const csv = 'candidate_id,stage,selected,gender\nc1,cv,1,female\nc2,cv,maybe,male\nc1,cv,0,female\nc3,cv,1,male\n';
    const path = await tmp.file('twice-and-bad.csv', csv);
    const run = await runCli(['audit', path, '--protected', 'gender', '--format', 'json']);
    expectRefused(run, `${path} line 3 column "selected"`, 'got "maybe"', `${path} line 4 column "candidate_id"`, 'is already on line 2');
  });

  it('beside other problems, rows that are not an applicant\'s decision (retests, variants, benchmark rows, zero counts) and ids that differ as read are not called duplicates', async () => {
    const csv = [
      'candidate_id,stage,attempt,variant_of,role,count,selected,gender',
      'c1,cv,1,,,,1,female',
      'c1,cv,2,,,,1,female', // a retest
      'c1,cv,,c1,,,0,female', // a perturbation variant
      'c1,cv,,,benchmark,,1,female', // a benchmark row
      'c1,cv,,,,0,1,female', // a zero count
      'c1,cv,x,,,,1,female', // an attempt that is not a number: no evidence either way (and refused itself)
      'C1,cv,1,,,,0,female', // another id as read
      'c2,cv,1,,,,perhaps,male', // the other problem
    ].join('\n');
    const path = await tmp.file('not-duplicates.csv', `${csv}\n`);
    const run = await runCli(['audit', path, '--protected', 'gender', '--format', 'json']);
    expectRefused(run, `${path} line 9 column "selected"`, `${path} line 7 column "attempt"`);
    expect(run.stderr).not.toContain('one row per candidate');
  });

  it('retest attempts of one candidate are not duplicates', async () => {
    const path = await tmp.file('retest.csv', 'candidate_id,stage,attempt,selected,gender\nc1,cv,1,1,female\nc1,cv,2,1,female\nc2,cv,1,0,male\n');
    const result = expectAudited(await runCli(['audit', path, '--protected', 'gender', '--format', 'json', '--fail-on', 'never']));
    expect(result.dataset.accounting.excluded.map((e) => e.reason)).toEqual(['retest_attempt']);
  });
});

describe('item 7: missing-value markers and non-scalar values', () => {
  it('NA, N/A, NULL, None and #N/A are unknown (counted and listed), not groups', async () => {
    const markers = ['NA', 'N/A', 'NULL', 'None', '#N/A'];
    const lines = ['candidate_id,selected,gender', ...markers.map((m, i) => `m${i},${i % 2},${m}`), ...cleanCsv(20).trim().split('\n').slice(1).map((l) => l.replace(/,cv,/, ','))];
    const path = await tmp.file('markers.csv', `${lines.join('\n')}\n`);
    const result = expectAudited(await runCli(['audit', path, '--protected', 'gender', '--format', 'json', '--fail-on', 'never']));
    expect(Object.keys(groupsOf(result)).sort()).toEqual(['female', 'male', 'unknown']);
    expect(result.disparity.stages[0]!.unknown).toEqual({ gender: 5 });
    expect(result.dataset.values?.missing.map((m) => m.from).sort()).toEqual([...markers].sort());
  });

  it('a JSON object or array as a value is refused with its record, not made a group', async () => {
    const records = [{ candidate_id: 'a', selected: 1, gender: 'female' }, { candidate_id: 'b', selected: 0, gender: { value: 'male' } }, { candidate_id: 'c', selected: 1, gender: ['x'] }];
    const path = await tmp.file('objects.json', JSON.stringify(records));
    expectRefused(await runCli(['audit', path, '--protected', 'gender']), `${path} record 2 column "gender"`, 'not an object or a list', 'got "{\\"value\\":\\"male\\"}"', `${path} record 3 column "gender"`);
  });

  it('in-memory records with an object value are refused too', async () => {
    const records = [{ selected: 1, gender: 'female' }, { selected: 0, gender: { value: 'male' } }];
    const error = await runAudit({ source: { kind: 'records', records, name: 'api-body' }, policy: parsePolicy({ protected: ['gender'] }) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ContractError);
    expect((error as ContractError).issues).toEqual([expect.objectContaining({ file: 'api-body', line: 2, lineKind: 'record', column: 'gender', value: '{"value":"male"}' })]);
  });
});
