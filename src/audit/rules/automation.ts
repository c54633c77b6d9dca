import type { Finding } from '../contract/audit-result.js';
import type { Judge } from './judge.js';
import type { Policy } from '../contract/policy.js';
import type { AutomationGroup, AutomationSection, AutomationStage } from '../contract/sections/automation.js';
import type { AutomationMeasurement } from '../metrics/automation/measured.js';
import { automationThresholds, DWELL_METHOD, judgeGroup, judgeStage } from './automation-verdicts.js';
import { finding } from './messages.js';

/**
 * Automation findings (GDPR/AVG art. 22, requirements Q9): per stage the AVG-22 verdict and the
 * rubber-stamp rating; per stage and kind of group comparison one finding per disadvantaged group,
 * or one summarising finding (pass, or insufficient evidence listing the small groups).
 */
const RULES = {
  art22: (): Finding['rule'] => ({
    id: 'AVG-22',
    source: 'GDPR/AVG art. 22(1)-(3), recital 71 (e-recruiting without any human intervention); WP29 WP251rev.01; CJEU C-634/21 SCHUFA',
    threshold:
      'fail if any rejection had no human review (ARR > 0), unless an art. 22(2) basis and a 22(3) contest channel are declared (then warn); unknown review status => insufficient evidence; high rubber-stamp risk => warn (treated as solely automated)',
    kind: 'law',
  }),
  rubberStamp: (p: Policy): Finding['rule'] => ({
    id: 'AVG-22-MHI',
    source: 'WP29 WP251rev.01; CJEU C-634/21 SCHUFA; AP guidance on meaningful human intervention (2025); AI Act art. 14(4)(b) (automation bias); requirements Q9',
    threshold: `warn if the rubber-stamp risk is high ((override rate < 2% or adherence >= 98%) and median review < ${p.automation.minReviewSeconds} s over >= 100 reviews, or batch index > 50%) or medium (one signal); each rate signal by an exact one-sided test (alpha/2); the legal test itself is qualitative`,
    kind: 'convention',
  }),
  unequalAutomation: (p: Policy): Finding['rule'] => ({
    id: 'AVG-22',
    source: 'requirements Q9: ARR compared across groups (Fisher exact, Holm); AWGB art. 2 (indirect distinction)',
    threshold: `warn if a group's share of rejections without human review exceeds the other groups' with Holm-adjusted p < ${p.alpha}; insufficient evidence under ${p.minGroupSize} rejections`,
    kind: 'convention',
  }),
  unequalReview: (p: Policy): Finding['rule'] => ({
    id: 'AVG-22-MHI',
    source: 'requirements Q9: rubber-stamped rejections (review under the minimum time) compared across groups (Fisher exact, Holm)',
    threshold: `warn if a group's share of reviewed rejections under ${p.automation.minReviewSeconds} s exceeds the other groups' with Holm-adjusted p < ${p.alpha}`,
    kind: 'convention',
  }),
  humanDisparity: (p: Policy): Finding['rule'] => ({
    id: 'AWGB-2',
    source: 'requirements Q9: impact ratio before vs after human review; reviewers\' decisions by group given the tool outcome (Cochran-Mantel-Haenszel, Holm); UGESP 1607.4(C) each component',
    threshold: `warn if reviewers advance a group less often than the rest at the same tool outcome (odds ratio < 1) with Holm-adjusted p < ${p.alpha}`,
    kind: 'convention',
  }),
};

const stageSubject = (s: { tool: string | null; stage: string }): Finding['subject'] => ({ tool: s.tool, stage: s.stage, groups: null, reference: null });

function art22Finding(s: AutomationStage, policy: Policy): Finding | null {
  if (s.verdict === 'not_assessed') return null;
  const known = s.rejected - s.rejected_review_unknown;
  return finding(
    'automation.unreviewed_rejections',
    s.verdict,
    stageSubject(s),
    {
      rejected: s.rejected,
      rejected_with_known_review: known,
      rejected_unreviewed: s.rejected_unreviewed,
      rejected_review_unknown: s.rejected_review_unknown,
      arr: s.arr,
      arr_lower: s.arr_ci?.[0] ?? null,
      arr_upper: s.arr_ci?.[1] ?? null,
      rubber_stamp_risk: s.rubber_stamp_risk,
      art22_basis: policy.declarations.art22Basis ?? 'not declared',
      contest_channel: policy.declarations.contestChannel === undefined ? 'not declared' : String(policy.declarations.contestChannel),
      reason: s.rejected_unreviewed > 0 ? 'unreviewed' : s.rejected_review_unknown > 0 ? 'review_unknown' : s.rubber_stamp_risk === 'high' ? 'rubber_stamp' : 'reviewed',
      verdict_rule: s.verdict_rule,
    },
    RULES.art22(),
  );
}

const RISK_STATUS: Record<AutomationStage['rubber_stamp_risk'], Finding['status'] | null> = {
  high: 'warn',
  medium: 'warn',
  low: 'pass',
  insufficient_evidence: 'insufficient_evidence',
  not_applicable: null,
};

