import type { DisparitySection, Finding } from '../contract/audit-result.js';
import type { MeasuredDisparity } from '../metrics/disparity/index.js';
import { judgeDisparitySection } from './disparity-verdicts.js';
import type { Judge } from './judge.js';
import type { Policy } from '../contract/policy.js';
import { messageFor } from './messages.js';

/**
 * Disparity findings: every comparison that does not pass becomes its own finding with the
 * numbers behind it; a grouping whose comparisons all pass gets one summarising pass finding.
 */
type Row = DisparitySection['rows'][number];
type ScoringRow = DisparitySection['scoring'][number];

const RULES = {
  selection: (p: Policy): Finding['rule'] => ({
    id: 'UGESP-4D',
    source: 'UGESP 29 CFR 1607.4(D) four-fifths rule with significance (requirements Q3); AWGB art. 2 has no numeric line',
    threshold: `fail if impact ratio < ${p.thresholds.impactRatio} and Holm-adjusted Fisher p < ${p.alpha}; warn if one holds; insufficient evidence under n = ${p.minGroupSize}`,
    kind: 'guidance-US',
  }),
  scoring: (p: Policy): Finding['rule'] => ({
    id: 'LL144-IR',
    source: 'NYC LL144, 6 RCNY §5-300/§5-301(c) scoring rate (share above the median); verdict per requirements Q3',
    threshold: `fail if scoring-rate impact ratio < ${p.thresholds.impactRatio} and Holm-adjusted p < ${p.alpha}`,
    kind: 'convention',
  }),
  bottomLine: (p: Policy): Finding['rule'] => ({
    id: 'UGESP-4C',
    source: 'UGESP 29 CFR 1607.4(C): evaluate each component and the total selection process',
    threshold: `warn if the bottom-line impact ratio < ${p.thresholds.impactRatio}`,
    kind: 'guidance-US',
  }),
  pooled: (p: Policy): Finding['rule'] => ({
    id: 'AWGB-2',
    source: 'Cochran–Mantel–Haenszel across stages (requirements Q4); persistent disparity as a trigger for review (AWGB art. 2)',
    threshold: `warn if CMH p < ${p.alpha} with a common odds ratio below 1`,
    kind: 'convention',
  }),
};

function finding(code: string, status: Finding['status'], subject: Finding['subject'], evidence: Finding['evidence'], rule: Finding['rule']): Finding {
  return { code, status, subject, evidence, rule, message: messageFor(code, evidence, subject, status) };
}

const keyOf = (r: { tool: string | null; stage?: string; attributes: string[] }) => `${r.tool ?? ''}\u0000${r.stage ?? ''}\u0000${r.attributes.join('\u0000')}`;

function byGrouping<T extends { tool: string | null; stage?: string; attributes: string[] }>(rows: readonly T[]): T[][] {
  const out = new Map<string, T[]>();
  for (const r of rows) out.set(keyOf(r), [...(out.get(keyOf(r)) ?? []), r]);
  return [...out.values()];
}

const compared = (r: { is_reference: boolean; impact_ratio: number | null; reference: unknown; verdict: string }) =>
  !r.is_reference && r.reference !== null && r.verdict !== 'not_assessed';

function lowest<T extends { impact_ratio: number | null; groups: Record<string, string> }>(rows: readonly T[]): T | undefined {
  return rows.filter((r) => r.impact_ratio !== null).sort((a, b) => a.impact_ratio! - b.impact_ratio!)[0];
}

const groupLabel = (g: Record<string, string>) => Object.values(g).join(' × ');

type RateRow = Row | ScoringRow;

/**
 * Findings of one kind of rate comparison: each comparison that does not pass is its own finding;
 * a grouping whose comparisons all pass gets one summarising pass finding.
 */
function rateFindings<R extends RateRow>(
  rows: readonly R[],
  code: string,
  rule: Finding['rule'],
  evidenceOf: (row: R, reference: R | undefined) => Finding['evidence'],
): Finding[] {
  return byGrouping(rows).flatMap((group) => {
    const ref = group.find((r) => r.is_reference);
    const focal = group.filter(compared);
    const flagged = focal.filter((r) => r.verdict !== 'pass');
    if (flagged.length === 0) {
      const low = lowest(focal);
      if (!low) return [];
      return [
        finding(
          code,
          'pass',
          { tool: low.tool, stage: low.stage, groups: null, reference: low.reference },
          { attributes: low.attributes.join(' × '), groups_compared: focal.length, min_impact_ratio: low.impact_ratio, min_group: groupLabel(low.groups) },
          rule,
        ),
      ];
    }
    return flagged.map((r) => finding(code, r.verdict, { tool: r.tool, stage: r.stage, groups: r.groups, reference: r.reference }, evidenceOf(r, ref), rule));
  });
}

