import type { AuditResult } from '../../audit/contract/audit-result.js';
import { stageText } from '../format.js';
import { escapeHtml, html } from './escape.js';

/** Rows read = rows used + rows excluded (each reason counted), and the unknown-category counts per stage. */
export function accountingSection(result: AuditResult): string {
  const { dataset } = result;
  const a = dataset.accounting;
  const excluded = a.rowsRead - a.rowsUsed;
  const attributes = dataset.protectedAttributes;
  const stages = result.disparity?.stages ?? [];
  return html`<section id="data">
<h2>Data accounting</h2>
<p>Source <code>${escapeHtml(dataset.source)}</code> (${escapeHtml(dataset.format)}), <code>${escapeHtml(dataset.hash)}</code>.</p>
<table><tbody>
<tr><th>rows read</th><td class="num">${a.rowsRead}</td></tr>
<tr><th>rows used</th><td class="num">${a.rowsUsed}</td></tr>
<tr><th>rows excluded</th><td class="num">${excluded}</td></tr>
${a.excluded.map((e) => html`<tr><td>&nbsp;&nbsp;${escapeHtml(e.description)} (<code>${escapeHtml(e.reason)}</code>)</td><td class="num">${e.rows}</td></tr>`)}
<tr><th>candidates read / used</th><td class="num">${a.candidatesRead} / ${a.candidatesUsed}${dataset.weighted ? ' (via the count column)' : ''}</td></tr>
</tbody></table>
<p>Rows read = rows used + rows excluded: ${a.rowsRead} = ${a.rowsUsed} + ${excluded}.</p>
${
  stages.length && attributes.length
    ? html`<h3>Unknown protected-attribute values</h3>
<p>Candidates with an empty value are counted here and never compared (LL144 §5-301).</p>
<table><thead><tr><th>stage</th><th class="num">candidates</th>${attributes.map((x) => html`<th class="num">${escapeHtml(x)} unknown</th>`)}</tr></thead>
<tbody>${stages.map((s) => html`<tr><td>${escapeHtml(stageText(s.tool, s.stage))}</td><td class="num">${s.n}</td>${attributes.map((x) => html`<td class="num">${s.unknown[x] ?? 0}</td>`)}</tr>`)}</tbody></table>`
    : ''
}
</section>`;
}
