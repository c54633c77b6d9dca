import type { AuditResult } from '../../audit/contract/audit-result.js';
import type { Words } from '../i18n/index.js';
import { statisticsTables } from '../statistics-tables.js';
import { escapeHtml, html } from './escape.js';

/** Cells that hold a number (or a number with its interval) are right-aligned. */
const numeric = (s: string) => /^[-<(]?[\d.]/.test(s) || s === '–';

/**
 * The "Statistics" section of the HTML report: the same tables as the Markdown summary
 * (statistics-tables.ts), each with its note. Reads only the AuditResult.
 */
export function statisticsSection(result: AuditResult, w: Words): string {
  const tables = statisticsTables(result, w);
  if (tables.length === 0) return '';
  return html`<section id="statistics">
<h2>${w.t('stats.heading')}</h2>
${tables.map(
  (t) => html`<h3>${escapeHtml(t.title)}</h3>
<p class="note">${escapeHtml(t.note)}</p>
<div class="scroll" tabindex="0" role="region" aria-label="${escapeHtml(t.title)}"><table><thead><tr>${t.header.map((h) => html`<th scope="col">${escapeHtml(h)}</th>`)}</tr></thead>
<tbody>${t.rows.map((r) => html`<tr>${r.map((c) => html`<td${numeric(c) ? ' class="num"' : ''}>${escapeHtml(c)}</td>`)}</tr>`)}</tbody></table></div>
`,
)}
</section>`;
}
