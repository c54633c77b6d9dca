import type { Finding, FindingStatus } from '../audit/contract/audit-result.js';
import type { SourceKind } from '../audit/contract/policy.js';

/** Number and label formatting shared by every report, so all outputs say the same thing the same way. */

export const STATUS_LABEL: Record<FindingStatus, string> = {
  fail: 'FAIL',
  warn: 'WARN',
  insufficient_evidence: 'INSUFFICIENT EVIDENCE',
  not_assessed: 'NOT ASSESSED',
  pass: 'PASS',
};

/** Most severe first: the order findings are listed in (the contract's one severity order). */
export { STATUS_SEVERITY as STATUS_ORDER } from '../audit/contract/audit-result.js';

/** Plain words for the status tags of requirements.md: is this threshold law or our convention? */
export const KIND_LABEL: Record<SourceKind, string> = {
  law: 'law',
  'law-NYC': 'law (New York City)',
  guidance: 'guidance',
  'guidance-US': 'guidance (US)',
  professional: 'professional standard',
  convention: 'our convention',
};

export const pct = (x: number | null, digits = 1) => (x === null ? '–' : `${(x * 100).toFixed(digits)}%`);
export const fix = (x: number | null, digits = 2) => (x === null ? '–' : x.toFixed(digits));
/** A p-value: four decimals, below 0.0001 in scientific notation (3.3e-22) so a tiny p keeps its size; never 0. */
export const pValue = (x: number | null) => (x === null ? '–' : x === 0 ? '<1e-300' : x < 0.0001 ? x.toExponential(1) : x.toFixed(4));
export const interval = (c: readonly [number, number] | null, f: (x: number) => string) => (c === null ? '–' : `${f(c[0])}–${f(c[1])}`);

/** {"gender":"female","ethnicity":"B"} -> "gender=female × ethnicity=B". */
export const groupText = (g: Record<string, string> | null) =>
  g === null ? '–' : Object.entries(g).map(([k, v]) => `${k}=${v}`).join(' × ');

/** "vendor_x / cv_screen", or just the stage when the data names no tool. */
export const stageText = (tool: string | null, stage: string) => (tool ? `${tool} / ${stage}` : stage);

/** A stable, readable subject for a finding: where, who, compared with whom. */
export function findingSubject(f: Finding): string {
  const { tool, stage, groups, reference } = f.subject;
  // A requirement verdict judges the whole audit: its title says what it is about.
  if (f.requirement && !tool && !stage && !groups) return f.requirement.title;
  const parts: string[] = [];
  if (tool) parts.push(tool);
  if (stage) parts.push(stage);
  const attributes = typeof f.evidence['attributes'] === 'string' ? f.evidence['attributes'] : null;
  if (groups) parts.push(groupText(groups));
  else if (attributes) parts.push(`${attributes} (all groups)`);
  const who = parts.join(' / ') || 'whole audit';
  return reference ? `${who} vs ${groupText(reference)}` : who;
}
