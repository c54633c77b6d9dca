/**
 * Validity, reliability and similar-to-me statistics (requirements Q6, Q7, Q8): pure functions on
 * aggregates (co-moments, sums of squares, histograms, per-trait variances), one idea a file.
 * `stat-guards.ts` holds the shared argument checks and is internal.
 */
export * from './auc.js';
export * from './co-moments.js';
export * from './correlation.js';
export * from './cronbach.js';
export * from './divergence.js';
export * from './f-quantile.js';
export * from './icc.js';
export * from './partial-correlation.js';
export * from './power.js';
export * from './psi.js';
export * from './range-restriction.js';
export * from './regression.js';
export * from './spearman.js';
export * from './trace-ratio.js';
