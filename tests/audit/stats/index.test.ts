import { describe, expect, it } from 'vitest';
import * as stats from '../../../src/audit/stats/index.js';

describe('stats index', () => {
  it('re-exports the disparity statistics and the seeded RNG', () => {
    for (const name of [
      'wilsonInterval',
      'fisherExact2x2',
      'logHypergeometricPmf',
      'chiSquare2x2',
      'twoProportionZ',
      'cohensH',
      'standardizedMeanDifference',
      'mergeMoments',
      'sampleVariance',
      'momentsFromShiftedSums',
      'momentsOf',
      'impactRatioInterval',
      'holmAdjust',
      'cochranMantelHaenszel',
      'createRng',
    ]) {
      expect(typeof (stats as Record<string, unknown>)[name], name).toBe('function');
    }
  });
});
