import type { DisparitySection, Finding } from '../contract/audit-result.js';
import type { Judge } from './judge.js';
import type { Comparison } from '../metrics/group-frame.js';
import { type MeasuredVerdictStability, verdictStability } from '../metrics/stability/verdict-stability.js';
import { comparisonStatus, fourFifths } from './four-fifths.js';
import { judgeDrift, judgePerturbationRow } from './stability-verdicts.js';
import type { Policy } from '../contract/policy.js';
import type { StabilitySection, VerdictStabilityRow } from '../contract/sections/stability.js';
import { finding } from './messages.js';

/**
 * Stability findings: drift per stage and perturbation stability per stage and variant
 * (`stability.*`, read by the AI Act art. 15 rule), and the stability of the disparity verdicts
 * under the bootstrap (`verdict_stability.four_fifths`: about the evidence, not the tool). Missing
 * evidence (no decided_at, no variant rows) is one `stability.no_evidence` finding.
 */
const RULES = {
  drift: (p: Policy): Finding['rule'] => ({
    id: 'AIA-15',
    source: 'AI Act art. 15(1) consistent accuracy over the lifecycle; requirements Q7 drift (PSI of the score, impact-ratio trend by period)',
    threshold: `warn if PSI > ${p.thresholds.psi} with Holm-adjusted p < ${p.alpha} against the baseline period, or an impact ratio falls below ${p.thresholds.impactRatio} (Holm p < ${p.alpha}) after a baseline at or above it`,
    kind: 'convention',
  }),
  perturbation: (p: Policy): Finding['rule'] => ({
    id: 'AIA-15',
    source: 'AI Act art. 15(4) robustness; requirements Q7 perturbation (decision flips under an irrelevant change, by group)',
    threshold: `fail if the flip rate > ${p.thresholds.flipRate} or a group's flip rate differs from the lowest group's (Fisher, Holm p < ${p.alpha}); insufficient evidence under ${p.minGroupSize} decided pairs`,
    kind: 'convention',
  }),
  verdicts: (p: Policy): Finding['rule'] => ({
    id: 'UGESP-4D',
    source: 'requirements Q3 stability: share of bootstrap resamples of the aggregates in which a four-fifths verdict holds (issue 3)',
    threshold: `warn (fragile) if the verdict or the four-fifths result holds in fewer than ${p.thresholds.verdictStability * 100}% of ${p.stability.bootstrapReplicates} resamples`,
    kind: 'convention',
  }),
};

const at = (tool: string | null, stage: string | null, groups: Record<string, string> | null = null, reference: Record<string, string> | null = null): Finding['subject'] => ({
  tool,
  stage,
  groups,
  reference,
});

function driftFindings(drift: NonNullable<StabilitySection['drift']>, policy: Policy): Finding[] {
  return drift.stages.map((s) => {
    const psiDrift = s.periods.find((p) => p.psi_drift === true);
    const judged = s.periods.filter((p) => p.psi !== null && p.psi_p !== null);
    const maxPsi = judged.reduce<{ psi: number; period: string } | null>((m, p) => (m === null || p.psi! > m.psi ? { psi: p.psi!, period: p.period } : m), null);
    const crossed = s.groups.filter((g) => g.crossed_in !== null);
    return finding(
      'stability.drift',
      s.verdict,
      at(s.tool, s.stage),
      {
        unit: drift.unit,
        periods: s.periods.length,
        baseline_period: s.baseline_period,
        max_psi: maxPsi?.psi ?? null,
        max_psi_period: maxPsi?.period ?? null,
        first_psi_drift: psiDrift?.period ?? null,
        psi_threshold: policy.thresholds.psi,
        crossed_groups: crossed.length,
        crossings: crossed.map((g) => `${g.attribute}=${g.group} in ${g.crossed_in} (baseline ${g.baseline_impact_ratio?.toFixed(3)} in ${g.baseline_period})`).join('; ') || null,
        verdict_rule: s.verdict_rule,
      },
      RULES.drift(policy),
    );
  });
}

function perturbationFindings(rows: NonNullable<StabilitySection['perturbation']>, policy: Policy): Finding[] {
  return rows.map((r) => {
    const worst = [...r.groups].filter((g) => g.holm_p !== null).sort((a, b) => a.holm_p! - b.holm_p!)[0];
    const ref = r.groups.find((g) => g.is_reference && worst && g.attribute === worst.attribute);
    return finding(
      'stability.perturbation',
      r.verdict,
      at(r.tool, r.stage, worst ? { [worst.attribute]: worst.group } : null, ref ? { [ref.attribute]: ref.group } : null),
      {
        variant: r.variant,
        n_pairs: r.n_pairs,
        decided: r.decided,
        flips: r.flips,
        flip_rate: r.flip_rate,
        flip_rate_upper: r.flip_rate_ci?.[1] ?? null,
        mean_abs_change: r.mean_abs_change,
        mean_abs_change_sd: r.mean_abs_change_sd,
        group_flip_rate: worst?.flip_rate ?? null,
        reference_flip_rate: ref?.flip_rate ?? null,
        group_holm_p: worst?.holm_p ?? null,
        min_pairs: policy.minGroupSize,
        verdict_rule: r.verdict_rule,
      },
      RULES.perturbation(policy),
    );
  });
}

