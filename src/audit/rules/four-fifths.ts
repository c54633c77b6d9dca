import type { DisparityRow, FindingStatus } from '../contract/audit-result.js';
import type { Policy } from '../contract/policy.js';
import type { Comparison } from '../metrics/group-frame.js';
import { isBelow } from './thresholds.js';

const fmt = (x: number) => (Math.abs(x) >= 0.001 || x === 0 ? x.toFixed(3) : x.toExponential(2));

/** Four-fifths rule alone (UGESP 1607.4(D)), with small groups never passing. */
export function fourFifths(c: Pick<Comparison, 'impactRatio' | 'n' | 'referenceN'>, policy: Policy): DisparityRow['four_fifths'] {
  if (c.impactRatio === null || c.n < policy.minGroupSize || c.referenceN < policy.minGroupSize) return 'insufficient';
  return isBelow(c.impactRatio, policy.thresholds.impactRatio) ? 'fail' : 'pass';
}

/** What a comparison's ratio is called, the rule its threshold comes from, and the threshold. */
export interface RatioWording {
  ratio: string;
  source: string;
  threshold: number;
  /** Why the ratio can be missing. */
  missing: string;
}

const impactRatioWording = (policy: Policy): RatioWording => ({
  ratio: 'impact ratio',
  source: 'UGESP 1607.4(D)',
  threshold: policy.thresholds.impactRatio,
  missing: 'no impact ratio: the reference group has no selections',
});

/**
 * The screening verdict of requirements.md Q3 [C]: fail when the impact ratio is under the
 * threshold AND the Holm-adjusted p is under alpha; insufficient evidence when a group is under
 * the minimum size, or the ratio is low but the test has too few expected counts to speak; warn
 * when exactly one signal holds (a significant gap in the focal group's disfavour only); else pass.
 * `wording` judges another ratio the same way (error-rate ratios: their name, source and threshold).
 */
export function comparisonVerdict(c: Comparison, policy: Policy, wording: RatioWording = impactRatioWording(policy)): { status: FindingStatus; rule: string } {
  const thr = wording.threshold;
  const { alpha, minGroupSize } = policy;
  if (c.impactRatio === null) {
    return { status: 'insufficient_evidence', rule: wording.missing };
  }
  const below = isBelow(c.impactRatio, thr);
  const sig = c.holmP !== null && c.holmP < alpha && c.impactRatio < 1;
  const ir = `${wording.ratio} ${fmt(c.impactRatio)} ${below ? '<' : '>='} ${thr} (${wording.source})`;
  const p = c.holmP === null ? 'no p-value' : `Holm-adjusted Fisher p ${fmt(c.holmP)} ${sig ? '<' : '>='} ${alpha}`;
  if (below && sig) return { status: 'fail', rule: `fail: ${ir} and ${p} (requirements Q3)` };
  if (c.n < minGroupSize || c.referenceN < minGroupSize) {
    return {
      status: 'insufficient_evidence',
      rule: `insufficient evidence: n = ${c.n} (reference ${c.referenceN}) under the minimum group size ${minGroupSize}; ${ir}, ${p}`,
    };
  }
  if (below && c.minExpected < policy.thresholds.minExpectedCell) {
    return {
      status: 'insufficient_evidence',
      rule: `insufficient evidence: ${ir} but ${p} with an expected cell of ${fmt(c.minExpected)} < ${policy.thresholds.minExpectedCell}`,
    };
  }
  if (below || sig) return { status: 'warn', rule: `warn: ${ir}, ${p}: one of the two signals (requirements Q3)` };
  return { status: 'pass', rule: `pass: ${ir}, ${p}` };
}
