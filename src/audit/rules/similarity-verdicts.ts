import type { Policy } from '../contract/policy.js';
import type { SimilaritySection } from '../contract/sections/similarity.js';
import type { MeasuredCoupling, MeasuredHomogeneity, MeasuredMirror, MeasuredProbe, MeasuredResemblance } from '../metrics/similarity/measured.js';
import { BOOTSTRAP_DRAWS, MAHALANOBIS_ROWS_PER_TRAIT, PARTIAL_MIN_N } from '../metrics/similarity/parameters.js';
import { PROBE_ITERATIONS, PROBE_L2 } from '../probes/proxy-model.js';
import { isAbove, isBelow } from './thresholds.js';

/**
 * The similar-to-me rules (requirements Q8 [C], AI Act art. 10(3), AVG-22(4)/9): each verdict
 * from the measured numbers and the policy thresholds, with the rule text that produced it, and
 * the notes that say how a number was obtained or why it is missing. Effect sizes meet their
 * thresholds through rules/thresholds.ts (a ratio of exactly 0.8 is not below 0.8).
 */
type Unit = SimilaritySection['units'][number];
type Coupling = NonNullable<Unit['coupling']>;
type Probe = NonNullable<SimilaritySection['proxy_probe']>['probes'][number];

/** A status with the rule text that produced it (every verdict names its rule and threshold). */
export type Verdict = Unit['homogeneity']['verdict'];
export interface Judged {
  status: Verdict;
  rule: string;
}

const fmt = (x: number) => (Math.abs(x) >= 0.001 || x === 0 ? x.toFixed(3) : x.toExponential(2));

/** Why this distance: Mahalanobis needs more than MAHALANOBIS_ROWS_PER_TRAIT benchmark rows per trait used. */
export function resemblanceRule(r: MeasuredResemblance, benchmarkN: number, traitsUsed: number): string {
  if (r.metric === 'mahalanobis') {
    return `Mahalanobis distance: ${benchmarkN} benchmark candidates > ${MAHALANOBIS_ROWS_PER_TRAIT} x ${traitsUsed} traits; benchmark covariance shrunk by OAS (intensity ${r.shrinkage!.toFixed(3)})`;
  }
  return `standardized Euclidean distance: ${benchmarkN} benchmark candidates, Mahalanobis needs more than ${MAHALANOBIS_ROWS_PER_TRAIT} x ${traitsUsed} traits = ${MAHALANOBIS_ROWS_PER_TRAIT * traitsUsed} (and a benchmark covariance with some spread)`;
}

/**
 * The partial correlation given the criterion is reported from thresholds.minCriterionN criterion
 * rows; below that, or when it is undefined, it is withheld with the reason.
 */
export function reportedPartial(c: MeasuredCoupling, policy: Policy): Pick<Coupling, 'partial' | 'partial_note'> {
  const min = policy.thresholds.minCriterionN;
  if (c.criterionN === null) return { partial: null, partial_note: 'no criterion column: the coupling cannot be separated from job performance' };
  if (c.criterionN < min) {
    return { partial: null, partial_note: `${c.criterionN} candidates with a criterion < thresholds.minCriterionN ${min}: partial correlation not computed` };
  }
  if (c.partial === null) {
    return {
      partial: null,
      partial_note:
        c.criterionN < PARTIAL_MIN_N
          ? `${c.criterionN} candidates with a criterion: a partial correlation needs at least ${PARTIAL_MIN_N}`
          : 'partial correlation undefined: no variance in score, criterion or distance among criterion rows',
    };
  }
  return { partial: c.partial, partial_note: null };
}

/**
 * Q8 [C]: fail if the partial correlation given the criterion > thresholds.resemblanceCoupling
 * with p < alpha; warn if only the zero-order correlation meets that (or no criterion exists to
 * tell); insufficient evidence under minGroupSize scored candidates; else pass.
 */
export function couplingVerdict(n: number, rho: number | null, p: number | null, partial: Coupling['partial'], policy: Policy): Judged {
  const t = policy.thresholds.resemblanceCoupling;
  const a = policy.alpha;
  if (n < policy.minGroupSize || rho === null || p === null) {
    return { status: 'insufficient_evidence', rule: `insufficient evidence: ${n} scored candidates with every trait (minimum ${policy.minGroupSize}) or no variance` };
  }
  const meets = (r: number, pv: number) => isAbove(r, t) && pv < a;
  if (partial && partial.rho !== null && partial.p !== null && meets(partial.rho, partial.p)) {
    return { status: 'fail', rule: `fail: partial correlation of score with resemblance given the criterion ${fmt(partial.rho)} > ${t} with p ${fmt(partial.p)} < ${a} (Q8)` };
  }
  const zero = `zero-order correlation ${fmt(rho)} ${meets(rho, p) ? `> ${t} with p ${fmt(p)} < ${a}` : `not > ${t} with p < ${a}`}`;
  if (meets(rho, p)) {
    const why = partial ? `partial given the criterion ${fmt(partial.rho ?? Number.NaN)} does not meet it` : 'no partial correlation (no usable criterion)';
    return { status: 'warn', rule: `warn: ${zero}; ${why} (Q8)` };
  }
  return { status: 'pass', rule: `pass: ${zero}${partial ? `; partial ${fmt(partial.rho ?? Number.NaN)}` : ''} (Q8: fail if partial > ${t} with p < ${a})` };
}

