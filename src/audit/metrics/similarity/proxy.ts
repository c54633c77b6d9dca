import type { Policy } from '../../contract/policy.js';
import type { SimilaritySection } from '../../contract/sections/similarity.js';
import type { ProxyProbeResult } from '../../probes/proxy-probe.js';
import { fmt } from './verdict.js';

type ProxyProbe = NonNullable<SimilaritySection['proxy_probe']>;

/**
 * Judges the proxy probe per attribute (AVG-22(4)/9, Q8 [C]): warn if a target's cross-validated
 * AUC >= thresholds.proxyAuc with its 95% interval above 0.5 (better than chance); insufficient
 * evidence when no target has minGroupSize candidates on each side, or when the AUC reaches the
 * threshold but its interval includes 0.5; else pass. Targets below minGroupSize are listed but
 * not judged.
 */
export function proxySection(result: ProxyProbeResult, sampleSize: number, policy: Policy): ProxyProbe {
  const t = policy.thresholds.proxyAuc;
  const min = policy.minGroupSize;
  return {
    backend: result.backend,
    model: result.model,
    sample_size: sampleSize,
    folds: result.folds,
    seed: result.seed,
    probes: result.probes.map((p) => {
      const targets = p.targets.map((g) => ({
        group: g.group,
        n_positive: g.nPositive,
        n_negative: g.nNegative,
        auc: g.auc?.auc ?? null,
        auc_ci: g.auc ? ([g.auc.lower, g.auc.upper] as [number, number]) : null,
        se: g.auc?.se ?? null,
      }));
      const judged = targets.filter((g) => g.auc !== null && g.n_positive >= min && g.n_negative >= min);
      const max = judged.reduce<(typeof targets)[number] | null>((best, g) => (best === null || g.auc! > best.auc! ? g : best), null);
      const flagged = judged.filter((g) => g.auc! >= t && g.auc_ci![0] > 0.5);
      let verdict: ProxyProbe['probes'][number]['verdict'];
      let rule: string;
      if (max === null) {
        verdict = 'insufficient_evidence';
        rule = `insufficient evidence: no group of ${p.attribute} has ${min} sampled candidates with and without it`;
      } else if (flagged.length > 0) {
        const g = flagged.reduce((a, b) => (b.auc! > a.auc! ? b : a));
        verdict = 'warn';
        rule = `warn: cross-validated AUC for ${g.group} ${fmt(g.auc!)} >= ${t} with 95% interval above 0.5 (lower ${fmt(g.auc_ci![0])}) (AVG-22(4)/9, Q8)`;
      } else if (max.auc! >= t) {
        verdict = 'insufficient_evidence';
        rule = `insufficient evidence: AUC for ${max.group} ${fmt(max.auc!)} >= ${t} but its 95% interval includes 0.5`;
      } else {
        verdict = 'pass';
        rule = `pass: highest cross-validated AUC ${fmt(max.auc!)} (${max.group}) < ${t} (AVG-22(4)/9, Q8)`;
      }
      return { attribute: p.attribute, tool: p.tool, stage: p.stage, n: p.n, targets, max_auc: max?.auc ?? null, verdict, verdict_rule: rule };
    }),
  };
}
