import { mkdir, writeFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { runCli, STACK_FRAME, type CliRun } from '../../support/cli.js';
import { duckdbRun, sqlString } from '../../support/duckdb.js';
import { useTempDir } from '../../support/tmp.js';

/**
 * Issue 2, item 3 and Acceptance: bad input is refused before any work with exit code 2 and one
 * message on stderr naming the file, the line (or record/row), the column and the bad value; no
 * stack trace. Each test writes its own small file into a temporary directory.
 */
const tmp = useTempDir('hireaudit-bad-input-');

async function file(name: string, content: string): Promise<string> {
  const path = tmp.path(name);
  await writeFile(path, content);
  return path;
}

const audit = (path: string, ...flags: string[]) => runCli(['audit', path, '--protected', 'gender', ...flags]);

/** Exit 2, nothing on stdout, no stack trace, and the message names each given part. */
function expectRefused(run: CliRun, ...parts: string[]): void {
  expect(run.code, run.stderr).toBe(2);
  expect(run.stdout).toBe('');
  expect(run.stderr).toMatch(/^hireaudit: /);
  expect(run.stderr).not.toMatch(STACK_FRAME);
  expect(run.stderr).not.toContain('internal error');
  for (const part of parts) expect(run.stderr).toContain(part);
}

describe('missing columns (whole-file problems: file and column named)', () => {
  it('refuses a file without the required column "selected"', async () => {
    const path = await file('no-selected.csv', 'candidate_id,stage,score,gender\nc1,cv,1.5,female\nc2,cv,2.5,male\n');
    expectRefused(await audit(path), path, 'column "selected"', 'expected a column "selected"');
  });

  it('refuses a file without the column the policy maps "selected" to, and points at the near miss', async () => {
    const path = await file('mapped.csv', 'candidate_id,Decision,gender\nc1,1,female\nc2,0,male\n');
    const policy = await file('mapped-policy.yaml', 'columns:\n  selected: decision\nprotected: [gender]\n');
    const run = await runCli(['audit', path, '--policy', policy]);
    expectRefused(run, path, 'column "decision"', 'mapped to selected by the policy', 'the file has "Decision"');
  });

  it('refuses a file without a column named as a protected attribute', async () => {
    const path = await file('no-disability.csv', 'candidate_id,selected,gender\nc1,1,female\nc2,0,male\n');
    const run = await runCli(['audit', path, '--protected', 'gender,disability']);
    expectRefused(run, path, 'column "disability"', 'named as a protected attribute');
    expect(run.stderr).not.toContain('column "gender"');
  });
});

describe('bad values (file, line, column and value named)', () => {
  it('refuses a non-numeric score', async () => {
    const path = await file('score.csv', 'candidate_id,selected,score,gender\nc1,1,71.5,female\nc2,0,abc,male\nc3,1,12,female\n');
    expectRefused(await audit(path), `${path} line 3 column "score"`, 'expected a number', 'got "abc"');
  });

  it('refuses an unknown decision value', async () => {
    const path = await file('maybe.csv', 'candidate_id,selected,gender\nc1,yes,female\nc2,no,male\nc3,maybe,female\nc4,TRUE,male\n');
    const run = await audit(path);
    expectRefused(run, `${path} line 4 column "selected"`, '0/1, yes/no or true/false', 'got "maybe"');
    expect(run.stderr).toContain('1 problem(s)'); // yes, no and TRUE are accepted spellings
  });

  it('refuses a negative and a fractional count', async () => {
    const path = await file('count.csv', 'stage,gender,selected,count\ns,female,1,-3\ns,male,0,2.5\ns,male,1,4\n');
    const run = await audit(path);
    expectRefused(run, `${path} line 2 column "count"`, 'got "-3"', `${path} line 3 column "count"`, 'got "2.5"', 'a whole number of 0 or more');
    expect(run.stderr).toContain('2 problem(s)');
  });

  it('lists the first five bad rows of a column and counts the rest', async () => {
    const rows = Array.from({ length: 8 }, (_, i) => `c${i},x${i},female`).join('\n');
    const path = await file('many.csv', `candidate_id,selected,gender\nc0,1,male\n${rows}\n`);
    const run = await audit(path);
    expectRefused(run, `${path} line 3 column "selected"`, `${path} line 7 column "selected"`, '(and 3 more rows like this)');
    expect(run.stderr).not.toContain('line 8');
  });
});

describe('malformed, unreadable and empty files', () => {
  it('refuses a CSV row with the wrong number of fields, quoting the line', async () => {
    const path = await file('ragged.csv', 'candidate_id,selected,gender\nc1,1,female\nc2,0,male,extra\nc3,1,female\n');
    expectRefused(await audit(path), `${path} line 3`, 'well-formed row', 'got "c2,0,male,extra"');
  });

  it('counts lines past a malformed row correctly (a bad value after it keeps its physical line)', async () => {
    const path = await file('ragged-then-bad.csv', 'candidate_id,selected,gender\nc1,1,female\nc2,0\nc3,1,female\nc4,maybe,male\n');
    const run = await audit(path);
    expectRefused(run, `${path} line 3`, `${path} line 5 column "selected"`, 'got "maybe"');
  });

  it('refuses a path that does not exist', async () => {
    const path = tmp.path('does-not-exist.csv');
    expectRefused(await audit(path), path, 'no such file');
  });

  it('refuses a directory', async () => {
    const path = tmp.path('a-directory');
    await mkdir(path);
    expectRefused(await audit(path), path, 'not a regular file');
  });

  it('refuses an empty (0-byte) file', async () => {
    const path = await file('empty.csv', '');
    expectRefused(await audit(path), path, 'empty (0 bytes)');
  });

  it('refuses a file with only a header', async () => {
    const path = await file('header-only.csv', 'candidate_id,selected,gender\n');
    expectRefused(await audit(path), path, 'at least one data row');
  });
});

describe('several problems at once', () => {
  it('lists every problem in one message: whole-file problems first, then in line order', async () => {
    const path = await file(
      'several.csv',
      [
        'candidate_id,selected,score,gender,count', // line 1; --protected also names "region", which is missing
        'c1,1,50,female,1',
        'c2,0,60,male', // line 3: too few fields
        'c3,maybe,70,female,1', // line 4
        'c4,1,high,male,1', // line 5
        'c5,0,80,female,-1', // line 6
        '',
      ].join('\n'),
    );
    const run = await runCli(['audit', path, '--protected', 'gender,region']);
    expectRefused(run, '5 problem(s)', 'nothing was audited', 'column "region"', 'got "maybe"', 'got "high"', 'got "-1"');
    const at = (s: string) => run.stderr.indexOf(s);
    const order = [
      at('column "region"'),
      at(`${path} line 3`),
      at(`${path} line 4 column "selected"`),
      at(`${path} line 5 column "score"`),
      at(`${path} line 6 column "count"`),
    ];
    expect(order.every((i) => i >= 0), run.stderr).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });
});

describe('other formats name their lines, records and rows', () => {
  it('TSV: line and column of each bad value', async () => {
    const path = await file('bad.tsv', 'candidate_id\tselected\tscore\tgender\nc1\t1\t2\tfemale\nc2\tmaybe\tx\tmale\n');
    expectRefused(await audit(path), `${path} line 3 column "selected"`, 'got "maybe"', `${path} line 3 column "score"`, 'got "x"');
  });

  it('NDJSON: the line of the bad record, the value without JSON quotes', async () => {
    const path = await file(
      'bad.ndjson',
      '{"candidate_id":"c1","selected":1,"gender":"female"}\n{"candidate_id":"c2","selected":0,"gender":"male"}\n{"candidate_id":"c3","selected":"maybe","gender":"male"}\n',
    );
    expectRefused(await audit(path), `${path} line 3 column "selected"`, 'got "maybe"');
  });

  it('JSON array: the record number', async () => {
    const path = await file('bad.json', '[{"selected":1,"gender":"female","score":1},{"selected":0,"gender":"male","score":"n/a"}]');
    expectRefused(await audit(path), `${path} record 2 column "score"`, 'got "n/a"');
  });

  it('Parquet with a string score column: the row number', async () => {
    const path = tmp.path('string-score.parquet');
    await duckdbRun(
      `COPY (SELECT * FROM (VALUES ('c1', 1, '71.5', 'female'), ('c2', 0, '12', 'male'), ('c3', 1, 'high', 'female'))
               AS t(candidate_id, selected, score, gender))
         TO ${sqlString(path)} (FORMAT parquet)`,
    );
    expectRefused(await audit(path), `${path} row 3 column "score"`, 'expected a number', 'got "high"');
  });
});
