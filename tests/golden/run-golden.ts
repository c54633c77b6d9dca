import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { toJson } from '../../src/audit/contract/canonical-json.js';
import { runAudit } from '../../src/audit/run-audit.js';
import type { GoldenCase } from './cases.js';

/** The AuditResult JSON of one golden case, exactly as `hireaudit audit --format json` writes it. */
export async function goldenJson(c: GoldenCase): Promise<string> {
  if (c.prepare) {
    await mkdir(dirname(c.file), { recursive: true });
    await c.prepare();
  }
  const result = await runAudit({
    source: { kind: 'file', path: c.file },
    policy: await c.policy(),
    ...(c.benchmark ? { benchmark: { path: c.benchmark } } : {}),
  });
  return toJson(result);
}

/** Where a case's committed golden lives. */
export const goldenPath = (name: string) => new URL(`./results/${name}.json`, import.meta.url);
