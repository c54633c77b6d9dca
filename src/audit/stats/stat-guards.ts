/**
 * Argument checks shared by the validity and reliability statistics (correlation, icc, auc, ...).
 * Each throws a RangeError that names the function, the requirement and the offending value, in
 * the simple-statistics manner: "pearsonInterval requires n > 3, got n = 3".
 */

/** @throws RangeError unless 0 < confidence < 1 */
export function requireConfidence(fn: string, confidence: number): void {
  if (!(confidence > 0 && confidence < 1)) {
    throw new RangeError(`${fn} requires 0 < confidence < 1, got confidence = ${confidence}`);
  }
}

/** @throws RangeError unless -1 <= r <= 1 */
export function requireCorrelation(fn: string, name: string, r: number): void {
  if (!(r >= -1 && r <= 1)) {
    throw new RangeError(`${fn} requires -1 <= ${name} <= 1, got ${name} = ${r}`);
  }
}

/** @throws RangeError unless value is an integer >= min */
export function requireIntegerAtLeast(fn: string, name: string, value: number, min: number): void {
  if (!Number.isInteger(value) || value < min) {
    throw new RangeError(`${fn} requires an integer ${name} >= ${min}, got ${name} = ${value}`);
  }
}

/** @throws RangeError unless value is finite and >= 0 (counts, variances, sums of squares) */
export function requireNonNegative(fn: string, name: string, value: number): void {
  if (!(Number.isFinite(value) && value >= 0)) {
    throw new RangeError(`${fn} requires a finite ${name} >= 0, got ${name} = ${value}`);
  }
}

/** @throws RangeError unless value is finite and > 0 */
export function requirePositive(fn: string, name: string, value: number): void {
  if (!(Number.isFinite(value) && value > 0)) {
    throw new RangeError(`${fn} requires a finite ${name} > 0, got ${name} = ${value}`);
  }
}

/** @throws RangeError unless every entry is a finite number >= 0 and the total is > 0 */
export function requireCounts(fn: string, name: string, counts: readonly number[]): number {
  let total = 0;
  counts.forEach((c, i) => {
    if (!(Number.isFinite(c) && c >= 0)) {
      throw new RangeError(`${fn} requires finite counts >= 0, got ${name}[${i}] = ${c}`);
    }
    total += c;
  });
  if (total <= 0) throw new RangeError(`${fn} requires ${name} to have a positive total`);
  return total;
}

/** @throws RangeError unless both arrays have the same length */
export function requireSameLength(
  fn: string,
  a: readonly unknown[],
  b: readonly unknown[],
  what = 'arrays',
): void {
  if (a.length !== b.length) {
    throw new RangeError(`${fn} requires ${what} of equal length, got ${a.length} and ${b.length}`);
  }
}

/** @throws RangeError unless each cell of a 2x2 table [[a, b], [c, d]] is a finite count >= 0 */
export function requireCells(fn: string, a: number, b: number, c: number, d: number): void {
  for (const [name, value] of [['a', a], ['b', b], ['c', c], ['d', d]] as const) {
    if (!(Number.isFinite(value) && value >= 0)) {
      throw new RangeError(`${fn} requires ${name} to be a finite count >= 0, got ${name} = ${value}`);
    }
  }
}
