import type { Policy } from '../contract/policy.js';
import type { TestRetestGroup, TestRetestRow } from '../contract/sections/reliability.js';
import type { Exclusion, MeasuredRetestGroup } from '../metrics/reliability/measured.js';
import { correlationDifferenceSampleSize } from '../stats/validity-index.js';

/**
 * The reliability decision rules (requirements Q7, COTAN-R): pure functions of the measured
 * numbers and the policy, each returning the verdict and the rule text that produced it. The bands
 * are COTAN-style, unverified against the COTAN text [U]; the floors and yardstick are conventions [C].
 */
export type Band = NonNullable<TestRetestRow['rating']>;
type Verdict = TestRetestRow['verdict'];
export interface Judged {
  verdict: Verdict;
  rule: string;
}

const fmt = (x: number) => x.toFixed(3);

/** The bands applied, as the section records them. */
export function reliabilityBands(policy: Policy): { sufficient: number; good: number; note: string } {
  const { reliabilitySufficient, reliabilityGood } = policy.thresholds;
  return {
    sufficient: reliabilitySufficient,
    good: reliabilityGood,
    note: `COTAN rating system, criterion "Betrouwbaarheid": < ${reliabilitySufficient} insufficient, ${reliabilitySufficient}-${reliabilityGood} sufficient, >= ${reliabilityGood} good; recalled from the 2009/2010 system and unverified against the COTAN text [U], applied here as a convention`,
  };
}

/** Why a group is not compared, in words (the row's `excluded`). */
export function exclusionText(e: Exclusion): string {
  return e === 'unknown_category' ? 'unknown category: counted, not compared' : 'no reference group with retest pairs';
}

/** COTAN-style band of a reliability coefficient (requirements COTAN-R; bands [U], a convention). */
export function reliabilityBand(value: number, policy: Policy): Band {
  const { reliabilitySufficient, reliabilityGood } = policy.thresholds;
  return value >= reliabilityGood ? 'good' : value >= reliabilitySufficient ? 'sufficient' : 'insufficient';
}

/**
 * The verdict on one reliability coefficient: insufficient evidence under minGroupSize
 * candidates (a convention: the same floor as a compared group) or when it is undefined; fail in
 * the "insufficient" band (COTAN: not adequate for high-stakes individual decisions); else pass.
 */
export function coefficientVerdict(what: string, value: number | null, n: number, policy: Policy): Judged {
  const { reliabilitySufficient: lo, reliabilityGood: hi } = policy.thresholds;
  if (n < policy.minGroupSize) {
    return { verdict: 'insufficient_evidence', rule: `insufficient evidence: n = ${n} under the minimum of ${policy.minGroupSize} (convention)` };
  }
  if (value === null) return { verdict: 'insufficient_evidence', rule: `insufficient evidence: ${what} is undefined (no spread in the scores)` };
  const band = reliabilityBand(value, policy);
  const edges = `COTAN-style bands < ${lo} insufficient, ${lo}-${hi} sufficient, >= ${hi} good (unverified [U], a convention)`;
  return band === 'insufficient'
    ? { verdict: 'fail', rule: `fail: ${what} ${fmt(value)} < ${lo}; ${edges}` }
    : { verdict: 'pass', rule: `pass: ${what} ${fmt(value)} is ${band}; ${edges}` };
}

/** Determinism (requirements Q7): any re-score of identical input that differs is a warning [C]. */
export function determinismVerdict(share: number): Judged {
  const verdict = share < 1 ? 'warn' : 'pass';
  return { verdict, rule: `${verdict}: share of identical re-scores of identical input ${share.toFixed(4)}; requirements Q7 determinism, warn below 1 (convention)` };
}

/**
 * The difference differential reliability must be able to detect (our convention [C]): the
 * distance in Fisher z between the edges of the "sufficient" and "good" bands, i.e. the test can
 * tell a group measured at the one edge from a group measured at the other.
 */
export function reliabilityYardstick(policy: Policy): number {
  return Math.atanh(policy.thresholds.reliabilityGood) - Math.atanh(policy.thresholds.reliabilitySufficient);
}

/**
 * Differential reliability of one compared group against its reference [C]: insufficient evidence
 * under minGroupSize pairs in the group or the reference; pass when both have r = 1 (Fisher z is
 * undefined there, and there is nothing to differ); insufficient evidence when r is undefined or 1
 * in only one of them; warn when the Holm-adjusted p is under alpha (the tool scores one group
 * less consistently than the other); insufficient evidence when the test could miss the yardstick
 * difference; else pass.
 */
export function differentialReliabilityVerdict(row: MeasuredRetestGroup, ref: MeasuredRetestGroup, policy: Policy): { verdict: NonNullable<TestRetestGroup['verdict']>; rule: string } {
  const yardstick = reliabilityYardstick(policy);
  if (row.n_pairs < policy.minGroupSize || ref.n_pairs < policy.minGroupSize) {
    return { verdict: 'insufficient_evidence', rule: `insufficient evidence: ${row.n_pairs} pairs (reference ${ref.n_pairs}) under the minimum of ${policy.minGroupSize}` };
  }
  if (row.pearson_r === 1 && ref.pearson_r === 1) {
    return { verdict: 'pass', rule: 'pass: both groups get a perfectly consistent second score (r = 1): no difference to test' };
  }
  if (row.holm_p === null || row.pearson_r === null || ref.pearson_r === null) {
    return { verdict: 'insufficient_evidence', rule: 'insufficient evidence: r is undefined or 1 in the group or the reference group' };
  }
  const pText = `Holm-adjusted Fisher-z p ${fmt(row.holm_p)}`;
  if (row.holm_p < policy.alpha) {
    const lower = row.pearson_r < ref.pearson_r ? row.group : ref.group;
    return { verdict: 'warn', rule: `warn: retest r ${fmt(row.pearson_r)} vs ${fmt(ref.pearson_r)}, ${pText} < ${policy.alpha}: the tool scores ${lower} less consistently (convention)` };
  }
  if (row.minimum_detectable_q !== null && row.minimum_detectable_q > yardstick) {
    const nNeeded = correlationDifferenceSampleSize(yardstick, policy.alpha, policy.thresholds.power);
    return {
      verdict: 'insufficient_evidence',
      rule: `insufficient evidence: ${pText} >= ${policy.alpha}, but the test detects only |q| >= ${fmt(row.minimum_detectable_q)} > ${fmt(yardstick)} (the sufficient-to-good band distance) with power ${policy.thresholds.power}; about ${nNeeded} pairs per group needed`,
    };
  }
  return { verdict: 'pass', rule: `pass: ${pText} >= ${policy.alpha} and the test detects |q| >= ${fmt(row.minimum_detectable_q ?? 0)} <= ${fmt(yardstick)} with power ${policy.thresholds.power}` };
}
