import type { ProxyProbeResult } from '../../probes/proxy-probe.js';
import type { MeasuredProxyProbe } from './measured.js';

/**
 * The proxy probe's numbers per attribute (AVG-22(4)/9, Q8): per target group its sampled
 * candidates on each side and its cross-validated AUC with the interval. Which targets are large
 * enough to judge, the highest AUC among them and the verdict are the rules'.
 */
export function proxySection(result: ProxyProbeResult, sampleSize: number): MeasuredProxyProbe {
  return {
    backend: result.backend,
    sample_size: sampleSize,
    folds: result.folds,
    seed: result.seed,
    probes: result.probes.map((p) => ({
      attribute: p.attribute,
      tool: p.tool,
      stage: p.stage,
      n: p.n,
      targets: p.targets.map((g) => ({
        group: g.group,
        n_positive: g.nPositive,
        n_negative: g.nNegative,
        auc: g.auc?.auc ?? null,
        auc_ci: g.auc ? ([g.auc.lower, g.auc.upper] as [number, number]) : null,
        se: g.auc?.se ?? null,
      })),
    })),
  };
}
