import type { StabilitySection } from '../../contract/sections/stability.js';
import type { MetricFamily } from '../family.js';
import { finalizeStability } from './finalize.js';
import { type StabilityAggregates, scanStability } from './scan.js';

/**
 * Stability: drift by period and perturbation stability (requirements Q7). The stability of the
 * disparity verdicts under the bootstrap (requirements Q3) is judged with them, in the rules.
 */
export const stabilityFamily: MetricFamily<StabilityAggregates, StabilitySection> = {
  // Its scans find out whether there are periods (decided_at) or perturbation variants.
  applies: () => true,
  scan: scanStability,
  finalize: finalizeStability,
};

export type { StabilityAggregates } from './scan.js';
