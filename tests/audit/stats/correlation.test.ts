import { describe, expect, it } from 'vitest';
import { coMomentsFromArrays } from '../../../src/audit/stats/co-moments.js';
import {
  compareCorrelations,
  correlationTest,
  pearsonFromCoMoments,
  pearsonInterval,
} from '../../../src/audit/stats/correlation.js';

// Anscombe (1973) Am Stat 27:17-21, data set I.
const ANSCOMBE_X = [10, 8, 13, 9, 11, 14, 6, 4, 12, 7, 5];
const ANSCOMBE_Y1 = [8.04, 6.95, 7.58, 8.81, 8.33, 9.96, 7.24, 4.26, 10.84, 4.82, 5.68];

describe('pearsonFromCoMoments and correlationTest', () => {
  it('Lane, HyperStat Online (significance test for Pearson r): r = .8614, N = 6, p = 0.0275', () => {
    const m = coMomentsFromArrays([2, 3, 4, 5, 6, 9], [5, 7, 7, 9, 12, 11]);
    const r = pearsonFromCoMoments(m);
    expect(r).toBeCloseTo(0.8614, 4);
    const test = correlationTest(r, m.n);
    expect(test.df).toBe(4);
    expect(test.p).toBeCloseTo(0.0275, 4);
    // scipy 1.17.1: scipy.stats.pearsonr(x, y) -> (0.861430896793535, 0.027471734407968806)
    expect(r).toBeCloseTo(0.861430896793535, 12);
    expect(test.p).toBeCloseTo(0.027471734407968806, 10);
  });

  it('Anscombe (1973) data set I: correlation 0.82 (0.816)', () => {
    const r = pearsonFromCoMoments(coMomentsFromArrays(ANSCOMBE_X, ANSCOMBE_Y1));
    expect(r).toBeCloseTo(0.82, 2);
    // scipy 1.17.1: pearsonr -> statistic 0.8164205163448395, pvalue 0.0021696288730788152
    expect(r).toBeCloseTo(0.8164205163448395, 12);
    expect(correlationTest(r, 11).p).toBeCloseTo(0.0021696288730788152, 10);
  });

  it('Biostatistics For Dummies (Wiley) ch. 15: r = .500, N = 12 gives t = 1.8257 on 10 df, p = 0.098', () => {
    const test = correlationTest(0.5, 12);
    expect(test.t).toBeCloseTo(1.8257, 4);
    expect(test.df).toBe(10);
    expect(test.p).toBeCloseTo(0.098, 3);
  });

  it('|r| = 1 gives an infinite t and p = 0; a constant variable is refused', () => {
    expect(correlationTest(-1, 5)).toMatchObject({ t: -Infinity, p: 0 });
    expect(() => pearsonFromCoMoments({ n: 3, meanX: 1, meanY: 1, varX: 0, varY: 1, covXY: 0 })).toThrow(/varX or varY is 0/);
    expect(() => correlationTest(0.5, 2)).toThrow(/n >= 3/);
    expect(() => correlationTest(1.2, 20)).toThrow(/-1 <= r <= 1/);
  });
});

describe('pearsonInterval (Fisher z)', () => {
  it('Biostatistics For Dummies (Wiley) ch. 15: r = .500, N = 12, 95 %: -0.104 to 0.835', () => {
    // The book back-transforms z limits rounded to 3 decimals (-0.104, 1.203); unrounded the upper
    // limit is tanh(0.549306 + 1.959964/3) = 0.83445, hence 2 decimals for it.
    const ci = pearsonInterval(0.5, 12);
    expect(ci.lower).toBeCloseTo(-0.104, 3);
    expect(ci.upper).toBeCloseTo(0.835, 2);
  });

  it('Lane, HyperStat Online (confidence interval on Pearson r): r = .60, N = 100, 99 %: .41 to .74', () => {
    const ci = pearsonInterval(0.6, 100, 0.99);
    expect(ci.lower).toBeCloseTo(0.41, 2);
    expect(ci.upper).toBeCloseTo(0.74, 2);
  });

  it('matches scipy 1.17.1 pearsonr(...).confidence_interval on Anscombe I', () => {
    const r = pearsonFromCoMoments(coMomentsFromArrays(ANSCOMBE_X, ANSCOMBE_Y1));
    const ci95 = pearsonInterval(r, 11); // scipy: (0.4243912133932152, 0.9506932537865604)
    expect(ci95.lower).toBeCloseTo(0.4243912133932152, 10);
    expect(ci95.upper).toBeCloseTo(0.9506932537865604, 10);
    const ci90 = pearsonInterval(r, 11, 0.9); // scipy: (0.5112673289201866, 0.9387635154341618)
    expect(ci90.lower).toBeCloseTo(0.5112673289201866, 10);
    expect(ci90.upper).toBeCloseTo(0.9387635154341618, 10);
  });

  it('refuses n <= 3 and a confidence outside (0, 1)', () => {
    expect(() => pearsonInterval(0.5, 3)).toThrow(/n >= 4/);
    expect(() => pearsonInterval(0.5, 30, 95)).toThrow(/confidence/);
  });
});

describe('compareCorrelations (differential validity)', () => {
  it('Lane, HyperStat Online: engineers r = .61 vs humanities r = .35, N = 100 each: z = 2.40, p = 0.016', () => {
    // HyperStat rounds z' from a table (0.709 - 0.365); unrounded z = 2.392, p = 0.0168.
    const { z, p } = compareCorrelations(0.61, 100, 0.35, 100);
    expect(z).toBeCloseTo(2.4, 1);
    expect(p).toBeCloseTo(0.016, 2);
    // By hand: (atanh .61 - atanh .35) / sqrt(2/97) = (0.708921 - 0.365444) / 0.143592 = 2.39203
    expect(z).toBeCloseTo(2.39203, 4);
  });

  it('is antisymmetric and 0 for equal correlations', () => {
    expect(compareCorrelations(0.3, 50, 0.5, 80).z).toBeCloseTo(-compareCorrelations(0.5, 80, 0.3, 50).z, 14);
    expect(compareCorrelations(0.4, 50, 0.4, 90)).toEqual({ z: 0, p: 1 });
  });
});
