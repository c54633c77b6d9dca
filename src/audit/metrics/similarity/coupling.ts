import type { Policy } from '../../contract/policy.js';
import type { SimilaritySection } from '../../contract/sections/similarity.js';
import { correlationTest, pearsonInterval } from '../../stats/correlation.js';
import { partialCorrelationTest } from '../../stats/partial-correlation.js';
import type { DistanceAggregates } from './scan.js';
import { meansAndCovariance, type ShiftedSums } from './shifted-sums.js';
import { fmt, type Judged } from './verdict.js';

type Coupling = NonNullable<SimilaritySection['units'][number]['coupling']>;

/** Correlation matrix of shifted sums; null entries where a variance is 0. */
function correlations(ss: ShiftedSums): { n: number; r: (i: number, j: number) => number | null } | null {
  const m = meansAndCovariance(ss);
  if (!m) return null;
  return {
    n: m.n,
    r: (i, j) => {
      const v = m.cov[i]![i]! * m.cov[j]![j]!;
      return v > 0 ? Math.max(-1, Math.min(1, m.cov[i]![j]! / Math.sqrt(v))) : null;
    },
  };
}

/**
 * Coupling of the tool score with resemblance (requirements Q8). Resemblance is minus the distance,
 * so rho = -corr(score, distance): positive when people like the benchmark score higher.
 * Partial correlation given the criterion (rows with a criterion, i.e. the hired) where at least
 * thresholds.minCriterionN such rows exist: does the score follow resemblance beyond what
 * predicts performance? Verdict: see couplingVerdict.
 */
export function coupling(d: DistanceAggregates, policy: Policy, hasCriterion: boolean): Coupling | null {
  if (d.score === null) return null;
  const zero = correlations(d.score);
  const n = Math.round(zero?.n ?? 0);
  const r = zero?.r(0, 1);
  const rho = r === null || r === undefined ? null : -r;
  const test = rho !== null && n >= 4 ? correlationTest(rho, n) : null;
  const ci = rho !== null && n >= 4 ? pearsonInterval(rho, n) : null;
  const { partial, note } = partialCoupling(d, policy, hasCriterion);
  const judged = couplingVerdict(n, rho, test?.p ?? null, partial, policy);
  return {
    n,
    rho,
    rho_ci: ci ? [ci.lower, ci.upper] : null,
    p: test?.p ?? null,
    partial,
    partial_note: note,
    verdict: judged.status,
    verdict_rule: judged.rule,
  };
}

function partialCoupling(d: DistanceAggregates, policy: Policy, hasCriterion: boolean): { partial: Coupling['partial']; note: string | null } {
  if (!hasCriterion || d.criterion === null) return { partial: null, note: 'no criterion column: the coupling cannot be separated from job performance' };
  const c = correlations(d.criterion);
  const n = Math.round(c?.n ?? 0);
  if (!c || n < policy.thresholds.minCriterionN) {
    return { partial: null, note: `${n} candidates with a criterion < thresholds.minCriterionN ${policy.thresholds.minCriterionN}: partial correlation not computed` };
  }
  // Variables: 0 distance, 1 score, 2 criterion. x = score, y = resemblance (-distance), z = criterion.
  const [rds, rdc, rsc] = [c.r(0, 1), c.r(0, 2), c.r(1, 2)];
  if (rds === null || rdc === null || rsc === null || Math.abs(rdc) === 1 || Math.abs(rsc) === 1) {
    return { partial: null, note: 'partial correlation undefined: no variance in score, criterion or distance among criterion rows' };
  }
  const t = partialCorrelationTest(-rds, rsc, -rdc, n);
  return {
    partial: { n, rho: t.r, rho_ci: [t.lower, t.upper], p: t.p, r_score_criterion: rsc, r_resemblance_criterion: -rdc },
    note: null,
  };
}

/**
 * Q8 [C]: fail if the partial correlation given the criterion > thresholds.resemblanceCoupling
 * with p < alpha; warn if only the zero-order correlation meets that (or no criterion exists to
 * tell); insufficient evidence under minGroupSize scored candidates; else pass.
 */
export function couplingVerdict(n: number, rho: number | null, p: number | null, partial: Coupling['partial'], policy: Policy): Judged {
  const t = policy.thresholds.resemblanceCoupling;
  const a = policy.alpha;
  if (n < policy.minGroupSize || rho === null || p === null) {
    return { status: 'insufficient_evidence', rule: `insufficient evidence: ${n} scored candidates with every trait (minimum ${policy.minGroupSize}) or no variance` };
  }
  const meets = (r: number, pv: number) => r > t && pv < a;
  if (partial && partial.rho !== null && partial.p !== null && meets(partial.rho, partial.p)) {
    return { status: 'fail', rule: `fail: partial correlation of score with resemblance given the criterion ${fmt(partial.rho)} > ${t} with p ${fmt(partial.p)} < ${a} (Q8)` };
  }
  const zero = `zero-order correlation ${fmt(rho)} ${meets(rho, p) ? `> ${t} with p ${fmt(p)} < ${a}` : `not > ${t} with p < ${a}`}`;
  if (meets(rho, p)) {
    const why = partial ? `partial given the criterion ${fmt(partial.rho ?? Number.NaN)} does not meet it` : 'no partial correlation (no usable criterion)';
    return { status: 'warn', rule: `warn: ${zero}; ${why} (Q8)` };
  }
  return { status: 'pass', rule: `pass: ${zero}${partial ? `; partial ${fmt(partial.rho ?? Number.NaN)}` : ''} (Q8: fail if partial > ${t} with p < ${a})` };
}
