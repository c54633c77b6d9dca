import { describe, expect, it } from 'vitest';
import {
  correlationDifferenceSampleSize,
  correlationSampleSize,
  minimumDetectableEffect,
  powerOfTest,
} from '../../../src/audit/stats/power.js';

describe('correlationSampleSize (Fisher z)', () => {
  it('Lachin (1981) Control Clin Trials 2:93-113: r = .40, alpha .05 two-sided, power .80 -> n = 47', () => {
    expect(correlationSampleSize(0.4, 0.05, 0.8)).toBe(47);
  });

  it('Cohen (1988) Table 3.4.1 / Hulley et al. App. 6C: r = .30 -> n = 85', () => {
    expect(correlationSampleSize(0.3, 0.05, 0.8)).toBe(85);
    expect(correlationSampleSize(-0.3, 0.05, 0.8)).toBe(85);
  });

  it('r = .20 (the COTAN "sufficient" band): ((1.959964 + 0.841621) / atanh .2)^2 + 3 = 193.97 -> 194 (scipy.stats.norm.ppf)', () => {
    expect(correlationSampleSize(0.2, 0.05, 0.8)).toBe(194);
  });

  it('refuses rho = 0, |rho| = 1 and alpha or power outside (0, 1)', () => {
    expect(() => correlationSampleSize(0, 0.05, 0.8)).toThrow(/0 < \|rho\| < 1/);
    expect(() => correlationSampleSize(1, 0.05, 0.8)).toThrow(RangeError);
    expect(() => correlationSampleSize(0.3, 0, 0.8)).toThrow(/alpha/);
    expect(() => correlationSampleSize(0.3, 0.05, 1)).toThrow(/power/);
  });
});

describe('correlationDifferenceSampleSize (Cohen 1988 formula 4.4.1)', () => {
  it('q = .10, .30, .50 at alpha .05 two-sided, power .80: 1573, 178, 66 per group (2 (2.801585 / q)^2 + 3, scipy.stats.norm.ppf)', () => {
    expect(correlationDifferenceSampleSize(0.1, 0.05, 0.8)).toBe(1573);
    expect(correlationDifferenceSampleSize(0.3, 0.05, 0.8)).toBe(178);
    expect(correlationDifferenceSampleSize(0.5, 0.05, 0.8)).toBe(66);
  });

  it('refuses q <= 0', () => {
    expect(() => correlationDifferenceSampleSize(0, 0.05, 0.8)).toThrow(/q > 0/);
  });
});

describe('minimumDetectableEffect and powerOfTest', () => {
  it('Bloom (1995) Table 1: multiplier 2.80 for alpha .05 two-sided, power .80, large df', () => {
    // scipy: norm.ppf(.975) + norm.ppf(.8) = 2.8015852181129683
    expect(minimumDetectableEffect(1, Infinity, 0.05, 0.8)).toBeCloseTo(2.8015852181129683, 12);
    expect(minimumDetectableEffect(0.5, Infinity, 0.05, 0.8)).toBeCloseTo(1.4007926090564842, 12);
  });

  it('t multiplier at 20 df: scipy t.ppf(.975, 20) + t.ppf(.8, 20) = 2.9459278869982506', () => {
    expect(minimumDetectableEffect(1, 20, 0.05, 0.8)).toBeCloseTo(2.9459278869982506, 10);
  });

  it('power at an effect of 2.5 SE: scipy 1 - t.cdf(t.ppf(.975, 20) - 2.5, 20) = 0.6583730730623857; normal 0.7054139024424572', () => {
    expect(powerOfTest(2.5, 1, 20, 0.05)).toBeCloseTo(0.6583730730623857, 10);
    expect(powerOfTest(-2.5, 1, Infinity, 0.05)).toBeCloseTo(0.7054139024424572, 10);
  });

  it('power at the minimum detectable effect is the power it was computed for', () => {
    expect(powerOfTest(minimumDetectableEffect(0.3, 37, 0.05, 0.9), 0.3, 37, 0.05)).toBeCloseTo(0.9, 10);
  });

  it('refuses a negative se and df <= 0', () => {
    expect(() => minimumDetectableEffect(-1, 10, 0.05, 0.8)).toThrow(/se/);
    expect(() => minimumDetectableEffect(1, 0, 0.05, 0.8)).toThrow(/df/);
    expect(() => powerOfTest(1, 0, 10, 0.05)).toThrow(/se/);
  });
});
