import type { AuditResult } from '../../audit/contract/audit-result.js';
import { KIND_LABEL } from '../format.js';
import { escapeHtml, html } from './escape.js';

/** How the verdicts were reached, with the applied thresholds and where each comes from. */
export function methodSection(result: AuditResult): string {
  const { policy } = result;
  const ir = policy.thresholds.impactRatio;
  return html`<section id="method">
<h2>Method notes</h2>
<h3>Verdict per comparison (requirements Q3, our convention)</h3>
<ul>
<li><strong>fail</strong>: impact ratio under ${ir} <em>and</em> Holm-adjusted Fisher exact p under ${policy.alpha};</li>
<li><strong>warn</strong>: exactly one of the two holds;</li>
<li><strong>insufficient evidence</strong>: the group has fewer than ${policy.minGroupSize} candidates or the test has too few expected counts — never a pass;</li>
<li><strong>pass</strong>: neither holds, with enough data.</li>
</ul>
<p>Selection rates carry Wilson 95% intervals; impact ratios compare each group with the reference group (${escapeHtml(policy.reference.rule === 'named' ? 'a named group' : 'the highest-rate group of at least the minimum size')}) and carry Katz log 95% intervals. p-values are adjusted by Holm over every comparison of the audit. With a score, the scoring rate is the share ${policy.conventions?.scoringRate === 'at_or_above_median' ? 'at or above the stage median (audit-ai; LL144 §5-300 counts only those above)' : 'above the stage median (LL144 §5-300)'}.</p>
<p class="note">The four-fifths rule (UGESP 29 CFR 1607.4(D)) is US guidance, and p-values are statistical screening signals. Under Dutch and EU law (AWGB art. 2; directives 2000/43, 2000/78, 2006/54) there is no numeric threshold for indirect discrimination: a flagged result asks the employer or vendor for an objective justification (a legitimate aim, appropriate and necessary means). It is not a legal conclusion.</p>
<p>The AuditResult keeps aggregates, not candidates, so some charts stand in for others: score distributions are kept as moments, so the charts show the mean ± 1 SD per group${result.validity ? '; individual scores and criteria are not kept, so validity is shown as the correlation per group rather than a scatter with regression lines' : ''}${result.automation ? '; review times are kept as quantiles (median, 10th percentile), not a histogram, so they are in the tables of the Markdown summary rather than drawn' : ''}.</p>
<h3>Thresholds and their sources</h3>
<table><thead><tr><th>threshold</th><th class="num">default</th><th>source</th><th>basis</th></tr></thead><tbody>
${Object.entries(result.thresholdSources).map(([k, t]) => html`<tr><td><code>${escapeHtml(k)}</code></td><td class="num">${t.value}</td><td>${escapeHtml(t.source)}</td><td>${escapeHtml(KIND_LABEL[t.kind])}</td></tr>`)}
</tbody></table>
</section>`;
}
