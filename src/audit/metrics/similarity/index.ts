import type { DatasetProfile } from '../../contract/dataset.js';
import type { SimilaritySection } from '../../contract/sections/similarity.js';
import type { MetricFamily } from '../family.js';
import { finalizeSimilarity } from './finalize.js';
import { scanSimilarity, type SimilarityAggregates } from './scan.js';

/** Similar-to-me: resemblance to the benchmark, coupling, clone curve, homogeneity, mirror, proxy probe (requirements Q8). */
export const similarityFamily: MetricFamily<SimilarityAggregates, SimilaritySection> = {
  id: 'similarity',
  scan: scanSimilarity,
  finalize: finalizeSimilarity,
};

/** The family needs trait_* columns; the benchmark parts also need role=benchmark rows (or --benchmark). */
export function similarityApplies(dataset: DatasetProfile): boolean {
  return dataset.traits.length > 0;
}

export type { SimilarityAggregates, UnitAggregates } from './scan.js';
