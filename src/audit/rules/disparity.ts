import type { DisparitySection, Finding } from '../contract/audit-result.js';
import type { MeasuredDisparity } from '../metrics/disparity/index.js';
import { judgeDisparitySection } from './disparity-verdicts.js';
import type { Judge } from './judge.js';
import { UNKNOWN_GROUP } from '../contract/dataset.js';
import type { Policy } from '../contract/policy.js';
import { finding } from './messages.js';

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
    threshold: `warn if CMH p < ${p.alpha} with a common odds ratio below 1${cmhConvention(p)}`,
    kind: 'convention',
  }),
  strata: (p: Policy): Finding['rule'] => ({
    id: 'UGESP-15A',
    source: 'UGESP 29 CFR 1607.15(A): adverse impact for each job; Cochran–Mantel–Haenszel across the strata of a stage (requirements Q4, issue 16)',
    threshold: `warn if CMH p < ${p.alpha} with a common odds ratio below 1${cmhConvention(p)}`,
    kind: 'convention',
  }),
  simpson: (p: Policy): Finding['rule'] => ({
    id: 'SIMPSON',
    source: "Simpson's paradox (Bickel, Hammel & O'Connell 1975, Science 187:398-404): a pooled comparison reversed within strata",
    threshold: `warn if the pooled impact ratio and the common odds ratio across strata lie on opposite sides of 1 and the pooled Fisher p or the CMH p is < ${p.alpha} (convention)`,
    kind: 'convention',
  }),
  stratumSelection: (p: Policy): Finding['rule'] => ({
    id: 'UGESP-4D',
    source: 'UGESP 29 CFR 1607.4(D) four-fifths rule with significance within each stratum (1607.15(A): for each job; requirements Q3)',
    threshold: `fail if impact ratio < ${p.thresholds.impactRatio} and Holm-adjusted Fisher p < ${p.alpha}; warn if one holds; insufficient evidence under n = ${p.minGroupSize}`,
    kind: 'guidance-US',
  }),
};

/** Says which CMH statistic a threshold reads when the policy chose the uncorrected one (the default, corrected, is unsaid as before). */
function cmhConvention(p: Policy): string {
  return p.conventions.cmh === 'uncorrected' ? ' (CMH without continuity correction, policy conventions.cmh)' : '';
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
  context: Finding['evidence'] = {},
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
          { ...context, attributes: low.attributes.join(' × '), groups_compared: focal.length, min_impact_ratio: low.impact_ratio, min_group: groupLabel(low.groups) },
          rule,
        ),
      ];
    }
    return flagged.map((r) => finding(code, r.verdict, { tool: r.tool, stage: r.stage, groups: r.groups, reference: r.reference }, { ...context, ...evidenceOf(r, ref) }, rule));
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

type StratifiedRow = NonNullable<DisparitySection['stratified']>[number];

const stratifiedEvidence = (r: StratifiedRow): Finding['evidence'] => ({
  stratum_column: r.stratum_column,
  strata: r.strata.length,
  statistic: r.statistic,
  p: r.p,
  correction: r.correction ?? 'corrected',
  odds_ratio: r.odds_ratio,
  odds_ratio_lower: r.odds_ratio_ci?.[0] ?? null,
  odds_ratio_upper: r.odds_ratio_ci?.[1] ?? null,
  breslow_day_p: r.breslow_day_p,
  pooled_impact_ratio: r.pooled.impact_ratio,
  pooled_fisher_p: r.pooled.fisher_p,
  without_stratum: r.without_stratum,
});

/**
 * Per stage and attribute, CMH across the strata of each stratum column (a stratified comparison
 * within the stage, as pooledFindings across stages), and the Simpson's-paradox flag when the
 * pooled and within-strata comparisons point in opposite directions.
 */
function stratifiedFindings(section: DisparitySection, policy: Policy): Finding[] {
  return (section.stratified ?? []).flatMap((r) => {
    const subject = { tool: r.tool, stage: r.stage, groups: { [r.attribute]: r.group }, reference: { [r.attribute]: r.reference } };
    const disadvantage = r.p < policy.alpha && r.odds_ratio !== null && r.odds_ratio < 1;
    const out = [finding('disparity.pooled_across_strata', disadvantage ? 'warn' : 'pass', subject, stratifiedEvidence(r), RULES.strata(policy))];
    if (r.simpson_paradox === true) out.push(finding('disparity.simpson_paradox', 'warn', subject, stratifiedEvidence(r), RULES.simpson(policy)));
    return out;
  });
}

