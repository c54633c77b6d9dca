import { describe, expect, it } from 'vitest';
import { coMomentsFromArrays } from '../../../src/audit/stats/co-moments.js';
import {
  moderatedRegression,
  ols,
  olsSufficientFromArrays,
} from '../../../src/audit/stats/regression.js';

// Anscombe (1973) Am Stat 27:17-21, data set I.
const ANSCOMBE_X = [10, 8, 13, 9, 11, 14, 6, 4, 12, 7, 5];
const ANSCOMBE_Y1 = [8.04, 6.95, 7.58, 8.81, 8.33, 9.96, 7.24, 4.26, 10.84, 4.82, 5.68];

describe('ols from sufficient statistics', () => {
  it('Anscombe (1973): y = 3 + 0.5 x, SE(b1) = 0.118, residual SS 13.75 on 9 df, R^2 = 0.667', () => {
    const fit = ols(olsSufficientFromArrays(ANSCOMBE_X.map((x) => [x]), ANSCOMBE_Y1));
    expect(fit.coefficients[0]).toBeCloseTo(3, 2);
    expect(fit.coefficients[1]).toBeCloseTo(0.5, 3);
    expect(fit.standardErrors[1]).toBeCloseTo(0.118, 3);
    expect(fit.rss).toBeCloseTo(13.75, 1);
    expect(fit.df).toBe(9);
    expect(fit.rSquared).toBeCloseTo(0.667, 3);
  });

  it('Anscombe I against numpy.linalg.lstsq + s^2 (X\'X)^-1 + scipy 1.17.1 t', () => {
    const fit = ols(olsSufficientFromArrays(ANSCOMBE_X.map((x) => [x]), ANSCOMBE_Y1));
    expect(fit.coefficients[0]).toBeCloseTo(3.0000909090909094, 10);
    expect(fit.coefficients[1]).toBeCloseTo(0.5000909090909093, 10);
    expect(fit.standardErrors[0]).toBeCloseTo(1.1247467908086437, 10);
    expect(fit.standardErrors[1]).toBeCloseTo(0.11790550059563407, 10);
    expect(fit.p[0]).toBeCloseTo(0.02573405139916242, 10);
    expect(fit.p[1]).toBeCloseTo(0.0021696288730787905, 10);
    expect(fit.rss).toBeCloseTo(13.76269, 8);
    expect(fit.rSquared).toBeCloseTo(0.6665424595087749, 10);
  });

  it('two predictors against numpy.linalg.lstsq (python oracle)', () => {
    const x1 = [1, 2, 3, 4, 5, 6, 7, 8];
    const x2 = [2, 1, 4, 3, 6, 5, 8, 9];
    const y = [3.1, 3.9, 7.2, 7.8, 11.1, 11.9, 15.2, 17.8];
    const fit = ols(olsSufficientFromArrays(x1.map((v, i) => [v, x2[i]!]), y));
    const expected = {
      b: [0.32745098039215603, 1.3715686274509822, 0.6843137254901965],
      se: [0.16621391792771104, 0.09079405360025376, 0.07898335177584613],
      p: [0.10591621720355048, 2.303169653455322e-5, 0.0003385577792444282],
    };
    expected.b.forEach((b, j) => expect(fit.coefficients[j]).toBeCloseTo(b, 10));
    expected.se.forEach((se, j) => expect(fit.standardErrors[j]).toBeCloseTo(se, 10));
    expected.p.forEach((p, j) => expect(fit.p[j]).toBeCloseTo(p, 10));
    expect(fit.rss).toBeCloseTo(0.227254901960786, 10);
    expect(fit.rSquared).toBeCloseTo(0.9988020300371071, 12);
  });

  it('hand case: three collinear points y = 2x - 1 fit exactly', () => {
    const fit = ols(olsSufficientFromArrays([[1], [2], [3]], [1, 3, 5]));
    expect(fit.coefficients[0]).toBeCloseTo(-1, 12);
    expect(fit.coefficients[1]).toBeCloseTo(2, 12);
    expect(fit.rss).toBeCloseTo(0, 12);
    expect(fit.rSquared).toBeCloseTo(1, 12);
  });

  it('refuses collinear columns, a missing intercept and n <= p', () => {
    expect(() => ols(olsSufficientFromArrays([[1, 2], [2, 4], [3, 6], [4, 8]], [1, 2, 3, 5]))).toThrow(/singular/);
    expect(() => ols({ n: 3, xtx: [[14]], xty: [22], yty: 35 })).toThrow(/intercept/);
    expect(() => ols(olsSufficientFromArrays([[1], [2]], [1, 3]))).toThrow(/n >= 3/);
  });
});

