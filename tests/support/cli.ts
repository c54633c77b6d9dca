import { Writable } from 'node:stream';
import { main } from '../../src/cli/main.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

function sink(onChunk: (text: string) => void): Writable {
  return new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      onChunk(chunk.toString());
      callback();
    },
  });
}

/** Runs the CLI in-process (no spawn) and captures what it writes. */
export async function runCli(argv: string[]): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdout: sink((t) => (stdout += t)), stderr: sink((t) => (stderr += t)) });
  return { code, stdout, stderr };
}

/** A Node stack frame line, e.g. "    at runAudit (file:///…)". */
export const STACK_FRAME = /^\s+at\s/m;