/** Findings of the rows within each stratum (policy strataRows), one stratum at a time, the stratum in the evidence. */
function stratumFindings(section: DisparitySection, policy: Policy): Finding[] {
  const byStratum = new Map<string, NonNullable<DisparitySection['stratum_rows']>>();
  for (const r of section.stratum_rows ?? []) {
    const key = JSON.stringify(r.stratum);
    byStratum.set(key, [...(byStratum.get(key) ?? []), r]);
  }
  return [...byStratum.values()].flatMap((rows) => {
    const stratum = Object.entries(rows[0]!.stratum).map(([k, v]) => `${k}=${v}`).join(', ');
    const evidence = (r: (typeof rows)[number], ref: (typeof rows)[number] | undefined): Finding['evidence'] => ({
      n: r.n,
      selected: r.selected,
      rate: r.rate,
      reference_rate: ref?.rate ?? null,
      reference_n: ref?.n ?? null,
      impact_ratio: r.impact_ratio,
      fisher_p: r.fisher_p,
      holm_p: r.holm_p,
      verdict_rule: r.verdict_rule,
    });
    return rateFindings(rows, 'disparity.stratum_selection_rate', RULES.stratumSelection(policy), evidence, { stratum });
  });
}

const nowhere: Finding['subject'] = { tool: null, stage: null, groups: null, reference: null };

/**
 * What the policy names but the data lack (requirements: no data is never a pass, an absent
 * reference group or stage is said, not skipped): a named reference value that no candidate has,
 * and a funnel stage with no rows. Either makes every affected comparison insufficient evidence,
 * so the finding says why.
 */
function policyMismatchFindings(section: DisparitySection, policy: Policy, attributes: readonly string[]): Finding[] {
  const out: Finding[] = [];
  if (policy.reference.rule === 'named') {
    for (const [attribute, value] of Object.entries(policy.reference.groups)) {
      if (!attributes.includes(attribute)) continue;
      const seen = [...new Set(section.rows.filter((r) => r.attributes.length === 1 && r.attributes[0] === attribute).map((r) => r.groups[attribute]!))];
      if (seen.includes(value)) continue;
      const evidence = { attribute, named_reference: value, values_seen: seen.slice(0, 20).join(', '), distinct_values: seen.length };
      out.push(finding('disparity.reference_absent', 'insufficient_evidence', nowhere, evidence, { ...RULES.selection(policy), threshold: 'the named reference group must occur in the data' }));
    }
  }
  const present = new Set(section.stages.map((s) => s.stage));
  for (const stage of policy.stages ?? []) {
    if (present.has(stage)) continue;
    const evidence = { stage, stages_seen: [...present].slice(0, 20).join(', ') };
    out.push(finding('disparity.stage_absent', 'insufficient_evidence', { ...nowhere, stage }, evidence, { ...RULES.bottomLine(policy), threshold: 'every stage the policy names must occur in the data' }));
  }
  return out;
}

/**
 * An attribute with very many values (a postcode, an id, free text) is not a grouping: its
 * comparisons are all too small to judge and swamp the Holm family. Convention [C]: more than
 * MAX_GROUPS distinct known values at a stage, or fewer than MIN_MEAN_GROUP candidates per value.
 */
const MAX_GROUPS = 100;
const MIN_MEAN_GROUP = 2;

function identifierLikeFindings(section: DisparitySection, policy: Policy, attributes: readonly string[]): Finding[] {
  return attributes.flatMap((attribute) => {
    const rows = section.rows.filter((r) => r.attributes.length === 1 && r.attributes[0] === attribute && r.groups[attribute] !== UNKNOWN_GROUP);
    const byStage = new Map<string, { tool: string | null; groups: number; n: number }>();
    for (const r of rows) {
      const key = `${r.tool ?? ''}\u0000${r.stage}`;
      const s = byStage.get(key) ?? { tool: r.tool, groups: 0, n: 0 };
      s.groups += 1;
      s.n += r.n;
      byStage.set(key, s);
    }
    const worst = [...byStage.values()].sort((a, b) => b.groups - a.groups)[0];
    if (!worst || (worst.groups <= MAX_GROUPS && worst.n >= MIN_MEAN_GROUP * worst.groups)) return [];
    const evidence = { attribute, distinct_values: worst.groups, candidates: worst.n, max_groups: MAX_GROUPS, min_mean_group: MIN_MEAN_GROUP };
    return [finding('disparity.attribute_looks_like_identifier', 'warn', { ...nowhere, tool: worst.tool }, evidence, { ...RULES.selection(policy), threshold: `more than ${MAX_GROUPS} values, or under ${MIN_MEAN_GROUP} candidates per value (convention)` })];
  });
}

function disparityFindings(section: DisparitySection, policy: Policy, attributes: readonly string[]): Finding[] {
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
    ...policyMismatchFindings(section, policy, attributes),
    ...identifierLikeFindings(section, policy, attributes),
    ...selectionFindings(section.rows, policy),
    ...scoringFindings(section.scoring, policy),
    ...funnelFindings(section, policy),
    ...pooledFindings(section, policy),
    ...stratifiedFindings(section, policy),
    ...stratumFindings(section, policy),
  ];
}

/** The disparity family's rules (registry). */
export const judgeDisparity: Judge<MeasuredDisparity, DisparitySection> = (measured, ctx) => {
  const section = measured === null ? null : judgeDisparitySection(measured, ctx.policy);
  return { section, findings: section ? disparityFindings(section, ctx.policy, ctx.dataset.protectedAttributes) : [] };
};
