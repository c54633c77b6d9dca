import { type AuditResult, type Finding, type FindingStatus, STATUS_SEVERITY } from '../../contract/audit-result.js';
import type { Declarations } from '../../contract/declarations.js';
import type { Policy, SourceKind } from '../../contract/policy.js';

/**
 * Requirement rules: each reads metric findings, sections of the AuditResult and the policy's
 * declarations and gives one verdict with its evidence, the source article, the threshold and
 * whether that threshold is law or our convention. Rule sets are versioned data (edition, dates)
 * in one module per source; the only prose is in ../messages.ts.
 */
export type SetId = Policy['requirementSets'][number];

export interface RuleContext {
  /** The audit so far: metric sections and the metric findings (requirement findings not yet added). */
  result: Omit<AuditResult, 'summary'>;
  declarations: Declarations;
  /** ISO date the audit speaks for. */
  auditDate: string;
  set: RuleSet;
}

export interface Outcome {
  status: FindingStatus;
  /** Key of the sentence in messages.ts explaining why (e.g. 'declared_no'). */
  reason: string;
  evidence?: Finding['evidence'];
  /** Overrides the rule's threshold text when the outcome used a different one. */
  threshold?: string;
}

export interface RequirementRule {
  id: string;
  title: string;
  source: string;
  threshold: string;
  kind: SourceKind;
  evaluate(ctx: RuleContext): Outcome;
}

export interface RuleSet {
  id: SetId;
  name: string;
  edition: string;
  /** Dates that decide which duties apply (ISO), e.g. when an obligation takes effect. */
  dates: Record<string, string>;
  note: string;
  rules: RequirementRule[];
}

// ---- helpers shared by the rule sets -------------------------------------------------------

/** Verdict from a yes/no declaration; a missing declaration is `not_assessed`, never a pass. */
export function fromDeclaration(
  value: boolean | undefined,
  key: keyof Declarations,
  whenTrue: FindingStatus,
  whenFalse: FindingStatus,
): Outcome {
  if (value === undefined) return { status: 'not_assessed', reason: 'not_declared', evidence: { declaration: key } };
  return {
    status: value ? whenTrue : whenFalse,
    reason: value ? 'declared_yes' : 'declared_no',
    evidence: { declaration: key, declared: String(value), verified: 'no (declared, not verified)' },
  };
}

function worst(statuses: readonly FindingStatus[]): FindingStatus | null {
  return STATUS_SEVERITY.find((s) => statuses.includes(s)) ?? null;
}

/** Metric findings whose code starts with one of the prefixes. */
export function findingsWith(ctx: RuleContext, ...prefixes: string[]): Finding[] {
  return ctx.result.findings.filter((f) => prefixes.some((p) => f.code === p || f.code.startsWith(`${p}.`)));
}

/** The worst status of the metric findings of these codes, as an outcome (or null when none exist). */
export function fromFindings(ctx: RuleContext, reasonWhenFound: string, ...prefixes: string[]): Outcome | null {
  const list = findingsWith(ctx, ...prefixes);
  const status = worst(list.map((f) => f.status));
  if (status === null) return null;
  const counted = Object.fromEntries(STATUS_SEVERITY.map((s) => [s, list.filter((f) => f.status === s).length]));
  return { status, reason: reasonWhenFound, evidence: { findings: list.length, ...counted } };
}

/** A duty that applies only from a date: before it, a fail is reported as warn ("applies from …"). */
export function beforeDate(ctx: RuleContext, dateKey: string, outcome: Outcome): Outcome {
  const from = ctx.set.dates[dateKey];
  if (from === undefined) throw new Error(`rule set ${ctx.set.id} has no date ${dateKey}`);
  if (ctx.auditDate >= from || outcome.status !== 'fail') return outcome;
  return { ...outcome, status: 'warn', reason: `${outcome.reason}.before_effect`, evidence: { ...outcome.evidence, applies_from: from } };
}
