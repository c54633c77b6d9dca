import type { Policy } from '../contract/policy.js';
import type { AutomationGroup } from '../contract/sections/automation.js';
import type { Comparison, MeasuredGroup, NotCompared } from '../metrics/automation/measured.js';

/**
 * The automation rules of one group row (requirements Q9 [C]): per kind of comparison (automated
 * rejections, short reviews of rejections, reviewers' decisions) warn when the group is the
 * disadvantaged one with Holm-adjusted p < alpha; insufficient evidence when fewer than
 * minGroupSize decisions were compared; else pass. A comparison that did not run says why.
 */

const UNKNOWN_CATEGORY = 'unknown category: counted, not compared';

function notComparedText(reason: NotCompared, kind: Comparison): string {
  switch (reason) {
    case 'unknown_category':
      return UNKNOWN_CATEGORY;
    case 'only_known_group':
      return 'not compared: the only known group';
    case 'no_variation':
      return kind === 'arr'
        ? 'not compared: no variation (no rejection, or every rejection, at this stage is unreviewed)'
        : 'not compared: no variation in short reviews of rejections at this stage (or none timed)';
    case 'no_override_column':
      return 'not compared: no human_override column';
    case 'no_override':
      return 'not compared: no reviewer changed a tool outcome at this stage';
  }
}

const pct = (x: number | null) => (x === null ? 'n/a' : `${(100 * x).toFixed(1)}%`);

/** The disadvantage each test looks for, and whether this group shows it. */
function verdictTerms(row: MeasuredGroup['row'], kind: Comparison): [string, boolean] {
  if (kind === 'arr') return [`ARR ${pct(row.arr)} vs ${pct(row.arr_rest)} for the rest`, (row.arr ?? 0) > (row.arr_rest ?? 0)];
  if (kind === 'short') return [`${pct(row.short_share)} of reviewed rejections under the minimum review time vs ${pct(row.short_rest)}`, (row.short_share ?? 0) > (row.short_rest ?? 0)];
  return [`Mantel-Haenszel odds ratio of advancing after review ${row.human_odds_ratio?.toFixed(3) ?? 'n/a'} vs the rest`, row.human_odds_ratio !== null && row.human_odds_ratio < 1];
}

/** The verdict of one kind of comparison of one group, with the rule text that produced it. */
export function comparisonVerdict(g: MeasuredGroup, kind: Comparison, policy: Policy): { verdict: AutomationGroup['arr_verdict']; rule: string } {
  const row = g.row;
  const p = kind === 'human' ? row.human_cmh_p : row[`${kind}_fisher_p`];
  const reason = g.notCompared[kind];
  if (reason !== null) return { verdict: 'not_assessed', rule: notComparedText(reason, kind) };
  if (p === null) return { verdict: 'not_assessed', rule: 'not compared' };
  const holm = row[`${kind}_holm_p`];
  const [label, worse] = verdictTerms(row, kind);
  const sig = holm !== null && holm < policy.alpha;
  const test = `Holm-adjusted p ${holm === null ? 'n/a' : holm.toPrecision(3)} ${sig ? '<' : '>='} ${policy.alpha}`;
  if (sig && worse) return { verdict: 'warn', rule: `warn: ${label} and ${test} (requirements Q9 [C])` };
  if (g.sizes[kind] < policy.minGroupSize) {
    return { verdict: 'insufficient_evidence', rule: `insufficient evidence: ${g.sizes[kind]} decisions compared < minimum group size ${policy.minGroupSize}; ${test}` };
  }
  return { verdict: 'pass', rule: `pass: ${sig ? `${test}, but the group is not the one disadvantaged` : test}` };
}

/** A measured group row judged: why it is excluded (the unknown category), and each comparison's verdict. */
export function judgeGroup(g: MeasuredGroup, policy: Policy): AutomationGroup {
  const [arr, short, human] = [comparisonVerdict(g, 'arr', policy), comparisonVerdict(g, 'short', policy), comparisonVerdict(g, 'human', policy)];
  return {
    ...g.row,
    excluded: g.notCompared.arr === 'unknown_category' ? UNKNOWN_CATEGORY : null,
    arr_verdict: arr.verdict,
    arr_verdict_rule: arr.rule,
    short_verdict: short.verdict,
    short_verdict_rule: short.rule,
    human_verdict: human.verdict,
    human_verdict_rule: human.rule,
  };
}
