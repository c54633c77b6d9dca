import { describe, expect, it } from 'vitest';
import {
  partialCorrelation,
  partialCorrelationTest,
} from '../../../src/audit/stats/partial-correlation.js';

describe('partialCorrelation', () => {
  it('Lowry, Concepts and Applications of Inferential Statistics, ch. 3a: worked examples', () => {
    // r_XY = r_XZ = r_YZ = .50 -> r_XY.Z = +.33 (exactly (.5 - .25)/.75 = 1/3)
    expect(partialCorrelation(0.5, 0.5, 0.5)).toBeCloseTo(1 / 3, 15);
    // r_CA = .49, r_CV = .73, r_AV = .59 -> r_CA.V = +.11
    expect(partialCorrelation(0.49, 0.73, 0.59)).toBeCloseTo(0.11, 2);
    // r_XY = .20, r_XZ = .80, r_YZ = -.40 -> r_XY.Z = +.95 (suppression: the sign of r_YZ matters)
    expect(partialCorrelation(0.2, 0.8, -0.4)).toBeCloseTo(0.95, 2);
  });

  it('equals the correlation of residuals on z (numpy.linalg.lstsq oracle)', () => {
    // python: x, y, z below; r of resid(x ~ z) and resid(y ~ z) = 0.8154161258546127, with
    // np.corrcoef: r_xy = 0.9734108943294185, r_xz = 0.9764636712686183, r_yz = 0.9312409655882804
    const r = partialCorrelation(0.9734108943294185, 0.9764636712686183, 0.9312409655882804);
    expect(r).toBeCloseTo(0.8154161258546127, 10);
  });

  it('refuses |r_xz| = 1 and correlations outside [-1, 1]', () => {
    expect(() => partialCorrelation(0.5, 1, 0.2)).toThrow(/undefined/);
    expect(() => partialCorrelation(1.5, 0.1, 0.2)).toThrow(/rxy/);
  });
});

describe('partialCorrelationTest', () => {
  it('t on n - 3 df and Fisher-z interval with SE 1/sqrt(n - 4) (python: scipy 1.17.1 t.sf, norm.ppf)', () => {
    // x = [12,15,11,18,20,14,16,22,19,13,17,21], z = [3,4,2,5,6,4,4,7,5,3,5,6],
    // y = [30,34,29,41,45,31,38,47,40,33,36,46]; n = 12
    const res = partialCorrelationTest(0.9734108943294185, 0.9764636712686183, 0.9312409655882804, 12);
    expect(res.df).toBe(9);
    expect(res.t).toBeCloseTo(4.22586459924091, 8);
    expect(res.p).toBeCloseTo(0.0022201301237782466, 10);
    expect(res.lower).toBeCloseTo(0.4219245707638469, 9);
    expect(res.upper).toBeCloseTo(0.9504034306478258, 9);
    expect(res.confidence).toBe(0.95);
  });

  it('r_xy.z = 1/3 with n = 30: t = (1/3) sqrt(27) / sqrt(8/9) = 1.8371 (scipy 1.17.1: p = 0.07722)', () => {
    const res = partialCorrelationTest(0.5, 0.5, 0.5, 30);
    expect(res.t).toBeCloseTo(1.8371173070873834, 12);
    expect(res.p).toBeCloseTo(0.0772237718868873, 10);
  });

  it('refuses n < 5', () => {
    expect(() => partialCorrelationTest(0.5, 0.5, 0.5, 4)).toThrow(/n >= 5/);
  });
});
