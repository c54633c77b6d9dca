import { loadPolicy, parsePolicy, type PolicyInput } from '../../src/audit/contract/policy.js';
import type { AuditResult } from '../../src/audit/contract/audit-result.js';
import { runAudit } from '../../src/audit/run-audit.js';
import { fixture } from './fixtures.js';

/** The shipped pilot audited with its policy, once per test file (reports read it many times). */
let pilot: Promise<AuditResult> | undefined;
export function pilotResult(): Promise<AuditResult> {
  pilot ??= loadPolicy(fixture('pilot-policy.yaml')).then((policy) => runAudit({ source: { kind: 'file', path: fixture('pilot-cv-screen.csv') }, policy }));
  return pilot;
}

/** A fixture audited with the given protected attributes (validity, similarity … fixtures). */
export function fixtureResult(file: string, protectedAttributes: string[]): Promise<AuditResult> {
  return runAudit({ source: { kind: 'file', path: fixture(file) }, policy: parsePolicy({ protected: protectedAttributes }) });
}

/** An audit of a few in-memory records: for the shapes the pilot does not have (one stage, no score). */
export function recordsResult(records: readonly Record<string, unknown>[], policy: Partial<PolicyInput>, name = 'records'): Promise<AuditResult> {
  return runAudit({ source: { kind: 'records', records, name }, policy: parsePolicy(policy) });
}

/** n candidates of one group with `selected` of them selected, as records. */
export function groupRecords(extra: Record<string, unknown>, n: number, selected: number): Record<string, unknown>[] {
  return Array.from({ length: n }, (_, i) => ({ ...extra, selected: i < selected ? 1 : 0 }));
}
