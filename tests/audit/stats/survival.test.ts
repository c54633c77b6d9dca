import { describe, expect, it } from 'vitest';
import { chiSquareUpperTail, normalTwoSidedP, normalUpperTail } from '../../../src/audit/stats/survival.js';
import { expectRelClose } from './close-to.js';

describe('chiSquareUpperTail', () => {
  it('keeps a tiny p: chi-square 100 on 1 df', () => {
    // R: pchisq(100, 1, lower.tail = FALSE) prints 1.523971e-23;
    // scipy 1.17.1 scipy.stats.chi2.sf(100, 1) = 1.5239706048320995e-23
    expect(chiSquareUpperTail(100, 1)).toBeCloseTo(1.523971e-23, 28);
    expectRelClose(chiSquareUpperTail(100, 1), 1.5239706048320995e-23, 1e-13);
  });

  it.each([
    // scipy 1.17.1 scipy.stats.chi2.sf(x, df)
    [1000, 10, 1.870290720915977e-208],
    [50, 4, 3.610865404890647e-10],
    [0.5, 3, 0.9188914116546758],
    [18.825513705235867, 5, 0.002071390349918148],
  ])('chi2.sf(%d, %d) = %d as scipy', (x, df, p) => {
    expectRelClose(chiSquareUpperTail(x, df), p, 1e-12);
  });

  it('gives 0.05 at the 95 % critical value of 1 df, 3.841459 (Pearson & Hartley tables)', () => {
    // qchisq(0.95, 1) = 1.959963984540054^2 = 3.841458820694124
    expectRelClose(chiSquareUpperTail(1.959963984540054 ** 2, 1), 0.05, 1e-13);
  });

  it('is 1 at x <= 0 and 0 at Infinity, and refuses NaN or a bad df', () => {
    expect(chiSquareUpperTail(0, 3)).toBe(1);
    expect(chiSquareUpperTail(-1, 3)).toBe(1);
    expect(chiSquareUpperTail(Infinity, 3)).toBe(0);
    expect(() => chiSquareUpperTail(Number.NaN, 1)).toThrow(/requires a number x/);
    expect(() => chiSquareUpperTail(1, 0)).toThrow(/df > 0, got df = 0/);
  });
});

describe('normalUpperTail and normalTwoSidedP', () => {
  it('keeps a tiny p: z = 10', () => {
    // R: pnorm(10, lower.tail = FALSE) prints 7.619853e-24; scipy.stats.norm.sf(10) = 7.61985302416047e-24
    expectRelClose(normalUpperTail(10), 7.61985302416047e-24, 1e-13);
    expectRelClose(normalTwoSidedP(10), 2 * 7.61985302416047e-24, 1e-13);
  });

  it('gives the textbook normal-table values', () => {
    // scipy.stats.norm.sf(1.959963984540054) = 0.025; norm.sf(-2) = 0.9772498680518208
    expectRelClose(normalUpperTail(1.959963984540054), 0.025, 1e-13);
    expectRelClose(normalUpperTail(-2), 0.9772498680518208, 1e-15);
    expectRelClose(normalTwoSidedP(-1.959963984540054), 0.05, 1e-13);
  });

  it('two-sided normal p equals the 1-df chi-square tail at z^2 (Z^2 ~ chi-square(1))', () => {
    for (const z of [0.3, 1.5, 4, 9]) expectRelClose(normalTwoSidedP(z), chiSquareUpperTail(z * z, 1), 1e-12);
  });

  it('refuses NaN', () => {
    expect(() => normalUpperTail(Number.NaN)).toThrow(RangeError);
    expect(() => normalTwoSidedP(Number.NaN)).toThrow(RangeError);
  });
});
