import type { AuditResult, Finding } from '../../audit/contract/audit-result.js';
import { shownEvidence, STATUS_ORDER } from '../format.js';
import type { Words } from '../i18n/index.js';
import { escapeHtml, html } from './escape.js';
import { statusBadge } from './summary.js';

function evidenceList(f: Finding, w: Words): string {
  const entries = shownEvidence(f, w);
  if (entries.length === 0) return '';
  const value = (v: number | string | null) => (v === null ? '–' : typeof v === 'number' ? (w.lang === 'en' ? String(Number(v.toPrecision(4))) : String(Number(v.toPrecision(4))).replace('.', ',')) : v);
  return html`<details><summary>${w.t('html.evidence')}</summary><dl class="evidence">${entries.map(([k, v]) => html`<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(value(v))}</dd>`)}</dl></details>`;
}

function findingRow(f: Finding, w: Words): string {
  return html`<tr>
<td>${statusBadge(f.status, w)}</td>
<td>${escapeHtml(w.subject(f))}</td>
<td>${escapeHtml(f.message)}${evidenceList(f, w)}</td>
<td><strong>${escapeHtml(f.rule.id)}</strong><br>${escapeHtml(f.rule.source)}</td>
<td>${escapeHtml(f.rule.threshold)}</td>
<td>${escapeHtml(w.kind(f.rule.kind))}</td>
</tr>`;
}

/** Every finding, grouped by status (most severe first); passes start folded. */
export function findingsSection(result: AuditResult, w: Words): string {
  const { t } = w;
  const groups = STATUS_ORDER.map((status) => ({ status, list: result.findings.filter((f) => f.status === status) })).filter((g) => g.list.length);
  return html`<section id="findings">
<h2>${t('html.findings')}</h2>
<p>${t('html.findingsIntro')}</p>
${groups.map(
  ({ status, list }) => html`<details${status === 'pass' ? '' : ' open'}><summary><h3 style="display:inline">${escapeHtml(w.status(status))} (${w.count(list.length)})</h3></summary>
<table><thead><tr><th>${t('html.col.status')}</th><th>${t('html.col.subject')}</th><th>${t('html.col.finding')}</th><th>${t('html.col.ruleSource')}</th><th>${t('html.col.threshold')}</th><th>${t('html.col.basis')}</th></tr></thead>
<tbody>${list.map((f) => findingRow(f, w))}</tbody></table></details>`,
)}
${groups.length ? '' : html`<p>${t('html.noFindings')}</p>`}
</section>`;
}
