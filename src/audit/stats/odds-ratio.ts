import normalQuantile from '@stdlib/stats-base-dists-normal-quantile';
import { requireCells, requireConfidence } from './stat-guards.js';

/** A sample odds ratio with its Woolf (log) confidence interval. */
export interface WoolfOddsRatio {
  /** The sample odds ratio a d / (b c), never corrected: 0, Infinity, or NaN (0/0) with zero cells. */
  readonly estimate: number;
  readonly lower: number;
  readonly upper: number;
  readonly confidence: number;
  /** Woolf's standard error of ln OR, sqrt(1/a + 1/b + 1/c + 1/d), of the cells the interval used. */
  readonly logSE: number;
  /** True when a cell was 0 and the interval comes from the Haldane-corrected cells (+ 0.5 each). */
  readonly haldane: boolean;
}

/**
 * Sample odds ratio of a 2x2 table [[a, b], [c, d]] (rows: focal, reference; columns: selected,
 * not selected) with Woolf's logit interval:
 *
 *   OR = a d / (b c),   ln OR -+ z sqrt(1/a + 1/b + 1/c + 1/d),   z = Phi^-1(1 - (1 - confidence)/2)
 *
 * This is the unconditional, large-sample interval (Agresti's "Wald" interval for ln OR; SAS
 * PROC FREQ "Odds Ratio ... Wald Confidence Limits"; statsmodels Table2x2.oddsratio_confint;
 * epitools oddsratio.wald). For small or sparse tables prefer conditionalOddsRatio (the exact
 * interval of R's fisher.test), which never needs a correction.
 *
 * Zero cells: the interval is undefined when any cell is 0. Then, and only then, 0.5 is added to
 * all four cells (Haldane 1956; Gart & Zweifel 1967) and the whole interval, centre included,
 * comes from the corrected cells; `haldane` says so. The estimate itself stays a d / (b c) as
 * observed (0, Infinity, or NaN when both products are 0), as impactRatioInterval does.
 *
 * Sources: B. Woolf (1955) Ann. Hum. Genet. 19:251-253; J. B. S. Haldane (1956) Ann. Hum. Genet.
 * 20:309-311; Agresti (2007) An Introduction to Categorical Data Analysis, 2nd ed., section 2.3.3
 * (aspirin and myocardial infarction: OR 1.832, 95 % CI (1.44, 2.33)).
 * @throws RangeError when a count is negative or not finite, or confidence is not in (0, 1)
 * @example oddsRatioWoolf(189, 10845, 104, 10933) // { estimate: 1.832, lower: 1.440, upper: 2.331 }
 */
export function oddsRatioWoolf(a: number, b: number, c: number, d: number, confidence = 0.95): WoolfOddsRatio {
  requireCells('oddsRatioWoolf', a, b, c, d);
  requireConfidence('oddsRatioWoolf', confidence);
  const estimate = (a * d) / (b * c);
  const haldane = a === 0 || b === 0 || c === 0 || d === 0;
  const [a1, b1, c1, d1] = haldane ? [a + 0.5, b + 0.5, c + 0.5, d + 0.5] : [a, b, c, d];
  const logOr = Math.log(a1) + Math.log(d1) - Math.log(b1) - Math.log(c1);
  const logSE = Math.sqrt(1 / a1 + 1 / b1 + 1 / c1 + 1 / d1);
  const half = normalQuantile(1 - (1 - confidence) / 2, 0, 1) * logSE;
  return { estimate, lower: Math.exp(logOr - half), upper: Math.exp(logOr + half), confidence, logSE, haldane };
}
