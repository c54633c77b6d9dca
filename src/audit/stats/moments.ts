/**
 * Mergeable summary of a sample: size (or total weight), mean and population variance
 * (divisor n, as DuckDB var_pop / ClickHouse varPopStable). Cells merge exactly (mergeMoments),
 * which is why aggregate queries ask for these rather than for sum(x^2) (style.md section 2).
 */
export interface Moments {
  n: number;
  mean: number;
  varPop: number;
}

/**
 * Combine the moments of two disjoint samples into the moments of their union:
 *
 *   n = n_a + n_b,   mean = (n_a mean_a + n_b mean_b) / n
 *   varPop = [n_a (varPop_a + (mean_a - mean)^2) + n_b (varPop_b + (mean_b - mean)^2)] / n
 *
 * Exact (no sum-of-squares cancellation); an empty side (n = 0) is the identity.
 * Source: Chan, Golub & LeVeque (1979), "Updating formulae and a pairwise algorithm for computing
 * sample variances"; simple-statistics combine_variances.
 *
 * @example mergeMoments({ n: 4, mean: 3.5, varPop: 0.75 }, { n: 4, mean: 6.5, varPop: 2.75 })
 * // { n: 8, mean: 5, varPop: 4 }  (data 2,4,4,4 and 5,5,7,9)
 */
export function mergeMoments(a: Moments, b: Moments): Moments {
  if (a.n === 0) return b;
  if (b.n === 0) return a;
  const n = a.n + b.n;
  const mean = (a.n * a.mean + b.n * b.mean) / n;
  const spread = (m: Moments) => m.n * (m.varPop + (m.mean - mean) ** 2);
  return { n, mean, varPop: (spread(a) + spread(b)) / n };
}

/**
 * Sample (Bessel-corrected) variance s^2 = varPop * n / (n - 1).
 * With weights, n is the total weight and the weights are read as frequencies.
 *
 * @throws RangeError when n < 2
 * @example sampleVariance({ n: 4, mean: 10, varPop: 22.5 }) // 30
 */
export function sampleVariance(m: Moments): number {
  if (!(m.n >= 2)) {
    throw new RangeError(`sampleVariance requires at least two data points, got n = ${m.n}`);
  }
  return (m.varPop * m.n) / (m.n - 1);
}

/**
 * Moments from shifted power sums, the form an engine can aggregate in one pass without losing
 * precision when the values sit far from zero (shift = any value near the data, e.g. the first
 * one or a known centre):
 *
 *   S1 = sum w (x - shift),  S2 = sum w (x - shift)^2,  n = sum w
 *   mean = shift + S1 / n,   varPop = max(0, (S2 - S1^2 / n) / n)
 *
 * The clamp removes a tiny negative variance produced by rounding when all values are equal.
 * Source: Chan, Golub & LeVeque (1983) Am. Stat. 37:242-247 ("shifted data" algorithm).
 *
 * @throws RangeError when n <= 0 or an input is not finite
 * @example momentsFromShiftedSums(4, 40, 490, 1e9) // { n: 4, mean: 1000000010, varPop: 22.5 }
 */
export function momentsFromShiftedSums(n: number, sumShifted: number, sumSqShifted: number, shift: number): Moments {
  if (!Number.isFinite(n) || n <= 0) {
    throw new RangeError(`momentsFromShiftedSums requires a positive total weight n, got ${n}`);
  }
  if (![sumShifted, sumSqShifted, shift].every(Number.isFinite)) {
    throw new RangeError(
      `momentsFromShiftedSums requires finite sums and shift, got ${sumShifted}, ${sumSqShifted}, ${shift}`,
    );
  }
  const varPop = Math.max(0, (sumSqShifted - (sumShifted * sumShifted) / n) / n);
  return { n, mean: shift + sumShifted / n, varPop };
}

/**
 * Moments of a list of values, optionally weighted (frequency weights: n = sum of weights).
 * Two passes: the mean, then the corrected sum of squared deviations
 * varPop = [sum w (x - mean)^2 - (sum w (x - mean))^2 / n] / n (Chan, Golub & LeVeque 1983),
 * which stays accurate for data far from zero.
 *
 * @throws RangeError when values is empty, weights differ in length, a weight is negative or not
 *   finite, the total weight is 0, or a value is not finite
 * @example momentsOf([2, 4, 4, 4, 5, 5, 7, 9]) // { n: 8, mean: 5, varPop: 4 }
 */
export function momentsOf(values: readonly number[], weights?: readonly number[]): Moments {
  if (values.length === 0) throw new RangeError('momentsOf requires at least one value');
  if (weights !== undefined && weights.length !== values.length) {
    throw new RangeError(
      `momentsOf requires one weight per value, got ${weights.length} weights for ${values.length} values`,
    );
  }
  const weightAt = (i: number) => (weights === undefined ? 1 : weights[i]!);
  let n = 0;
  let sum = 0;
  for (let i = 0; i < values.length; i++) {
    const x = values[i]!;
    const w = weightAt(i);
    if (!Number.isFinite(x)) throw new RangeError(`momentsOf requires finite values, got ${x} at index ${i}`);
    if (!Number.isFinite(w) || w < 0) {
      throw new RangeError(`momentsOf requires finite non-negative weights, got ${w} at index ${i}`);
    }
    n += w;
    sum += w * x;
  }
  if (n === 0) throw new RangeError('momentsOf requires a positive total weight, got 0');
  const mean = sum / n;
  let deviations = 0;
  let squares = 0;
  for (let i = 0; i < values.length; i++) {
    const dev = values[i]! - mean;
    const w = weightAt(i);
    deviations += w * dev;
    squares += w * dev * dev;
  }
  return { n, mean, varPop: Math.max(0, (squares - (deviations * deviations) / n) / n) };
}