/** The coupling as reported: the partial withheld or not, and the verdict on what is reported. */
export function judgeCoupling(c: MeasuredCoupling, policy: Policy): Coupling {
  const { criterionN: _criterionN, ...measured } = c;
  const reported = reportedPartial(c, policy);
  const judged = couplingVerdict(c.n, c.rho, c.p, reported.partial, policy);
  return { ...measured, ...reported, verdict: judged.status, verdict_rule: judged.rule };
}

/**
 * Q8 [C]: warn if H < thresholds.homogeneityRatio and the bootstrap interval lies below 1 (the
 * selected really are more uniform); insufficient evidence when H is below the threshold but the
 * interval reaches 1, or with fewer than minGroupSize selected; else pass.
 */
export function homogeneityVerdict(h: number | null, ci: [number, number] | null, nSelected: number, policy: Policy): Judged {
  const t = policy.thresholds.homogeneityRatio;
  if (h === null || nSelected < policy.minGroupSize) {
    return { status: 'insufficient_evidence', rule: `insufficient evidence: ${nSelected} selected candidates with every trait (minimum ${policy.minGroupSize})` };
  }
  if (isBelow(h, t) && ci !== null && ci[1] < 1) {
    return { status: 'warn', rule: `warn: H ${fmt(h)} < ${t} and its 95% bootstrap interval (upper ${fmt(ci[1])}) lies below 1 (Q8)` };
  }
  if (isBelow(h, t)) return { status: 'insufficient_evidence', rule: `insufficient evidence: H ${fmt(h)} < ${t} but its 95% interval reaches 1 (sampling noise cannot be ruled out)` };
  return { status: 'pass', rule: `pass: H ${fmt(h)} >= ${t} (Q8: warn if H < ${t})` };
}

/** What the homogeneity bootstrap resampled and how its interval was scaled to the pool (see metrics/similarity/homogeneity.ts). */
export function bootstrapBasis(h: MeasuredHomogeneity, nPool: number): string {
  const draws = Math.min(h.bootstrap_n, BOOTSTRAP_DRAWS);
  return h.bootstrap_n >= nPool && nPool <= BOOTSTRAP_DRAWS
    ? `percentile interval of ${h.replicates} seeded bootstrap resamples of all ${h.bootstrap_n} candidates of the pool`
    : `${h.replicates} seeded bootstrap draws of ${draws} from a seeded sample of ${h.bootstrap_n} of ${nPool} candidates; log(H*/H) percentiles scaled by sqrt(${draws}/${nPool})`;
}

/**
 * Q8 [C]: warn if the selected are closer to the benchmark than to the pool (JS divergence) and
 * some group is under-represented in the benchmark (share_B / share_pool < thresholds.
 * representationRatio, one-sided Fisher p < alpha) and also among the selected (one-sided Fisher
 * p < alpha, selected vs rejected); insufficient evidence with fewer than minGroupSize selected
 * or benchmark candidates of known value; else pass. The two significance tests keep a small
 * benchmark's sampling noise from raising the flag.
 */
export function mirrorVerdict(m: MeasuredMirror, policy: Policy): Judged {
  const t = policy.thresholds.representationRatio;
  const a = policy.alpha;
  const nSelected = m.groups.reduce((s, g) => s + g.selected_n, 0);
  const nBenchmark = m.groups.reduce((s, g) => s + g.benchmark_n, 0);
  const closer = m.closer_to_benchmark;
  if (nBenchmark === 0) return { status: 'not_assessed', rule: 'not assessed: no benchmark candidate has a known value of this attribute' };
  if (nSelected < policy.minGroupSize || nBenchmark < policy.minGroupSize) {
    return { status: 'insufficient_evidence', rule: `insufficient evidence: ${nSelected} selected and ${nBenchmark} benchmark candidates of known value (minimum ${policy.minGroupSize} each)` };
  }
  const mirrored = m.groups.filter(
    (r) => r.representation_ratio !== null && isBelow(r.representation_ratio, t) && (r.representation_p ?? 1) < a && (r.selection_p ?? 1) < a,
  );
  if (closer === true && mirrored.length > 0) {
    const g = mirrored[0]!;
    return {
      status: 'warn',
      rule: `warn: the selected are closer to the benchmark than to the pool (Jensen-Shannon) and ${g.group} has representation ratio ${fmt(g.representation_ratio!)} < ${t} (Fisher p ${fmt(g.representation_p!)} < ${a}) and is under-selected (Fisher p ${fmt(g.selection_p!)} < ${a}) (Q8)`,
    };
  }
  return {
    status: 'pass',
    rule: `pass: ${closer ? 'the selected are closer to the benchmark than to the pool, but no' : 'the selected are not closer to the benchmark than to the pool, and no'} group is both under-represented in the benchmark (ratio < ${t}, p < ${a}) and under-selected (p < ${a}) (Q8)`,
  };
}

