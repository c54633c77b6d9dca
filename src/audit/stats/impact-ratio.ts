import normalQuantile from '@stdlib/stats-base-dists-normal-quantile';

/**
 * Impact ratio IR = SR_g / SR_r (selection rate of the focal group over that of the reference
 * group, UGESP 4D / NYC LL144) with the Katz log confidence interval:
 *
 *   SR_g = xg / ng,  SR_r = xr / nr
 *   ln IR +- z sqrt((1 - SR_g) / xg + (1 - SR_r) / xr),   z = Phi^-1(1 - (1 - confidence) / 2)
 *
 * This is the usual risk-ratio interval (SAS PROC FREQ "relative risk" limits, scipy's
 * relative_risk(...).confidence_interval()). It needs xg > 0 and xr > 0. When either is 0 we add
 * 0.5 to all four cells (Haldane's correction: xg + 0.5 of ng + 1, xr + 0.5 of nr + 1) and compute
 * the whole interval, centre included, from the corrected cells, so it stays finite and non-
 * degenerate. The returned ratio itself is never corrected: it is 0 when xg = 0, Infinity when
 * xr = 0 < xg, and NaN when both are 0 (no selections at all: the ratio is undefined).
 *
 * Sources: D. Katz, J. Baptista, S. P. Azen & M. C. Pike (1978) Biometrics 34:469-474;
 * J. B. S. Haldane (1956) Ann. Hum. Genet. 20:309-311; requirements Q1, Q4.
 *
 * @param xg selected in the focal group; @param ng candidates in the focal group
 * @param xr selected in the reference group; @param nr candidates in the reference group
 * @throws RangeError when ng or nr <= 0, a count is outside [0, n], or confidence is outside (0, 1)
 * @example impactRatioInterval(313, 825, 19, 108) // { ratio: 2.1566, lower: 1.4206, upper: 3.2737 }
 */
export function impactRatioInterval(
  xg: number,
  ng: number,
  xr: number,
  nr: number,
  confidence = 0.95,
): { ratio: number; lower: number; upper: number } {
  for (const [xName, x, nName, n] of [['xg', xg, 'ng', ng], ['xr', xr, 'nr', nr]] as const) {
    if (!Number.isFinite(n) || n <= 0) {
      throw new RangeError(`impactRatioInterval requires ${nName} > 0, got ${n}`);
    }
    if (!Number.isFinite(x) || x < 0 || x > n) {
      throw new RangeError(`impactRatioInterval requires 0 <= ${xName} <= ${nName}, got ${x} of ${n}`);
    }
  }
  if (!(confidence > 0 && confidence < 1)) {
    throw new RangeError(`impactRatioInterval requires a confidence level in (0, 1), got ${confidence}`);
  }
  const ratio = xg / ng / (xr / nr);
  const corrected = xg === 0 || xr === 0;
  const [a, n1, c, n2] = corrected ? [xg + 0.5, ng + 1, xr + 0.5, nr + 1] : [xg, ng, xr, nr];
  const logRatio = Math.log(a / n1 / (c / n2));
  const se = Math.sqrt(1 / a - 1 / n1 + 1 / c - 1 / n2);
  const z = normalQuantile(1 - (1 - confidence) / 2, 0, 1);
  return { ratio, lower: Math.exp(logRatio - z * se), upper: Math.exp(logRatio + z * se) };
}
