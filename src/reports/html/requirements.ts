import type { AuditResult, Finding } from '../../audit/contract/audit-result.js';
import { STATUS_ORDER } from '../format.js';
import type { Words } from '../i18n/index.js';
import { escapeHtml, html } from './escape.js';
import { statusBadge } from './summary.js';

/** Requirement verdicts (findings with a `requirement`), one table per rule set and edition. */
export function requirementsSection(result: AuditResult, w: Words): string {
  const verdicts = result.findings.filter((f): f is Finding & { requirement: NonNullable<Finding['requirement']> } => f.requirement !== undefined);
  if (verdicts.length === 0) return '';
  const { t } = w;
  const sets = [...new Set(verdicts.map((f) => f.requirement.set))];
  return html`<section id="requirements">
<h2>${t('html.requirements')}</h2>
<p>${t('html.requirementsIntro')}</p>
${sets.map((set) => {
  const list = verdicts.filter((f) => f.requirement.set === set);
  const head = list[0]!.requirement;
  const counts = STATUS_ORDER.filter((s) => list.some((f) => f.status === s)).map((s) => html`${statusBadge(s, w)} ${w.count(list.filter((f) => f.status === s).length)} `);
  return html`<h3>${escapeHtml(head.set_name)}</h3>
<p><small>${escapeHtml(head.edition)}</small><br>${counts}</p>
<table><thead><tr><th>${t('html.col.requirement')}</th><th>${t('html.col.status')}</th><th>${t('col.verdict')}</th><th>${t('html.col.sourceThreshold')}</th><th>${t('html.col.basis')}</th></tr></thead><tbody>
${list.map(
  (f) => html`<tr><td><strong>${escapeHtml(f.rule.id)}</strong><br>${escapeHtml(f.requirement.title)}</td><td>${statusBadge(f.status, w)}</td><td>${escapeHtml(f.message)}</td>
<td>${escapeHtml(f.rule.source)}<br><em>${escapeHtml(f.rule.threshold)}</em></td><td>${escapeHtml(w.kind(f.rule.kind))}</td></tr>`,
)}
</tbody></table>`;
})}
</section>`;
}
