import type { FindingStatus } from '../../contract/audit-result.js';
import type { Evidence, Subject, Template } from './catalogue.js';

/**
 * The English sentences of the findings and requirement verdicts: finding code + evidence -> one
 * plain sentence for a recruiter. Wording follows fairlearn's guide: "adverse impact indicated",
 * "insufficient evidence"; never "fair" or "unbiased". Tests assert codes and numbers, not these
 * sentences. nl.ts has the same keys in Dutch (the compiler and tests/audit/rules/messages.test.ts
 * check that). Numbers are written as results before schema 1.5 wrote them, so English results
 * stay byte for byte the same: toFixed, no thousands separator, "n/a" for a missing number.
 */
const pct = (x: unknown) => (typeof x === 'number' ? `${(x * 100).toFixed(1)}%` : 'n/a');
const num = (x: unknown, digits = 2) => (typeof x === 'number' ? x.toFixed(digits) : 'n/a');
const pval = (x: unknown) => (typeof x === 'number' ? (x < 0.0001 ? '< 0.0001' : x.toFixed(4)) : 'n/a');
/** A p-value that keeps its size when tiny: 3 significant digits in scientific notation below 0.0001, never 0. */
const pvalSci = (x: unknown) => (typeof x === 'number' ? (x === 0 ? '< 1e-300' : x < 0.0001 ? x.toExponential(2) : x.toFixed(4)) : 'n/a');
const groupText = (g: Record<string, string> | null) =>
  g === null ? 'no group' : Object.entries(g).map(([k, v]) => `${k}=${v}`).join(' × ');
const where = (s: Subject) => [s.tool ? `tool ${s.tool}` : null, s.stage ? `stage ${s.stage}` : null].filter(Boolean).join(', ');

/** A tpr or fpr comparison: who (qualified or not) was selected how often, against the reference. */
function errorRateMessage(who: string, what: string, e: Evidence, s: Subject, status: FindingStatus): string {
  const base = `At ${where(s)}, ${pct(e['rate'])} of the ${who} candidates of ${groupText(s.groups)} were ${what} against ${pct(e['reference_rate'])} for ${groupText(s.reference)} (ratio ${num(e['ratio'])}, Holm-adjusted p ${pvalSci(e['holm_p'])}, n = ${e['n']} with a criterion).`;
  if (status === 'fail') return `${base} Unequal error rates indicated: the ratio is under ${num(e['threshold'])} (a convention) and the gap is significant; ${who === 'qualified' ? 'qualified candidates of this group are rejected more often (equal opportunity)' : 'this group is held to a stricter standard (equalized odds)'}. A screening signal, not a legal conclusion.`;
  if (status === 'warn') return `${base} One of the two screening signals is triggered; review with the vendor.`;
  if (status === 'insufficient_evidence') return `${base} Insufficient evidence: too few candidates with a criterion to judge; never read this as a pass.`;
  return base;
}

