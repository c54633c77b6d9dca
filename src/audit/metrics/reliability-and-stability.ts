import type { DisparitySection } from '../contract/audit-result.js';
import type { ReliabilitySection } from '../contract/sections/reliability.js';
import type { StabilitySection } from '../contract/sections/stability.js';
import type { Engine } from '../engine/engine.js';
import type { FamilyContext } from './family.js';
import { reliabilityFamily } from './reliability/index.js';
import { stabilityFamily } from './stability/index.js';

/**
 * The reliability and stability sections of one audit, each omitted when the data cannot support
 * it. Runs after disparity: verdict stability resamples the disparity section's comparisons.
 */
export async function reliabilityAndStability(
  engine: Engine,
  ctx: FamilyContext,
  disparity: DisparitySection,
): Promise<{ reliability?: ReliabilitySection; stability?: StabilitySection }> {
  const reliability = reliabilityFamily.finalize(await reliabilityFamily.scan(engine, ctx), ctx);
  const stability = stabilityFamily.finalize(await stabilityFamily.scan(engine, ctx), { ...ctx, disparity });
  return { ...(reliability ? { reliability } : {}), ...(stability ? { stability } : {}) };
}
