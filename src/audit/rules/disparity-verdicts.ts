import type { DisparityRow, DisparitySection } from '../contract/audit-result.js';
import type { Policy } from '../contract/policy.js';
import type { Exclusion, MeasuredDisparity, MeasuredScoringRow } from '../metrics/disparity/index.js';
import { scoringCount } from '../metrics/group-frame.js';
import { minExpectedCount } from '../stats/expected-count.js';
import { comparisonVerdict, fourFifths } from './four-fifths.js';
import { isAbove, isBelow } from './thresholds.js';

/**
 * The verdict fields of the disparity section (requirements Q3): per selection-rate row the
 * four-fifths result, the one-selection flip and the Q3 verdict with its rule text; per
 * scoring-rate row the Q3 verdict; per funnel row the four-fifths result of the bottom line.
 */
type ScoringRow = DisparitySection['scoring'][number];
type FunnelRow = DisparitySection['funnel'][number];
type StratifiedRow = NonNullable<DisparitySection['stratified']>[number];
type StratumRow = NonNullable<DisparitySection['stratum_rows']>[number];

/** Why a group is not compared, in words (the row's `excluded_from_ir`). */
function exclusionText(e: Exclusion, policy: Policy): string {
  switch (e) {
    case 'unknown_category':
      return 'unknown category: counted, not compared (LL144 §5-301)';
    case 'small_group':
      return `under ${policy.thresholds.smallGroupShare * 100}% of the stage: excluded from impact ratios (LL144 §5-301(d))`;
    case 'no_candidates':
      return 'no candidates';
  }
}

const sameGrouping = (a: { tool: string | null; stage?: string; attributes: string[] }, b: typeof a) =>
  a.tool === b.tool && a.stage === b.stage && a.attributes.length === b.attributes.length && a.attributes.every((x, i) => x === b.attributes[i]);

/** The reference row of each row's grouping (same tool, stage and attributes), if any. */
function referenceOf<R extends { tool: string | null; stage?: string; attributes: string[]; is_reference: boolean }>(rows: readonly R[]): (r: R) => R | undefined {
  const refs = rows.filter((r) => r.is_reference);
  return (r) => refs.find((x) => sameGrouping(x, r));
}

function judgeSelectionRow(row: DisparityRow, ref: DisparityRow | undefined, policy: Policy): DisparityRow {
  const thr = policy.thresholds.impactRatio;
  const exclusion = row.excluded_from_ir as Exclusion | null;
  const out: DisparityRow = { ...row, excluded_from_ir: exclusion === null ? null : exclusionText(exclusion, policy) };
  if (exclusion !== null) return { ...out, verdict: 'not_assessed', verdict_rule: out.excluded_from_ir ?? 'no candidates at this stage' };
  if (row.reference === null) {
    const rule = policy.reference.rule === 'named' ? 'the named reference group has no candidates here' : 'no group to compare with';
    return { ...out, verdict: 'insufficient_evidence', verdict_rule: rule };
  }
  if (row.is_reference) {
    const small = row.n < policy.minGroupSize;
    return {
      ...out,
      four_fifths: small ? 'insufficient' : 'pass',
      verdict: small ? 'insufficient_evidence' : 'pass',
      verdict_rule: small
        ? `reference group with n = ${row.n} under the minimum group size ${policy.minGroupSize}`
        : 'reference group (highest selection rate among groups of at least the minimum size)',
    };
  }
  const r = ref!;
  const comparison = {
    impactRatio: row.impact_ratio,
    holmP: row.holm_p,
    n: row.n,
    referenceN: r.n,
    minExpected: minExpectedCount(row.selected, row.n - row.selected, r.selected, r.n - r.selected),
  };
  // Would moving one selection from the reference to this group flip the four-fifths result? (requirements Q3)
  const flip =
    row.impact_ratio === null ? null : isBelow((row.selected + 1) / row.n / ((r.selected - 1) / r.n), thr) !== isBelow(row.impact_ratio, thr);
  const v = comparisonVerdict(comparison, policy);
  return { ...out, four_fifths: fourFifths(comparison, policy), one_selection_flip: flip, verdict: v.status, verdict_rule: v.rule };
}

