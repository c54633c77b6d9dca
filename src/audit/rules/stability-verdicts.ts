import type { Policy } from '../contract/policy.js';
import type { DriftStage, PerturbationRow, StabilitySection } from '../contract/sections/stability.js';
import { PSI_BINS } from '../metrics/stability/drift.js';
import { isAbove, isBelow } from './thresholds.js';

type Drift = NonNullable<StabilitySection['drift']>;
type GroupTrend = DriftStage['groups'][number];
const fmt = (x: number) => x.toFixed(3);

/**
 * A group crossed when a later assessable period has IR < threshold with Holm-adjusted p < alpha
 * (the Q3 fail signals) while its baseline IR was at least the threshold. A group already under
 * the threshold at baseline is a disparity finding, not drift.
 */
function crossedIn(trend: GroupTrend, policy: Policy): string | null {
  const assessable = trend.periods.filter((p) => p.assessable && p.impact_ratio !== null);
  const base = assessable[0];
  if (!base || isBelow(base.impact_ratio!, policy.thresholds.impactRatio)) return null;
  return assessable.slice(1).find((p) => isBelow(p.impact_ratio!, policy.thresholds.impactRatio) && p.holm_p !== null && p.holm_p < policy.alpha)?.period ?? null;
}

/** Requirements Q7 drift [C]: warn on a PSI over the threshold with Holm p < alpha, or a crossing group. */
function stageVerdict(s: DriftStage, policy: Policy): Pick<DriftStage, 'verdict' | 'verdict_rule'> {
  const thr = policy.thresholds;
  const psiDrift = s.periods.filter((p) => p.psi_drift === true);
  const crossed = s.groups.filter((g) => g.crossed_in !== null);
  const psiJudged = s.periods.some((p) => p.psi_p !== null);
  const irJudged = s.groups.some((g) => g.periods.filter((p) => p.assessable).length >= 2);
  const rule = `requirements Q7 drift (convention): PSI > ${thr.psi} with Holm-adjusted p < ${policy.alpha} against ${s.baseline_period ?? 'no baseline'}, or an impact ratio falling below ${thr.impactRatio} with Holm p < ${policy.alpha} after a baseline at or above it`;
  if (psiDrift.length > 0 || crossed.length > 0) {
    const parts = [
      ...(psiDrift.length ? [`PSI ${fmt(psiDrift[0]!.psi!)} in ${psiDrift[0]!.period}`] : []),
      ...crossed.map((g) => `${g.attribute}=${g.group} crossed in ${g.crossed_in}`),
    ];
    return { verdict: 'warn', verdict_rule: `warn: ${parts.join('; ')}; ${rule}` };
  }
  if (!psiJudged && !irJudged) {
    return {
      verdict: 'insufficient_evidence',
      verdict_rule: `insufficient evidence: fewer than two periods with ${policy.thresholds.minExpectedCell * PSI_BINS} scored candidates, or groups of ${policy.minGroupSize}, to compare; ${rule}`,
    };
  }
  const maxPsi = Math.max(0, ...s.periods.map((p) => (p.psi_p === null ? 0 : p.psi!)));
  return { verdict: 'pass', verdict_rule: `pass: largest PSI ${fmt(maxPsi)}, no impact ratio crossed; ${rule}` };
}

/** The drift part with its verdicts: PSI drift per period, crossings per group, a verdict per stage. */
export function judgeDrift(drift: Drift, policy: Policy): Drift {
  return {
    ...drift,
    stages: drift.stages.map((measured) => {
      const s: DriftStage = {
        ...measured,
        periods: measured.periods.map((p) => ({
          ...p,
          psi_drift: p.psi_p === null ? p.psi_drift : isAbove(p.psi!, policy.thresholds.psi) && p.psi_holm_p !== null && p.psi_holm_p < policy.alpha,
        })),
        groups: measured.groups.map((g) => ({ ...g, crossed_in: crossedIn(g, policy) })),
      };
      return { ...s, ...stageVerdict(s, policy) };
    }),
  };
}

/**
 * Q7 [C]: insufficient evidence under minGroupSize decided pairs (or none); fail when the flip rate
 * exceeds thresholds.flipRate, or when a group flips more often than the reference group with
 * Holm-adjusted p < alpha; else pass.
 */
export function judgePerturbationRow(row: PerturbationRow, policy: Policy): PerturbationRow {
  const thr = policy.thresholds.flipRate;
  const rule = `requirements Q7 (convention): fail if the flip rate > ${thr} or a group's flip rate differs from the lowest group's with Holm p < ${policy.alpha}`;
  if (row.decided === 0) {
    return { ...row, verdict: 'insufficient_evidence', verdict_rule: `insufficient evidence: no pair has a decision on both the original and the variant; ${rule}` };
  }
  const worse = row.groups.filter((g) => g.holm_p !== null && g.holm_p < policy.alpha);
  const rate = row.flip_rate!;
  if (isAbove(rate, thr) || worse.length > 0) {
    const parts = [
      ...(isAbove(rate, thr) ? [`flip rate ${rate.toFixed(4)} > ${thr}`] : []),
      ...worse.map((g) => `${g.attribute}=${g.group} flips ${g.flip_rate!.toFixed(4)} (Holm p ${g.holm_p!.toPrecision(3)})`),
    ];
    return { ...row, verdict: 'fail', verdict_rule: `fail: ${parts.join('; ')}; ${rule}` };
  }
  if (row.decided < policy.minGroupSize) {
    return { ...row, verdict: 'insufficient_evidence', verdict_rule: `insufficient evidence: ${row.decided} decided pairs under the minimum of ${policy.minGroupSize}; ${rule}` };
  }
  return { ...row, verdict: 'pass', verdict_rule: `pass: flip rate ${rate.toFixed(4)} <= ${thr}, no group differs; ${rule}` };
}
