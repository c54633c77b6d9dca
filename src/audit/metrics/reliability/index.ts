import type { MetricFamily } from '../family.js';
import { finalizeReliability } from './finalize.js';
import type { MeasuredReliability } from './measured.js';
import { type ReliabilityAggregates, scanReliability } from './scan.js';

/** Reliability: test–retest (Pearson, ICC(2,1), ICC(3,1)), determinism and internal consistency (requirements Q7, COTAN-R). */
export const reliabilityFamily: MetricFamily<ReliabilityAggregates, MeasuredReliability> = {
  // Its scans find out whether there are retest pairs, identical inputs or item columns.
  applies: () => true,
  scan: scanReliability,
  finalize: finalizeReliability,
};

export type { ReliabilityAggregates } from './scan.js';
