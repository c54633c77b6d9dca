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
      'chiSquareUpperTail',
      'normalUpperTail',
      'normalTwoSidedP',
      'chiSquare2x2Both',
      'mantelHaenszelAnalysis',
      'breslowDayTest',
      'oddsRatioWoolf',
      'conditionalOddsRatio',
      'bayesFactorIndependentProportions',
      'bayesFactorContingency2x2',
      'errorRates',
      'compareErrorRates',
      'rateTable2x2',
      'equalizedOdds',
    ]) {
      expect(typeof (stats as Record<string, unknown>)[name], name).toBe('function');
    }
  });
});
