/**
 * Holm's step-down adjustment of p-values for multiple comparisons (controls the family-wise
 * error rate, with no assumption about dependence between the tests). With the m non-null
 * p-values sorted ascending, p_(1) <= ... <= p_(m):
 *
 *   adj_(i) = min(1, max_{j <= i} (m - j + 1) p_(j))
 *
 * and each adjusted value goes back to its original position. The running maximum keeps the
 * adjusted values in the same order as the raw ones. Null entries (tests not run) pass through as
 * null and do not count towards m. Ties keep their input order, as R's p.adjust.
 * Used across groups x stages x intersections; report raw and adjusted p (requirements Q4).
 *
 * Sources: S. Holm (1979) Scand. J. Statist. 6:65-70; R Core, stats::p.adjust(method = "holm").
 *
 * @throws RangeError when a p-value is outside [0, 1] or NaN
 * @example holmAdjust([0.01, 0.04, 0.03, 0.005]) // [0.03, 0.06, 0.06, 0.02]
 */
export function holmAdjust(p: readonly (number | null)[]): (number | null)[] {
  const order: number[] = [];
  p.forEach((value, i) => {
    if (value === null) return;
    if (!(value >= 0 && value <= 1)) {
      throw new RangeError(`holmAdjust requires p-values in [0, 1], got ${value} at index ${i}`);
    }
    order.push(i);
  });
  order.sort((i, j) => p[i]! - p[j]! || i - j);
  const m = order.length;
  const adjusted: (number | null)[] = p.map(() => null);
  let runningMax = 0;
  order.forEach((index, rank) => {
    runningMax = Math.max(runningMax, Math.min(1, (m - rank) * p[index]!));
    adjusted[index] = runningMax;
  });
  return adjusted;
}
