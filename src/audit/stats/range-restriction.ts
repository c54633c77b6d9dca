import { requireCorrelation, requirePositive } from './stat-guards.js';

/**
 * Thorndike's Case II correction for DIRECT range restriction on the predictor (Q6):
 *   u   = SD_applicants / SD_selected            (u >= 1 when selection narrowed the range)
 *   r_c = r u / sqrt(1 + r^2 (u^2 - 1))
 * Applies when the criterion is observed only for people selected on this very score (hired on
 * the tool's score). Exact when the regression of y on x is linear and homoscedastic; when
 * selection was on something else (indirect restriction) it undercorrects (Hunter, Schmidt & Le
 * 2006). Report it flagged as corrected, beside the observed r; never judge
 * on the corrected value alone [C].
 * Source: Thorndike (1949) Personnel Selection, Case II (after Pearson 1903); Sackett & Yang (2000)
 * J Appl Psychol 85:112-118; formula as in Hunter, Schmidt & Le (2006) J Appl Psychol 91:594-612.
 * @throws RangeError when |r| > 1 or an SD is not positive
 * @example correctDirectRangeRestriction(0.25, 1.4, 1) // 0.3400 (u = 1.40)
 */
export function correctDirectRangeRestriction(
  r: number,
  sdApplicants: number,
  sdSelected: number,
): number {
  requireCorrelation('correctDirectRangeRestriction', 'r', r);
  requirePositive('correctDirectRangeRestriction', 'sdApplicants', sdApplicants);
  requirePositive('correctDirectRangeRestriction', 'sdSelected', sdSelected);
  const u = sdApplicants / sdSelected;
  return (r * u) / Math.sqrt(1 + r * r * (u * u - 1));
}

/**
 * Correction for attenuation due to criterion unreliability only (operational validity):
 *   r_c = r / sqrt(r_yy)
 * The predictor is left uncorrected because decisions are made on the fallible score. r_yy is the
 * criterion reliability (for supervisor ratings often the interrater value .52, Viswesvaran,
 * Ones & Schmidt 1996). A result above 1 signals a reliability that is too low for the data.
 * When both corrections apply under direct restriction, correct for r_yy of the restricted group
 * first, then for range restriction (Hunter, Schmidt & Le 2006).
 * Source: Spearman (1904) Am J Psychol 15:72-101; Schmidt & Hunter (1998) Psychol Bull 124:262-274.
 * @throws RangeError when |r| > 1 or r_yy is not in (0, 1]
 * @example correctCriterionUnreliability(0.3, 0.52) // 0.4160
 */
export function correctCriterionUnreliability(r: number, ryy: number): number {
  requireCorrelation('correctCriterionUnreliability', 'r', r);
  if (!(ryy > 0 && ryy <= 1)) {
    throw new RangeError(`correctCriterionUnreliability requires 0 < ryy <= 1, got ryy = ${ryy}`);
  }
  return r / Math.sqrt(ryy);
}
