/**
 * Smallest expected count of the 2×2 table [[a, b], [c, d]] under independence: the smallest row
 * total times the smallest column total over N (each expected count is row × column / N, so the
 * smallest pairs the smallest margins). Cochran's rule of five reads it: below 5 the chi-square
 * approximation is poor and Fisher's exact test is the one to trust (requirements Q4).
 * Source: Cochran (1954) Biometrics 10:417-451.
 * @example minExpectedCount(3, 1, 1, 3) // 2 (= 4 × 4 / 8)
 */
export function minExpectedCount(a: number, b: number, c: number, d: number): number {
  const total = a + b + c + d;
  return total === 0 ? 0 : (Math.min(a + b, c + d) * Math.min(a + c, b + d)) / total;
}