/**
 * Q8 [C]: warn if the Gini-Simpson diversity of the selected is more than thresholds.diversityLoss
 * below the pool's and the selected x group table is significant (chi-square p < alpha);
 * insufficient evidence under minGroupSize selected; not assessed with fewer than two known groups.
 */
export function diversityVerdict(m: MeasuredMirror, policy: Policy): Judged {
  const t = policy.thresholds.diversityLoss;
  const change = m.diversity_change;
  const p = m.independence_p;
  const nSelected = m.groups.reduce((s, g) => s + g.selected_n, 0);
  if (m.groups.filter((g) => g.pool_n > 0).length < 2) return { status: 'not_assessed', rule: 'not assessed: fewer than two known groups in the pool' };
  if (change === null || nSelected < policy.minGroupSize) {
    return { status: 'insufficient_evidence', rule: `insufficient evidence: ${nSelected} selected candidates of known value (minimum ${policy.minGroupSize})` };
  }
  if (isBelow(change, -t) && p !== null && p < policy.alpha) {
    return { status: 'warn', rule: `warn: diversity change ${fmt(change)} < -${t} and chi-square p ${fmt(p)} < ${policy.alpha} (Q8)` };
  }
  return { status: 'pass', rule: `pass: diversity change ${fmt(change)} (Q8: warn if < -${t} with chi-square p < ${policy.alpha})` };
}

/** How the proxy probe's model was fitted and cross-validated (src/audit/probes/proxy-probe.ts). */
export const probeModel = (folds: number) =>
  `logistic regression (TensorFlow.js, Newton-Raphson, at most ${PROBE_ITERATIONS} iterations, L2 ${PROBE_L2}), ${folds}-fold stratified cross-validation; two groups: the smaller vs the other, more: each group vs the rest`;

/**
 * The proxy probe of one attribute (AVG-22(4)/9, Q8 [C]): warn if a target's cross-validated AUC
 * >= thresholds.proxyAuc with its 95% interval above 0.5 (better than chance); insufficient
 * evidence when no target has minGroupSize candidates on each side, or when the AUC reaches the
 * threshold but its interval includes 0.5; else pass. Targets below minGroupSize are listed but
 * not judged, and max_auc is the highest AUC among the judged ones.
 */
export function proxyVerdict(p: MeasuredProbe, policy: Policy): Pick<Probe, 'max_auc' | 'verdict' | 'verdict_rule'> {
  const t = policy.thresholds.proxyAuc;
  const min = policy.minGroupSize;
  type Target = MeasuredProbe['targets'][number];
  const judged = p.targets.filter((g) => g.auc !== null && g.n_positive >= min && g.n_negative >= min);
  const max = judged.reduce<Target | null>((best, g) => (best === null || g.auc! > best.auc! ? g : best), null);
  const flagged = judged.filter((g) => !isBelow(g.auc!, t) && g.auc_ci![0] > 0.5);
  const maxAuc = max?.auc ?? null;
  if (max === null) {
    return { max_auc: maxAuc, verdict: 'insufficient_evidence', verdict_rule: `insufficient evidence: no group of ${p.attribute} has ${min} sampled candidates with and without it` };
  }
  if (flagged.length > 0) {
    const g = flagged.reduce((a, b) => (b.auc! > a.auc! ? b : a));
    return {
      max_auc: maxAuc,
      verdict: 'warn',
      verdict_rule: `warn: cross-validated AUC for ${g.group} ${fmt(g.auc!)} >= ${t} with 95% interval above 0.5 (lower ${fmt(g.auc_ci![0])}) (AVG-22(4)/9, Q8)`,
    };
  }
  if (!isBelow(max.auc!, t)) {
    return { max_auc: maxAuc, verdict: 'insufficient_evidence', verdict_rule: `insufficient evidence: AUC for ${max.group} ${fmt(max.auc!)} >= ${t} but its 95% interval includes 0.5` };
  }
  return { max_auc: maxAuc, verdict: 'pass', verdict_rule: `pass: highest cross-validated AUC ${fmt(max.auc!)} (${max.group}) < ${t} (AVG-22(4)/9, Q8)` };
}
