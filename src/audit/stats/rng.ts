import mt19937 from '@stdlib/random-base-mt19937';
import gammaln from '@stdlib/math-base-special-gammaln';
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
  return {
    uniform,
    int: (n) => Math.floor(uniform() * n),
    normal: (mean = 0, sd = 1) => normalDraw(mean, sd),
    binomial: (n, p) => binomialDraw(n, p, uniform),
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

/** Below this mean (of the rarer outcome) inversion is faster than rejection and always exact. */
const INVERSION_MEAN = 10;

/**
 * Binomial(n, p) draw. Written here because @stdlib/random-base-binomial 0.2.2 is biased
 * (measured: mean of Bin(150, 0.5) over 10^5 draws 75.44, 23 standard errors above 75).
 *   - n·min(p, 1−p) < 10: inversion (BINV; Kachitvichyanukul & Schmeiser 1988), exact;
 *   - otherwise BTRS, the transformed rejection of Hörmann (1993) "The generation of binomial
 *     random variates", J. Stat. Comput. Simul. 46:101-110, as used by TensorFlow and PyTorch.
 * p > 0.5 is drawn as n − Bin(n, 1 − p).
 */
function binomialDraw(n: number, p: number, uniform: () => number): number {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`binomial n must be a whole number >= 0, got ${n}`);
  if (!(p >= 0 && p <= 1)) throw new RangeError(`binomial p must be in [0, 1], got ${p}`);
  if (n === 0 || p === 0) return 0;
  if (p === 1) return n;
  if (p > 0.5) return n - binomialDraw(n, 1 - p, uniform);
  return n * p < INVERSION_MEAN ? binomialInversion(n, p, uniform) : binomialBtrs(n, p, uniform);
}

function binomialInversion(n: number, p: number, uniform: () => number): number {
  const q = 1 - p;
  const s = p / q;
  const a = (n + 1) * s;
  for (;;) {
    let r = q ** n;
    let u = uniform();
    let x = 0;
    while (u > r) {
      u -= r;
      x++;
      if (x > n) break; // rounding left u above the total mass: draw again
      r *= a / x - s;
    }
    if (x <= n) return x;
  }
}

function binomialBtrs(n: number, p: number, uniform: () => number): number {
  const q = 1 - p;
  const spq = Math.sqrt(n * p * q);
  const b = 1.15 + 2.53 * spq;
  const a = -0.0873 + 0.0248 * b + 0.01 * p;
  const c = n * p + 0.5;
  const vr = 0.92 - 4.2 / b;
  const alpha = (2.83 + 5.1 / b) * spq;
  const lpq = Math.log(p / q);
  const m = Math.floor((n + 1) * p);
  const h = gammaln(m + 1) + gammaln(n - m + 1);
  for (;;) {
    const u = uniform() - 0.5;
    let v = uniform();
    const us = 0.5 - Math.abs(u);
    const k = Math.floor(((2 * a) / us + b) * u + c);
    if (k < 0 || k > n) continue;
    if (us >= 0.07 && v <= vr) return k;
    v = Math.log((v * alpha) / (a / (us * us) + b));
    if (v <= h - gammaln(k + 1) - gammaln(n - k + 1) + (k - m) * lpq) return k;
  }
}
