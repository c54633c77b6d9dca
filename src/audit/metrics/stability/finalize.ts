import type { StabilitySection } from '../../contract/sections/stability.js';
import type { FamilyContext } from '../family.js';
import { finalizeDrift } from './drift.js';
import { finalizePerturbation } from './perturbation.js';
import type { StabilityAggregates } from './scan.js';

/**
 * The stability section's measured parts: drift by period and perturbation stability; null when
 * neither applies. Verdict stability is added when the rules judge the section.
 */
export function finalizeStability(agg: StabilityAggregates, ctx: FamilyContext): StabilitySection | null {
  const drift = finalizeDrift(agg, ctx);
  const perturbation = finalizePerturbation(agg, ctx);
  return drift === null && perturbation === null ? null : { drift, verdict_stability: null, perturbation };
}
