import type { AuditResult } from '../../contract/audit-result.js';
import { isBelow } from '../thresholds.js';
import { findingsWith, fromFindings, type Outcome, type RuleContext, type RuleSet } from './rule.js';

const disparity = (ctx: RuleContext): AuditResult['disparity'] => ctx.result.disparity;

/** UGESP 1607.3(B): is there a cut score at which every compared group reaches four-fifths? */
function alternativeCutExists(ctx: RuleContext, stage: string, threshold: number): boolean {
  return disparity(ctx).cut_scores
    .filter((c) => c.stage === stage && c.attributes.length === 1)
    .some((curve) => curve.cuts.some((_, k) => curve.groups.every((g) => g.impact_ratios[k] === null || !isBelow(g.impact_ratios[k]!, threshold))));
}

/**
 * "No adverse impact" is a finding only where a comparison was actually judged: with no usable
 * decision, no protected attribute or only groups too small to compare, it is insufficient
 * evidence, never a pass (design.md: no data is never a pass).
 */
function noAdverseImpact(ctx: RuleContext): Outcome {
  const judged = findingsWith(ctx, 'disparity.selection_rate').some((f) => f.status === 'pass' || f.status === 'warn');
  return judged ? { status: 'pass', reason: 'no_adverse_impact' } : { status: 'insufficient_evidence', reason: 'no_comparison_judged' };
}

/** Uniform Guidelines on Employee Selection Procedures (29 CFR 1607): binding in the US only. */
export const ugesp: RuleSet = {
  id: 'ugesp',
  name: 'EEOC Uniform Guidelines (UGESP)',
  edition: '29 CFR part 1607 (1978)',
  dates: { adopted: '1978-08-25' },
  note: 'Binding in the US only; used here as a screening method.',
  rules: [
    {
      id: 'UGESP-4D',
      title: 'Adverse impact: selection rate under four-fifths of the highest group\'s',
      source: '29 CFR 1607.4(D)',
      threshold: 'impact ratio < 0.8 with significance (requirements Q3)',
      kind: 'guidance-US',
      evaluate: (ctx) => fromFindings(ctx, 'adverse_impact', 'disparity.selection_rate') ?? { status: 'not_assessed', reason: 'needs_protected_attributes' },
    },
    {
      id: 'UGESP-4C',
      title: 'Each component and the total selection process evaluated',
      source: '29 CFR 1607.4(C)',
      threshold: 'bottom-line impact ratio < 0.8 => warn',
      kind: 'guidance-US',
      evaluate: (ctx) => fromFindings(ctx, 'bottom_line', 'disparity.bottom_line') ?? { status: 'not_assessed', reason: 'needs_several_stages' },
    },
    {
      id: 'UGESP-3B',
      title: 'Consider alternatives with less adverse impact',
      source: '29 CFR 1607.3(B)',
      threshold: 'a cut score with every impact ratio >= 0.8 exists at a stage with adverse impact => warn (validity at that cut not assessed)',
      kind: 'guidance-US',
      evaluate: (ctx) => {
        const adverse = findingsWith(ctx, 'disparity.selection_rate').filter((f) => f.status === 'fail' && f.subject.stage !== null);
        if (adverse.length === 0) return noAdverseImpact(ctx);
        const stages = [...new Set(adverse.map((f) => f.subject.stage!))];
        const withAlternative = stages.filter((s) => alternativeCutExists(ctx, s, ctx.result.policy.thresholds.impactRatio));
        if (disparity(ctx).cut_scores.length === 0) return { status: 'not_assessed', reason: 'needs_score', evidence: { stages: stages.join(', ') } };
        return withAlternative.length > 0
          ? { status: 'warn', reason: 'alternative_cut_exists', evidence: { stages: withAlternative.join(', ') } }
          : { status: 'pass', reason: 'no_alternative_cut', evidence: { stages: stages.join(', ') } };
      },
    },
    {
      id: 'UGESP-14B',
      title: 'Where adverse impact is found, criterion validity significant at the .05 level',
      source: '29 CFR 1607.5, 1607.14(B)(5),(8)',
      threshold: 'adverse impact and no significant validity evidence => fail',
      kind: 'guidance-US',
      evaluate: (ctx) => {
        const adverse = findingsWith(ctx, 'disparity.selection_rate').some((f) => f.status === 'fail');
        if (!adverse) return noAdverseImpact(ctx);
        const validity = fromFindings(ctx, 'validity_measured', 'validity.criterion');
        if (validity === null || validity.status === 'insufficient_evidence') return { status: 'fail', reason: 'no_validity_evidence', evidence: { ...validity?.evidence } };
        return validity;
      },
    },
  ],
};

/** NYC Local Law 144 and the DCWP rules (6 RCNY §5-300 ff.): binding in New York City only. */
export const ll144: RuleSet = {
  id: 'll144',
  name: 'NYC Local Law 144',
  edition: 'DCWP final rule, 6 RCNY §5-300–§5-304 (April 2023)',
  dates: { enforcement: '2023-07-05' },
  note: 'Binding in New York City only; the law requires reporting, with no pass mark.',
  rules: [
    {
      id: 'LL144-IR',
      title: 'Selection/scoring rates and impact ratios by sex, race/ethnicity and their intersection',
      source: '6 RCNY §5-301(b)(c)',
      threshold: 'reported; intersectional categories required',
      kind: 'law-NYC',
      evaluate: (ctx) => {
        const rows = disparity(ctx).rows;
        if (rows.length === 0) return { status: 'not_assessed', reason: 'needs_protected_attributes' };
        const intersectional = rows.some((r) => r.attributes.length > 1);
        return intersectional || ctx.result.dataset.protectedAttributes.length < 2
          ? { status: 'pass', reason: 'reported', evidence: { rows: rows.length } }
          : { status: 'warn', reason: 'no_intersections', evidence: { rows: rows.length } };
      },
    },
    {
      id: 'LL144-2%',
      title: 'Categories under 2% may be left out of impact ratios, but are listed',
      source: '6 RCNY §5-301(d)',
      threshold: 'groups under the share are listed with n and rate',
      kind: 'law-NYC',
      evaluate: (ctx) => {
        const small = disparity(ctx).rows.filter((r) => !r.is_reference && r.share > 0 && r.share < ctx.result.policy.thresholds.smallGroupShare);
        return { status: 'pass', reason: 'small_groups_listed', evidence: { small_groups: small.length, excluded: ctx.result.policy.excludeSmallGroups ? 'yes' : 'no' } };
      },
    },
    {
      id: 'LL144-UNK',
      title: 'Number of candidates in an unknown category reported',
      source: '6 RCNY §5-301(b)(c), §5-303',
      threshold: 'always reported',
      kind: 'law-NYC',
      evaluate: (ctx) => {
        const unknown = disparity(ctx).stages.reduce((a, s) => a + Object.values(s.unknown).reduce((x, y) => x + y, 0), 0);
        return { status: 'pass', reason: 'unknown_reported', evidence: { unknown_values: unknown } };
      },
    },
    {
      id: 'LL144-PUB',
      title: 'Public summary: audit date, data source, counts, rates, impact ratios, distribution date',
      source: '6 RCNY §5-302, §5-303',
      threshold: 'tool distribution date declared',
      kind: 'law-NYC',
      evaluate: (ctx) =>
        ctx.declarations.toolDistributionDate
          ? { status: 'pass', reason: 'summary_complete', evidence: { tool_distribution_date: ctx.declarations.toolDistributionDate } }
          : { status: 'not_assessed', reason: 'not_declared', evidence: { declaration: 'toolDistributionDate' } },
    },
  ],
};
