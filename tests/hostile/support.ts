import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { AuditResult } from '../../src/audit/contract/audit-result.js';
import { type CliRun, runCli, STACK_FRAME } from '../support/cli.js';
import { useTempDir } from '../support/tmp.js';

/**
 * Shared by the tests of issue 12 (hostile and careless inputs): each test writes its own small
 * input into a temporary folder and asserts the exit code, the message (file, line, column, value,
 * what was expected) and that nothing wrong was written.
 */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = join(ROOT, 'src/cli/bin.ts');

export function hostileTemp(prefix: string) {
  const tmp = useTempDir(prefix);
  const file = async (name: string, content: string | Uint8Array) => {
    const path = tmp.path(name);
    await writeFile(path, content);
    return path;
  };
  return { ...tmp, file };
}

/** Exit 2, nothing on stdout, one message without a stack trace naming each part. */
export function expectRefused(run: CliRun, ...parts: (string | RegExp)[]): void {
  expect(run.code, run.stderr).toBe(2);
  expect(run.stdout).toBe('');
  expect(run.stderr).toMatch(/^hireaudit: /);
  expect(run.stderr).not.toMatch(STACK_FRAME);
  expect(run.stderr).not.toContain('internal error');
  for (const part of parts) {
    if (typeof part === 'string') expect(run.stderr).toContain(part);
    else expect(run.stderr).toMatch(part);
  }
}

/** An audit that ran: exit 0 or 1 and a valid AuditResult on stdout (--format json). */
export function expectAudited(run: CliRun): AuditResult {
  expect([0, 1], run.stderr).toContain(run.code);
  expect(run.stderr).toBe('');
  return AuditResult.parse(JSON.parse(run.stdout));
}

/** Nothing was written where the outputs would have gone. */
export async function expectNothingWritten(out: string): Promise<void> {
  if (!existsSync(out)) return;
  expect(await readdir(out)).toEqual([]);
}

export { runCli };

/** The CLI as its own process (for signals, for running as another user, or with its own environment). */
export function spawnCli(args: string[], options: { asNobody?: boolean; env?: NodeJS.ProcessEnv } = {}) {
  const node = [process.execPath, '--import', 'tsx', BIN, ...args];
  const argv = options.asNobody ? ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups', ...node] : node;
  const child = spawn(argv[0]!, argv.slice(1), { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...options.env } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  return { child, done };
}

/** A small clean dataset: two groups, enough rows for every rule to speak (n = 40 per group). */
export function cleanCsv(rows = 80): string {
  const lines = ['candidate_id,stage,selected,gender'];
  for (let i = 0; i < rows; i++) lines.push(`c${i},cv,${i % 3 === 0 ? 1 : 0},${i % 2 ? 'female' : 'male'}`);
  return `${lines.join('\n')}\n`;
}