const selectionFindings = (rows: readonly Row[], policy: Policy) =>
  rateFindings(rows, 'disparity.selection_rate', RULES.selection(policy), (r, ref) => ({
    n: r.n,
    selected: r.selected,
    rate: r.rate,
    reference_rate: ref?.rate ?? null,
    reference_n: ref?.n ?? null,
    impact_ratio: r.impact_ratio,
    impact_ratio_lower: r.impact_ratio_ci?.[0] ?? null,
    impact_ratio_upper: r.impact_ratio_ci?.[1] ?? null,
    fisher_p: r.fisher_p,
    holm_p: r.holm_p,
    cohens_h: r.cohens_h,
    shortfall: r.shortfall,
    one_selection_flip: r.one_selection_flip === null ? null : String(r.one_selection_flip),
    verdict_rule: r.verdict_rule,
  }));

const scoringFindings = (rows: readonly ScoringRow[], policy: Policy) =>
  rateFindings(rows, 'disparity.scoring_rate', RULES.scoring(policy), (r, ref) => ({
    n: r.n,
    scoring_rate: r.scoring_rate,
    reference_scoring_rate: ref?.scoring_rate ?? null,
    impact_ratio: r.impact_ratio,
    holm_p: r.holm_p,
    smd: r.smd,
    verdict_rule: r.verdict_rule,
  }));

function funnelFindings(section: DisparitySection, policy: Policy): Finding[] {
  return byGrouping(section.funnel).flatMap((group) => {
    const ref = group.find((r) => r.is_reference);
    const focal = group.filter((r) => !r.is_reference && r.impact_ratio !== null);
    const flagged = focal.filter((r) => r.four_fifths !== 'pass');
    if (flagged.length === 0) {
      const low = lowest(focal);
      if (!low) return [];
      return [
        finding(
          'disparity.bottom_line',
          'pass',
          { tool: low.tool, stage: null, groups: null, reference: ref?.groups ?? null },
          { attributes: low.attributes.join(' × '), min_impact_ratio: low.impact_ratio, min_group: groupLabel(low.groups), threshold: policy.thresholds.impactRatio },
          RULES.bottomLine(policy),
        ),
      ];
    }
    return flagged.map((r) =>
      finding(
        'disparity.bottom_line',
        r.four_fifths === 'fail' ? 'warn' : 'insufficient_evidence',
        { tool: r.tool, stage: null, groups: r.groups, reference: ref?.groups ?? null },
        {
          entered: r.stages[0]?.n ?? 0,
          cumulative_rate: r.cumulative_rate,
          reference_cumulative_rate: ref?.cumulative_rate ?? null,
          impact_ratio: r.impact_ratio,
          min_group_size: policy.minGroupSize,
        },
        RULES.bottomLine(policy),
      ),
    );
  });
}

function pooledFindings(section: DisparitySection, policy: Policy): Finding[] {
  return section.cmh.map((r) => {
    const disadvantage = r.p < policy.alpha && r.odds_ratio !== null && r.odds_ratio < 1;
    return finding(
      'disparity.pooled_across_stages',
      disadvantage ? 'warn' : 'pass',
      { tool: r.tool, stage: null, groups: { [r.attribute]: r.group }, reference: { [r.attribute]: r.reference } },
      { statistic: r.statistic, p: r.p, odds_ratio: r.odds_ratio, breslow_day_p: r.breslow_day_p, strata: r.strata.length },
      RULES.pooled(policy),
    );
  });
}

export function disparityFindings(section: DisparitySection, policy: Policy, attributes: readonly string[]): Finding[] {
  if (attributes.length === 0) {
    return [
      finding(
        'disparity.no_protected_attributes',
        'insufficient_evidence',
        { tool: null, stage: null, groups: null, reference: null },
        {},
        { ...RULES.selection(policy), threshold: 'protected attributes must be named to assess disparity' },
      ),
    ];
  }
  return [
    ...selectionFindings(section.rows, policy),
    ...scoringFindings(section.scoring, policy),
    ...funnelFindings(section, policy),
    ...pooledFindings(section, policy),
  ];
}

/** The disparity family's rules (registry). */
export const judgeDisparity: Judge<MeasuredDisparity, DisparitySection> = (measured, ctx) => {
  const section = measured === null ? null : judgeDisparitySection(measured, ctx.policy);
  return { section, findings: section ? disparityFindings(section, ctx.policy, ctx.dataset.protectedAttributes) : [] };
};