const findings = {
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
  'disparity.pooled_across_strata': (e, s, status) => {
    const base = `At ${where(s)}, within each ${e['stratum_column']} (${e['strata']} strata, Cochran–Mantel–Haenszel${e['correction'] === 'uncorrected' ? ' without continuity correction' : ''}), ${groupText(s.groups)} had ${num(e['odds_ratio'])} times the odds of being selected of ${groupText(s.reference)} (95% CI ${num(e['odds_ratio_lower'])} to ${num(e['odds_ratio_upper'])}, p ${pvalSci(e['p'])}); pooled over the strata the impact ratio is ${num(e['pooled_impact_ratio'])}.`;
    const hetero = typeof e['breslow_day_p'] === 'number' && e['breslow_day_p'] < 0.05 ? ` The odds ratio differs between strata (Breslow–Day p ${pvalSci(e['breslow_day_p'])}), so read the strata rather than the common figure.` : '';
    const missing = typeof e['without_stratum'] === 'number' && e['without_stratum'] > 0 ? ` ${e['without_stratum']} candidates without a ${e['stratum_column']} are left out.` : '';
    return status === 'warn' ? `${base} A consistent disadvantage within ${e['stratum_column']}s is indicated.${hetero}${missing}` : `${base}${hetero}${missing}`;
  },
  'disparity.simpson_paradox': (e, s) =>
    `At ${where(s)}, Simpson's paradox: pooled over ${e['stratum_column']}s, ${groupText(s.groups)} was selected at ${num(e['pooled_impact_ratio'])} times the rate of ${groupText(s.reference)} (Fisher p ${pvalSci(e['pooled_fisher_p'])}), but within each ${e['stratum_column']} its odds of selection are ${num(e['odds_ratio'])} times theirs (Cochran–Mantel–Haenszel p ${pvalSci(e['p'])}). The two point in opposite directions: the groups applied to different ${e['stratum_column']}s in different proportions, so the pooled figure reflects where they applied more than how each ${e['stratum_column']} treated them. Read the strata before concluding.`,
  'disparity.stratum_selection_rate': (e, s, status) => {
    const base = `At ${where(s)}, within ${e['stratum']}, ${groupText(s.groups)} was selected at ${pct(e['rate'])} against ${pct(e['reference_rate'])} for ${groupText(s.reference)} (impact ratio ${num(e['impact_ratio'])}, Holm-adjusted p ${pvalSci(e['holm_p'])}, n = ${e['n']}).`;
    if (status === 'fail') return `${base} Adverse impact indicated within this stratum: both the four-fifths rule and the significance test are triggered (a screening signal, not a legal conclusion).`;
    if (status === 'warn') return `${base} One of the two screening signals is triggered within this stratum; review with the vendor.`;
    if (status === 'insufficient_evidence') return `${base} Insufficient evidence: too few candidates in this stratum to judge; never read this as a pass.`;
    return base;
  },
  'disparity.stratum_selection_rate.pass': (e, s) =>
    `At ${where(s)}, within ${e['stratum']}, no adverse impact indicated by ${e['attributes']}: the lowest impact ratio is ${num(e['min_impact_ratio'])} (${e['min_group']}) and no comparison is significant after Holm adjustment.`,
  'error_rates.tpr': (e, s, status) => errorRateMessage('qualified', 'selected', e, s, status),
  'error_rates.fpr': (e, s, status) => errorRateMessage('unqualified', 'selected', e, s, status),
  'error_rates.tpr.pass': (e, s) =>
    `At ${where(s)}, qualified candidates (criterion 1) of every ${e['attributes']} group were selected at rates at least ${num(e['threshold'])} of ${groupText(s.reference)}'s, or not significantly lower (lowest true-positive-rate ratio ${num(e['min_ratio'])}, ${e['min_group']}): no unequal opportunity indicated.`,
  'error_rates.fpr.pass': (e, s) =>
    `At ${where(s)}, unqualified candidates (criterion 0) of every ${e['attributes']} group were selected at rates at least ${num(e['threshold'])} of ${groupText(s.reference)}'s, or not significantly lower (lowest false-positive-rate ratio ${num(e['min_ratio'])}, ${e['min_group']}).`,
  'error_rates.undefined': (e, s) =>
    `At ${where(s)}, ${e['with_criterion']} of ${e['candidates']} candidates carry a 0/1 criterion (${e['selected_with_criterion']} selected, ${e['rejected_with_criterion']} rejected; ${e['qualified']} qualified, ${e['unqualified']} not), so only ${e['defined']} can be measured. True- and false-positive rates need rejected candidates followed up too (and both criterion values); until then whether qualified candidates of one group are rejected more often is insufficient evidence, never a pass.`,
  'disparity.reference_absent': (e) =>
    `The policy names ${e['attribute']}=${e['named_reference']} as the reference group, but no candidate has that value (values seen: ${e['values_seen']}). Every comparison by ${e['attribute']} is therefore insufficient evidence: correct the policy's reference or the data.`,
  'disparity.stage_absent': (e) =>
    `The policy lists stage ${e['stage']}, but no row has it (stages seen: ${e['stages_seen']}). The funnel is incomplete, so the bottom line cannot be judged for that stage: correct the policy's stages or the data.`,
  'disparity.attribute_looks_like_identifier': (e) =>
    `${e['attribute']} has ${e['distinct_values']} distinct values among ${e['candidates']} candidates at one stage: it looks like an identifier or free text rather than a group, so its comparisons are too small to judge. Map its values to groups with the policy's values, or choose another column.`,
  'disparity.no_protected_attributes': () =>
    'No protected attributes were named, so group disparity could not be assessed. Name them with --protected or in the policy.',
  'validity.criterion': (e, s, status) => {
    const corrected = typeof e['r_corrected_range'] === 'number' ? ` Corrected for range restriction (u = ${num(e['u'])}): r = ${num(e['r_corrected_range'])}, shown for information only.` : '';
    const base = `At ${where(s)}, the score and the criterion correlate r = ${num(e['r'])} (95% CI ${num(e['r_lower'])} to ${num(e['r_upper'])}, p ${pval(e['p'])}, n = ${e['n']} hired candidates with a criterion).${corrected}`;
    const band = `the observed r falls in the "${e['rating']}" band (COTAN-style bands are conventions)`;
    if (status === 'pass') return `${base} Validity shown: ${band} and the correlation is significant (UGESP 1607.14(B)(5)).`;
    if (status === 'warn') return `${base} Validity only partly shown: ${band}; the band and the significance test disagree.`;
    if (status === 'fail') return `${base} Validity not shown: ${band} and the correlation is not significantly positive.`;
    return `At ${where(s)}, only ${e['n']} candidates have both a score and a criterion value. Insufficient evidence on validity, never a pass: about ${e['n_needed']} are needed to detect r = ${e['target_r']} with power ${e['power']} (at least ${e['min_criterion_n']} to report one).`;
  },
  'validity.differential_validity': (e, s, status) => {
    const pair = `${groupText(s.groups)} (r = ${num(e['r'])}, n = ${e['n']}) and ${groupText(s.reference)} (r = ${num(e['reference_r'])}, n = ${e['reference_n']})`;
    if (status === 'warn') return `At ${where(s)}, the score predicts the criterion with different validity for ${pair} (Holm-adjusted p ${pval(e['holm_p'])}). Differential validity indicated: the score is a weaker predictor for the group with the lower r.`;
    return `At ${where(s)}, insufficient evidence to compare validity for ${pair}: about ${e['n_needed']} criterion rows per group are needed. Never read this as a pass.`;
  },
  'validity.differential_validity.pass': (e, s) =>
    `At ${where(s)}, validity by ${e['attribute']} shows no detectable difference from ${groupText(s.reference)} (r = ${num(e['reference_r'])}): ${e['groups_compared']} group(s) compared, smallest Holm-adjusted p ${pval(e['min_holm_p'])}.`,
  'validity.differential_prediction': (e, s, status) => {
    const g = groupText(s.groups);
    const ref = groupText(s.reference);
    if (status === 'insufficient_evidence') return `At ${where(s)}, insufficient evidence on differential prediction for ${g} against ${ref} (n = ${e['n']} and ${e['reference_n']}): ${typeof e['n_needed'] === 'number' ? `the tests could miss a relevant difference; about ${e['n_needed']} criterion rows are needed` : `fewer than ${e['min_criterion_n']} criterion rows in a group, or no score variance`}. Never read this as a pass.`;
    const under = e['underpredicted'];
    if (e['reading'] === 'slopes_differ') return `At ${where(s)}, the score relates to performance differently for ${g} than for ${ref} (slope difference ${num(e['slope_difference'], 3)} per score point, Holm-adjusted p ${pval(e['slope_difference_holm_p'])}); on average the common prediction under-predicts performance for ${groupText({ [Object.keys(s.groups ?? {})[0] ?? 'group']: String(under) })} (Cleary model).`;
    const size = `${num(Math.abs(Number(e['intercept_difference'])))} criterion points (${num(Math.abs(Number(e['intercept_difference_std'])))} SD) at equal scores, Holm-adjusted p ${pval(e['intercept_difference_holm_p'])}`;
    if (e['reading'] === 'underpredicts_group') return `At ${where(s)}, the score under-predicts performance for ${g}: at the same score, ${g} performs better than ${ref} by ${size}. The tool disadvantages ${g} (Cleary model).`;
    return `At ${where(s)}, the score over-predicts performance for ${g} and so under-predicts it for ${ref}: at the same score, ${ref} performs better by ${size}. The tool disadvantages ${ref} (Cleary model).`;
  },
  'validity.differential_prediction.pass': (e, s) =>
    `At ${where(s)}, the score predicts performance alike for every ${e['attribute']} group and ${groupText(s.reference)} (${e['groups_compared']} compared; largest standardized intercept difference ${num(e['max_abs_intercept_difference_std'])}, slope difference ${num(e['max_abs_slope_difference_std'])}); no differential prediction indicated.`,
  'validity.no_evidence': (e) => {
    const why = e['reason'] === 'no_score' ? 'the data has no score' : e['reason'] === 'no_criterion' ? 'the data has no criterion column (later job performance)' : 'no candidate has both a score and a criterion value';
    return `No validity evidence: ${why}, so whether the tool predicts job performance cannot be assessed. Insufficient evidence, never a pass: a criterion study needs about ${e['n_needed']} hired candidates with a performance measure to detect r = ${e['target_r']} with power ${e['power']}.`;
  },
  'automation.unreviewed_rejections': (e, s, status) => {
    const share = `${e['rejected_unreviewed']} of ${e['rejected_with_known_review']} rejections (${pct(e['arr'])}, 95% CI ${pct(e['arr_lower'])} to ${pct(e['arr_upper'])})`;
    if (status === 'fail') return `At ${where(s)}, ${share} were made by the tool with no person reviewing them. GDPR/AVG art. 22(1) forbids rejecting a candidate by a decision based solely on automated processing (recital 71 names e-recruiting without human intervention), and no art. 22(2) basis with the 22(3) safeguards is declared. To comply, have a person with the authority and competence to change the outcome review every rejection, or document the legal basis, the right to human intervention and a way to contest.`;
    if (status === 'warn' && e['reason'] === 'unreviewed') return `At ${where(s)}, ${share} were made by the tool alone. An art. 22(2) basis (${e['art22_basis']}) and a contest channel are declared, which art. 22 allows; this audit has not verified them (UAVG art. 40 does not cover profiling by a private employer).`;
    if (status === 'warn') return `At ${where(s)}, every one of ${e['rejected']} rejections was reviewed by a person, but the reviews look like a rubber stamp (high risk, see the review-quality finding). Under WP29 WP251rev.01 and CJEU C-634/21 SCHUFA a token review leaves the decision "solely automated", so treat these rejections as automated under art. 22 until the reviews are meaningful. This is a screening signal; whether a review is meaningful is a legal judgement.`;
    if (status === 'insufficient_evidence') return `At ${where(s)}, ${e['rejected_review_unknown']} of ${e['rejected']} rejections have no record of whether a person reviewed them, so compliance with GDPR/AVG art. 22 cannot be shown. Insufficient evidence, never a pass: record reviewed_by_human for every decision.`;
    return `At ${where(s)}, all ${e['rejected']} rejections were reviewed by a person: no rejection was solely automated (GDPR/AVG art. 22); rubber-stamp risk ${e['rubber_stamp_risk']}.`;
  },
  'automation.rubber_stamp': (e, s, status) => {
    if (status === 'insufficient_evidence') return `At ${where(s)}, only ${e['reviews']} decisions were reviewed: too few (at least 100 are needed) to judge whether the reviews are meaningful or a rubber stamp. Insufficient evidence, never a pass.`;
    const facts = [
      typeof e['override_rate'] === 'number' ? `reviewers changed the tool's outcome in ${pct(e['override_rate'])} of ${e['reviews']} reviews (${e['overrides_up']} rejections turned into advances, ${e['overrides_down']} the other way)` : null,
      typeof e['review_seconds_median'] === 'number' ? `the median review took ${num(e['review_seconds_median'], 0)} s (10% took ${num(e['review_seconds_p10'], 0)} s or less; ${pct(e['short_share'])} under ${e['min_review_seconds']} s)` : null,
      typeof e['batch_index'] === 'number' ? `${pct(e['batch_index'])} of decisions came in quick batches (within 10 s of the reviewer's previous one, runs of 10 or more)` : `batch approvals could not be checked (${e['batch_note']})`,
      Number(e['never_override_reviewers']) > 0 ? `${e['never_override_reviewers']} reviewer(s) never overrode the tool across 50 or more reviews: ${e['never_override_list']}` : null,
    ].filter(Boolean);
    const base = `At ${where(s)}, ${facts.join('; ')}.`;
    if (status === 'pass') return `${base} No rubber-stamp signal: the reviews show disagreement with the tool and time to weigh the case (risk low).`;
    return `${base} Rubber-stamp risk ${e['risk']}: these reviews may not be meaningful human intervention (GDPR/AVG art. 22 and recital 71; WP29 WP251rev.01; CJEU C-634/21 SCHUFA, where a score the decision "draws strongly" on is itself the decision). A meaningful review needs a person with the authority and competence to change the outcome, the time and information to weigh the whole application rather than the score, and the freedom to disagree: give reviewers enough time per case, no bulk approval, and monitor override rates per reviewer.`;
  },
  'automation.unequal_automation': (e, s, status) => {
    if (status === 'warn') return `At ${where(s)}, rejections of ${groupText(s.groups)} were left to the tool alone more often: ${pct(e['arr'])} of ${e['rejected']} without human review against ${pct(e['arr_rest'])} for the other groups (Holm-adjusted p ${pval(e['holm_p'])}). Solely automated rejection (GDPR/AVG art. 22) then falls unequally on this group, which may also be an indirect distinction (AWGB art. 2); review rejections of every group alike.`;
    if (status === 'insufficient_evidence') return `At ${where(s)}, the share of rejections without human review could not be compared for ${e['small_groups']}: fewer than ${e['min_group_size']} rejections each. Insufficient evidence for them; the other groups show no significant difference (lowest Holm-adjusted p ${pval(e['lowest_holm_p'])}).`;
    return `At ${where(s)}, the share of rejections without human review does not differ significantly between groups (${e['attributes']}; ${e['groups_compared']} compared, lowest Holm-adjusted p ${pval(e['lowest_holm_p'])} for ${e['lowest_group']}).`;
  },
  'automation.unequal_review': (e, s, status) => {
    if (status === 'warn') return `At ${where(s)}, reviewed rejections of ${groupText(s.groups)} were more often rushed: ${pct(e['short_share'])} of ${e['timed_rejected']} reviews took less than the minimum meaningful time, against ${pct(e['short_rest'])} for the other groups (Holm-adjusted p ${pval(e['holm_p'])}). Rubber-stamped rejections count as solely automated under GDPR/AVG art. 22 (WP251rev.01, CJEU C-634/21 SCHUFA) and here fall unequally on this group.`;
    if (status === 'insufficient_evidence') return `At ${where(s)}, short reviews of rejections could not be compared for ${e['small_groups']}: fewer than ${e['min_group_size']} timed reviews each. Insufficient evidence for them; the other groups show no significant difference (lowest Holm-adjusted p ${pval(e['lowest_holm_p'])}).`;
    return `At ${where(s)}, rushed reviews of rejections are not significantly more common for any group (${e['attributes']}; lowest Holm-adjusted p ${pval(e['lowest_holm_p'])} for ${e['lowest_group']}).`;
  },
  'automation.human_disparity': (e, s, status) => {
    if (status === 'warn') return `At ${where(s)}, reviewers advanced ${groupText(s.groups)} less often than other candidates with the same tool outcome (Mantel-Haenszel odds ratio ${num(e['odds_ratio'])}, Holm-adjusted p ${pval(e['holm_p'])}): the human review adds disparity. The impact ratio against ${groupText(s.reference)} is ${num(e['tool_impact_ratio'])} for the tool alone and ${num(e['final_impact_ratio'])} after review. Check what reviewers base their overrides on.`;
    if (status === 'insufficient_evidence') return `At ${where(s)}, whether reviewers treat groups differently could not be judged for ${e['small_groups']}: fewer than ${e['min_group_size']} reviewed decisions each. Insufficient evidence for them; no other group differs significantly (lowest Holm-adjusted p ${pval(e['lowest_holm_p'])}).`;
    return `At ${where(s)}, reviewers' changes to the tool's outcomes do not favour or disfavour any group significantly (${e['attributes']}; lowest Holm-adjusted p ${pval(e['lowest_holm_p'])} for ${e['lowest_group']}).`;
  },
  'reliability.test_retest': (e, s, status) => {
    if (status === 'insufficient_evidence') return `At ${where(s)}, only ${e['n_pairs']} candidates have a score on two attempts (at least ${e['min_pairs']} are needed, or the scores do not vary): insufficient evidence on test-retest reliability, never a pass.`;
    const ci = typeof e['icc_agreement_lower'] === 'number' ? `95% CI ${num(e['icc_agreement_lower'])} to ${num(e['icc_agreement_upper'])}; ` : '';
    const base = `At ${where(s)}, ${e['n_pairs']} candidates were assessed twice: test-retest ICC(2,1) ${num(e['icc_agreement'])} (${ci}Pearson r ${num(e['pearson_r'])}, mean change between attempts ${num(e['mean_change'])}).`;
    if (status === 'fail') return `${base} Reliability falls in the "insufficient" band: the same candidate can get a different outcome on a second try, which is not adequate for decisions about individuals (COTAN-style bands, applied as a convention).`;
    return `${base} Reliability is in the "${e['rating']}" band (COTAN-style bands, applied as a convention).`;
  },
  'reliability.differential': (e, s, status) => {
    const pair = `${groupText(s.groups)} (retest r = ${num(e['pearson_r'])}, ${e['n_pairs']} candidates assessed twice) and ${groupText(s.reference)} (r = ${num(e['reference_r'])}, ${e['reference_n_pairs']})`;
    if (status === 'warn') {
      const lower = Number(e['pearson_r']) < Number(e['reference_r']) ? groupText(s.groups) : groupText(s.reference);
      return `At ${where(s)}, the tool scores the same candidate more consistently in one group than in the other: ${pair}, Holm-adjusted p ${pval(e['holm_p'])}. For ${lower} a second attempt is more likely to give a different outcome; ask the vendor why the measurement is less stable for this group.`;
    }
    if (e['holm_p'] === null && Number(e['n_pairs']) >= Number(e['min_pairs']) && Number(e['reference_n_pairs']) >= Number(e['min_pairs'])) {
      return `At ${where(s)}, reliability could not be compared for ${pair}: r is undefined or exactly 1 in a group (no spread, or every re-score identical). Insufficient evidence, never a pass.`;
    }
    if (Number(e['n_pairs']) < Number(e['min_pairs']) || Number(e['reference_n_pairs']) < Number(e['min_pairs'])) {
      return `At ${where(s)}, too few candidates were assessed twice to compare reliability for ${pair}: at least ${e['min_pairs']} per group are needed. Insufficient evidence, never a pass.`;
    }
    return `At ${where(s)}, the reliability of ${pair} does not differ significantly, but the test could miss a relevant difference (it detects only Fisher-z differences of ${num(e['minimum_detectable_q'])} or more). Insufficient evidence, never a pass.`;
  },
  'reliability.differential.pass': (e, s) =>
    `At ${where(s)}, test-retest reliability by ${e['attribute']} shows no detectable difference from ${groupText(s.reference)} (retest r = ${num(e['reference_r'])}): ${e['groups_compared']} group(s) compared, smallest Holm-adjusted p ${pval(e['min_holm_p'])}.`,
  'reliability.determinism': (e, s, status) => {
    const differ = Number(e['identical_input_pairs']) - Number(e['identical_rescores']);
    if (status === 'warn') return `At ${where(s)}, ${differ} of ${e['identical_input_pairs']} re-scores of identical input (all traits equal on both attempts) gave a different score (${pct(1 - Number(e['share']))}): the tool is not deterministic, so an outcome can depend on chance (AI Act art. 15(1) asks for consistent performance).`;
    return `At ${where(s)}, all ${e['identical_input_pairs']} re-scores of identical input (all traits equal on both attempts) gave the identical score.`;
  },
  'reliability.internal_consistency': (e, s, status) => {
    if (status === 'insufficient_evidence') return `At ${where(s)}, only ${e['n']} candidates have every item (at least ${e['min_n']} are needed, or the items do not vary): insufficient evidence on internal consistency, never a pass.`;
    const base = `At ${where(s)}, the ${e['items']} items have Cronbach's alpha ${num(e['alpha'])} (95% CI ${num(e['alpha_lower'])} to ${num(e['alpha_upper'])}, n = ${e['n']}).`;
    if (status === 'fail') return `${base} Internal consistency falls in the "insufficient" band: the items do not measure one thing reliably enough for decisions about individuals (COTAN-style bands, applied as a convention).`;
    return `${base} Internal consistency is in the "${e['rating']}" band (COTAN-style bands, applied as a convention).`;
  },
  'reliability.no_evidence': (e) =>
    `No reliability evidence: the data needs ${e['needs']}, so whether the tool measures consistently cannot be assessed. Insufficient evidence, never a pass.`,
  'stability.drift': (e, s, status) => {
    if (status === 'insufficient_evidence') return `At ${where(s)}, fewer than two ${e['unit']} periods have enough candidates to compare, so drift cannot be told from noise. Insufficient evidence, never a pass.`;
    if (status === 'warn') {
      const psi = e['first_psi_drift'] === null ? '' : ` The score distribution shifted from ${e['first_psi_drift']} (largest PSI ${num(e['max_psi'])} in ${e['max_psi_period']} against ${e['baseline_period']}).`;
      const ir = Number(e['crossed_groups']) > 0 ? ` Impact ratios fell below the threshold after a baseline above it: ${e['crossings']}.` : '';
      return `At ${where(s)}, the tool's behaviour drifted over ${e['periods']} periods.${psi}${ir} Find out what changed (a model update, a different applicant pool); the drift thresholds are conventions (requirements Q7).`;
    }
    const psi = e['max_psi'] === null ? 'no score distribution to compare' : `the largest score PSI against ${e['baseline_period']} is ${num(e['max_psi'])} (${e['max_psi_period']}), within what sampling noise or the ${e['psi_threshold']} threshold allows`;
    return `At ${where(s)}, no drift over ${e['periods']} ${e['unit']} periods: ${psi}, and no impact ratio fell below the four-fifths line after starting above it.`;
  },
  'stability.perturbation': (e, s, status) => {
    const change = typeof e['mean_abs_change'] === 'number' ? `; the score moved by ${num(e['mean_abs_change'])} points on average (${num(e['mean_abs_change_sd'])} SD)` : '';
    const flips = `${e['flips']} of ${e['decided']} decisions (${pct(e['flip_rate'])}, 95% upper bound ${pct(e['flip_rate_upper'])})`;
    if (status === 'insufficient_evidence') return `At ${where(s)}, only ${e['decided']} originals and their "${e['variant']}" variants both have a decision (at least ${e['min_pairs']} are needed)${change}. Insufficient evidence on robustness to this change, never a pass.`;
    const group = s.groups && typeof e['group_holm_p'] === 'number' && e['group_holm_p'] < 0.05 ? ` Decisions of ${groupText(s.groups)} flipped more often: ${pct(e['group_flip_rate'])} against ${pct(e['reference_flip_rate'])} for ${groupText(s.reference)} (Holm-adjusted p ${pval(e['group_holm_p'])}).` : '';
    if (status === 'fail') return `At ${where(s)}, the "${e['variant']}" change, which should not matter, flipped ${flips}${change}.${group} Robustness to irrelevant changes is not shown (AI Act art. 15(4); the flip-rate threshold is a convention).`;
    return `At ${where(s)}, the "${e['variant']}" change flipped ${flips}${change}; no group was affected more than another.`;
  },
  'verdict_stability.four_fifths': (e, s, status) => {
    const least = `the "${String(e['verdict']).replaceAll('_', ' ')}" verdict for ${groupText(s.groups)} against ${groupText(s.reference)} (impact ratio ${num(e['impact_ratio'])}, resampled 95% range ${num(e['impact_ratio_lower'])} to ${num(e['impact_ratio_upper'])}) held in ${pct(e['verdict_held'])} of ${e['replicates']} bootstrap resamples of the counts (the four-fifths result in ${pct(e['four_fifths_held'])})`;
    if (status === 'pass') return `At ${where(s)}, all ${e['comparisons']} disparity verdicts are stable under resampling; the least stable, ${least}.`;
    return `At ${where(s)}, ${e['fragile']} of ${e['comparisons']} disparity verdicts are fragile: they could go the other way with slightly different data (${e['fragile_groups']}). The least stable: ${least}.`;
  },
  'stability.no_evidence': (e) => `Stability not fully assessed: ${e['missing']}. Insufficient evidence on these points, never a pass.`,
  'similarity.coupling': (e, s, status) => {
    const zero = `the tool's score correlates ${num(e['rho'])} (95% CI ${num(e['rho_lower'])} to ${num(e['rho_upper'])}, p ${pval(e['p'])}, n = ${e['n']}) with how closely a candidate resembles the benchmark profile (the incumbents the tool was calibrated on)`;
    const partial = typeof e['partial_rho'] === 'number' ? `; holding job performance (the criterion) fixed, the correlation is ${num(e['partial_rho'])} (95% CI ${num(e['partial_lower'])} to ${num(e['partial_upper'])}, p ${pval(e['partial_p'])}, n = ${e['partial_n']})` : '';
    const curve = typeof e['most_alike_rate'] === 'number' ? ` The fifth of applicants most like the benchmark was selected at ${pct(e['most_alike_rate'])}, the fifth least alike at ${pct(e['least_alike_rate'])}.` : '';
    if (status === 'not_assessed') return `At ${where(s)}, there is no score column, so the coupling of score and resemblance was not assessed.${curve}`;
    if (status === 'insufficient_evidence') return `At ${where(s)}, too few scored candidates with every trait (n = ${e['n']}) to judge whether the score follows resemblance to the benchmark; insufficient evidence, never a pass.${curve}`;
    const base = `At ${where(s)}, ${zero}${partial}.${curve}`;
    if (status === 'fail') return `${base} Similar-to-me bias indicated: the score rewards resembling the incumbents beyond what predicts performance (threshold ${num(e['threshold'])}). Ask the vendor which traits drive the score and why each is job-related.`;
    if (status === 'warn') return `${base} The score follows resemblance to the incumbents (above ${num(e['threshold'])}); ${typeof e['partial_rho'] === 'number' ? 'job performance accounts for part of it' : 'no performance data show whether that is job-related'}. Review with the vendor.`;
    return `${base} No similar-to-me coupling indicated (threshold ${num(e['threshold'])}).`;
  },
  'similarity.homogeneity': (e, s, status) => {
    const base = `At ${where(s)}, the ${e['n_selected']} selected candidates' traits vary ${pct(e['h'])} as much as those of the ${e['n_pool']} applicants (homogeneity ratio ${num(e['h'])}, 95% CI ${num(e['h_lower'])} to ${num(e['h_upper'])})`;
    if (status === 'warn') return `${base}: the tool selects a markedly more uniform group than applied (threshold ${num(e['threshold'])}), a sign of selecting for one profile.`;
    if (status === 'insufficient_evidence') return `${base}. Insufficient evidence to judge homogenisation (${e['verdict_rule']}); never read this as a pass.`;
    return `${base}; no homogenisation indicated (threshold ${num(e['threshold'])}).`;
  },
  'similarity.mirror': (e, s, status) => {
    const g = groupText(s.groups);
    const shares = `${g} makes up ${pct(e['benchmark_share'])} of the benchmark, ${pct(e['pool_share'])} of applicants and ${pct(e['selected_share'])} of the selected (representation ratio ${num(e['representation_ratio'])})`;
    const js = `Jensen-Shannon divergence of the selected from the benchmark ${num(e['js_selected_benchmark'], 3)} vs from the applicants ${num(e['js_selected_pool'], 3)} bits`;
    if (status === 'warn') return `At ${where(s)}, the selected mirror the benchmark's ${e['attribute']} make-up rather than the applicants': ${shares}; ${js}. The selection reproduces the incumbents' under-representation (AI Act art. 10(3) asks for representative data).`;
    if (status === 'insufficient_evidence') return `At ${where(s)}, too few selected or benchmark candidates with a known ${e['attribute']} to compare compositions; insufficient evidence, never a pass.`;
    return `At ${where(s)}, by ${e['attribute']} the selected do not mirror an under-representing benchmark: ${shares}; ${js}.`;
  },
  'similarity.diversity_loss': (e, s, status) => {
    const base = `At ${where(s)}, ${e['attribute']} diversity (Gini-Simpson) is ${num(e['diversity_selected'])} among the selected against ${num(e['diversity_pool'])} among applicants (change ${num(e['diversity_change'])}, chi-square p ${pval(e['p'])})`;
    if (status === 'warn') return `${base}: the selected group is less diverse than the applicants (threshold -${num(e['threshold'])}).`;
    if (status === 'insufficient_evidence') return `${base}. Too few selected candidates to judge; insufficient evidence, never a pass.`;
    return `${base}; no diversity loss indicated.`;
  },
  'similarity.proxy': (e, s, status) => {
    const base = `The ${e['traits']} trait columns (the profile the tool looks at) predict ${groupText(s.groups)} with a cross-validated AUC of ${num(e['auc'])} (95% CI ${num(e['auc_lower'])} to ${num(e['auc_upper'])}, ${e['n']} sampled applicants; 0.5 = no better than chance)`;
    if (status === 'warn') return `${base}: together they can act as a proxy for ${e['attribute']} (threshold ${num(e['threshold'])}; GDPR art. 22(4) and art. 9 bar decisions based on special categories). Ask the vendor to justify each trait as job-related.`;
    if (status === 'insufficient_evidence') return `Proxy probe for ${e['attribute']}: ${e['verdict_rule']}. Insufficient evidence, never a pass.`;
    return `${base}; no proxy for ${e['attribute']} indicated (threshold ${num(e['threshold'])}).`;
  },
  'similarity.no_benchmark': (e) =>
    `The data has ${e['traits']} trait columns but no benchmark (role=benchmark rows with every trait, or a --benchmark file), so resemblance to the incumbents, the clone curve and the demographic mirror could not be assessed; homogeneity and the proxy probe were.`,
} satisfies Record<string, Template>;

