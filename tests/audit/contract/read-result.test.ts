import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditResult } from '../../../src/audit/contract/audit-result.js';
import { toJson } from '../../../src/audit/contract/canonical-json.js';
import { parseAuditResult, readAuditResult } from '../../../src/audit/contract/read-result.js';
import { AuditError } from '../../../src/audit/errors.js';
import { pilotResult } from '../../support/audit-results.js';

/** Reading a saved AuditResult back: version, schema, and the summary and accounting re-checked (issue 12 item 9). */
let pilot: AuditResult;
let dir: string;
beforeAll(async () => {
  pilot = await pilotResult();
  dir = await mkdtemp(join(tmpdir(), 'hireaudit-read-result-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const copy = (): AuditResult => structuredClone(pilot);

function refusal(input: unknown, name = 'saved.json'): AuditError {
  try {
    parseAuditResult(input, name);
  } catch (e) {
    expect(e).toBeInstanceOf(AuditError);
    expect((e as AuditError).code).toBe('HA_ERR_FILE');
    return e as AuditError;
  }
  throw new Error('expected the result to be refused');
}

describe('parseAuditResult', () => {
  it('reads what an audit wrote, from text or from parsed JSON, unchanged', () => {
    expect(parseAuditResult(toJson(pilot), 'saved.json')).toEqual(pilot);
    expect(parseAuditResult(JSON.parse(toJson(pilot)), 'request body')).toEqual(pilot);
  });

  it('refuses a summary edited to pass while findings fail, naming status and counts', () => {
    expect(pilot.summary.status).toBe('fail'); // the pilot has injected adverse impact
    const edited = copy();
    edited.summary = { status: 'pass', counts: { fail: 0, warn: 0, insufficient_evidence: 0, not_assessed: 0, pass: edited.findings.length } };
    const fails = pilot.findings.filter((f) => f.status === 'fail').length;
    const e = refusal(toJson(edited), 'edited.json');
    expect(e.message).toContain('edited.json is inconsistent');
    expect(e.message).toContain('summary.status is "pass" but the findings give "fail"');
    expect(e.message).toContain(`summary.counts.fail is 0 but ${fails} finding(s) have status fail`);
  });

  it('refuses a finding whose status was changed without the summary (the counts disagree)', () => {
    const edited = copy();
    const failing = edited.findings.find((f) => f.status === 'fail')!;
    failing.status = 'pass';
    const e = refusal(edited);
    expect(e.message).toContain(`summary.counts.fail is ${pilot.summary.counts.fail} but ${pilot.summary.counts.fail - 1} finding(s) have status fail`);
  });

  it('refuses row accounting that does not add up, for rows and for candidates', () => {
    const rows = copy();
    rows.dataset.accounting.rowsRead += 1;
    const a = pilot.dataset.accounting;
    const excluded = a.excluded.reduce((s, e) => s + e.rows, 0);
    expect(refusal(rows).message).toContain(`dataset.accounting: ${a.rowsRead + 1} rows read, but ${a.rowsUsed} used + ${excluded} excluded = ${a.rowsRead}`);
    const candidates = copy();
    candidates.dataset.accounting.candidatesUsed -= 2;
    expect(refusal(candidates).message).toMatch(/dataset\.accounting: \d+ candidates read, but \d+ used \+ \d+ excluded = \d+/);
  });

  it('an exclusion counted twice breaks the accounting too', () => {
    const edited = copy();
    edited.dataset.accounting.excluded.push({ reason: edited.dataset.accounting.excluded[0]?.reason ?? 'no_decision', description: 'x', rows: 3, candidates: 3 });
    expect(refusal(edited).message).toContain('rows read, but');
  });

  it('refuses what is not an AuditResult, with the name it was given', () => {
    expect(refusal('{"schemaVersion": ', 'body').message).toContain('body is not JSON');
    expect(refusal([1, 2], 'body').message).toContain('body has no schemaVersion');
    expect(refusal({ ...copy(), schemaVersion: '0.9.0' }).message).toContain('schema "0.9.0"');
    const broken = { ...copy(), findings: 'none' };
    expect(refusal(broken).message).toContain('findings:');
  });
});

describe('readAuditResult', () => {
  it('reads a saved file, and refuses a missing one or a folder', async () => {
    const path = join(dir, 'audit-result.json');
    await writeFile(path, toJson(pilot));
    expect(await readAuditResult(path)).toEqual(pilot);
    await expect(readAuditResult(join(dir, 'none.json'))).rejects.toThrow(/cannot read .*none\.json: no such file/);
    await expect(readAuditResult(dir)).rejects.toThrow('it is a folder');
  });
});
