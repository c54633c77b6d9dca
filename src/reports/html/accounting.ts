import type { AuditResult } from '../../audit/contract/audit-result.js';
import type { Words } from '../i18n/index.js';
import { exclusionReason } from '../markdown.js';
import { escapeHtml, html } from './escape.js';

/** Rows read = rows used + rows excluded (each reason counted), and the unknown-category counts per stage. */
export function accountingSection(result: AuditResult, w: Words): string {
  const { dataset } = result;
  const { t } = w;
  const a = dataset.accounting;
  const excluded = a.rowsRead - a.rowsUsed;
  const attributes = dataset.protectedAttributes;
  const stages = result.disparity?.stages ?? [];
  return html`<section id="data">
<h2>${t('html.accounting')}</h2>
<p>${t('html.source')} <code>${escapeHtml(dataset.source)}</code> (${escapeHtml(dataset.format)}), <code>${escapeHtml(dataset.hash)}</code>.</p>
<table><tbody>
<tr><th>${t('html.rowsRead')}</th><td class="num">${w.count(a.rowsRead)}</td></tr>
<tr><th>${t('html.rowsUsed')}</th><td class="num">${w.count(a.rowsUsed)}</td></tr>
<tr><th>${t('html.rowsExcluded')}</th><td class="num">${w.count(excluded)}</td></tr>
${a.excluded.map((e) => html`<tr><td>&nbsp;&nbsp;${escapeHtml(exclusionReason(e, w))} (<code>${escapeHtml(e.reason)}</code>)</td><td class="num">${w.count(e.rows)}</td></tr>`)}
<tr><th>${t('html.candidates')}</th><td class="num">${w.count(a.candidatesRead)} / ${w.count(a.candidatesUsed)}${dataset.weighted ? ` ${t('html.viaCount')}` : ''}</td></tr>
</tbody></table>
<p>${t('html.identity', { read: w.count(a.rowsRead), used: w.count(a.rowsUsed), excluded: w.count(excluded) })}</p>
${
  stages.length && attributes.length
    ? html`<h3>${t('html.unknownValues')}</h3>
<p>${t('html.unknownIntro')}</p>
<table><thead><tr><th>${t('col.stage')}</th><th class="num">${t('html.col.candidates')}</th>${attributes.map((x) => html`<th class="num">${escapeHtml(t('html.col.unknown', { attribute: x }))}</th>`)}</tr></thead>
<tbody>${stages.map((s) => html`<tr><td>${escapeHtml(w.stageText(s.tool, s.stage))}</td><td class="num">${w.count(s.n)}</td>${attributes.map((x) => html`<td class="num">${w.count(s.unknown[x] ?? 0)}</td>`)}</tr>`)}</tbody></table>`
    : ''
}
</section>`;
}
