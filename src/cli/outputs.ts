import type { Writable } from 'node:stream';
import type { AuditResult, FindingStatus } from '../audit/contract/audit-result.js';
import { writeOutputSet } from '../io/atomic-write.js';
import type { RenderedOutput } from '../reports/render.js';

export const FAIL_ON = ['fail', 'warn', 'never'] as const;
export type FailOn = (typeof FAIL_ON)[number];

/** Into --out (creating charts/ as needed), or the single output onto stdout. */
export async function emitOutputs(outputs: readonly RenderedOutput[], out: string | undefined, stdout: Writable): Promise<void> {
  if (out === undefined) {
    if (outputs[0]) stdout.write(outputs[0].content);
    return;
  }
  // Each file complete or absent, and no file of an earlier run left beside them (src/io/atomic-write.ts).
  await writeOutputSet(out, outputs.map((o) => ({ name: o.fileName, content: o.content })));
}

/** 1 when a finding reaches --fail-on (warn also counts insufficient evidence), else 0. */
export function exitCodeFor(result: AuditResult, failOn: FailOn = 'fail'): number {
  if (failOn === 'never') return 0;
  const reaching: FindingStatus[] = failOn === 'fail' ? ['fail'] : ['fail', 'warn', 'insufficient_evidence'];
  return reaching.some((s) => result.summary.counts[s] > 0) ? 1 : 0;
}
