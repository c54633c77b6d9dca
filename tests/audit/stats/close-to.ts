import { expect } from 'vitest';

/**
 * Assert |actual - expected| <= tol * |expected| (relative closeness, for values of any scale).
 * An expected 0 (e.g. a p-value that underflows) requires an exact 0.
 */
export function expectRelClose(actual: number, expected: number, tol: number): void {
  if (expected === 0) {
    expect(actual).toBe(0);
    return;
  }
  const error = Math.abs(actual - expected) / Math.abs(expected);
  expect(error, `${actual} vs ${expected} (relative error ${error})`).toBeLessThanOrEqual(tol);
}
