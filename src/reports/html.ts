import type { AuditResult } from '../audit/contract/audit-result.js';
import { buildCharts, type Chart } from './charts/index.js';
import { accountingSection } from './html/accounting.js';
import { vegaScripts } from './html/assets.js';
import { chartsBoot, chartsSection } from './html/charts.js';
import { escapeHtml, html } from './html/escape.js';
import { findingsSection } from './html/findings.js';
import { methodSection } from './html/method.js';
import { requirementsSection } from './html/requirements.js';
import { statisticsSection } from './html/statistics.js';
import { STYLE } from './html/style.js';
import { summarySection } from './html/summary.js';

/**
 * The HTML report: one self-contained file (styles, chart specs and the Vega, Vega-Lite and
 * vega-embed builds inline), so it opens offline and makes no network request. Deterministic:
 * the same AuditResult gives the same bytes. Reads only the AuditResult.
 */
export function renderHtml(result: AuditResult, charts: readonly Chart[] = buildCharts(result)): string {
  const title = `hireaudit report: ${result.dataset.source}`;
  const statistics = statisticsSection(result);
  return html`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="hireaudit ${escapeHtml(result.generator.version)}">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
${vegaScripts().map((s) => html`<script>${s}</script>\n`)}
</head>
<body>
<header><h1>${escapeHtml(title)}</h1>
<nav><a href="#summary">Summary</a> · ${result.findings.some((f) => f.requirement) ? '<a href="#requirements">Requirements</a> · ' : ''}<a href="#findings">Findings</a> · <a href="#charts">Charts</a> · ${statistics ? '<a href="#statistics">Statistics</a> · ' : ''}<a href="#data">Data</a> · <a href="#method">Method</a></nav></header>
<main>
${summarySection(result)}
${requirementsSection(result)}
${findingsSection(result)}
${chartsSection(charts)}
${statistics}
${accountingSection(result)}
${methodSection(result)}
</main>
<footer>hireaudit ${escapeHtml(result.generator.version)}, AuditResult schema ${escapeHtml(result.schemaVersion)}; dataset ${escapeHtml(result.dataset.hash)}.</footer>
${chartsBoot(charts)}
</body>
</html>
`;
}
