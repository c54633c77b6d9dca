import { describe, expect, it } from 'vitest';
import { parsePolicy } from '../../../src/audit/contract/policy.js';
import { simpsonParadox } from '../../../src/audit/rules/disparity-verdicts.js';

/**
 * The Simpson's-paradox rule [C]: the pooled impact ratio and the common odds ratio across strata
 * on opposite sides of 1, with the pooled Fisher p or the CMH p under alpha.
 */
const policy = parsePolicy({});
const row = (impactRatio: number | null, pooledP: number | null, oddsRatio: number | null, cmhP: number) => ({
  pooled: { n: 0, selected: 0, reference_n: 0, reference_selected: 0, impact_ratio: impactRatio, fisher_p: pooledP },
  odds_ratio: oddsRatio,
  p: cmhP,
});

describe('simpsonParadox', () => {
  it('UC Berkeley: pooled ratio 0.68 (p 5e-22), within departments odds ratio 1.11 (p 0.23): flagged', () => {
    expect(simpsonParadox(row(0.6818, 4.8e-22, 1.1053, 0.2323), policy)).toBe(true);
  });

  it('opposite directions but neither significant: not flagged (noise around parity)', () => {
    expect(simpsonParadox(row(0.97, 0.6, 1.02, 0.8), policy)).toBe(false);
  });

  it('only the within-strata test significant also flags', () => {
    expect(simpsonParadox(row(1.05, 0.5, 0.7, 0.01), policy)).toBe(true);
  });

  it('same direction: no paradox, however significant', () => {
    expect(simpsonParadox(row(0.6, 1e-10, 0.5, 1e-8), policy)).toBe(false);
  });

  it('a ratio of exactly 1 (within the threshold tolerance) or none has no direction: null', () => {
    expect(simpsonParadox(row(1, 0.01, 1.3, 0.01), policy)).toBeNull();
    expect(simpsonParadox(row(0.7, 0.01, null, 0.01), policy)).toBeNull();
    expect(simpsonParadox(row(0.7, 0.01, 1 + 1e-12, 0.01), policy)).toBeNull();
  });
});