/** Why a requirement got its status: one clause per outcome reason of the rule sets. */
const reasons = {
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
  no_comparison_judged: 'no group comparison could be judged (no usable decisions, no protected attribute, or groups too small), so adverse impact is neither shown nor ruled out',
  needs_score: 'needs a score column to look for a cut score with less adverse impact',
  alternative_cut_exists: 'a cut score exists at which every group reaches four-fifths: examine it as an alternative',
  no_alternative_cut: 'no cut score reaches four-fifths for every group',
  reported: 'rates and impact ratios are reported, including intersections',
  no_intersections: 'intersectional categories are missing',
  small_groups_listed: 'groups under the small-group share are listed',
  unknown_reported: 'unknown-category counts are reported',
  summary_complete: 'the public summary can be produced',
  // WOR (works councils): one block, kept together
  works_council_exists: 'a works council (ondernemingsraad) is declared',
  works_council_not_required: 'fewer than 50 persons work in the enterprise, so WOR art. 2 does not require a works council',
  works_council_required: '50 or more persons work in the enterprise but there is no works council: WOR art. 2 obliges the employer to set one up, and until then nobody can give the consent the tool needs (art. 27)',
  wor_not_applicable: 'not applicable: fewer than 50 persons work in the enterprise and it has no works council, so no works-council consent is needed (a staff representation under WOR art. 35c has no consent right on this matter)',
  council_missing: 'a works council is required (WOR art. 2) but there is none, so nobody could consent; once it is set up, its consent is needed before the tool is used',
  consent_before_use: 'the works council consented before the tool was first used',
  consent_before_audit: 'the works council consented before the audit date; declare toolFirstUseDate to show that consent came before the first use',
  consent_after_use: 'the works council consented only after the tool was first used: the use before then rested on a decision taken without consent, which the works council could make void by invoking the nullity in writing within one month of learning of it (WOR art. 27(5))',
  consent_needed_before_use: 'the works council has not consented yet; it must before the tool is first used on the declared date (WOR art. 27(1))',
  consent_not_given: 'the works council has not consented. A decision taken without its consent is void if the works council invokes the nullity in writing within one month of learning that it is carried out (WOR art. 27(5)); the employer can instead ask the subdistrict court (kantonrechter) for substitute permission (art. 27(4))',
  decided_without_consent: 'the tool was used without the works council\'s consent (none given, or given only after the audited decisions). A decision taken without its consent is void if the works council invokes the nullity in writing within one month of learning that it is carried out, and the employer must then stop carrying it out (WOR art. 27(5)); the employer can ask the subdistrict court (kantonrechter) for substitute permission (art. 27(4))',
} satisfies Record<string, string>;

/** How a requirement verdict names its status. */
const status: Record<FindingStatus, string> = {
  pass: 'met',
  warn: 'needs attention',
  fail: 'not met',
  insufficient_evidence: 'insufficient evidence',
  not_assessed: 'not assessed',
};

/** "<title>: <status> — <why>.<when>" */
const requirement = (title: string, statusPhrase: string, why: string, appliesFrom: string | null) =>
  `${title}: ${statusPhrase} — ${why}.${appliesFrom === null ? '' : ` This duty applies from ${appliesFrom}; until then it is a warning.`}`;

export const en = { findings, reasons, status, requirement };
export type FindingKey = keyof typeof findings;
export type ReasonKey = keyof typeof reasons;
