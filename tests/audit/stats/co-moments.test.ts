import { describe, expect, it } from 'vitest';
import { coMomentsFromArrays, mergeCoMoments } from '../../../src/audit/stats/co-moments.js';

describe('coMomentsFromArrays', () => {
  it('computes population moments by hand', () => {
    // x = 1,2,3 (mean 2, var (1+0+1)/3), y = 2,4,7 (mean 13/3); cov = ((-1)(-7/3) + 0 + (1)(8/3))/3 = 5/3
    const m = coMomentsFromArrays([1, 2, 3], [2, 4, 7]);
    expect(m.n).toBe(3);
    expect(m.meanX).toBe(2);
    expect(m.meanY).toBeCloseTo(13 / 3, 14);
    expect(m.varX).toBeCloseTo(2 / 3, 14);
    expect(m.varY).toBeCloseTo(((7 / 3) ** 2 + (1 / 3) ** 2 + (8 / 3) ** 2) / 3, 14);
    expect(m.covXY).toBeCloseTo(5 / 3, 14);
  });

  it('refuses empty or unequal arrays', () => {
    expect(() => coMomentsFromArrays([], [])).toThrow(RangeError);
    expect(() => coMomentsFromArrays([1], [1, 2])).toThrow(/equal length/);
  });
});

describe('mergeCoMoments', () => {
  it('merging two cells equals the moments of the concatenated data', () => {
    const x = [1e6 + 1, 1e6 + 4, 1e6 + 2, 1e6 + 8, 1e6 + 5];
    const y = [3, 1, 4, 1, 5];
    const merged = mergeCoMoments(coMomentsFromArrays(x.slice(0, 2), y.slice(0, 2)), coMomentsFromArrays(x.slice(2), y.slice(2)));
    const whole = coMomentsFromArrays(x, y);
    expect(merged.n).toBe(5);
    expect(merged.meanX).toBeCloseTo(whole.meanX, 8);
    expect(merged.varX).toBeCloseTo(whole.varX, 8);
    expect(merged.varY).toBeCloseTo(whole.varY, 12);
    expect(merged.covXY).toBeCloseTo(whole.covXY, 8);
  });

  it('an empty cell is the identity', () => {
    const a = coMomentsFromArrays([1, 2], [3, 5]);
    const empty = { n: 0, meanX: 0, meanY: 0, varX: 0, varY: 0, covXY: 0 };
    expect(mergeCoMoments(a, empty)).toEqual(a);
    expect(mergeCoMoments(empty, a)).toEqual(a);
  });
});
