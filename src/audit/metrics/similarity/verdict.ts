import type { SimilaritySection } from '../../contract/sections/similarity.js';

/** A status with the rule text that produced it (every verdict names its rule and threshold). */
export type Verdict = SimilaritySection['units'][number]['homogeneity']['verdict'];
export interface Judged {
  status: Verdict;
  rule: string;
}

export const fmt = (x: number) => (Math.abs(x) >= 0.001 || x === 0 ? x.toFixed(3) : x.toExponential(2));
