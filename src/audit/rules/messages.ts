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

/** Why a requirement got its status: one clause per outcome reason of the rule sets. */
const REASONS: Record<string, string> = {
  declared_yes: 'declared by the vendor or employer (not verified by this audit)',
  declared_no: 'declared as not done',
  not_declared: 'needs a declaration in the policy file; nothing in the data can show it',
  partly_declared: 'only partly declared',
  no_metrics: 'the data hold no metric for it',
  proxy_or_disparity: 'from the disparity and proxy measurements',
  unequal_chances_signal: 'unequal selection or proxy signals call for a check that only job-relevant information is used',
  no_signal: 'no unequal-chances signal in the measurements',
  validity_measured: 'from the criterion validity measured in the data',
  validity_declared_only: 'a validation study is declared but no criterion data were supplied to check it',
  no_validity_evidence: 'no validity evidence: no criterion in the data and no declared validation study',
  retention_too_long: 'data are kept longer than 4 weeks after rejection without consent',
  retention_reconsent: 'data kept with consent longer than a year need renewed consent',
  retention_ok: 'retention within the code',
  indirect_distinction_signal: 'screening signals of indirect distinction; Dutch law sets no threshold, so a flag asks for objective justification',
  automation_measured: 'from the share of rejections without human review',
  automated_with_basis: 'rejections without review occur but an art. 22(2) basis with safeguards is declared',
  needs_review_columns: 'needs reviewed_by_human (and review_seconds, reviewer_id, human_override) in the data, or a declaration',
  review_quality: 'from the rubber-stamp signals of the reviews',
  proxy_probe: 'from the proxy probe (traits predicting a protected attribute)',
  information_incomplete: 'candidates are not fully informed, or not every rejected candidate can get an explanation',
  dpia_done: 'a DPIA is declared before the audit date',
  dpia_after_audit: 'the declared DPIA date is after the audit date',
  uavg40_misused: 'UAVG art. 40 does not cover profiling by a private employer',
  uavg40_not_relied_on: 'UAVG art. 40 is not relied on',
  high_risk: 'recruitment tools are high-risk AI systems; the Annex III duties below apply from their date',
  claims_no_profiling: 'declared as not profiling persons, which recruitment scoring rarely is',
  bias_examination: 'from the benchmark representation and similar-to-me measurements',
  needs_benchmark: 'needs role=benchmark rows and trait_* columns',
  logs_too_short: 'logs are kept for less than six months',
  oversight_measured: 'from the rubber-stamp signals of the reviews',
  robustness_measured: 'from the reliability, drift and perturbation measurements',
  needs_retest_or_periods: 'needs attempt, decided_at or variant_of data',
  deployer_duty_missing: 'a deployer duty is declared as not met',
  fria_not_required: 'a private employer: no FRIA duty',
  explanation_incomplete: 'not every affected candidate can get an explanation',
  adverse_impact: 'from the selection-rate comparisons',
  needs_protected_attributes: 'needs protected attributes',
  bottom_line: 'from the whole-funnel comparison',
  needs_several_stages: 'needs more than one stage',
  no_adverse_impact: 'no adverse impact was found',
  needs_score: 'needs a score column to look for a cut score with less adverse impact',
  alternative_cut_exists: 'a cut score exists at which every group reaches four-fifths: examine it as an alternative',
  no_alternative_cut: 'no cut score reaches four-fifths for every group',
  reported: 'rates and impact ratios are reported, including intersections',
  no_intersections: 'intersectional categories are missing',
  small_groups_listed: 'groups under the small-group share are listed',
  unknown_reported: 'unknown-category counts are reported',
  summary_complete: 'the public summary can be produced',
};

const STATUS_PHRASE: Record<Finding['status'], string> = {
  pass: 'met',
  warn: 'needs attention',
  fail: 'not met',
  insufficient_evidence: 'insufficient evidence',
  not_assessed: 'not assessed',
};

export function requirementMessage(title: string, status: Finding['status'], reason: string, evidence: Evidence): string {
  const beforeEffect = reason.endsWith('.before_effect');
  const key = beforeEffect ? reason.slice(0, -'.before_effect'.length) : reason;
  const why = REASONS[key];
  if (why === undefined) throw new Error(`no message for requirement reason ${key}`);
  const when = beforeEffect ? ` This duty applies from ${evidence['applies_from']}; until then it is a warning.` : '';
  return `${title}: ${STATUS_PHRASE[status]} — ${why}.${when}`;
}