function judgeScoringRow(measured: MeasuredScoringRow, ref: MeasuredScoringRow | undefined, policy: Policy): ScoringRow {
  const { exclusion, ...row } = measured;
  if (row.is_reference) {
    return { ...row, verdict: row.n < policy.minGroupSize ? 'insufficient_evidence' : 'pass', verdict_rule: 'reference group (highest scoring rate)' };
  }
  if (row.fisher_p === null || ref === undefined) {
    return { ...row, verdict: 'not_assessed', verdict_rule: exclusion !== null ? exclusionText(exclusion, policy) : 'no reference group' };
  }
  const x = scoringCount(row, policy);
  const xr = scoringCount(ref, policy);
  const v = comparisonVerdict(
    { impactRatio: row.impact_ratio, holmP: row.holm_p, n: row.n, referenceN: ref.n, minExpected: minExpectedCount(x, row.n - x, xr, ref.n - xr) },
    policy,
  );
  return { ...row, verdict: v.status, verdict_rule: v.rule };
}

function judgeFunnelRow(row: FunnelRow, ref: FunnelRow | undefined, policy: Policy): FunnelRow {
  const entered = (r: FunnelRow | undefined) => r?.stages[0]?.n ?? 0;
  return { ...row, four_fifths: fourFifths({ impactRatio: row.impact_ratio, n: entered(row), referenceN: entered(ref) }, policy) };
}

/** Which way a ratio points from 1 (parity): -1 below, +1 above, 0 at 1 (within the tolerance) or undefined. */
const direction = (x: number | null | undefined) => (x === null || x === undefined ? 0 : isBelow(x, 1) ? -1 : isAbove(x, 1) ? 1 : 0);

/**
 * Simpson's paradox across strata [C]: the pooled impact ratio (all strata together) and the
 * Mantel-Haenszel common odds ratio (within strata) point in opposite directions, and at least one
 * of them is significant at alpha (the pooled Fisher p, or the CMH p of policy conventions.cmh),
 * so the reversal is not noise around parity. Null when either direction is undefined (a ratio of
 * exactly 1, or none). Bickel, Hammel & O'Connell (1975): UC Berkeley's pooled admissions favour
 * men, the departments do not.
 */
export function simpsonParadox(row: Pick<StratifiedRow, 'pooled' | 'odds_ratio' | 'p'>, policy: Policy): boolean | null {
  const pooled = direction(row.pooled.impact_ratio);
  const within = direction(row.odds_ratio);
  if (pooled === 0 || within === 0) return null;
  const significant = (row.pooled.fisher_p !== null && row.pooled.fisher_p < policy.alpha) || row.p < policy.alpha;
  return pooled !== within && significant;
}

/** A within-stratum row judged as a stage's row (reference: the stratum's row of the reference group). */
function judgeStratumRows(rows: readonly StratumRow[], policy: Policy): StratumRow[] {
  const key = (r: StratumRow) => JSON.stringify(r.stratum);
  const refs = rows.filter((r) => r.is_reference);
  return rows.map((r) => {
    const ref = refs.find((x) => key(x) === key(r) && sameGrouping(x, r));
    return { ...judgeSelectionRow(r, ref, policy), stratum: r.stratum };
  });
}

/** The measured disparity section with every verdict field filled in. */
export function judgeDisparitySection(measured: MeasuredDisparity, policy: Policy): DisparitySection {
  const selectionRef = referenceOf(measured.rows);
  const scoringRef = referenceOf(measured.scoring);
  const funnelRef = referenceOf(measured.funnel);
  return {
    ...measured,
    rows: measured.rows.map((r) => judgeSelectionRow(r, selectionRef(r), policy)),
    scoring: measured.scoring.map((r) => judgeScoringRow(r, scoringRef(r), policy)),
    funnel: measured.funnel.map((r) => judgeFunnelRow(r, funnelRef(r), policy)),
    stratified: (measured.stratified ?? []).map((r) => ({ ...r, simpson_paradox: simpsonParadox(r, policy) })),
    stratum_rows: judgeStratumRows(measured.stratum_rows ?? [], policy),
  };
}
