import type { MetricFamily } from '../family.js';
import { finalizeSimilarity } from './finalize.js';
import type { SimilarityMeasurement } from './measured.js';
import { scanSimilarity, type SimilarityAggregates } from './scan.js';

/** Similar-to-me: resemblance to the benchmark, coupling, clone curve, homogeneity, mirror, proxy probe (requirements Q8). */
export const similarityFamily: MetricFamily<SimilarityAggregates, SimilarityMeasurement> = {
  // trait_* columns; the benchmark parts also need role=benchmark rows (or --benchmark).
  applies: ({ dataset }) => dataset.traits.length > 0,
  scan: scanSimilarity,
  finalize: finalizeSimilarity,
};

export type { SimilarityMeasurement } from './measured.js';
export type { SimilarityAggregates } from './scan.js';
