import type { AuditResult } from '../../audit/contract/audit-result.js';
import type { Words } from '../i18n/index.js';
import { decimals } from '../markdown.js';
import { escapeHtml, html } from './escape.js';

/** Where a threshold's default comes from, in the report's language (the result keeps the English text). */
function thresholdSource(name: string, english: string, w: Words): string {
  const key = `thresholdSource.${name}`;
  return w.lang !== 'en' && w.has(key) ? w.t(key) : english;
}

/** How the verdicts were reached, with the applied thresholds and where each comes from. */
export function methodSection(result: AuditResult, w: Words): string {
  const { policy } = result;
  const { t } = w;
  const ir = w.fix(policy.thresholds.impactRatio, decimals(policy.thresholds.impactRatio));
  const alpha = w.fix(policy.alpha, decimals(policy.alpha));
  const notes = [
    t('html.method.moments'),
    ...(result.validity ? [t('html.method.validity')] : []),
    ...(result.automation ? [t('html.method.automation')] : []),
  ].join('; ');
  return html`<section id="method">
<h2>${t('html.method')}</h2>
<h3>${t('html.method.verdicts')}</h3>
<ul>
<li>${t('html.method.fail', { ir, alpha })}</li>
<li>${t('html.method.warn')}</li>
<li>${t('html.method.insufficient', { min: w.count(policy.minGroupSize) })}</li>
<li>${t('html.method.pass')}</li>
</ul>
<p>${t('html.method.intervals', { reference: policy.reference.rule === 'named' ? t('html.method.namedReference') : t('html.method.highestReference'), scoring: t(policy.conventions?.scoringRate === 'at_or_above_median' ? 'html.method.scoringAtOrAbove' : 'html.method.scoringAbove') })}</p>
<p class="note">${t('html.method.law')}</p>
<p>${notes}.</p>
<h3>${t('html.method.thresholds')}</h3>
<table><thead><tr><th>${t('html.col.thresholdName')}</th><th class="num">${t('html.col.default')}</th><th>${t('html.col.source')}</th><th>${t('html.col.basis')}</th></tr></thead><tbody>
${Object.entries(result.thresholdSources).map(([k, s]) => html`<tr><td><code>${escapeHtml(k)}</code></td><td class="num">${w.lang === 'en' ? s.value : w.fix(s.value, decimals(s.value))}</td><td>${escapeHtml(thresholdSource(k, s.source, w))}</td><td>${escapeHtml(w.kind(s.kind))}</td></tr>`)}
</tbody></table>
</section>`;
}
