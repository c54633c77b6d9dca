import { describe, expect, it } from 'vitest';
import { coMomentsFromArrays } from '../../../src/audit/stats/co-moments.js';
import { pearsonFromCoMoments } from '../../../src/audit/stats/correlation.js';
import {
  correctCriterionUnreliability,
  correctDirectRangeRestriction,
} from '../../../src/audit/stats/range-restriction.js';

const r = (x: number[], y: number[]) => pearsonFromCoMoments(coMomentsFromArrays(x, y));
const sd = (x: number[]) => Math.sqrt(coMomentsFromArrays(x, x).varX);

describe('correctDirectRangeRestriction (Thorndike Case II)', () => {
  it('matches the documented example of the personnelSelectionUtility R package', () => {
    // gempp.cl/personnelSelectionUtility, correct_r_direct_range_restriction(.25, u = 1.40)
    // #> 0.3399501 (Thorndike Case II; Sackett, Laczo & Arvey 2002). By hand: .35 / sqrt(1.06).
    expect(correctDirectRangeRestriction(0.25, 1.4, 1)).toBeCloseTo(0.3399501, 7);
    expect(correctDirectRangeRestriction(0.25, 14, 10)).toBeCloseTo(0.35 / Math.sqrt(1.06), 14);
  });

  it('recovers the applicant-pool r exactly when y = x + e with e homoscedastic and unrelated to x', () => {
    // Known by construction: every x in 1..10 appears with e = +2 and e = -2, so in the pool and in
    // any subset selected on x, e has mean 0, variance 4 and zero covariance with x: the linear,
    // homoscedastic case in which Case II is exact. Selection: top-down on x >= 6.
    const poolX = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].flatMap((x) => [x, x]);
    const poolY = poolX.map((x, i) => x + (i % 2 === 0 ? 2 : -2));
    const selX = poolX.filter((x) => x >= 6);
    const selY = poolY.filter((_, i) => poolX[i]! >= 6);
    const corrected = correctDirectRangeRestriction(r(selX, selY), sd(poolX), sd(selX));
    expect(corrected).toBeCloseTo(r(poolX, poolY), 12);
    // pool: var x = 8.25, r = sqrt(8.25 / 12.25); selected: var x = 2, r = sqrt(2 / 6)
    expect(r(poolX, poolY)).toBeCloseTo(Math.sqrt(8.25 / 12.25), 12);
    expect(r(selX, selY)).toBeCloseTo(Math.sqrt(2 / 6), 12);
  });

  it('leaves r unchanged when u = 1 and keeps r = 0 at 0; restricting back undoes the correction', () => {
    expect(correctDirectRangeRestriction(0.3, 2, 2)).toBeCloseTo(0.3, 15);
    expect(correctDirectRangeRestriction(0, 3, 1)).toBe(0);
    // Case II with u' = 1/u is its own inverse (Pearson-Lawley selection formula).
    const rc = correctDirectRangeRestriction(0.2, 1.7, 1);
    expect(correctDirectRangeRestriction(rc, 1, 1.7)).toBeCloseTo(0.2, 14);
  });

  it('refuses non-positive SDs and |r| > 1', () => {
    expect(() => correctDirectRangeRestriction(0.3, 0, 1)).toThrow(/sdApplicants/);
    expect(() => correctDirectRangeRestriction(1.1, 2, 1)).toThrow(RangeError);
  });
});

describe('correctCriterionUnreliability', () => {
  it('recovers the true-score correlation when y = T + E with orthogonal error (classical test theory)', () => {
    // Known by construction with mutually orthogonal centred vectors a, b, c:
    // x = a, T = a + b (r(x, T) = 1/sqrt 2), y = T + 1.5 c, so r_yy = var T / var y = 2 / 4.25.
    const a = [1, 1, -1, -1];
    const b = [1, -1, 1, -1];
    const c = [1, -1, -1, 1];
    const T = a.map((v, i) => v + b[i]!);
    const y = T.map((v, i) => v + 1.5 * c[i]!);
    const ryy = coMomentsFromArrays(T, T).varX / coMomentsFromArrays(y, y).varX;
    expect(ryy).toBeCloseTo(2 / 4.25, 14);
    expect(correctCriterionUnreliability(r(a, y), ryy)).toBeCloseTo(1 / Math.SQRT2, 14);
  });

  it('Schmidt & Hunter (1998) convention r_yy = .52: .30 / sqrt(.52) = .416', () => {
    expect(correctCriterionUnreliability(0.3, 0.52)).toBeCloseTo(0.416, 3);
    expect(correctCriterionUnreliability(0.3, 1)).toBe(0.3);
  });

  it('refuses r_yy outside (0, 1]', () => {
    expect(() => correctCriterionUnreliability(0.3, 0)).toThrow(/0 < ryy <= 1/);
    expect(() => correctCriterionUnreliability(0.3, 1.2)).toThrow(/0 < ryy <= 1/);
  });
});