/** At most eight fragile comparisons by name, then a count. */
function fragileList(rows: readonly VerdictStabilityRow[]): string | null {
  if (rows.length === 0) return null;
  const name = (r: VerdictStabilityRow) =>
    `${Object.entries(r.groups).map(([k, v]) => `${k}=${v}`).join(' × ')}${r.kind === 'scoring' ? ' (scoring rate)' : ''}`;
  const shown = rows.slice(0, 8).map(name).join('; ');
  return rows.length > 8 ? `${shown}; and ${rows.length - 8} more` : shown;
}

/** One finding per stage: warn when any of its comparisons is fragile (the least-held one as subject), else pass. */
function verdictFindings(vs: NonNullable<StabilitySection['verdict_stability']>, policy: Policy): Finding[] {
  const stages = new Map<string, VerdictStabilityRow[]>();
  for (const r of vs.rows) stages.set(`${r.tool ?? ''}\u0000${r.stage}`, [...(stages.get(`${r.tool ?? ''}\u0000${r.stage}`) ?? []), r]);
  const held = (r: VerdictStabilityRow) => Math.min(r.verdict_held, r.four_fifths_held);
  return [...stages.values()].map((rows) => {
    const least = [...rows].sort((a, b) => held(a) - held(b))[0]!;
    const fragile = rows.filter((r) => r.fragile);
    return finding(
      'verdict_stability.four_fifths',
      fragile.length > 0 ? 'warn' : 'pass',
      at(least.tool, least.stage, least.groups, least.reference),
      {
        comparisons: rows.length,
        fragile: fragile.length,
        fragile_groups: fragileList(fragile),
        replicates: vs.replicates,
        kind: least.kind,
        verdict: least.verdict,
        verdict_held: least.verdict_held,
        four_fifths: least.four_fifths,
        four_fifths_held: least.four_fifths_held,
        impact_ratio: least.impact_ratio,
        impact_ratio_lower: least.impact_ratio_interval?.[0] ?? null,
        impact_ratio_upper: least.impact_ratio_interval?.[1] ?? null,
        verdict_rule: least.stability_rule,
      },
      RULES.verdicts(policy),
    );
  });
}

function stabilityFindings(section: StabilitySection | null, policy: Policy): Finding[] {
  const missing = [
    ...(section?.drift ? [] : ['drift needs a decided_at column']),
    ...(section?.perturbation ? [] : ['perturbation stability needs variant rows (variant_of = an original candidate_id, same stage)']),
  ];
  return [
    ...(section?.drift ? driftFindings(section.drift, policy) : []),
    ...(section?.perturbation ? perturbationFindings(section.perturbation, policy) : []),
    ...(section?.verdict_stability ? verdictFindings(section.verdict_stability, policy) : []),
    ...(missing.length
      ? [finding('stability.no_evidence', 'insufficient_evidence', at(null, null), { missing: missing.join('; ') }, { ...RULES.drift(policy), source: 'AI Act art. 15(1)(4); requirements Q7 drift and perturbation', threshold: 'drift and perturbation stability need decided_at and variant rows' })]
      : []),
  ];
}

/** The verdict of one comparison as the disparity rules give it, for the bootstrap to re-judge. */
const comparisonJudge = (policy: Policy) => (c: Comparison) => ({ status: comparisonStatus(c, policy), fourFifths: fourFifths(c, policy) });

/** A verdict is fragile when it, or its four-fifths result, holds in fewer resamples than the policy's share (convention). */
function judgeVerdictStability(measured: MeasuredVerdictStability, policy: Policy): NonNullable<StabilitySection['verdict_stability']> {
  const threshold = policy.thresholds.verdictStability;
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  return {
    replicates: measured.replicates,
    seed: measured.seed,
    method:
      'parametric bootstrap on the aggregates: per group x* ~ Binomial(n, x/n) with n fixed; each comparison keeps its reference group; ' +
      'Fisher exact p where an expected count is below minExpectedCell, else Yates chi-square; Holm over every comparison; verdict per requirements Q3',
    rows: measured.rows.map((r) => {
      const fragile = r.verdict_held < threshold || r.four_fifths_held < threshold;
      const judged = `verdict held in ${pct(r.verdict_held)} and the four-fifths result in ${pct(r.four_fifths_held)} of ${measured.replicates} resamples`;
      return {
        ...r,
        fragile,
        stability_rule: fragile ? `fragile: ${judged}, below ${threshold} (convention)` : `stable: ${judged}, both at least ${threshold} (convention)`,
      };
    }),
  };
}

/** The verdict stability of a judged disparity section, judged: null when it has no comparison. */
export function judgedVerdictStability(disparity: DisparitySection, policy: Policy): NonNullable<StabilitySection['verdict_stability']> | null {
  const bootstrap = verdictStability(disparity, policy, comparisonJudge(policy));
  return bootstrap === null ? null : judgeVerdictStability(bootstrap, policy);
}

/**
 * The stability family's rules (registry): the measured drift and perturbation parts, plus the
 * stability of the judged disparity verdicts under the bootstrap (requirements Q3).
 */
export const judgeStability: Judge<StabilitySection> = (measured, ctx) => {
  const verdicts = ctx.judged.disparity ? judgedVerdictStability(ctx.judged.disparity, ctx.policy) : null;
  const section: StabilitySection | null =
    measured === null && verdicts === null
      ? null
      : {
          drift: measured?.drift ? judgeDrift(measured.drift, ctx.policy) : null,
          verdict_stability: verdicts,
          perturbation: measured?.perturbation ? measured.perturbation.map((r) => judgePerturbationRow(r, ctx.policy)) : null,
        };
  return { section, findings: stabilityFindings(section, ctx.policy) };
};
