import { describe, expect, it } from 'vitest';
import {
  mergeMoments,
  momentsFromShiftedSums,
  momentsOf,
  sampleVariance,
  type Moments,
} from '../../../src/audit/stats/moments.js';

function expectMomentsClose(actual: Moments, expected: Moments, digits: number): void {
  expect(actual.n).toBeCloseTo(expected.n, digits);
  expect(actual.mean).toBeCloseTo(expected.mean, digits);
  expect(actual.varPop).toBeCloseTo(expected.varPop, digits);
}

describe('momentsOf', () => {
  it('Wikipedia "Standard deviation" example: 2, 4, 4, 4, 5, 5, 7, 9 has mean 5 and population SD 2', () => {
    expect(momentsOf([2, 4, 4, 4, 5, 5, 7, 9])).toEqual({ n: 8, mean: 5, varPop: 4 });
  });

  it('Wikipedia "Algorithms for calculating variance": 4, 7, 13, 16 (and shifted by 1e9) has sample variance 30', () => {
    // mean 10, squared deviations 36 + 9 + 9 + 36 = 90: varPop 22.5, sample variance 90/3 = 30.
    // The article shows the naive sum-of-squares formula failing on the 1e9-shifted data.
    const plain = momentsOf([4, 7, 13, 16]);
    expect(plain).toEqual({ n: 4, mean: 10, varPop: 22.5 });
    expect(sampleVariance(plain)).toBe(30);
    const shifted = momentsOf([1e9 + 4, 1e9 + 7, 1e9 + 13, 1e9 + 16]);
    expect(shifted.mean).toBe(1e9 + 10);
    expect(shifted.varPop).toBeCloseTo(22.5, 9);
    expect(sampleVariance(shifted)).toBeCloseTo(30, 9);
  });

  it('treats weights as frequencies', () => {
    // 1, 2, 2, 3: mean 2, varPop (1 + 0 + 0 + 1) / 4 = 0.5
    expect(momentsOf([1, 2, 3], [1, 2, 1])).toEqual({ n: 4, mean: 2, varPop: 0.5 });
    expect(momentsOf([1, 2, 3], [1, 2, 1])).toEqual(momentsOf([1, 2, 2, 3]));
    expect(momentsOf([5, 100], [1, 0])).toEqual({ n: 1, mean: 5, varPop: 0 });
  });

  it('refuses empty input, mismatched or negative weights and non-finite values', () => {
    expect(() => momentsOf([])).toThrow(RangeError);
    expect(() => momentsOf([1, 2], [1])).toThrow(RangeError);
    expect(() => momentsOf([1, 2], [1, -1])).toThrow(RangeError);
    expect(() => momentsOf([1, 2], [0, 0])).toThrow(RangeError);
    expect(() => momentsOf([1, Number.NaN])).toThrow(RangeError);
  });
});

describe('mergeMoments', () => {
  it('merging two halves equals the direct computation (Wikipedia SD example)', () => {
    // 2, 4, 4, 4: mean 3.5, varPop 0.75; 5, 5, 7, 9: mean 6.5, varPop 2.75; union: mean 5, varPop 4
    const merged = mergeMoments(momentsOf([2, 4, 4, 4]), momentsOf([5, 5, 7, 9]));
    expectMomentsClose(merged, { n: 8, mean: 5, varPop: 4 }, 14);
  });

  it('merging many uneven cells in any order equals the direct computation', () => {
    const data = Array.from({ length: 97 }, (_, i) => 1e6 + ((i * 37) % 101) / 7);
    const cuts = [0, 1, 5, 6, 30, 31, 60, 97];
    const cells = cuts.slice(1).map((end, j) => momentsOf(data.slice(cuts[j]!, end)));
    const direct = momentsOf(data);
    expectMomentsClose(cells.reduce(mergeMoments), direct, 8);
    expectMomentsClose([...cells].reverse().reduce(mergeMoments), direct, 8);
  });

  it('treats an empty side as the identity', () => {
    const m = momentsOf([1, 2, 3]);
    const empty: Moments = { n: 0, mean: 0, varPop: 0 };
    expect(mergeMoments(m, empty)).toBe(m);
    expect(mergeMoments(empty, m)).toBe(m);
  });
});

describe('momentsFromShiftedSums', () => {
  it('recovers 1e9 + {4, 7, 13, 16} from sums shifted by 1e9', () => {
    // S1 = 4 + 7 + 13 + 16 = 40, S2 = 16 + 49 + 169 + 256 = 490:
    // mean = 1e9 + 40/4, varPop = (490 - 40^2/4) / 4 = 90/4 = 22.5, sample variance 30
    const m = momentsFromShiftedSums(4, 40, 490, 1e9);
    expect(m).toEqual({ n: 4, mean: 1e9 + 10, varPop: 22.5 });
    expect(sampleVariance(m)).toBe(30);
  });

  it('agrees with momentsOf for another shift (the first value)', () => {
    const values = [1e9 + 4, 1e9 + 7, 1e9 + 13, 1e9 + 16];
    const shift = values[0]!;
    const s1 = values.reduce((s, x) => s + (x - shift), 0);
    const s2 = values.reduce((s, x) => s + (x - shift) ** 2, 0);
    expectMomentsClose(momentsFromShiftedSums(4, s1, s2, shift), momentsOf(values), 9);
  });

  it('clamps a rounding-negative variance to 0', () => {
    expect(momentsFromShiftedSums(3, 0.3, 0.03 - 1e-18, 5).varPop).toBe(0);
  });

  it('refuses a non-positive total weight or non-finite sums', () => {
    expect(() => momentsFromShiftedSums(0, 0, 0, 0)).toThrow(RangeError);
    expect(() => momentsFromShiftedSums(2, Number.NaN, 0, 0)).toThrow(RangeError);
  });
});

describe('sampleVariance', () => {
  it('applies Bessel\'s correction and refuses n < 2', () => {
    expect(sampleVariance({ n: 8, mean: 5, varPop: 4 })).toBeCloseTo(32 / 7, 14);
    expect(() => sampleVariance({ n: 1, mean: 5, varPop: 0 })).toThrow(RangeError);
    expect(() => sampleVariance({ n: 0, mean: 0, varPop: 0 })).toThrow(RangeError);
  });
});
