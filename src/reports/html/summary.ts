import type { AuditResult, FindingStatus } from '../../audit/contract/audit-result.js';
import { findingSubject, STATUS_LABEL, STATUS_ORDER } from '../format.js';
import { escapeHtml, html } from './escape.js';

/** How many findings the executive summary names. */
const TOP_FINDINGS = 5;

export const statusBadge = (s: FindingStatus) => html`<span class="status ${s}">${STATUS_LABEL[s]}</span>`;

/** Overall status, counts per status, the most severe findings, and what the verdicts do and do not mean. */
export function summarySection(result: AuditResult): string {
  const { summary, findings, dataset } = result;
  const counts = STATUS_ORDER.filter((s) => summary.counts[s]).map((s) => html`<li>${statusBadge(s)} ${summary.counts[s]}</li>`);
  // Requirement verdicts answer "may we use this tool?", so they lead; metric findings fill up.
  const bySeverity = STATUS_ORDER.filter((s) => s !== 'pass').flatMap((s) => findings.filter((f) => f.status === s));
  const top = [...bySeverity.filter((f) => f.requirement), ...bySeverity.filter((f) => !f.requirement)].slice(0, TOP_FINDINGS);
  const stages = result.disparity?.stages ?? [];
  return html`<section id="summary">
<h2>Executive summary</h2>
<p class="overall">Overall: ${statusBadge(summary.status)} — ${findings.length} findings on ${dataset.accounting.rowsUsed} rows${stages.length ? ` across ${stages.length} stage(s)` : ''}.</p>
<ul class="counts">${counts}</ul>
${top.length ? html`<h3>What needs attention first</h3><ol>${top.map((f) => html`<li>${statusBadge(f.status)} <strong>${escapeHtml(findingSubject(f))}</strong>: ${escapeHtml(f.message)} <em>[${escapeHtml(f.rule.id)}]</em></li>`)}</ol>` : '<p>No finding needs attention.</p>'}
<p class="note">Impact ratios and p-values are screening signals (the UGESP four-fifths rule; significance after Holm adjustment). Dutch and EU equal-treatment law sets no numeric threshold for indirect discrimination, so a flag calls for an objective justification of the tool, not a legal conclusion.</p>
</section>`;
}
