import { writeFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { AuditError, ContractError, isAuditError } from '../../src/audit/errors.js';
import { useTempDir } from '../support/tmp.js';

/**
 * isAuditError across copies of errors.ts: the installed CLI is a start-up shell and a separately
 * bundled core, and `serve`/`keys`/`verify` run from tsc's output, so the CLI's catch meets
 * AuditErrors made by another copy of the class (exit 2 for them, 3 for anything else).
 */
const tmp = useTempDir('hireaudit-errors-');

/** A second copy of src/audit/errors.ts, as a bundle makes one: its own classes. */
async function secondCopy(): Promise<typeof import('../../src/audit/errors.js')> {
  const file = tmp.path('errors-copy.mjs');
  const bundled = await build({ entryPoints: ['src/audit/errors.ts'], bundle: true, format: 'esm', platform: 'node', write: false, logLevel: 'silent' });
  await writeFile(file, bundled.outputFiles[0]!.text);
  return (await import(pathToFileURL(file).href)) as typeof import('../../src/audit/errors.js');
}

describe('isAuditError', () => {
  it('recognises an AuditError, and its subclasses, made by another copy of the module', async () => {
    const copy = await secondCopy();
    const usage = new copy.AuditError('HA_ERR_USAGE', 'no command given');
    const contract = new copy.ContractError([{ file: 'a.csv', line: 2, lineKind: 'line', column: 'selected', value: 'maybe', expected: '0 or 1' }]);
    expect(usage instanceof AuditError).toBe(false); // really another class
    expect(isAuditError(usage)).toBe(true);
    expect(isAuditError(contract)).toBe(true);
    expect(copy.isAuditError(new ContractError([]))).toBe(true); // and the other way round
  });

  it('does not take other errors, or an object that only looks like one, for an AuditError', () => {
    expect(isAuditError(new Error('boom'))).toBe(false);
    expect(isAuditError(Object.assign(new Error('x'), { name: 'AuditError', code: 'HA_ERR_USAGE' }))).toBe(false);
    expect(isAuditError({ code: 'HA_ERR_USAGE', message: 'x' })).toBe(false);
    expect(isAuditError(null)).toBe(false);
    expect(isAuditError('HA_ERR_USAGE')).toBe(false);
  });
});
