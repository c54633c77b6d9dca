import type { AuditResult } from '../audit/contract/audit-result.js';
import { buildCharts, type Chart } from './charts/index.js';
import { accountingSection } from './html/accounting.js';
import { chartsBoot, chartsSection } from './html/charts.js';
import { escapeHtml, html } from './html/escape.js';
import { findingsSection } from './html/findings.js';
import { documentHead } from './html/head.js';
import { methodSection } from './html/method.js';
import { requirementsSection } from './html/requirements.js';
import { statisticsSection } from './html/statistics.js';
import { STYLE } from './html/style.js';
import { summarySection } from './html/summary.js';
import { wordsFor } from './i18n/index.js';

/**
 * The HTML report: one self-contained file (styles, chart specs and the Vega, Vega-Lite and
 * vega-embed builds inline), so it opens offline and makes no network request. Deterministic:
 * the same AuditResult gives the same bytes. Reads only the AuditResult; written in its language.
 */
export function renderHtml(result: AuditResult, charts: readonly Chart[] = buildCharts(result)): string {
  const w = wordsFor(result);
  const { t } = w;
  const title = t('html.title', { source: result.dataset.source });
  const statistics = statisticsSection(result, w);
  return html`${documentHead({ lang: w.lang, title, version: result.generator.version, style: STYLE, charts: true })}
<body>
<header><h1>${escapeHtml(title)}</h1>
<nav><a href="#summary">${t('nav.summary')}</a> · ${result.findings.some((f) => f.requirement) ? html`<a href="#requirements">${t('nav.requirements')}</a> · ` : ''}<a href="#findings">${t('nav.findings')}</a> · <a href="#charts">${t('nav.charts')}</a> · ${statistics ? html`<a href="#statistics">${t('nav.statistics')}</a> · ` : ''}<a href="#data">${t('nav.data')}</a> · <a href="#method">${t('nav.method')}</a></nav></header>
<main>
${summarySection(result, w)}
${requirementsSection(result, w)}
${findingsSection(result, w)}
${chartsSection(charts, w)}
${statistics}
${accountingSection(result, w)}
${methodSection(result, w)}
</main>
<footer>${escapeHtml(t('html.footer', { version: result.generator.version, schema: result.schemaVersion, hash: result.dataset.hash }))}</footer>
${chartsBoot(charts, w)}
</body>
</html>
`;
}
