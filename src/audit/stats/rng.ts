import mt19937 from '@stdlib/random-base-mt19937';
import binomialFactory from '@stdlib/random-base-binomial';
import normalFactory from '@stdlib/random-base-normal';

/**
 * A seeded random source for everything stochastic in hireaudit (bootstrap, sampling, fixtures).
 * One Mersenne Twister (stdlib's mt19937) feeds every draw, so the same seed gives the same
 * sequence on every machine: the basis of byte-identical AuditResults.
 */
export interface Rng {
  /** Uniform on [0, 1). */
  uniform(): number;
  /** Uniform integer on [0, n). */
  int(n: number): number;
  /** Normal(mean, sd). */
  normal(mean?: number, sd?: number): number;
  /** Binomial(n, p): number of successes in n trials. */
  binomial(n: number, p: number): number;
  /** Index drawn with probability proportional to weights[i]. */
  pick(weights: readonly number[]): number;
}

export function createRng(seed: number): Rng {
  if (!Number.isInteger(seed) || seed < 1 || seed > 0xffffffff) {
    throw new RangeError(`seed must be an integer from 1 to 4294967295, got ${seed}`);
  }
  // stdlib's typings omit `normalized` (53-bit uniform on [0,1)), which the library does export.
  const twister = mt19937.factory({ seed }) as unknown as { normalized: () => number };
  const uniform = twister.normalized;
  const normalDraw = normalFactory.factory({ prng: uniform });
  const binomialDraw = binomialFactory.factory({ prng: uniform });
  return {
    uniform,
    int: (n) => Math.floor(uniform() * n),
    normal: (mean = 0, sd = 1) => normalDraw(mean, sd),
    binomial: (n, p) => (n === 0 || p <= 0 ? 0 : p >= 1 ? n : binomialDraw(n, p)),
    pick(weights) {
      const total = weights.reduce((a, b) => a + b, 0);
      let u = uniform() * total;
      for (let i = 0; i < weights.length; i++) {
        u -= weights[i]!;
        if (u < 0) return i;
      }
      return weights.length - 1;
    },
  };
}
