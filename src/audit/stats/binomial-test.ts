import { logBinomialPmf } from './log-hypergeometric-pmf.js';

/** A tail walk stops once a term falls below this fraction of the running sum (as fisherExact2x2). */
const NEGLIGIBLE = 1e-20;

/**
 * Exact one-sided binomial test of H0: p = p0 against p < p0 ('less') or p > p0 ('greater'):
 *
 *   'less':    P(X <= x),   'greater':  P(X >= x),   X ~ Bin(n, p0)
 *
 * Its size never exceeds the nominal level (the test is discrete, so usually below it), which is
 * why the rubber-stamp signals of requirements Q9 use it: "the override rate is below 2%" is
 * claimed only when P(X <= overrides | n, 0.02) is small.
 * The tail is summed from its inner end outwards, P(start) times the ratio-recurrence terms
 * P(k -+ 1)/P(k), stopping when terms become negligible; P(start) comes from Loader's saddle-point
 * log density. For a tail that contains the mode the complement is summed instead.
 *
 * Sources: Clopper & Pearson (1934) Biometrika 26:404-413 (the exact tail); C. Loader (2000),
 * "Fast and accurate computation of binomial probabilities"; scipy.stats.binomtest.
 *
 * @param x successes, integer 0..n
 * @param n trials, integer >= 1
 * @param p0 success probability under H0, in [0, 1]
 * @returns the one-sided p-value in [0, 1]
 * @throws RangeError when n is not a positive integer, x is not an integer in 0..n, or p0 is outside [0, 1]
 * @example binomialTest(7, 10, 0.5, 'greater') // 176/1024 = 0.171875
 */
export function binomialTest(x: number, n: number, p0: number, alternative: 'less' | 'greater'): number {
  if (!Number.isSafeInteger(n) || n < 1) throw new RangeError(`binomialTest requires n to be a positive integer, got ${n}`);
  if (!Number.isSafeInteger(x) || x < 0 || x > n) throw new RangeError(`binomialTest requires 0 <= x <= n, got x = ${x}, n = ${n}`);
  if (!(p0 >= 0 && p0 <= 1)) throw new RangeError(`binomialTest requires p0 in [0, 1], got ${p0}`);
  return alternative === 'greater' ? upperTail(x, n, p0) : lowerTail(x, n, p0);
}

/** P(X <= x) for X ~ Bin(n, p), 0 <= x <= n: the tail itself is summed when it lies below the mode. */
function lowerTail(x: number, n: number, p: number): number {
  if (x >= n || p === 0) return 1;
  if (p === 1) return 0;
  const mode = Math.floor((n + 1) * p);
  if (x <= mode) return Math.min(1, walk(x, n, p, -1));
  return Math.max(0, 1 - walk(x + 1, n, p, 1));
}

/** P(X >= x) for X ~ Bin(n, p), 0 <= x <= n: the tail itself is summed when it lies above the mode. */
function upperTail(x: number, n: number, p: number): number {
  if (x <= 0 || p === 1) return 1;
  if (p === 0) return 0;
  const mode = Math.floor((n + 1) * p);
  if (x >= mode) return Math.min(1, walk(x, n, p, 1));
  return Math.max(0, 1 - walk(x - 1, n, p, -1));
}

/** P(X <= start) (dir -1, start <= mode) or P(X >= start) (dir 1, start >= mode). */
function walk(start: number, n: number, p: number, dir: 1 | -1): number {
  const odds = p / (1 - p);
  let term = 1;
  let sum = 1;
  for (let k = start; dir > 0 ? k < n : k > 0; k += dir) {
    term *= dir > 0 ? ((n - k) / (k + 1)) * odds : (k / (n - k + 1)) / odds;
    sum += term;
    if (term < sum * NEGLIGIBLE) break;
  }
  return Math.exp(logBinomialPmf(start, n, p) + Math.log(sum));
}
