import type { DisparitySection } from '../../contract/audit-result.js';
import type { StabilitySection } from '../../contract/sections/stability.js';
import type { FamilyContext } from '../family.js';
import { finalizeDrift } from './drift.js';
import { finalizePerturbation } from './perturbation.js';
import type { StabilityAggregates } from './scan.js';
import { verdictStability } from './verdict-stability.js';

/** What the stability family's finalize reads besides its own aggregates: the disparity section, finalized first. */
export interface StabilityContext extends FamilyContext {
  readonly disparity?: DisparitySection;
}

/**
 * The stability section: drift by period, verdict stability of the disparity section's
 * comparisons (when ctx.disparity is given) and perturbation stability; null when none applies.
 */
export function finalizeStability(agg: StabilityAggregates, ctx: StabilityContext): StabilitySection | null {
  const section: StabilitySection = {
    drift: finalizeDrift(agg, ctx),
    verdict_stability: ctx.disparity ? verdictStability(ctx.disparity, ctx.policy) : null,
    perturbation: finalizePerturbation(agg, ctx),
  };
  return section.drift === null && section.verdict_stability === null && section.perturbation === null ? null : section;
}
