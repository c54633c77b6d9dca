import { describe, expect, it } from 'vitest';
import { spearmanRho } from '../../../src/audit/stats/spearman.js';

describe('spearmanRho', () => {
  it('Wikipedia worked example (IQ vs hours of TV per week, 10 people): rho = -29/165', () => {
    // "Spearman's rank correlation coefficient", Example: sum d^2 = 194, rho = 1 - 6*194/(10*99) = -29/165.
    const iq = [106, 100, 86, 101, 99, 103, 97, 113, 112, 110];
    const tv = [7, 27, 2, 50, 28, 29, 20, 12, 6, 17];
    expect(spearmanRho(iq, tv)).toBeCloseTo(-29 / 165, 14);
  });

  it('ties get average ranks: scipy 1.17.1 spearmanr gives 0.9256265453136692', () => {
    const x = [1, 2, 2, 3, 4, 4, 4, 5];
    const y = [2, 1, 3, 3, 5, 4, 4, 6];
    expect(spearmanRho(x, y)).toBeCloseTo(0.9256265453136692, 12);
  });

  it('frequency weights equal the expanded rows: scipy 1.17.1 spearmanr(np.repeat(...)) = -0.9393364366277241', () => {
    const rho = spearmanRho([1, 2, 3, 4], [4, 3, 3, 1], [2, 1, 3, 1]);
    expect(rho).toBeCloseTo(-0.9393364366277241, 12);
    // a zero weight removes the row
    expect(spearmanRho([1, 2, 3, 4, 99], [4, 3, 3, 1, -99], [2, 1, 3, 1, 0])).toBeCloseTo(rho, 12);
  });

  it('is invariant under monotone transforms and 1 for any increasing relation', () => {
    const x = [0.3, 1.7, 2.2, 5.9, 8.1];
    expect(spearmanRho(x, x.map((v) => Math.exp(v)))).toBeCloseTo(1, 14);
    expect(spearmanRho(x, x.map((v) => -(v ** 3)))).toBeCloseTo(-1, 14);
  });

  it('refuses unequal lengths, a single case, non-finite values and a constant variable', () => {
    expect(() => spearmanRho([1, 2], [1])).toThrow(RangeError);
    expect(() => spearmanRho([1], [1])).toThrow(/at least 2/);
    expect(() => spearmanRho([1, Number.NaN], [1, 2])).toThrow(/finite/);
    expect(() => spearmanRho([1, 1, 1], [1, 2, 3])).toThrow(/constant/);
  });
});
