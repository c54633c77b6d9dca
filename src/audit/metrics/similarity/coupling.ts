import { correlationTest, pearsonInterval } from '../../stats/correlation.js';
import { partialCorrelationTest } from '../../stats/partial-correlation.js';
import type { MeasuredCoupling } from './measured.js';
import { PARTIAL_MIN_N } from './parameters.js';
import type { DistanceAggregates } from './scan.js';
import { meansAndCovariance, type ShiftedSums } from './shifted-sums.js';

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
 * Partial correlation given the criterion (rows with a criterion, i.e. the hired): does the score
 * follow resemblance beyond what predicts performance? Computed whenever it is defined; the rules
 * report it only from thresholds.minCriterionN criterion rows, and judge the coupling.
 */
export function coupling(d: DistanceAggregates): MeasuredCoupling | null {
  if (d.score === null) return null;
  const zero = correlations(d.score);
  const n = Math.round(zero?.n ?? 0);
  const r = zero?.r(0, 1);
  const rho = r === null || r === undefined ? null : -r;
  const test = rho !== null && n >= 4 ? correlationTest(rho, n) : null;
  const ci = rho !== null && n >= 4 ? pearsonInterval(rho, n) : null;
  return { n, rho, rho_ci: ci ? [ci.lower, ci.upper] : null, p: test?.p ?? null, ...partialCoupling(d) };
}

function partialCoupling(d: DistanceAggregates): Pick<MeasuredCoupling, 'partial' | 'criterionN'> {
  if (d.criterion === null) return { partial: null, criterionN: null };
  const c = correlations(d.criterion);
  const n = Math.round(c?.n ?? 0);
  if (!c || n < PARTIAL_MIN_N) return { partial: null, criterionN: n };
  // Variables: 0 distance, 1 score, 2 criterion. x = score, y = resemblance (-distance), z = criterion.
  const [rds, rdc, rsc] = [c.r(0, 1), c.r(0, 2), c.r(1, 2)];
  if (rds === null || rdc === null || rsc === null || Math.abs(rdc) === 1 || Math.abs(rsc) === 1) return { partial: null, criterionN: n };
  const t = partialCorrelationTest(-rds, rsc, -rdc, n);
  return { partial: { n, rho: t.r, rho_ci: [t.lower, t.upper], p: t.p, r_score_criterion: rsc, r_resemblance_criterion: -rdc }, criterionN: n };
}
