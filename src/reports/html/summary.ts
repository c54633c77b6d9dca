import type { AuditResult, FindingStatus } from '../../audit/contract/audit-result.js';
import { STATUS_ORDER } from '../format.js';
import type { Words } from '../i18n/index.js';
import { escapeHtml, html } from './escape.js';

/** How many findings the executive summary names. */
const TOP_FINDINGS = 5;

export const statusBadge = (s: FindingStatus, w: Words) => html`<span class="status ${s}">${escapeHtml(w.status(s))}</span>`;

/** Overall status, counts per status, the most severe findings, and what the verdicts do and do not mean. */
export function summarySection(result: AuditResult, w: Words): string {
  const { summary, findings, dataset } = result;
  const { t } = w;
  const counts = STATUS_ORDER.filter((s) => summary.counts[s]).map((s) => html`<li>${statusBadge(s, w)} ${w.count(summary.counts[s])}</li>`);
  // Requirement verdicts answer "may we use this tool?", so they lead; metric findings fill up.
  const bySeverity = STATUS_ORDER.filter((s) => s !== 'pass').flatMap((s) => findings.filter((f) => f.status === s));
  const top = [...bySeverity.filter((f) => f.requirement), ...bySeverity.filter((f) => !f.requirement)].slice(0, TOP_FINDINGS);
  const stages = result.disparity?.stages ?? [];
  const across = stages.length ? ` ${t('html.acrossStages', { n: w.count(stages.length) })}` : '';
  return html`<section id="summary">
<h2>${t('html.summary')}</h2>
<p class="overall">${t('html.overall')} ${statusBadge(summary.status, w)} — ${t('html.findingsOnRows', { findings: w.count(findings.length), rows: w.count(dataset.accounting.rowsUsed) })}${across}.</p>
<ul class="counts">${counts}</ul>
${top.length ? html`<h3>${t('html.attentionFirst')}</h3><ol>${top.map((f) => html`<li>${statusBadge(f.status, w)} <strong>${escapeHtml(w.subject(f))}</strong>: ${escapeHtml(f.message)} <em>[${escapeHtml(f.rule.id)}]</em></li>`)}</ol>` : html`<p>${t('html.nothingNeedsAttention')}</p>`}
<p class="note">${t('html.screeningNote')}</p>
</section>`;
}
