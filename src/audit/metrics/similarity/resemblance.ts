import { CholeskyDecomposition, Matrix } from 'ml-matrix';
import type { DistanceColumn } from '../../engine/aggregate-query.js';
import { oasShrinkage } from '../../stats/shrinkage.js';
import { MAHALANOBIS_ROWS_PER_TRAIT } from './parameters.js';

/** Per-trait moments over candidates with every trait (population variances, divisor n). */
export interface TraitMoments {
  n: number;
  mean: number[];
  varPop: number[];
}

/** How resemblance to the benchmark is measured in one pool (requirements Q8). */
export interface ResemblanceSpec {
  metric: 'mahalanobis' | 'standardized_euclidean';
  /** OAS intensity for Mahalanobis, else null. */
  shrinkage: number | null;
  /** Per trait: false when constant in the pool (cannot be standardised), left out of the distance. */
  used: boolean[];
  /** The per-row distance the engine computes (resemblance = minus this distance). */
  distance: DistanceColumn;
}


/**
 * The distance of each applicant to the benchmark centroid, on traits standardised by the pool
 * (z_j = (x_j - m_j) / s_j with the pool's mean m and population SD s; mu_B = the benchmark
 * centroid in those units):
 *   standardized Euclidean: d = ||z - mu_B||, i.e. centre = benchmark mean, scale = pool SD;
 *   Mahalanobis (benchmark n > 5 x traits): d = sqrt((z - mu_B)' Sigma^-1 (z - mu_B)), Sigma = the
 *   benchmark covariance in pool units, shrunk towards (tr/p) I by OAS (Chen et al. 2010), so it
 *   stays invertible and well conditioned; in raw units A = D^-1 Sigma^-1 D^-1 (D = diag(s)).
 * Resemblance s_i = -d_i (requirements Q8). Returns null when no trait varies in the pool.
 */
export function resemblanceSpec(
  traits: readonly string[],
  pool: TraitMoments,
  benchmark: { n: number; mean: readonly number[]; cov: readonly (readonly number[])[] },
): ResemblanceSpec | null {
  const sd = pool.varPop.map(Math.sqrt);
  const used = sd.map((s) => Number.isFinite(s) && s > 0);
  const idx = used.flatMap((u, j) => (u ? [j] : []));
  if (idx.length === 0 || !(pool.n > 0)) return null;
  const columns = idx.map((j) => traits[j]!);
  const centre = idx.map((j) => benchmark.mean[j]!);
  const p = idx.length;
  const minimum = MAHALANOBIS_ROWS_PER_TRAIT * p;
  if (benchmark.n > minimum && Number.isInteger(benchmark.n)) {
    const covZ = idx.map((j) => idx.map((k) => benchmark.cov[j]![k]! / (sd[j]! * sd[k]!)));
    const trace = covZ.reduce((a, row, i) => a + row[i]!, 0);
    if (trace > 0) {
      const { shrinkage, covariance } = oasShrinkage(covZ, benchmark.n);
      const chol = new CholeskyDecomposition(new Matrix(covariance));
      if (chol.isPositiveDefinite()) {
        const inverseZ = chol.solve(Matrix.eye(p)).to2DArray();
        const a = inverseZ.map((row, i) => row.map((v, k) => v / (sd[idx[i]!]! * sd[idx[k]!]!)));
        // Symmetrise: the solve leaves rounding-level asymmetry.
        const inverseCovariance = a.map((row, i) => row.map((v, k) => (v + a[k]![i]!) / 2));
        return {
          metric: 'mahalanobis',
          shrinkage,
          used,
          distance: { kind: 'distance', columns, centre, inverseCovariance },
        };
      }
    }
  }
  return {
    metric: 'standardized_euclidean',
    shrinkage: null,
    used,
    distance: { kind: 'distance', columns, centre, scale: idx.map((j) => sd[j]!) },
  };
}
