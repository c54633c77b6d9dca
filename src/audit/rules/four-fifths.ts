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

/** Which branch of the Q3 verdict a comparison takes (see comparisonVerdict). */
type VerdictCase = 'no_ratio' | 'fail' | 'small_group' | 'sparse' | 'warn' | 'pass';

const STATUS_OF: Readonly<Record<VerdictCase, FindingStatus>> = {
  no_ratio: 'insufficient_evidence',
  fail: 'fail',
  small_group: 'insufficient_evidence',
  sparse: 'insufficient_evidence',
  warn: 'warn',
  pass: 'pass',
};

/** The branch, and the two signals the sentence names: the ratio under the threshold, a significant gap. */
function verdictCase(c: Comparison, policy: Policy, threshold: number): { branch: VerdictCase; below: boolean; sig: boolean } {
  if (c.impactRatio === null) return { branch: 'no_ratio', below: false, sig: false };
  const below = isBelow(c.impactRatio, threshold);
  const sig = c.holmP !== null && c.holmP < policy.alpha && c.impactRatio < 1;
  const branch: VerdictCase =
    below && sig
      ? 'fail'
      : c.n < policy.minGroupSize || c.referenceN < policy.minGroupSize
        ? 'small_group'
        : below && c.minExpected < policy.thresholds.minExpectedCell
          ? 'sparse'
          : below || sig
            ? 'warn'
            : 'pass';
  return { branch, below, sig };
}

/**
 * The status of comparisonVerdict, without its sentence: the stability bootstrap judges every
 * comparison in every resample (hundreds of thousands at 10M rows) and needs only this.
 */
export function comparisonStatus(c: Comparison, policy: Policy, threshold = policy.thresholds.impactRatio): FindingStatus {
  return STATUS_OF[verdictCase(c, policy, threshold).branch];
}

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
  const { branch, below, sig } = verdictCase(c, policy, thr);
  const status = STATUS_OF[branch];
  if (c.impactRatio === null) return { status, rule: wording.missing };
  const ir = `${wording.ratio} ${fmt(c.impactRatio)} ${below ? '<' : '>='} ${thr} (${wording.source})`;
  const p = c.holmP === null ? 'no p-value' : `Holm-adjusted Fisher p ${fmt(c.holmP)} ${sig ? '<' : '>='} ${alpha}`;
  switch (branch) {
    case 'fail':
      return { status, rule: `fail: ${ir} and ${p} (requirements Q3)` };
    case 'small_group':
      return { status, rule: `insufficient evidence: n = ${c.n} (reference ${c.referenceN}) under the minimum group size ${minGroupSize}; ${ir}, ${p}` };
    case 'sparse':
      return { status, rule: `insufficient evidence: ${ir} but ${p} with an expected cell of ${fmt(c.minExpected)} < ${policy.thresholds.minExpectedCell}` };
    case 'warn':
      return { status, rule: `warn: ${ir}, ${p}: one of the two signals (requirements Q3)` };
    default:
      return { status, rule: `pass: ${ir}, ${p}` };
  }
}
