import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { cleanCsv, expectAudited, expectNothingWritten, expectRefused, hostileTemp, runCli } from './support.js';

/** Issue 12, "messages that need work": the message names the real cause and place, capped, with the fix. */
const tmp = hostileTemp('hireaudit-hostile-messages-');

describe('item 19: reader errors are capped; a Latin-1 file is named as such, and --encoding reads it', () => {
  it('a ragged file lists five bad lines and counts the rest, instead of one line per row', async () => {
    const good = cleanCsv(20).trim().split('\n');
    const ragged = Array.from({ length: 300 }, (_, i) => `r${i},cv,1,female,extra`);
    const path = await tmp.file('ragged.csv', `${[...good, ...ragged].join('\n')}\n`);
    const run = await runCli(['audit', path, '--protected', 'gender']);
    expectRefused(run, `${path} line 22`, 'too many columns', '(and 295 more rows like this)');
    expect(run.stderr.split('\n').length).toBeLessThan(12);
  });

  it('Latin-1 bytes: one message with the first line, what to do, and how many more', async () => {
    const lines = ['candidate_id,selected,gender', ...Array.from({ length: 50 }, (_, i) => `c${i},${i % 2},f\xe9male`)];
    const path = await tmp.file('latin1.csv', Buffer.from(`${lines.join('\n')}\n`, 'latin1'));
    const out = tmp.path('latin1-out');
    const run = await runCli(['audit', path, '--protected', 'gender', '--format', 'json', '--out', out]);
    expectRefused(run, `${path} line 2: expected UTF-8 text: the file is not UTF-8; re-save it as UTF-8 or pass --encoding latin-1`, '(and 45 more rows like this)');
    expect(run.stderr.split('\n').length).toBeLessThan(10);
    await expectNothingWritten(out);
  });

  it('--encoding latin-1 reads the same file, with the accent intact', async () => {
    const lines = ['candidate_id,selected,gender', ...Array.from({ length: 10 }, (_, i) => `c${i},${i % 2},${i % 2 ? 'f\xe9male' : 'male'}`)];
    const path = await tmp.file('latin1-ok.csv', Buffer.from(`${lines.join('\n')}\n`, 'latin1'));
    const result = expectAudited(await runCli(['audit', path, '--protected', 'gender', '--encoding', 'latin-1', '--format', 'json', '--fail-on', 'never']));
    expect(result.disparity.rows.map((r) => r.groups['gender']).sort()).toEqual(['fémale', 'male']);
  });

  it('an unknown --encoding is a usage error', async () => {
    expectRefused(await runCli(['audit', 'x.csv', '--encoding', 'ebcdic']), '--encoding must be one of utf-8, latin-1, utf-16');
  });
});

describe('item 20: a semicolon- or tab-delimited .csv', () => {
  it('is named as such with the flag to pass, not "missing column selected"', async () => {
    const path = await tmp.file('semicolon.csv', cleanCsv(10).replaceAll(',', ';'));
    const run = await runCli(['audit', path, '--protected', 'gender']);
    expectRefused(run, `${path} line 1`, 'the header has none and 3 ";"', "pass --delimiter ';'");
    expect(run.stderr).not.toContain('missing');
  });

  it('a tab-delimited .csv is told to pass --delimiter tab', async () => {
    const path = await tmp.file('tabs.csv', cleanCsv(10).replaceAll(',', '\t'));
    expectRefused(await runCli(['audit', path, '--protected', 'gender']), 'the file seems to be tab-separated; pass --delimiter tab');
  });

  it('--delimiter ";" reads it', async () => {
    const path = await tmp.file('semicolon-ok.csv', cleanCsv(10).replaceAll(',', ';'));
    const result = expectAudited(await runCli(['audit', path, '--protected', 'gender', '--delimiter', ';', '--format', 'json', '--fail-on', 'never']));
    expect(result.dataset.accounting.rowsRead).toBe(10);
  });
});

describe('item 21: a binary file renamed .csv', () => {
  it.each([
    ['a PNG', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]), 'it is a PNG image'],
    ['a gzip file', gzipSync(cleanCsv(10)), 'it is gzip-compressed; expected CSV/TSV/JSON text: name it <name>.csv.gz'],
    ['an xlsx workbook', Buffer.from('PK\x03\x04\x14\x00\x06\x00 workbook', 'latin1'), 'it is a ZIP archive (an Excel .xlsx or .ods workbook is one)'],
    ['random bytes with NULs', Buffer.from([0x41, 0x00, 0x42, 0x00, 0xff, 0x10]), 'it is binary data (it contains NUL bytes)'],
  ])('%s: "is not a text file", not "expected at least one data row"', async (_what, bytes, message) => {
    const path = await tmp.file(`binary-${_what.replaceAll(' ', '-')}.csv`, bytes);
    expectRefused(await runCli(['audit', path, '--protected', 'gender']), `${path} is not a text file: ${message}`);
  });

  it('a real .csv.gz is still read', async () => {
    const path = await tmp.file('real.csv.gz', gzipSync(cleanCsv(10)));
    expect(expectAudited(await runCli(['audit', path, '--protected', 'gender', '--format', 'json', '--fail-on', 'never'])).dataset.accounting.rowsRead).toBe(10);
  });
});

describe('item 22: a field longer than the reader allows', () => {
  it('names the real line and the cause (the maximum line size), not "line 1"', async () => {
    const lines = cleanCsv(5).trim().split('\n');
    lines.push(`c9,cv,0,${'x'.repeat(3_000_000)}`, 'c10,cv,1,male');
    const path = await tmp.file('long-field.csv', `${lines.join('\n')}\n`);
    const run = await runCli(['audit', path, '--protected', 'gender']);
    expectRefused(run, `${path} line 7: expected a line of at most 2,000,000 bytes (the reader's maximum), got "3,000,009 bytes"`);
    expect(run.stderr).not.toContain('line 1');
    expect(run.stderr.length).toBeLessThan(400); // the 3 MB line is not echoed
  });
});

describe('item 23: --audit-date', () => {
  it('sets the audit date, which the result keeps; without it the policy date applies', async () => {
    const path = await tmp.file('dated.csv', cleanCsv(10));
    const policy = await tmp.file('dated.yaml', 'protected: [gender]\nauditDate: 2026-05-01\n');
    const flagged = expectAudited(await runCli(['audit', path, '--policy', policy, '--audit-date', '2027-12-03', '--format', 'json', '--fail-on', 'never']));
    expect(flagged.policy.auditDate).toBe('2027-12-03');
    const fromPolicy = expectAudited(await runCli(['audit', path, '--policy', policy, '--format', 'json', '--fail-on', 'never']));
    expect(fromPolicy.policy.auditDate).toBe('2026-05-01');
  });

  it.each(['2026-02-30', '03-12-2027', 'tomorrow'])('refuses %s before any work', async (date) => {
    expectRefused(await runCli(['audit', 'no-such-file.csv', '--audit-date', date]), `--audit-date must be a calendar date YYYY-MM-DD, got "${date}"`);
  });
});