describe('moderatedRegression (Cleary model)', () => {
  // Reference: y = 1 + 2x on x = 1..5; pooled mean of x over both groups = 42/11.
  const xr = [1, 2, 3, 4, 5];
  const ref = coMomentsFromArrays(xr, xr.map((x) => 1 + 2 * x));

  it('exact slope difference: focal y = 3 + x gives b3 = -1 and b2 = 2 - 42/11 at the pooled mean', () => {
    const xf = [2, 3, 4, 5, 6, 7];
    const res = moderatedRegression(coMomentsFromArrays(xf, xf.map((x) => 3 + x)), ref);
    expect(res.centre).toBeCloseTo(42 / 11, 14);
    // Known by construction: reference line at the pooled mean 1 + 2(42/11); slope 2; focal - reference.
    expect(res.interactionModel.coefficients[0]).toBeCloseTo(1 + (2 * 42) / 11, 10);
    expect(res.interactionModel.coefficients[1]).toBeCloseTo(2, 10);
    expect(res.interactionModel.coefficients[2]).toBeCloseTo(2 - 42 / 11, 10);
    expect(res.slopeDifference.estimate).toBeCloseTo(-1, 10);
    expect(res.interactionModel.rss).toBeCloseTo(0, 9);
    // numpy.linalg.lstsq on the raw rows, y ~ 1 + xc: mean residuals (focal, reference)
    expect(res.meanResidual.focal).toBeCloseTo(-0.5743243243243222, 10);
    expect(res.meanResidual.reference).toBeCloseTo(0.6891891891891914, 10);
  });

  it('exact intercept difference: focal y = 3 + 2x gives b2 = 2 and b3 = 0; focal underpredicted', () => {
    const xf = [2, 3, 4, 5, 6, 7];
    const res = moderatedRegression(coMomentsFromArrays(xf, xf.map((x) => 3 + 2 * x)), ref);
    expect(res.interceptDifference.estimate).toBeCloseTo(2, 10);
    expect(res.interceptModel.coefficients[1]).toBeCloseTo(2, 10);
    expect(res.slopeDifference.estimate).toBeCloseTo(0, 10);
    // numpy.linalg.lstsq oracle for the common line y ~ 1 + xc: [9.727272727272727, 2.243243243243243]
    expect(res.common.coefficients[0]).toBeCloseTo(9.727272727272727, 10);
    expect(res.common.coefficients[1]).toBeCloseTo(2.243243243243243, 10);
    expect(res.meanResidual.focal).toBeCloseTo(0.7432432432432443, 10);
    expect(res.meanResidual.reference).toBeCloseTo(-0.891891891891891, 10);
    // Weighted mean residual of a least-squares line with intercept is 0: 6 (0.743) + 5 (-0.892) = 0
    expect(6 * res.meanResidual.focal + 5 * res.meanResidual.reference).toBeCloseTo(0, 10);
  });

  it('noisy case equals numpy.linalg.lstsq on the raw rows (xc = x - pooled mean), p from scipy 1.17.1', () => {
    const xr2 = [50.0, 53.0, 47.3, 41.1, 45.5, 40.1, 50.6, 63.4, 45.1];
    const yr2 = [32.5, 38.5, 35.1, 31.0, 29.0, 29.9, 38.1, 36.3, 30.7];
    const xf = [26.0, 32.1, 26.6, 42.6, 32.3, 47.7, 46.6, 43.1];
    const yf = [16.9, 27.9, 27.1, 35.8, 24.0, 35.9, 33.4, 32.3];
    const res = moderatedRegression(coMomentsFromArrays(xf, yf), coMomentsFromArrays(xr2, yr2));
    expect(res.centre).toBeCloseTo(43.12352941176471, 10);
    const m3 = {
      b: [31.54191738972651, 0.35889512058332446, 1.4993184543035687, 0.28771933735743993],
      se: [1.3197219449309663, 0.15504139813884002, 1.8854467413863036, 0.20333130254685486],
      p: [3.969074532647866e-12, 0.037608563814893005, 0.4407715677785246, 0.18056613428424237],
    };
    m3.b.forEach((b, j) => expect(res.interactionModel.coefficients[j]).toBeCloseTo(b, 9));
    m3.se.forEach((se, j) => expect(res.interactionModel.standardErrors[j]).toBeCloseTo(se, 9));
    m3.p.forEach((p, j) => expect(res.interactionModel.p[j]).toBeCloseTo(p, 9));
    expect(res.interactionModel.rSquared).toBeCloseTo(0.743661712778394, 10);
    expect(res.slopeDifference).toMatchObject({ df: 13 });
    expect(res.slopeDifference.p).toBeCloseTo(0.18056613428424237, 9);
    // scipy: (t.ppf(.975, 13) + t.ppf(.8, 13)) * SE(b3) = 0.6161996177148709
    expect(res.slopeDifference.minimumDetectable).toBeCloseTo(0.6161996177148709, 8);
    // y ~ 1 + xc + g: b2 = 1.668852808275896, SE 1.9478280172108042, p 0.4059957202593316
    expect(res.interceptDifference.estimate).toBeCloseTo(1.668852808275896, 9);
    expect(res.interceptDifference.se).toBeCloseTo(1.9478280172108042, 9);
    expect(res.interceptDifference.p).toBeCloseTo(0.4059957202593316, 9);
    // y ~ 1 + xc: [31.435294117647068, 0.47244238074337447]; mean residuals focal, reference
    expect(res.common.coefficients[0]).toBeCloseTo(31.435294117647068, 9);
    expect(res.common.coefficients[1]).toBeCloseTo(0.47244238074337447, 9);
    expect(res.common.p[0]).toBeCloseTo(8.291072354454933e-17, 20);
    expect(res.interceptModel.p[0]).toBeCloseTo(3.82996818281053e-13, 16);
    expect(res.meanResidual.focal).toBeCloseTo(0.5611653986062022, 9);
    expect(res.meanResidual.reference).toBeCloseTo(-0.49881368764997486, 9);
  });

  it('refuses a group without spread in x and too few cases', () => {
    const flat = { n: 4, meanX: 2, meanY: 1, varX: 0, varY: 1, covXY: 0 };
    expect(() => moderatedRegression(flat, ref)).toThrow(/variance in x within focal/);
    const tiny = coMomentsFromArrays([1, 2], [1, 2]);
    expect(() => moderatedRegression(tiny, coMomentsFromArrays([1, 2], [2, 1]))).toThrow(/>= 5/);
  });
});
