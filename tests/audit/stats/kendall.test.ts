import { describe, expect, it } from 'vitest';
import { kendallTauB, kendallTauInterval } from '../../../src/audit/stats/kendall.js';
import { createRng } from '../../../src/audit/stats/rng.js';

/** O(n^2) definition: concordant minus discordant pairs over the tie-corrected denominator. */
function bruteTauB(x: number[], y: number[]): number {
  let s = 0;
  let tx = 0;
  let ty = 0;
  let pairs = 0;
  for (let i = 0; i < x.length; i++) {
    for (let j = i + 1; j < x.length; j++) {
      const dx = Math.sign(x[i]! - x[j]!);
      const dy = Math.sign(y[i]! - y[j]!);
      s += dx * dy;
      pairs++;
      if (dx === 0) tx++;
      if (dy === 0) ty++;
    }
  }
  return s / Math.sqrt((pairs - tx) * (pairs - ty));
}

describe('kendallTauB', () => {
  it('scipy.stats.kendalltau documentation example: tau-b = -0.47140452079103173', () => {
    // https://docs.scipy.org/doc/scipy/reference/generated/scipy.stats.kendalltau.html
    expect(kendallTauB([12, 2, 1, 12, 2], [1, 4, 7, 1, 0])).toBeCloseTo(-0.47140452079103173, 14);
  });

  it('ties in x, in y and in both: scipy 1.17.1 kendalltau gives 0.8318909823506266', () => {
    const x = [1, 2, 2, 3, 3, 3, 4, 5, 5, 6, 7, 8, 8, 8, 9, 10];
    const y = [2, 1, 3, 3, 5, 4, 4, 6, 5, 8, 7, 7, 9, 10, 10, 9];
    expect(kendallTauB(x, y)).toBeCloseTo(0.8318909823506266, 14);
  });

  it('closed forms: the same ranking gives 1, the reversed ranking -1, one swap of n = 4 gives 4/6', () => {
    expect(kendallTauB([1, 2, 3, 4, 5], [10, 20, 30, 40, 50])).toBe(1);
    expect(kendallTauB([1, 2, 3, 4, 5], [5, 4, 3, 2, 1])).toBe(-1);
    // 6 pairs, 5 concordant and 1 discordant: (5 - 1) / 6
    expect(kendallTauB([1, 2, 3, 4], [1, 2, 4, 3])).toBeCloseTo(4 / 6, 15);
  });

  it('equals the O(n^2) definition on random data with many ties, in any input order', () => {
    const rng = createRng(7);
    for (let r = 0; r < 20; r++) {
      const n = 2 + rng.int(300);
      const x = Array.from({ length: n }, () => rng.int(12));
      const y = x.map((v) => (rng.uniform() < 0.7 ? v + rng.int(4) : rng.int(15)));
      expect(kendallTauB(x, y)).toBeCloseTo(bruteTauB(x, y), 12);
    }
  });

  it('is null when a ranking is constant, and refuses bad input', () => {
    expect(kendallTauB([1, 1, 1], [1, 2, 3])).toBeNull();
    expect(kendallTauB([1, 2, 3], [4, 4, 4])).toBeNull();
    expect(() => kendallTauB([1], [1])).toThrow(/at least 2/);
    expect(() => kendallTauB([1, 2], [1])).toThrow(/length/);
    expect(() => kendallTauB([1, Number.NaN], [1, 2])).toThrow(/finite/);
  });
});

describe('kendallTauInterval', () => {
  it('Fieller, Hartley & Pearson (1957): var(atanh tau) = 0.437 / (n - 4)', () => {
    // tanh(atanh(0.5) -+ 1.959964 sqrt(0.437 / 100)), computed by hand
    const ci = kendallTauInterval(0.5, 104);
    expect(ci.lower).toBeCloseTo(0.3967120585534872, 12);
    expect(ci.upper).toBeCloseTo(0.5907852464826381, 12);
  });

  it('covers the population tau in about 95% of bivariate normal samples (tau = (2/pi) asin(rho))', () => {
    // Greiner's relation for the bivariate normal: tau = (2 / pi) arcsin(rho) (Kendall 1948, ch. 10).
    const rng = createRng(11);
    const rho = 0.6;
    const tau = (2 / Math.PI) * Math.asin(rho);
    const R = 1000;
    let covered = 0;
    for (let r = 0; r < R; r++) {
      const x = Array.from({ length: 60 }, () => rng.normal(0, 1));
      const y = x.map((v) => rho * v + Math.sqrt(1 - rho * rho) * rng.normal(0, 1));
      const ci = kendallTauInterval(kendallTauB(x, y)!, 60);
      if (ci.lower <= tau && tau <= ci.upper) covered++;
    }
    expect(covered / R).toBeGreaterThan(0.93);
    expect(covered / R).toBeLessThan(0.975);
  });

  it('refuses n <= 4 and |tau| > 1', () => {
    expect(() => kendallTauInterval(0.5, 4)).toThrow(/n > 4/);
    expect(() => kendallTauInterval(1.2, 50)).toThrow(/\|tau\| <= 1/);
  });
});
