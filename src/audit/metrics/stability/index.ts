import type { StabilitySection } from '../../contract/sections/stability.js';
import type { MetricFamily } from '../family.js';
import { finalizeStability, type StabilityContext } from './finalize.js';
import { type StabilityAggregates, scanStability } from './scan.js';

/**
 * Stability: drift by period, verdict stability under a bootstrap on the aggregates, perturbation
 * stability (requirements Q3, Q7). Finalize after disparity and pass its section in the context.
 */
export const stabilityFamily: MetricFamily<StabilityAggregates, StabilitySection | null> & {
  finalize(aggregates: StabilityAggregates, ctx: StabilityContext): StabilitySection | null;
} = {
  id: 'stability',
  scan: scanStability,
  finalize: finalizeStability,
};

export type { StabilityContext } from './finalize.js';
export type { PerturbationCell, PeriodBinCell, PeriodCell, StabilityAggregates, StageMoments } from './scan.js';
