import type { Chart } from '../charts/index.js';
import type { Words } from '../i18n/index.js';
import { escapeHtml, html, jsonForScript } from './escape.js';

/** Figures under one heading per stage; each container is filled by vega-embed as an inline SVG. */
export function chartsSection(charts: readonly Chart[], w: Words): string {
  if (charts.length === 0) return '';
  const groups = [...new Set(charts.map((c) => c.group))];
  return html`<section id="charts">
<h2>${w.t('html.charts')}</h2>
<p>${w.t('html.chartsIntro')}</p>
${groups.map(
  (group) => html`<h3>${escapeHtml(group)}</h3><div class="charts">${charts.map((c, i) =>
    c.group !== group
      ? ''
      : html`<figure id="figure-${c.id}">${chartFigure(c, i, w)}</figure>`,
  )}</div>`,
)}
</section>`;
}

/** One chart's container and its text alternative. */
const chartFigure = (c: Chart, i: number, w: Words) =>
  html`<div class="chart" id="chart-${i}" data-chart="${escapeHtml(c.id)}"></div>
<figcaption><details><summary>${w.t('html.textDescription')}</summary>${escapeHtml(c.description)}</details></figcaption>`;

/** The specs as one JSON block, and the few lines that hand each to vega-embed. */
export function chartsBoot(charts: readonly Chart[], w: Words): string {
  if (charts.length === 0) return '';
  return html`<script type="application/json" id="hireaudit-specs">${jsonForScript(charts.map((c) => c.spec))}</script>
<script>
(function () {
  var specs = JSON.parse(document.getElementById('hireaudit-specs').textContent);
  specs.forEach(function (spec, i) {
    var el = document.getElementById('chart-' + i);
    vegaEmbed(el, spec, { actions: false, renderer: 'svg' }).catch(function (e) {
      el.textContent = ${JSON.stringify(w.t('html.chartFailed'))} + e.message;
      console.error(e);
    });
  });
})();
</script>`;
}