function rubberStampFinding(s: AutomationStage, policy: Policy): Finding | null {
  const status = RISK_STATUS[s.rubber_stamp_risk];
  if (status === null) return null;
  const never = s.reviewers.filter((r) => r.never_overrides);
  return finding(
    'automation.rubber_stamp',
    status,
    stageSubject(s),
    {
      risk: s.rubber_stamp_risk,
      reviews: s.reviewed,
      override_rate: s.override_rate,
      overrides_up: s.overrides_up,
      overrides_down: s.overrides_down,
      adherence: s.adherence,
      review_seconds_median: s.review_seconds_median,
      review_seconds_p10: s.review_seconds_p10,
      short_share: s.short_share,
      min_review_seconds: policy.automation.minReviewSeconds,
      batch_index: s.batch_index,
      batch_note: s.batch_note,
      reviewers: s.reviewer_count,
      reviewer_override_sd: s.reviewer_override_sd,
      never_override_reviewers: never.length,
      never_override_list: never.map((r) => `${r.reviewer_id} (${r.override_known} reviews)`).join(', ') || null,
      agreement_signal: s.agreement_signal,
      dwell_signal: s.dwell_signal,
      batch_signal: s.batch_signal,
      verdict_rule: s.rubber_stamp_rule,
    },
    RULES.rubberStamp(policy),
  );
}

type Kind = 'arr' | 'short' | 'human';
const CODES: Record<Kind, string> = { arr: 'automation.unequal_automation', short: 'automation.unequal_review', human: 'automation.human_disparity' };
const label = (g: Record<string, string>) => Object.values(g).join(' × ');

function groupEvidence(r: AutomationGroup, kind: Kind): Finding['evidence'] {
  if (kind === 'arr') return { rejected: r.rejected, rejected_unreviewed: r.rejected_unreviewed, arr: r.arr, arr_rest: r.arr_rest, fisher_p: r.arr_fisher_p, holm_p: r.arr_holm_p, verdict_rule: r.arr_verdict_rule };
  if (kind === 'short') return { timed_rejected: r.timed_rejected, short_rejected: r.short_rejected, short_share: r.short_share, short_rest: r.short_rest, fisher_p: r.short_fisher_p, holm_p: r.short_holm_p, verdict_rule: r.short_verdict_rule };
  return {
    reviewed: r.reviewed,
    overrides_up: r.overrides_up,
    overrides_down: r.overrides_down,
    odds_ratio: r.human_odds_ratio,
    cmh_p: r.human_cmh_p,
    holm_p: r.human_holm_p,
    tool_impact_ratio: r.tool_impact_ratio,
    final_impact_ratio: r.final_impact_ratio,
    verdict_rule: r.human_verdict_rule,
  };
}

/** One kind of group comparison at one stage: a finding per disadvantaged group, else one summary. */
function groupFindings(rows: readonly AutomationGroup[], kind: Kind, policy: Policy): Finding[] {
  const rule = kind === 'arr' ? RULES.unequalAutomation(policy) : kind === 'short' ? RULES.unequalReview(policy) : RULES.humanDisparity(policy);
  const verdict = (r: AutomationGroup) => r[`${kind}_verdict`];
  const judged = rows.filter((r) => verdict(r) !== 'not_assessed');
  if (judged.length === 0) return [];
  const { tool, stage } = judged[0]!;
  const flagged = judged.filter((r) => verdict(r) === 'warn');
  if (flagged.length > 0) {
    return flagged.map((r) => finding(CODES[kind], 'warn', { tool: r.tool, stage: r.stage, groups: r.groups, reference: r.reference }, groupEvidence(r, kind), rule));
  }
  const holmOf = (r: AutomationGroup) => r[`${kind}_holm_p`] ?? 1;
  const lowest = [...judged].sort((a, b) => holmOf(a) - holmOf(b))[0]!;
  // Small groups of single attributes make the summary insufficient; small intersections are only listed in the section.
  const small = judged.filter((r) => verdict(r) === 'insufficient_evidence' && r.attributes.length === 1);
  const attributes = [...new Set(judged.map((r) => r.attributes.join(' × ')))].join(', ');
  return [
    finding(
      CODES[kind],
      small.length > 0 ? 'insufficient_evidence' : 'pass',
      { tool, stage, groups: null, reference: null },
      {
        attributes,
        groups_compared: judged.length,
        lowest_holm_p: holmOf(lowest),
        lowest_group: label(lowest.groups),
        small_groups: small.map((r) => label(r.groups)).join(', ') || null,
        min_group_size: policy.minGroupSize,
      },
      rule,
    ),
  ];
}

export function automationFindings(section: AutomationSection, policy: Policy): Finding[] {
  const out: Finding[] = [];
  for (const s of section.stages) {
    const a = art22Finding(s, policy);
    if (a) out.push(a);
    const r = rubberStampFinding(s, policy);
    if (r) out.push(r);
    const rows = section.groups.filter((g) => g.tool === s.tool && g.stage === s.stage);
    for (const kind of ['arr', 'short', 'human'] as const) out.push(...groupFindings(rows, kind, policy));
  }
  return out;
}

/** The automation section from its measurement: thresholds, per-stage ratings and verdicts, per-group verdicts. */
export function judgeAutomationSection(m: AutomationMeasurement, policy: Policy): AutomationSection {
  return {
    thresholds: automationThresholds(policy),
    dwell_method: DWELL_METHOD,
    stages: m.stages.map((s) => judgeStage(s, m, policy)),
    groups: m.groups.map((g) => judgeGroup(g, policy)),
  };
}

/** The automation family's rules (registry). */
export const judgeAutomation: Judge<AutomationMeasurement, AutomationSection> = (measured, ctx) => {
  if (measured === null) return { section: null, findings: [] };
  const section = judgeAutomationSection(measured, ctx.policy);
  return { section, findings: automationFindings(section, ctx.policy) };
};
