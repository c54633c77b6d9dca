import { describe, expect, it } from 'vitest';
import { chiSquare2x2 } from '../../../src/audit/stats/chi-square-2x2.js';
import { twoProportionZ } from '../../../src/audit/stats/two-proportion-z.js';
import { expectRelClose } from './close-to.js';

describe('twoProportionZ', () => {
  it('hand-worked: 30/50 vs 20/50 gives z = 2 exactly', () => {
    // pooled p = 50/100 = 0.5; SE = sqrt(0.5 * 0.5 * (1/50 + 1/50)) = sqrt(0.01) = 0.1;
    // z = (0.6 - 0.4) / 0.1 = 2. p = 2 Phi(-2); Phi(-2) = 0.02275 in any normal table;
    // scipy 1.17.1 2 * scipy.stats.norm.sf(2) = 0.04550026389635839
    const { z, p } = twoProportionZ(30, 50, 20, 50);
    expect(z).toBeCloseTo(2, 14);
    expectRelClose(p, 0.04550026389635839, 1e-12);
    expect(twoProportionZ(20, 50, 30, 50).z).toBeCloseTo(-2, 14);
  });

  it('SAS Berkeley admissions, pooled: z^2 equals the published Pearson chi-square', () => {
    // Brunner, U. Toronto STA429 (2004) Handout 3 (SAS PROC FREQ): admitted men 1198 of 2691,
    // women 557 of 1835; "Chi-Square 92.2053" -> |z| = sqrt(92.2053) = 9.60236, men higher.
    const { z, p } = twoProportionZ(1198, 2691, 557, 1835);
    expect(z).toBeCloseTo(Math.sqrt(92.2053), 4);
    // scipy 1.17.1 chi2_contingency([[1493,1198],[1278,557]], correction=False).pvalue
    expectRelClose(p, 7.813600388994667e-22, 1e-11);
  });

  it.each([
    [1198, 2691, 557, 1835],
    [189, 11034, 104, 11037],
    [3, 17, 9, 12],
    [120000, 500000, 100000, 500000],
  ])('z^2 equals the uncorrected Pearson chi-square and the p-values agree (%i/%i vs %i/%i)', (x1, n1, x2, n2) => {
    // Identity: for a 2x2 table, Pearson X^2 = z^2 with pooled SE (Agresti 2002, section 3.2).
    const { z, p } = twoProportionZ(x1, n1, x2, n2);
    const chi = chiSquare2x2(x1, n1 - x1, x2, n2 - x2);
    expectRelClose(z * z, chi.statistic, 1e-12);
    expectRelClose(p, chi.p, 1e-9);
  });

  it('returns z = 0, p = 1 when nobody or everybody is selected', () => {
    expect(twoProportionZ(0, 10, 0, 20)).toEqual({ z: 0, p: 1 });
    expect(twoProportionZ(10, 10, 20, 20)).toEqual({ z: 0, p: 1 });
  });

  it('refuses empty groups and impossible counts', () => {
    expect(() => twoProportionZ(0, 0, 1, 2)).toThrow(RangeError);
    expect(() => twoProportionZ(3, 2, 1, 2)).toThrow(RangeError);
    expect(() => twoProportionZ(1, 2, -1, 2)).toThrow(RangeError);
  });
});
