import { createRng } from '../../stats/rng.js';
import type { FamilyContext } from '../family.js';
import { cloneCurve } from './clone-curve.js';
import { coupling } from './coupling.js';
import { homogeneity } from './homogeneity.js';
import type { MeasuredUnit, SimilarityMeasurement } from './measured.js';
import { mirror } from './mirror.js';
import { proxySection } from './proxy.js';
import type { BenchmarkAggregates, SimilarityAggregates, UnitAggregates } from './scan.js';
import { SAMPLE_SIZE } from './parameters.js';
import { meansAndCovariance } from './shifted-sums.js';

const orNull = (x: number) => (Number.isFinite(x) ? x : null);

/**
 * Pure: the similar-to-me measurement from the scans' aggregates; the only randomness is
 * createRng(policy.seed). Verdicts and their texts are the rules' (src/audit/rules/similarity.ts).
 */
export function finalizeSimilarity(agg: SimilarityAggregates, ctx: FamilyContext): SimilarityMeasurement {
  const { policy, dataset } = ctx;
  const rng = createRng(policy.seed);
  const hasBenchmark = agg.benchmark.n > 0;
  const units = agg.units.map((u) => finalizeUnit(u, agg.traits, hasBenchmark ? agg.benchmark : null, rng, ctx));
  const file = dataset.benchmarkFile;
  return {
    traits: agg.traits,
    benchmark: {
      source: file ? 'file' : hasBenchmark || agg.benchmark.nMissing > 0 ? 'rows' : 'none',
      file: file?.source ?? null,
      hash: file?.hash ?? null,
      n: agg.benchmark.n,
      n_missing_traits: agg.benchmark.nMissing,
    },
    units,
    proxy_probe: agg.probe ? proxySection(agg.probe, SAMPLE_SIZE) : null,
  };
}

function finalizeUnit(
  u: UnitAggregates,
  traits: readonly string[],
  benchmark: BenchmarkAggregates | null,
  rng: ReturnType<typeof createRng>,
  ctx: FamilyContext,
): MeasuredUnit {
  const { policy, dataset } = ctx;
  const sd = u.pool.varPop.map(Math.sqrt);
  const used = u.resemblance?.used ?? sd.map((s) => Number.isFinite(s) && s > 0);
  const traitRows = traits.map((trait, j) => ({
    trait,
    pool_mean: orNull(u.pool.mean[j]!),
    pool_sd: orNull(sd[j]!),
    benchmark_mean: benchmark ? benchmark.mean[j]! : null,
    benchmark_z: benchmark && used[j] ? (benchmark.mean[j]! - u.pool.mean[j]!) / sd[j]! : null,
    selected_z: u.selected.n > 0 && used[j] ? (u.selected.mean[j]! - u.pool.mean[j]!) / sd[j]! : null,
    variance_ratio: u.selected.n > 0 && used[j] ? u.selected.varPop[j]! / u.pool.varPop[j]! : null,
    used: used[j]!,
  }));
  const d = u.distance;
  const moments = (sel: number | null) => {
    if (!d) return null;
    const parts = d.bySelected.filter((b) => sel === null || b.selected === sel).map((b) => b.sums);
    const merged = parts.reduce((a, b) => ({ n: a.n + b.n, shift: a.shift, s: [a.s[0]! + b.s[0]!], x: [[a.x[0]![0]! + b.x[0]![0]!]] }));
    return meansAndCovariance(merged);
  };
  const [all, selected, rejected] = [moments(null), moments(1), moments(0)];
  return {
    tool: u.tool,
    stage: u.stage,
    n_pool: u.pool.n,
    n_selected: u.selected.n,
    n_missing_traits: u.nMissing,
    traits: traitRows,
    resemblance: u.resemblance
      ? {
          metric: u.resemblance.metric,
          shrinkage: u.resemblance.shrinkage,
          pool_mean_distance: all?.mean[0] ?? null,
          pool_sd_distance: all ? Math.sqrt(Math.max(0, all.cov[0]![0]!)) : null,
          selected_mean_distance: selected?.mean[0] ?? null,
          rejected_mean_distance: rejected?.mean[0] ?? null,
        }
      : null,
    clone_curve: d ? cloneCurve(d) : [],
    coupling: d ? coupling(d) : null,
    homogeneity: homogeneity(u.pool, u.selected, used, u.sample, rng, policy),
    mirror: dataset.protectedAttributes.map((attr, a) => mirror(attr, a, u.composition, benchmark)),
  };
}
