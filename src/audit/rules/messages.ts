import type { Finding } from '../contract/audit-result.js';

/**
 * The only prose in src/audit: finding code + evidence -> one plain sentence for a recruiter.
 * Wording follows fairlearn's guide: "adverse impact indicated", "insufficient evidence";
 * never "fair" or "unbiased". Tests assert codes and numbers, not these sentences.
 */
type Evidence = Finding['evidence'];
type Subject = Finding['subject'];

const pct = (x: unknown) => (typeof x === 'number' ? `${(x * 100).toFixed(1)}%` : 'n/a');
const num = (x: unknown, digits = 2) => (typeof x === 'number' ? x.toFixed(digits) : 'n/a');
const pval = (x: unknown) => (typeof x === 'number' ? (x < 0.0001 ? '< 0.0001' : x.toFixed(4)) : 'n/a');
export const groupText = (g: Record<string, string> | null) =>
  g === null ? 'no group' : Object.entries(g).map(([k, v]) => `${k}=${v}`).join(' × ');
const where = (s: Subject) => [s.tool ? `tool ${s.tool}` : null, s.stage ? `stage ${s.stage}` : null].filter(Boolean).join(', ');

const templates: Record<string, (e: Evidence, s: Subject, status: Finding['status']) => string> = {
  'disparity.selection_rate': (e, s, status) => {
    const base = `At ${where(s)}, ${groupText(s.groups)} was selected at ${pct(e['rate'])} against ${pct(e['reference_rate'])} for ${groupText(s.reference)} (impact ratio ${num(e['impact_ratio'])}, Holm-adjusted p ${pval(e['holm_p'])}, n = ${e['n']}).`;
    if (status === 'fail') return `${base} Adverse impact indicated: both the four-fifths rule and the significance test are triggered. This is a screening signal, not a legal conclusion; under Dutch/EU law it calls for an objective justification of the tool.`;
    if (status === 'warn') return `${base} One of the two screening signals is triggered; review with the vendor.`;
    if (status === 'insufficient_evidence') return `${base} Insufficient evidence: too few candidates to judge; never read this as a pass.`;
    return base;
  },
  'disparity.selection_rate.pass': (e, s) =>
    `At ${where(s)}, no adverse impact indicated by ${e['attributes']}: the lowest impact ratio is ${num(e['min_impact_ratio'])} (${e['min_group']}) and no comparison is significant after Holm adjustment.`,
  'disparity.scoring_rate': (e, s, status) => {
    const base = `At ${where(s)}, ${pct(e['scoring_rate'])} of ${groupText(s.groups)} scored above the stage median against ${pct(e['reference_scoring_rate'])} of ${groupText(s.reference)} (scoring-rate impact ratio ${num(e['impact_ratio'])}, Holm-adjusted p ${pval(e['holm_p'])}, standardized mean difference ${num(e['smd'])}).`;
    if (status === 'insufficient_evidence') return `${base} Insufficient evidence: too few scored candidates.`;
    return status === 'fail' ? `${base} Adverse impact in the scores indicated.` : `${base} One screening signal is triggered.`;
  },
  'disparity.scoring_rate.pass': (e, s) =>
    `At ${where(s)}, scoring rates by ${e['attributes']} show no adverse impact indicated: lowest scoring-rate impact ratio ${num(e['min_impact_ratio'])} (${e['min_group']}).`,
  'disparity.bottom_line': (e, s, status) => {
    const base = `Over the whole funnel, ${groupText(s.groups)} passed every stage at ${pct(e['cumulative_rate'])} against ${pct(e['reference_cumulative_rate'])} for ${groupText(s.reference)} (bottom-line impact ratio ${num(e['impact_ratio'])}).`;
    if (status === 'insufficient_evidence') return `${base} Insufficient evidence: fewer than ${e['min_group_size']} candidates entered the funnel.`;
    return status === 'warn' ? `${base} The bottom line is below four-fifths (UGESP 1607.4(C) asks for each stage and the total process).` : base;
  },
  'disparity.bottom_line.pass': (e) => `Over the whole funnel, bottom-line impact ratios by ${e['attributes']} are all at least ${num(e['threshold'])} (lowest ${num(e['min_impact_ratio'])}, ${e['min_group']}).`,
  'disparity.pooled_across_stages': (e, s, status) => {
    const base = `Pooling the stages (Cochran–Mantel–Haenszel), ${groupText(s.groups)} had ${num(e['odds_ratio'])} times the odds of being selected of ${groupText(s.reference)} at the same stage (p ${pval(e['p'])}).`;
    const hetero = typeof e['breslow_day_p'] === 'number' && e['breslow_day_p'] < 0.05 ? ' The odds ratio differs between stages (Breslow–Day), so read the stage rows rather than the pooled figure.' : '';
    return status === 'warn' ? `${base} A consistent disadvantage across stages is indicated.${hetero}` : `${base}${hetero}`;
  },
  'disparity.no_protected_attributes': () =>
    'No protected attributes were named, so group disparity could not be assessed. Name them with --protected or in the policy.',
};

export function messageFor(code: string, evidence: Evidence, subject: Subject, status: Finding['status']): string {
  const t = templates[status === 'pass' && templates[`${code}.pass`] ? `${code}.pass` : code];
  if (!t) throw new Error(`no message template for finding code ${code}`);
  return t(evidence, subject, status);
}
