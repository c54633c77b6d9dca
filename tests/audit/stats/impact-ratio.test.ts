import { describe, expect, it } from 'vitest';
import { impactRatioInterval } from '../../../src/audit/stats/impact-ratio.js';
import { expectRelClose } from './close-to.js';

describe('impactRatioInterval', () => {
  it('SAS PROC FREQ relative risks, Berkeley departments A and B', () => {
    // Penn State STAT 504, berkeley_SAS_Output (SAS computes the Katz log interval):
    // Dept A, Male 313 reject of 825, Female 19 of 108: "Relative Risk (Column 1) 2.1566 1.4206 3.2737"
    const a1 = impactRatioInterval(313, 825, 19, 108);
    expect(a1.ratio).toBeCloseTo(2.1566, 4);
    expect(a1.lower).toBeCloseTo(1.4206, 4);
    expect(a1.upper).toBeCloseTo(3.2737, 4);
    // Dept A, accepted 512 of 825 vs 89 of 108: "Relative Risk (Column 2) 0.7531 0.6799 0.8341"
    const a2 = impactRatioInterval(512, 825, 89, 108);
    expect(a2.ratio).toBeCloseTo(0.7531, 4);
    expect(a2.lower).toBeCloseTo(0.6799, 4);
    expect(a2.upper).toBeCloseTo(0.8341, 4);
    // Dept B, 207 of 560 vs 8 of 25: "Relative Risk (Column 1) 1.1551 0.6457 2.0664"
    const b1 = impactRatioInterval(207, 560, 8, 25);
    expect(b1.ratio).toBeCloseTo(1.1551, 4);
    expect(b1.lower).toBeCloseTo(0.6457, 4);
    expect(b1.upper).toBeCloseTo(2.0664, 4);
  });

  it.each([
    // scipy 1.17.1 scipy.stats.contingency.relative_risk(xg, ng, xr, nr).confidence_interval(level)
    [313, 825, 19, 108, 0.95, 2.156555023923445, 1.4206346972412205, 3.2736984252467316],
    [512, 825, 89, 108, 0.95, 0.7530949948927477, 0.6799473674257207, 0.834111724676197],
    // Physicians' Health Study (NEJM 1989, 321:129): MI 189 of 11034 on placebo, 104 of 11037 on aspirin
    [189, 11034, 104, 11037, 0.95, 1.8178017944535074, 1.4330309030505628, 2.3058842324224456],
    [189, 11034, 104, 11037, 0.9, 1.8178017944535074, 1.488887938381927, 2.2193768105271277],
  ])('%i/%i vs %i/%i at %f matches scipy', (xg, ng, xr, nr, level, ratio, lower, upper) => {
    const result = impactRatioInterval(xg, ng, xr, nr, level);
    expectRelClose(result.ratio, ratio, 1e-14);
    expectRelClose(result.lower, lower, 1e-12);
    expectRelClose(result.upper, upper, 1e-12);
  });

  it('applies the Haldane 0.5 correction to the interval only when a selection count is 0', () => {
    // Hand computation in Python (math.log, scipy.stats.norm.ppf(0.975)) on the corrected cells
    // xg + .5 of ng + 1 and xr + .5 of nr + 1; scipy's relative_risk returns nan/inf bounds here.
    const zeroFocal = impactRatioInterval(0, 20, 5, 25); // 0.5/21 vs 5.5/26
    expect(zeroFocal.ratio).toBe(0);
    expectRelClose(zeroFocal.lower, 0.0065933421739359874, 1e-12);
    expectRelClose(zeroFocal.upper, 1.921397057614142, 1e-12);
    const zeroReference = impactRatioInterval(3, 20, 0, 25); // 3.5/21 vs 0.5/26
    expect(zeroReference.ratio).toBe(Infinity);
    expectRelClose(zeroReference.lower, 0.47361045884931785, 1e-12);
    expectRelClose(zeroReference.upper, 158.59259378181966, 1e-12);
    const none = impactRatioInterval(0, 10, 0, 12); // 0.5/11 vs 0.5/13
    expect(none.ratio).toBeNaN();
    expectRelClose(none.lower, 0.025482676020082785, 1e-12);
    expectRelClose(none.upper, 54.809558218112755, 1e-12);
  });

  it('is reciprocal when the groups swap', () => {
    const forward = impactRatioInterval(313, 825, 19, 108);
    const backward = impactRatioInterval(19, 108, 313, 825);
    expect(backward.ratio).toBeCloseTo(1 / forward.ratio, 14);
    expect(backward.lower).toBeCloseTo(1 / forward.upper, 14);
    expect(backward.upper).toBeCloseTo(1 / forward.lower, 14);
  });

  it('refuses empty groups, impossible counts and a bad confidence level', () => {
    expect(() => impactRatioInterval(0, 0, 1, 2)).toThrow(RangeError);
    expect(() => impactRatioInterval(3, 2, 1, 2)).toThrow(RangeError);
    expect(() => impactRatioInterval(1, 2, -1, 2)).toThrow(RangeError);
    expect(() => impactRatioInterval(1, 2, 1, 2, 1.5)).toThrow(RangeError);
  });
});
