import type { AuditResult, Finding } from '../../audit/contract/audit-result.js';
import { findingSubject, KIND_LABEL, STATUS_LABEL, STATUS_ORDER } from '../format.js';
import { escapeHtml, html } from './escape.js';
import { statusBadge } from './summary.js';

const evidenceValue = (v: number | string | null) => (v === null ? '–' : typeof v === 'number' ? String(Number(v.toPrecision(4))) : v);

function evidenceList(f: Finding): string {
  const entries = Object.entries(f.evidence);
  if (entries.length === 0) return '';
  return html`<details><summary>evidence</summary><dl class="evidence">${entries.map(([k, v]) => html`<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(evidenceValue(v))}</dd>`)}</dl></details>`;
}

function findingRow(f: Finding): string {
  return html`<tr>
<td>${statusBadge(f.status)}</td>
<td>${escapeHtml(findingSubject(f))}</td>
<td>${escapeHtml(f.message)}${evidenceList(f)}</td>
<td><strong>${escapeHtml(f.rule.id)}</strong><br>${escapeHtml(f.rule.source)}</td>
<td>${escapeHtml(f.rule.threshold)}</td>
<td>${escapeHtml(KIND_LABEL[f.rule.kind])}</td>
</tr>`;
}

/** Every finding, grouped by status (most severe first); passes start folded. */
export function findingsSection(result: AuditResult): string {
  const groups = STATUS_ORDER.map((status) => ({ status, list: result.findings.filter((f) => f.status === status) })).filter((g) => g.list.length);
  return html`<section id="findings">
<h2>Findings by status</h2>
<p>Each finding names the rule it applies (requirement id and source), the threshold or decision rule, and whether that threshold is law, guidance, a professional standard or our convention.</p>
${groups.map(
  ({ status, list }) => html`<details${status === 'pass' ? '' : ' open'}><summary><h3 style="display:inline">${STATUS_LABEL[status]} (${list.length})</h3></summary>
<table><thead><tr><th>status</th><th>subject</th><th>finding</th><th>rule and source</th><th>threshold</th><th>basis</th></tr></thead>
<tbody>${list.map(findingRow)}</tbody></table></details>`,
)}
${groups.length ? '' : '<p>No findings.</p>'}
</section>`;
}
