import { describe, expect, it } from 'vitest';
import { conditionalOddsRatio } from '../../../src/audit/stats/conditional-odds-ratio.js';
import { fisherExact2x2 } from '../../../src/audit/stats/fisher-exact.js';
import { expectRelClose } from './close-to.js';

describe('conditionalOddsRatio', () => {
  it("Fisher's tea tasting, as R's fisher.test reports it", () => {
    // R ?fisher.test: fisher.test(TeaTasting, alternative = "greater") prints
    // "95 percent confidence interval: 0.3135693 Inf", "odds ratio 6.408309"; with
    // alternative = "less" the upper bound prints as 308.5568338 (issue 16). R solves with uniroot's
    // default tolerance (~1.2e-4 on psi, or on 1/psi for bounds above 1), hence the loose comparisons.
    const greater = conditionalOddsRatio(3, 1, 1, 3, { alternative: 'greater' });
    const less = conditionalOddsRatio(3, 1, 1, 3, { alternative: 'less' });
    expectRelClose(greater.estimate, 6.408309, 2e-6);
    expectRelClose(greater.lower, 0.3135693, 2e-5);
    expect(greater.upper).toBe(Infinity);
    expect(less.lower).toBe(0);
    expectRelClose(less.upper, 308.5568338, 0.01);
  });

  it('tea tasting, exact: weights C(4,x) C(4,4-x) = 1, 16, 36, 16, 1 solved in mpmath at 40 digits', () => {
    // MLE: sum x w_x t^x / sum w_x t^x = 3; bounds: P(X >= 3 | L) = alpha, P(X <= 3 | U) = alpha
    // (mpmath 1.3.0 findroot; scipy 1.17.1 odds_ratio(kind='conditional') agrees to 1e-14).
    const two = conditionalOddsRatio(3, 1, 1, 3);
    expectRelClose(two.estimate, 6.408319658199674, 1e-12);
    expectRelClose(two.lower, 0.21173559544657857, 1e-11);
    expectRelClose(two.upper, 626.243530588814, 1e-11);
    expectRelClose(conditionalOddsRatio(3, 1, 1, 3, { alternative: 'greater' }).lower, 0.31357376750498517, 1e-11);
    expectRelClose(conditionalOddsRatio(3, 1, 1, 3, { alternative: 'less' }).upper, 306.23680785863883, 1e-11);
    // A two-sided 90 % interval has the one-sided 95 % bounds.
    const ninety = conditionalOddsRatio(3, 1, 1, 3, { confidence: 0.9 });
    expectRelClose(ninety.lower, 0.31357376750498517, 1e-11);
    expectRelClose(ninety.upper, 306.23680785863883, 1e-11);
  });

  it.each([
    // scipy 1.17.1: r = odds_ratio(table, kind='conditional'); r.statistic, r.confidence_interval(0.95)
    [[313, 512, 19, 89], 2.8608159440611547, 1.689066286052953, 5.074369940732135],
    [[5000, 4000, 3000, 3500], 1.4582976062278634, 1.3670830689377222, 1.5556722150045732],
    [[189, 10845, 104, 10933], 1.832005055279771, 1.4323372116797528, 2.3539054282715814],
    [[2, 2, 2, 2], 1, 0.032700688676595084, 30.580395718560972],
  ] as [[number, number, number, number], number, number, number][])('%j matches scipy', (table, mle, lower, upper) => {
    const r = conditionalOddsRatio(...table);
    expectRelClose(r.estimate, mle, 1e-9);
    expectRelClose(r.lower, lower, 1e-9);
    expectRelClose(r.upper, upper, 1e-9);
  });

  it('a sparse, lopsided table: mpmath at 50 digits (scipy misses the lower bound by 5e-7)', () => {
    // [[1, 2000], [3000, 4]]: mpmath 1.3.0 over the exact noncentral hypergeometric weights:
    // MLE 8.0752728791017428e-7, 95 % bounds 1.6907297756305516e-8 and 6.2039592543799506e-6
    // (scipy 1.17.1 gives 8.075272909573748e-07, 1.6907289457108063e-08, 6.2039592543902366e-06).
    const r = conditionalOddsRatio(1, 2000, 3000, 4);
    expectRelClose(r.estimate, 8.0752728791017428e-7, 1e-11);
    expectRelClose(r.lower, 1.6907297756305516e-8, 1e-11);
    expectRelClose(r.upper, 6.2039592543799506e-6, 1e-11);
  });

  it('zero cells need no correction: a at the edge of its support', () => {
    // scipy 1.17.1: odds_ratio([[0, 10], [5, 5]], kind='conditional') -> 0, CI (0, 0.8365217939177361);
    // odds_ratio([[10, 0], [5, 5]]) -> inf, CI (1.1954261171327476, inf)
    const low = conditionalOddsRatio(0, 10, 5, 5);
    expect([low.estimate, low.lower]).toEqual([0, 0]);
    expectRelClose(low.upper, 0.8365217939177361, 1e-9);
    const high = conditionalOddsRatio(10, 0, 5, 5);
    expect([high.estimate, high.upper]).toEqual([Infinity, Infinity]);
    expectRelClose(high.lower, 1.1954261171327476, 1e-9);
  });

  it('an interval bound at 1 is where the one-sided Fisher p equals alpha', () => {
    // By construction P(X >= a | L) = alpha: the 95 % lower bound exceeds 1 exactly when
    // fisherExact2x2(..., 'greater') < 0.025 (Fisher's test and the exact interval invert each other).
    const tables: [number, number, number, number][] = [[313, 512, 19, 89], [12, 7, 5, 7], [3, 1, 1, 3], [20, 10, 10, 20]];
    for (const [a, b, c, d] of tables) {
      const r = conditionalOddsRatio(a, b, c, d);
      expect(r.lower > 1).toBe(fisherExact2x2(a, b, c, d, 'greater') < 0.025);
      expect(r.upper < 1).toBe(fisherExact2x2(a, b, c, d, 'less') < 0.025);
    }
  });

  it('stays fast and finite for counts in the millions', () => {
    // Sample OR 4e6 * 1.1e6 / (1e6 * 3e6) = 4.4/3; at this size the conditional MLE is within 1e-6 of it
    // (Breslow & Day 1980, 4.2: the two estimates agree asymptotically).
    const r = conditionalOddsRatio(4_000_000, 1_000_000, 3_000_000, 1_100_000);
    expectRelClose(r.estimate, 4.4 / 3, 1e-6);
    expect(r.lower).toBeLessThan(r.estimate);
    expect(r.upper).toBeGreaterThan(r.estimate);
  });

  it('a zero margin has one possible table: estimate NaN, interval [0, Infinity]', () => {
    expect(conditionalOddsRatio(0, 0, 3, 4)).toMatchObject({ lower: 0, upper: Infinity });
    expect(conditionalOddsRatio(0, 0, 3, 4).estimate).toBeNaN();
  });

  it('refuses non-integer or negative counts and a bad confidence', () => {
    expect(() => conditionalOddsRatio(1.5, 2, 3, 4)).toThrow(/integer counts, got a = 1.5/);
    expect(() => conditionalOddsRatio(1, -2, 3, 4)).toThrow(RangeError);
    expect(() => conditionalOddsRatio(1, 2, 3, 4, { confidence: 0 })).toThrow(/confidence/);
  });
});
