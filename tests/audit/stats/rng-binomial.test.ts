import chisquareCdf from '@stdlib/stats-base-dists-chisquare-cdf';
import gammaln from '@stdlib/math-base-special-gammaln';
import { describe, expect, it } from 'vitest';
import { createRng } from '../../../src/audit/stats/rng.js';

/**
 * The seeded binomial draw against the distribution it claims, by closed forms: mean np and
 * variance np(1-p), and a chi-square goodness-of-fit test against the binomial pmf
 * C(n,k) p^k (1-p)^(n-k). These caught @stdlib/random-base-binomial 0.2.2's bias (mean of
 * Bin(150, 0.5) = 75.44 over 10^5 draws), which is why rng.ts has its own sampler.
 */
const DRAWS = 100_000;

function draws(n: number, p: number, seed: number): number[] {
  const rng = createRng(seed);
  return Array.from({ length: DRAWS }, () => rng.binomial(n, p));
}

const logPmf = (k: number, n: number, p: number) =>
  gammaln(n + 1) - gammaln(k + 1) - gammaln(n - k + 1) + k * Math.log(p) + (n - k) * Math.log(1 - p);

describe('rng.binomial', () => {
  // Both paths (inversion for n·min(p,1-p) < 10, BTRS above) and the p > 0.5 reflection.
  it.each([
    [150, 0.5],
    [1000, 0.02],
    [10, 0.3],
    [40, 0.9],
    [2_000_000, 0.37],
  ])('Bin(%d, %d): mean and variance within 5 standard errors of np and np(1-p)', (n, p) => {
    const x = draws(n, p, 20261122);
    const mean = x.reduce((a, b) => a + b, 0) / DRAWS;
    const variance = x.reduce((a, b) => a + (b - mean) ** 2, 0) / (DRAWS - 1);
    const sigma2 = n * p * (1 - p);
    expect(Math.abs(mean - n * p)).toBeLessThan(5 * Math.sqrt(sigma2 / DRAWS));
    // SE of a sample variance ≈ sigma² sqrt(2/(N-1)) for near-normal data
    expect(Math.abs(variance - sigma2)).toBeLessThan(5 * sigma2 * Math.sqrt(2 / (DRAWS - 1)) + 0.05 * sigma2 * (n < 50 ? 1 : 0));
  });

  it.each([
    [150, 0.5],
    [30, 0.2],
  ])('Bin(%d, %d) passes a chi-square goodness-of-fit test against the pmf (p > 0.001)', (n, p) => {
    const x = draws(n, p, 7);
    const observed = new Map<number, number>();
    for (const k of x) observed.set(k, (observed.get(k) ?? 0) + 1);
    // Cells with expected count >= 5; the two tails pooled into the end cells.
    const ks = Array.from({ length: n + 1 }, (_, k) => k).filter((k) => DRAWS * Math.exp(logPmf(k, n, p)) >= 5);
    const lo = ks[0]!;
    const hi = ks[ks.length - 1]!;
    let stat = 0;
    for (const k of ks) {
      let e = DRAWS * Math.exp(logPmf(k, n, p));
      let o = observed.get(k) ?? 0;
      if (k === lo) for (let j = 0; j < lo; j++) { e += DRAWS * Math.exp(logPmf(j, n, p)); o += observed.get(j) ?? 0; }
      if (k === hi) for (let j = hi + 1; j <= n; j++) { e += DRAWS * Math.exp(logPmf(j, n, p)); o += observed.get(j) ?? 0; }
      stat += (o - e) ** 2 / e;
    }
    const pValue = 1 - chisquareCdf(stat, ks.length - 1);
    expect(pValue).toBeGreaterThan(0.001);
  });

  it('is deterministic for a seed and handles the edges', () => {
    expect(draws(150, 0.5, 3).slice(0, 20)).toEqual(draws(150, 0.5, 3).slice(0, 20));
    const rng = createRng(1);
    expect(rng.binomial(0, 0.4)).toBe(0);
    expect(rng.binomial(25, 0)).toBe(0);
    expect(rng.binomial(25, 1)).toBe(25);
    expect(() => rng.binomial(-1, 0.5)).toThrow(RangeError);
    expect(() => rng.binomial(10, 1.5)).toThrow(RangeError);
  });
});
