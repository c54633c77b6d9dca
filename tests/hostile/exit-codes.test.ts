import { chmod, mkdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { STACK_FRAME } from '../support/cli.js';
import { cleanCsv, expectRefused, hostileTemp, runCli, spawnCli } from './support.js';

/** Issue 12, "wrong exit codes and internal errors": input and environment problems are exit 2, never 1 or 3. */
const tmp = hostileTemp('hireaudit-hostile-exit-');
const asRoot = process.getuid?.() === 0;

describe('item 11: an unreadable input or benchmark file', () => {
  // As root every file is readable, so the CLI runs as "nobody" there (setpriv); otherwise as this user.
  async function unreadable(name: string): Promise<string> {
    await chmod(tmp.dir(), 0o755);
    const path = await tmp.file(name, cleanCsv(20).replace('gender', 'gender,trait_1').replaceAll(/(male|female)\n/g, '$1,1\n'));
    await chmod(path, 0o000);
    return path;
  }
  const readable = async (name: string) => {
    const path = await tmp.file(name, cleanCsv(20).replace('gender', 'gender,trait_1').replaceAll(/(male|female)\n/g, '$1,1\n'));
    await chmod(path, 0o644);
    return path;
  };

  it.each(['input', 'benchmark'])('%s: exit 2 with "permission denied", no unhandled rejection or stack trace', async (which) => {
    const input = which === 'input' ? await unreadable('locked-input.csv') : await readable('open-input.csv');
    const bench = which === 'benchmark' ? await unreadable('locked-bench.csv') : await readable('open-bench.csv');
    const { done } = spawnCli(['audit', input, '--protected', 'gender', '--benchmark', bench], { asNobody: asRoot });
    const run = await done;
    expect(run.code, run.stderr).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(`hireaudit: cannot read ${which === 'input' ? input : bench}: permission denied\n`);
    expect(run.stderr).not.toMatch(STACK_FRAME);
  });
});

describe('item 12: --out that cannot take the outputs is refused before the audit runs', () => {
  it('an existing file: exit 2, the file untouched', async () => {
    const file = await tmp.file('taken', 'keep me');
    const data = await tmp.file('data.csv', cleanCsv(20));
    const run = await runCli(['audit', data, '--protected', 'gender', '--format', 'json,md', '--out', file]);
    expectRefused(run, `--out ${file} is a file, not a folder; nothing was audited`);
    expect(await readFile(file, 'utf8')).toBe('keep me');
  });

  it('a folder below a file: exit 2', async () => {
    const file = await tmp.file('blocker', 'x');
    const data = await tmp.file('data2.csv', cleanCsv(20));
    expectRefused(await runCli(['audit', data, '--protected', 'gender', '--format', 'json', '--out', join(file, 'out')]), `--out ${join(file, 'out')}`, 'is a file, not a folder');
  });

  it('a folder nobody may write (here: under /proc): exit 2', async () => {
    const data = await tmp.file('data3.csv', cleanCsv(20));
    expectRefused(await runCli(['audit', data, '--protected', 'gender', '--format', 'json', '--out', '/proc/hireaudit-out']), '--out /proc/hireaudit-out', 'nothing was audited');
  });

  it('a missing dataset with a --out still to be made: exit 2, and checking --out created no folder', async () => {
    const out = join(tmp.dir(), 'fresh', 'out');
    const run = await runCli(['audit', tmp.path('no-such.csv'), '--protected', 'gender', '--format', 'json', '--out', out]);
    expectRefused(run, 'no such file');
    await expect(stat(join(tmp.dir(), 'fresh'))).rejects.toThrow(); // checking --out created nothing
  });

  it('report into an unwritable --out: exit 2 too', async () => {
    await mkdir(tmp.path('sub'), { recursive: true });
    expectRefused(await runCli(['report', tmp.path('sub/none.json'), '--format', 'md', '--out', '/proc/hireaudit-report']), '--out /proc/hireaudit-report');
  });
});
