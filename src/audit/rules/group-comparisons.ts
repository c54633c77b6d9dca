import type { Finding } from '../contract/audit-result.js';
import { finding } from './messages.js';

/** A group's row in a comparison of coefficients against a reference group (validity r, retest r). */
export interface ComparedGroupRow {
  tool: string | null;
  stage: string;
  attribute: string;
  group: string;
  is_reference: boolean;
  holm_p: number | null;
  /** null for the reference and for groups not compared. */
  verdict: Finding['status'] | null;
}

/** Rows of one attribute at one stage (and tool), in first-seen order. */
export function byAttribute<T extends { tool: string | null; stage: string; attribute: string }>(rows: readonly T[]): T[][] {
  const keyOf = (r: T) => `${r.tool ?? ''}\u0000${r.stage}\u0000${r.attribute}`;
  const out = new Map<string, T[]>();
  for (const r of rows) out.set(keyOf(r), [...(out.get(keyOf(r)) ?? []), r]);
  return [...out.values()];
}

/**
 * Findings of group comparisons, per stage and attribute: one for every compared group that does
 * not pass (its own evidence), or one summarising pass naming the smallest Holm-adjusted p.
 */
export function groupComparisonFindings<T extends ComparedGroupRow>(
  rows: readonly T[],
  code: string,
  rule: Finding['rule'],
  evidence: { pass: (ref: T, compared: readonly T[], smallest: T) => Finding['evidence']; flagged: (row: T, ref: T) => Finding['evidence'] },
): Finding[] {
  const judged = (status: Finding['status'], subject: Finding['subject'], e: Finding['evidence']): Finding => finding(code, status, subject, e, rule);
  return byAttribute(rows).flatMap((group) => {
    const ref = group.find((r) => r.is_reference);
    const compared = group.filter((r) => r.verdict !== null);
    if (!ref || compared.length === 0) return [];
    const subject = (r: T | null): Finding['subject'] => ({
      tool: ref.tool,
      stage: ref.stage,
      groups: r ? { [r.attribute]: r.group } : null,
      reference: { [ref.attribute]: ref.group },
    });
    const flagged = compared.filter((r) => r.verdict !== 'pass');
    if (flagged.length === 0) {
      const smallest = [...compared].sort((a, b) => (a.holm_p ?? 1) - (b.holm_p ?? 1))[0]!;
      return [judged('pass', subject(null), evidence.pass(ref, compared, smallest))];
    }
    return flagged.map((r) => judged(r.verdict!, subject(r), evidence.flagged(r, ref)));
  });
}
