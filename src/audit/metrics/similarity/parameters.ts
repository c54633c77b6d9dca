/**
 * How the similarity family measures (requirements Q8): fixed method constants, not thresholds.
 * Kept free of imports so finalize and the rules (which describe the method) can read them
 * without loading the scans.
 */

/** Upper bound of each per-unit sample (bootstrap of H, proxy probe): bounded, so cost does not grow with rows. */
export const SAMPLE_SIZE = 20_000;

/** Mahalanobis needs more benchmark rows than this many per trait, else the Euclidean metric is used. */
export const MAHALANOBIS_ROWS_PER_TRAIT = 5;

/** Candidates drawn per bootstrap replicate of the homogeneity ratio, at most (m-out-of-n beyond it; see homogeneity). */
export const BOOTSTRAP_DRAWS = 5000;

/** A partial correlation with one control needs at least this many rows (its t test has n - 3 df, its interval n - 4). */
export const PARTIAL_MIN_N = 5;
