import { describe, expect, it } from 'vitest';
import { oddsRatioWoolf } from '../../../src/audit/stats/odds-ratio.js';
import { expectRelClose } from './close-to.js';

describe('oddsRatioWoolf', () => {
  it('Agresti (2007) section 2.3.3, aspirin and myocardial infarction: OR 1.832, 95 % CI (1.44, 2.33)', () => {
    // Physicians' Health Study (Agresti 2007, Table 2.3): placebo 189 MI / 10845 none, aspirin 104 / 10933.
    // Agresti: ln OR = 0.605, SE = sqrt(1/189 + 1/10933 + 1/104 + 1/10845) = 0.123, CI exp(0.605 -+ 1.96 * 0.123).
    const r = oddsRatioWoolf(189, 10845, 104, 10933);
    expect(r.estimate).toBeCloseTo(1.832, 3);
    expect(r.logSE).toBeCloseTo(0.123, 3);
    expect(r.lower).toBeCloseTo(1.44, 2);
    expect(r.upper).toBeCloseTo(2.33, 2);
    expect(r.haldane).toBe(false);
    // scipy 1.17.1 odds_ratio([[189, 10845], [104, 10933]], kind='sample').confidence_interval()
    expectRelClose(r.lower, 1.4400423918486225, 1e-12);
    expectRelClose(r.upper, 2.3307797500006404, 1e-12);
  });

  it('statsmodels Table2x2([[2, 2], [2, 2]]): SE sqrt 2, CI (0.0625488, 15.9875077)', () => {
    // statsmodels/stats/tests/test_contingency_tables.py, Test2x2_1: oddsratio_confint
    // [0.062548836166112329, 15.987507702689751] = exp(-+1.959964 sqrt 2).
    const r = oddsRatioWoolf(2, 2, 2, 2);
    expect(r.estimate).toBe(1);
    expectRelClose(r.logSE, Math.SQRT2, 1e-15);
    expectRelClose(r.lower, 0.062548836166112329, 1e-12);
    expectRelClose(r.upper, 15.987507702689751, 1e-12);
  });

  it('a zero cell: estimate 0 as observed, interval from the Haldane-corrected cells', () => {
    // [[0, 10], [5, 5]] + 0.5: ln OR = ln(0.5 * 5.5 / (10.5 * 5.5)) = ln(1/21),
    // SE = sqrt(1/0.5 + 1/10.5 + 1/5.5 + 1/5.5) = sqrt(2 + 2/21 + 4/11), z = 1.959963984540054.
    const r = oddsRatioWoolf(0, 10, 5, 5);
    const se = Math.sqrt(2 + 2 / 21 + 4 / 11);
    expect(r.estimate).toBe(0);
    expect(r.haldane).toBe(true);
    expectRelClose(r.logSE, se, 1e-14);
    expectRelClose(r.lower, Math.exp(Math.log(1 / 21) - 1.959963984540054 * se), 1e-12);
    expectRelClose(r.upper, Math.exp(Math.log(1 / 21) + 1.959963984540054 * se), 1e-12);
    expect(oddsRatioWoolf(10, 0, 5, 5).estimate).toBe(Infinity);
    expect(oddsRatioWoolf(0, 0, 5, 5).estimate).toBeNaN();
  });

  it('a 90 % interval is narrower, centred on the same ln OR', () => {
    const r95 = oddsRatioWoolf(189, 10845, 104, 10933);
    const r90 = oddsRatioWoolf(189, 10845, 104, 10933, 0.9);
    expect(r90.lower).toBeGreaterThan(r95.lower);
    expect(r90.upper).toBeLessThan(r95.upper);
    expectRelClose(r90.lower * r90.upper, r95.lower * r95.upper, 1e-12);
  });

  it('refuses negative or non-finite counts and a bad confidence', () => {
    expect(() => oddsRatioWoolf(-1, 2, 3, 4)).toThrow(/a to be a finite count >= 0, got a = -1/);
    expect(() => oddsRatioWoolf(1, 2, Number.NaN, 4)).toThrow(RangeError);
    expect(() => oddsRatioWoolf(1, 2, 3, 4, 1)).toThrow(/confidence/);
  });
});
